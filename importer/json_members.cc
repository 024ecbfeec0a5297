#include "importer/json_members.h"

#include <cstdint>
#include <cstring>

#include "store/utf8.h"

namespace casebook::importer {
namespace {

using json = nlohmann::json;

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// True for the bytes that end a run of plain string bytes: the quote, the
// backslash and the control characters JSON does not allow raw.
inline bool EndsStringRun(unsigned char c) { return c == '"' || c == '\\' || c < 0x20; }

// The first byte in [p, end) that ends a run of plain string bytes, or end.
// Eight bytes at a time: a word holds such a byte exactly when one of the
// three "has a byte equal to / less than" tests sets a high bit.
const char* FindStringRunEnd(const char* p, const char* end) {
  while (end - p >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    const uint64_t quote = w ^ (kOnes * '"');
    const uint64_t slash = w ^ (kOnes * '\\');
    const uint64_t hit =
        ((quote - kOnes) & ~quote) | ((slash - kOnes) & ~slash) | ((w - kOnes * 0x20) & ~w);
    if (hit & kHighBits) break;
    p += 8;
  }
  while (p < end && !EndsStringRun(static_cast<unsigned char>(*p))) ++p;
  return p;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads JSON text one value at a time; every Read* returns false on text
// that is not valid JSON (the caller then hands the line to nlohmann's
// parser, which names the error).
class MemberScanner {
 public:
  MemberScanner(std::string_view text, int max_depth, Utf8Check utf8)
      : p_(text.data()),
        end_(text.data() + text.size()),
        max_depth_(max_depth),
        check_utf8_(utf8 == Utf8Check::kCheck) {}

  bool ReadObject(JsonMembers* out) {
    SkipSpace();
    if (!Take('{')) return false;
    SkipSpace();
    if (!Take('}')) {
      do {
        SkipSpace();
        std::string name;
        if (!Take('"') || !ReadString(&name)) return false;
        SkipSpace();
        if (!Take(':')) return false;
        SkipSpace();
        json value;
        if (!ReadValue(&value)) return false;
        out->emplace_back(std::move(name), std::move(value));
        SkipSpace();
      } while (Take(','));
      if (!Take('}')) return false;
    }
    SkipSpace();
    return p_ == end_;  // Nothing may follow the record.
  }

 private:
  bool Take(char c) {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  void SkipSpace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }

  bool ReadValue(json* value) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '"': {
        ++p_;
        std::string s;
        if (!ReadString(&s)) return false;
        *value = json(std::move(s));
        return true;
      }
      case 't':
        return ReadLiteral("true", json(true), value);
      case 'f':
        return ReadLiteral("false", json(false), value);
      case 'n':
        return ReadLiteral("null", json(), value);
      case '{':
      case '[':
        return ReadNested(value);
      default:
        return ReadNumber(value);
    }
  }

  bool ReadLiteral(std::string_view word, json&& v, json* value) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) {
      return false;
    }
    p_ += word.size();
    *value = std::move(v);
    return true;
  }

  // After the opening quote; leaves p_ after the closing one.
  bool ReadString(std::string* out) {
    while (true) {
      const char* run = p_;
      p_ = FindStringRunEnd(p_, end_);
      if (p_ == end_) return false;
      const std::string_view plain(run, static_cast<size_t>(p_ - run));
      if (check_utf8_ && FirstInvalidUtf8(plain) != std::string_view::npos) return false;
      out->append(plain);
      const char c = *p_++;
      if (c == '"') return true;
      if (c != '\\' || !ReadEscape(out)) return false;  // A raw control character, or a bad escape.
    }
  }

  // After a backslash.
  bool ReadEscape(std::string* out) {
    if (p_ == end_) return false;
    static constexpr std::string_view kLetters = "\"\\/bfnrt";
    static constexpr std::string_view kMeanings = "\"\\/\b\f\n\r\t";
    const char letter = *p_++;
    if (letter != 'u') {
      const size_t k = kLetters.find(letter);
      if (k == std::string_view::npos) return false;
      out->push_back(kMeanings[k]);
      return true;
    }
    uint32_t cp = 0;
    if (!ReadHex4(&cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // A low surrogate first.
    if (cp >= 0xD800 && cp <= 0xDBFF) {              // A pair is needed.
      uint32_t low = 0;
      if (!Take('\\') || !Take('u') || !ReadHex4(&low) || low < 0xDC00 || low > 0xDFFF) {
        return false;
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    AppendUtf8(cp, out);
    return true;
  }

  bool ReadHex4(uint32_t* cp) {
    if (end_ - p_ < 4) return false;
    for (int i = 0; i < 4; ++i) {
      const int d = HexDigit(*p_++);
      if (d < 0) return false;
      *cp = (*cp << 4) | static_cast<uint32_t>(d);
    }
    return true;
  }

  // Integers are read here as nlohmann reads them (non-negative ->
  // unsigned, negative -> signed); any other number, and an integer out of
  // range (a float to nlohmann), goes to nlohmann for the same result.
  bool ReadNumber(json* value) {
    const char* start = p_;
    const bool negative = Take('-');
    if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
    const char* digits = p_;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    const bool more =
        p_ < end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E' || (*p_ >= '0' && *p_ <= '9'));
    const size_t count = static_cast<size_t>(p_ - digits);
    if (!more && count <= 18) {  // Fits int64 whatever the digits.
      int64_t v = 0;
      for (const char* d = digits; d < p_; ++d) v = v * 10 + (*d - '0');
      *value = negative ? json(-v) : json(static_cast<uint64_t>(v));
      return true;
    }
    while (p_ < end_ && std::strchr("0123456789+-.eE", *p_) != nullptr && *p_ != '\0') ++p_;
    return ParseWithNlohmann(std::string_view(start, static_cast<size_t>(p_ - start)), value);
  }

  // An object or array under a member: its extent is found here (strings
  // skipped, depth counted against max_depth, no recursion), its value is
  // built by nlohmann's parser.
  bool ReadNested(json* value) {
    const char* start = p_;
    int depth = 1;  // The record's own braces.
    std::string skipped;
    while (p_ < end_) {
      const char c = *p_++;
      if (c == '{' || c == '[') {
        if (++depth > max_depth_) return false;
      } else if (c == '}' || c == ']') {
        if (--depth == 1) {
          return ParseWithNlohmann(std::string_view(start, static_cast<size_t>(p_ - start)), value);
        }
      } else if (c == '"') {
        skipped.clear();
        if (!ReadString(&skipped)) return false;
      }
    }
    return false;
  }

  static bool ParseWithNlohmann(std::string_view text, json* value) {
    try {
      *value = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    } catch (const std::exception&) {
      return false;
    }
    return !value->is_discarded();
  }

  const char* p_;
  const char* const end_;
  const int max_depth_;
  const bool check_utf8_;
};

}  // namespace

bool ParseJsonMembers(std::string_view text, int max_depth, JsonMembers* out, Utf8Check utf8) {
  out->clear();
  return MemberScanner(text, max_depth, utf8).ReadObject(out);
}

json MembersToObject(JsonMembers&& members) {
  json object = json::object();
  for (auto& [name, value] : members) object[name] = std::move(value);
  return object;
}

}  // namespace casebook::importer
