#include "store/utf8.h"

#include <cstdint>
#include <cstring>

#include "store/utf8_avx2.h"

namespace casebook {
namespace {

// Lead bytes of three-byte sequences without the narrower second-byte ranges
// of E0 (overlongs) and ED (surrogates).
constexpr struct PlainLead3 {
  bool table[256] = {};
  constexpr PlainLead3() {
    for (int b = 0xE1; b <= 0xEF; ++b) table[b] = b != 0xED;
  }
  constexpr bool operator[](uint32_t b) const { return table[b]; }
} kPlainLead3;

}  // namespace

size_t Utf8SequenceLength(const unsigned char* s, size_t n, size_t i) {
  unsigned char c = s[i];
  if (c < 0x80) return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;  // No overlong forms.
    if (c == 0xED) hi = 0x9F;  // No UTF-16 surrogates.
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;  // Nothing above U+10FFFF.
  } else {
    return 0;
  }
  if (i + len > n) return 0;
  if (s[i + 1] < lo || s[i + 1] > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    if ((s[i + k] & 0xC0) != 0x80) return 0;
  }
  return len;
}

void AppendUtf8(uint32_t c, std::string* out) {
  if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) c = 0xFFFD;
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

size_t FirstInvalidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  // The bulk 32 bytes at a time where the CPU can; the rest, and the place
  // of an error, byte by byte below.
  if (n >= 64 && utf8_internal::CpuHasAvx2()) i = utf8_internal::ValidPrefixAvx2(p, n);
  while (i < n) {
    while (i + 8 <= n) {  // ASCII eight bytes at a time.
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    // Runs of three-byte sequences (CJK text): lead E1-EC or EE-EF (whose
    // second byte has the full continuation range), then two continuation
    // bytes; one word checks a whole character.
    while (i + 3 <= n) {
      const uint32_t w = p[i] | (uint32_t{p[i + 1]} << 8) | (uint32_t{p[i + 2]} << 16);
      if (!kPlainLead3[w & 0xFF] || (w & 0x00C0C000u) != 0x00808000u) break;
      i += 3;
    }
    if (i >= n) break;
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const size_t len = Utf8SequenceLength(p, n, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::string HalfWidthDigits(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    // U+FF0D '－', U+FF0E '．' and U+FF10..FF19 '０'..'９' are EF BC 8D, 8E, 90..99.
    if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xEF &&
        static_cast<unsigned char>(s[i + 1]) == 0xBC) {
      const unsigned char c = static_cast<unsigned char>(s[i + 2]);
      if ((c >= 0x90 && c <= 0x99) || c == 0x8D || c == 0x8E) {
        out.push_back(c == 0x8D ? '-' : c == 0x8E ? '.' : static_cast<char>('0' + (c - 0x90)));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

}  // namespace casebook
