#include "bench/perturb.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <random>

namespace casebook::perturb {

std::vector<std::string> Sentences(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = text[i];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    std::string ch = text.substr(i, n);
    cur += ch;
    i += n;
    if (ch == "。" || ch == "！" || ch == "？" || ch == "；") {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string ToTraditional(const std::string& text) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance("Simplified-Traditional", UTRANS_FORWARD, status));
  if (U_FAILURE(status)) return text;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  t->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string ToFullWidth(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (c > 0x20 && c < 0x7F) {
      uint32_t cp = 0xFF00 + (c - 0x20);  // U+FF01..U+FF5E.
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

namespace {
std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += p;
  return out;
}
}  // namespace

std::string DropSentence(const std::string& text, uint64_t seed) {
  auto s = Sentences(text);
  if (s.size() < 2) return text;
  s.erase(s.begin() + static_cast<long>(seed % s.size()));
  return Join(s);
}

std::string InsertTwoAndChangeNumbers(const std::string& text) {
  auto s = Sentences(text);
  s.insert(s.begin() + static_cast<long>(s.size() / 2), "此事已反映多次，希望相关部门高度重视。");
  s.push_back("恳请领导在百忙之中抽空过问，谢谢！");
  std::string out = Join(s);
  for (char& ch : out) {
    if (ch >= '0' && ch <= '9') ch = static_cast<char>('0' + (ch - '0' + 3) % 10);
  }
  return out;
}

std::string ShuffleSentences(const std::string& text, uint64_t seed) {
  auto s = Sentences(text);
  std::mt19937_64 rng(seed);
  for (size_t i = s.size(); i > 1; --i) std::swap(s[i - 1], s[rng() % i]);
  return Join(s);
}

}  // namespace casebook::perturb
