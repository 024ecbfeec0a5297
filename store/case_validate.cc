// Validation of cases and of untrusted JSON text.
#include <cctype>
#include <cstdint>
#include <cstring>

#include "store/case_fields.h"
#include "store/case_json.h"
#include "store/utf8.h"

namespace casebook {
namespace {

// The offset of the quote that closes the JSON string opened at text[open]
// (text.size() when it is not closed). Quotes are found with memchr, so long
// strings are skipped at memory speed; a quote after an odd run of
// backslashes is escaped.
size_t StringEnd(std::string_view text, size_t open) {
  const char* d = text.data();
  const size_t n = text.size();
  for (size_t from = open + 1; from < n;) {
    const void* q = std::memchr(d + from, '"', n - from);
    if (q == nullptr) break;
    const size_t k = static_cast<const char*>(q) - d;
    size_t backslashes = 0;
    while (k - backslashes > open + 1 && d[k - backslashes - 1] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return k;
    from = k + 1;
  }
  return n;
}

// Where a value is, spelled out only for an error message: "name",
// "parent[index].name" for a field of an entry, "parent.name" for a part of
// an object.
struct Path {
  const char* parent = nullptr;
  size_t index = std::string::npos;  // npos: `parent` is not a list.
  const char* name = nullptr;
  std::string ToString() const {
    if (parent == nullptr) return name;
    std::string p = parent;
    if (index != std::string::npos) p += "[" + std::to_string(index) + "]";
    return p + "." + name;
  }
};

// `check_utf8` false: the caller guarantees valid UTF-8 (ValidateOptions).
Status CheckText(const Path& path, const std::string& s, bool check_utf8) {
  size_t bad = check_utf8 ? FirstInvalidUtf8(s) : std::string_view::npos;
  if (bad != std::string_view::npos) {
    return Status::InvalidArgument("field '" + path.ToString() + "': invalid UTF-8 at byte " +
                                   std::to_string(bad));
  }
  if (s.find('\0') != std::string::npos) {
    return Status::InvalidArgument("field '" + path.ToString() + "': contains a NUL byte");
  }
  return Status::Ok();
}

Status CheckDate(const Path& path, const std::string& s) {
  if (s.empty() || IsIsoDate(s)) return Status::Ok();
  return Status::InvalidArgument("field '" + path.ToString() +
                                 "': expected an ISO 8601 date, got '" + s + "'");
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool Digits(std::string_view s, size_t at, size_t n) {
  if (at + n > s.size()) return false;
  for (size_t i = at; i < at + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

Status CheckId(const std::string& id) {
  if (id.empty()) return Status::InvalidArgument("field 'id': required");
  if (!IsValidCaseId(id)) {
    return Status::InvalidArgument(
        "field 'id': must match [A-Za-z0-9._-]{1,64}, got '" +
        (FirstInvalidUtf8(id) == std::string_view::npos ? id : std::string("<invalid UTF-8>")) +
        "'");
  }
  return Status::Ok();
}

// Checks one value by the type of its member and its row's FieldType:
// dates, years, ids by their rules; every string for UTF-8 and NUL bytes.
struct Checker {
  bool utf8;

  Status Check(const Path& p, const FieldInfo& f, const std::string& v) const {
    if (f.type == FieldType::kId) CASEBOOK_RETURN_IF_ERROR(CheckId(v));
    if (f.type == FieldType::kDate) return CheckDate(p, v);
    return CheckText(p, v, utf8);
  }
  Status Check(const Path& p, const FieldInfo& f, int v) const {
    if (f.type == FieldType::kYear && v != 0 && (v < 1900 || v > 2200)) {
      return Status::InvalidArgument("field '" + p.ToString() + "': out of range 1900..2200");
    }
    return Status::Ok();
  }
  Status Check(const Path& p, const FieldInfo&, const std::vector<std::string>& v) const {
    for (const auto& s : v) CASEBOOK_RETURN_IF_ERROR(CheckText(p, s, utf8));
    return Status::Ok();
  }
  Status Check(const Path& p, const FieldInfo&, const Units& u) const {
    for (const auto* list : {&u.lead, &u.co, &u.joint}) {
      for (const auto& s : *list) CASEBOOK_RETURN_IF_ERROR(CheckText(p, s, utf8));
    }
    return Status::Ok();
  }
  Status Check(const Path&, const FieldInfo& f, const Disclosure& d) const {
    CASEBOOK_RETURN_IF_ERROR(CheckDate({f.name, std::string::npos, "date"}, d.date));
    return CheckText({f.name, std::string::npos, "url"}, d.url, utf8);
  }
  template <typename T>
  Status Check(const Path& p, const FieldInfo&, const std::vector<T>& entries) const {
    for (size_t i = 0; i < entries.size(); ++i) {
      Status s;
      Model<T>::Visit(entries[i], [&](const FieldInfo& f, const auto& member) {
        if (s.ok()) s = Check(Path{p.name, i, f.name}, f, member);
      });
      CASEBOOK_RETURN_IF_ERROR(s);
    }
    return Status::Ok();
  }
  // Enumerations, flags, numbers: any value is valid; Source and the
  // store-managed fields are not the user's to check.
  template <typename T>
  Status Check(const Path&, const FieldInfo&, const T&) const {
    return Status::Ok();
  }
};

// Unknown fields are kept as they came: their names and strings get the
// same UTF-8 and NUL checks as the model's fields.
Status CheckUnknown(const nlohmann::json& j, const std::string& path, bool utf8) {
  auto check = [&](const std::string& where, const std::string& text) -> Status {
    if (text.find('\0') != std::string::npos) {
      return Status::InvalidArgument("field '" + where + "': contains a NUL byte");
    }
    if (utf8 && FirstInvalidUtf8(text) != std::string_view::npos) {
      return Status::InvalidArgument("field '" + where + "': invalid UTF-8");
    }
    return Status::Ok();
  };
  if (j.is_string()) return check(path, j.get_ref<const std::string&>());
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      const std::string where = path.empty() ? it.key() : path + "." + it.key();
      CASEBOOK_RETURN_IF_ERROR(check(where, it.key()));
      CASEBOOK_RETURN_IF_ERROR(CheckUnknown(it.value(), where, utf8));
    }
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) {
      CASEBOOK_RETURN_IF_ERROR(CheckUnknown(j[i], path + "[" + std::to_string(i) + "]", utf8));
    }
  }
  return Status::Ok();
}

}  // namespace

bool IsValidCaseId(std::string_view id) {
  if (id.empty() || id.size() > 64 || id == "." || id == "..") return false;
  for (char ch : id) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (!(std::isalnum(c) || c == '.' || c == '_' || c == '-')) return false;
  }
  return true;
}

bool IsIsoDate(std::string_view s) {
  if (s.size() < 10 || !Digits(s, 0, 4) || s[4] != '-' || !Digits(s, 5, 2) || s[7] != '-' ||
      !Digits(s, 8, 2)) {
    return false;
  }
  const int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  const int day = (s[8] - '0') * 10 + (s[9] - '0');
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return false;
  if (s.size() == 10) return true;
  if ((s[10] != 'T' && s[10] != ' ') || !Digits(s, 11, 2) || s.size() < 16 || s[13] != ':' ||
      !Digits(s, 14, 2)) {
    return false;
  }
  size_t i = 16;
  if (i < s.size() && s[i] == ':') {
    if (!Digits(s, i + 1, 2)) return false;
    i += 3;
    if (i < s.size() && s[i] == '.') {
      ++i;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    }
  }
  if (i == s.size()) return true;
  if (s[i] == 'Z') return i + 1 == s.size();
  if ((s[i] == '+' || s[i] == '-') && i + 6 == s.size()) {
    return Digits(s, i + 1, 2) && s[i + 3] == ':' && Digits(s, i + 4, 2);
  }
  return false;
}

Status ValidateCase(const Case& c, const ValidateOptions& options) {
  const Checker checker{options.check_utf8};
  Status s;
  CaseModel::Visit(c, [&](const FieldInfo& f, const auto& member) {
    if (s.ok() && f.part != kPartStamp)
      s = checker.Check(Path{nullptr, std::string::npos, f.name}, f, member);
  });
  if (s.ok()) s = CheckUnknown(c.extra, "", options.check_utf8);
  return s;
}

Status CheckJsonLimits(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Status::ResourceExhausted("JSON text of " + std::to_string(text.size()) +
                                     " bytes exceeds the limit of " +
                                     std::to_string(limits.max_bytes));
  }
  // Check nesting before parsing, so deep input cannot exhaust the stack.
  int depth = 0;
  const char* d = text.data();
  const size_t n = text.size();
  for (size_t i = 0; i < n; ++i) {
    const char ch = d[i];
    if (ch == '"') {
      i = StringEnd(text, i);
    } else if (ch == '[' || ch == '{') {
      if (++depth > limits.max_depth) {
        return Status::ResourceExhausted("JSON nested deeper than " +
                                         std::to_string(limits.max_depth) + " levels at byte " +
                                         std::to_string(i));
      }
    } else if (ch == ']' || ch == '}') {
      --depth;
    }
  }
  return Status::Ok();
}

Result<nlohmann::json> ParseJsonText(std::string_view text, const JsonLimits& limits) {
  CASEBOOK_RETURN_IF_ERROR(CheckJsonLimits(text, limits));
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    // The parser checks UTF-8 itself (any byte outside a string that is not
    // ASCII is a syntax error); the offset of a bad sequence is found here.
    const size_t bad = FirstInvalidUtf8(text);
    if (bad != std::string_view::npos) {
      return Status::InvalidArgument("invalid UTF-8 at byte " + std::to_string(bad));
    }
    return Status::InvalidArgument("JSON syntax error at byte " + std::to_string(e.byte) + ": " +
                                   e.what());
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("JSON error: ") + e.what());
  }
}

}  // namespace casebook
