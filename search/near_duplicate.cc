// MinHash over 4-character shingles; see near_duplicate.h for the reasoning.
#include "search/near_duplicate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace casebook::search {
namespace {

constexpr int kShingle = 4;
constexpr uint32_t kDigitRun = 0x23;  // '#': every run of digits becomes one unit.

// Decodes the next code point of UTF-8 text at *i (invalid bytes are skipped
// as U+FFFD).
uint32_t NextCodePoint(std::string_view s, size_t* i) {
  unsigned char c = s[*i];
  int n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || *i + n > s.size()) {
    ++*i;
    return 0xFFFD;
  }
  uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[*i + k]) & 0x3F);
  *i += n;
  return cp;
}

bool IsDigit(uint32_t cp) { return cp >= '0' && cp <= '9'; }

// Letters, digits and CJK carry meaning; spaces and punctuation do not.
bool IsContent(uint32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || IsDigit(cp);
  if (cp >= 0x2000 && cp <= 0x206F) return false;  // General punctuation.
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK symbols and punctuation.
  if (cp >= 0xFF00 && cp <= 0xFFEF) return false;  // Full-width forms (normalised away).
  if (cp == 0xFFFD || cp == 0xA0) return false;
  return true;
}

// The content units of a text: code points, with digit runs folded.
std::vector<uint32_t> Units(std::string_view text) {
  std::vector<uint32_t> out;
  out.reserve(text.size() / 2);
  size_t i = 0;
  while (i < text.size()) {
    uint32_t cp = NextCodePoint(text, &i);
    if (!IsContent(cp)) continue;
    if (IsDigit(cp)) {
      if (out.empty() || out.back() != kDigitRun) out.push_back(kDigitRun);
      continue;
    }
    out.push_back(cp);
  }
  return out;
}

uint64_t Mix(uint64_t x) {  // splitmix64 finaliser.
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// The permutations: h -> high 32 bits of (a·h + b) mod 2^64, a odd — one
// multiply-add per permutation of an already well-mixed 64-bit shingle hash
// (a 2-universal family; a full splitmix64 per permutation cost 5x more).
struct Permutations {
  std::array<uint64_t, Fingerprint::kHashes> a, b;
  Permutations() {
    for (int p = 0; p < Fingerprint::kHashes; ++p) {
      a[p] = Mix(2 * p + 1) | 1;
      b[p] = Mix(2 * p + 2);
    }
  }
};

}  // namespace

const std::string& FingerprintText(const std::string& title, const std::string& body) {
  return body.empty() ? title : body;
}

Fingerprint FingerprintOf(std::string_view normalized) {
  static const Permutations kPermutations;
  Fingerprint f;
  f.mins.fill(UINT32_MAX);
  std::vector<uint32_t> units = Units(normalized);
  if (units.empty()) return f;
  const size_t width = std::min<size_t>(kShingle, units.size());
  std::vector<uint64_t> shingles;
  shingles.reserve(units.size());
  for (size_t i = 0; i + width <= units.size(); ++i) {
    uint64_t h = 0x51ED270B27A1C3F5ULL;
    for (size_t k = 0; k < width; ++k) h = Mix(h ^ units[i + k]);
    shingles.push_back(h);
  }
  std::sort(shingles.begin(), shingles.end());
  shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
  for (uint64_t h : shingles) {
    for (int p = 0; p < Fingerprint::kHashes; ++p) {
      const auto v = static_cast<uint32_t>((kPermutations.a[p] * h + kPermutations.b[p]) >> 32);
      f.mins[p] = std::min(f.mins[p], v);
    }
  }
  f.shingles = static_cast<uint32_t>(shingles.size());
  return f;
}

double Similarity(const Fingerprint& a, const Fingerprint& b) {
  if (a.shingles == 0 || b.shingles == 0) return 0.0;
  int equal = 0;
  for (int p = 0; p < Fingerprint::kHashes; ++p) equal += a.mins[p] == b.mins[p];
  double j = static_cast<double>(equal) / Fingerprint::kHashes;
  double inter = j * (a.shingles + b.shingles) / (1.0 + j);
  double cosine = inter / std::sqrt(static_cast<double>(a.shingles) * b.shingles);
  return std::clamp(cosine, 0.0, 1.0);
}

std::vector<std::string> BandKeys(const Fingerprint& f) {
  std::vector<std::string> keys;
  if (f.shingles == 0) return keys;
  for (int b = 0; b < Fingerprint::kBands; ++b) {
    uint64_t h = 0;
    for (int r = 0; r < Fingerprint::kRows; ++r) h = Mix(h ^ f.mins[b * Fingerprint::kRows + r]);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%d:%012llx", b,
                  static_cast<unsigned long long>(h & 0xFFFFFFFFFFFFULL));
    keys.emplace_back(buf);
  }
  return keys;
}

std::string Fingerprint::Serialize() const {
  std::string out(4 + 4 * kHashes, '\0');
  auto put = [&out](size_t at, uint32_t v) {
    for (int k = 0; k < 4; ++k) out[at + k] = static_cast<char>((v >> (8 * k)) & 0xFF);
  };
  put(0, shingles);
  for (int p = 0; p < kHashes; ++p) put(4 + 4 * p, mins[p]);
  return out;
}

std::optional<Fingerprint> Fingerprint::Parse(std::string_view bytes) {
  if (bytes.size() != 4 + 4 * kHashes) return std::nullopt;
  auto get = [&bytes](size_t at) {
    uint32_t v = 0;
    for (int k = 3; k >= 0; --k) v = (v << 8) | static_cast<unsigned char>(bytes[at + k]);
    return v;
  };
  Fingerprint f;
  f.shingles = get(0);
  for (int p = 0; p < kHashes; ++p) f.mins[p] = get(4 + 4 * p);
  return f;
}

}  // namespace casebook::search
