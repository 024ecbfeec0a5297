// Validation of cases and of untrusted JSON text.
#include <cctype>
#include <cstdint>
#include <cstring>

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

// `check_utf8` false: the caller guarantees valid UTF-8 (ValidateOptions).
Status CheckText(const std::string& path, const std::string& s, bool check_utf8) {
  size_t bad = check_utf8 ? FirstInvalidUtf8(s) : std::string_view::npos;
  if (bad != std::string_view::npos) {
    return Status::InvalidArgument("field '" + path + "': invalid UTF-8 at byte " +
                                   std::to_string(bad));
  }
  if (s.find('\0') != std::string::npos) {
    return Status::InvalidArgument("field '" + path + "': contains a NUL byte");
  }
  return Status::Ok();
}

Status CheckDate(const std::string& path, const std::string& s) {
  if (s.empty() || IsIsoDate(s)) return Status::Ok();
  return Status::InvalidArgument("field '" + path + "': expected an ISO 8601 date, got '" + s +
                                 "'");
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

Status CheckTexts(const Case& c, bool utf8) {
  struct Named {
    const char* name;
    const std::string* value;
  };
  for (const Named& n : {Named{"id", &c.id},
                         {"session", &c.session},
                         {"number", &c.number},
                         {"title", &c.title},
                         {"body", &c.body}}) {
    CASEBOOK_RETURN_IF_ERROR(CheckText(n.name, *n.value, utf8));
  }
  for (size_t i = 0; i < c.proposers.size(); ++i) {
    std::string p = "proposers[" + std::to_string(i) + "]";
    CASEBOOK_RETURN_IF_ERROR(CheckText(p + ".name", c.proposers[i].name, utf8));
    CASEBOOK_RETURN_IF_ERROR(CheckText(p + ".affiliation", c.proposers[i].affiliation, utf8));
  }
  for (const auto& u : c.units.All()) CASEBOOK_RETURN_IF_ERROR(CheckText("units", u, utf8));
  for (const auto& t : c.tags) CASEBOOK_RETURN_IF_ERROR(CheckText("tags", t, utf8));
  for (size_t i = 0; i < c.replies.size(); ++i) {
    std::string p = "replies[" + std::to_string(i) + "]";
    CASEBOOK_RETURN_IF_ERROR(CheckText(p + ".text", c.replies[i].text, utf8));
    CASEBOOK_RETURN_IF_ERROR(CheckText(p + ".unit", c.replies[i].unit, utf8));
    CASEBOOK_RETURN_IF_ERROR(CheckDate(p + ".date", c.replies[i].date));
  }
  for (size_t i = 0; i < c.feedback.size(); ++i) {
    std::string p = "feedback[" + std::to_string(i) + "]";
    CASEBOOK_RETURN_IF_ERROR(CheckText(p + ".text", c.feedback[i].text, utf8));
    CASEBOOK_RETURN_IF_ERROR(CheckDate(p + ".date", c.feedback[i].date));
  }
  for (size_t i = 0; i < c.reviews.size(); ++i) {
    std::string p = "reviews[" + std::to_string(i) + "]";
    CASEBOOK_RETURN_IF_ERROR(CheckText(p + ".finding", c.reviews[i].finding, utf8));
    CASEBOOK_RETURN_IF_ERROR(CheckDate(p + ".date", c.reviews[i].date));
  }
  for (size_t i = 0; i < c.approvals.size(); ++i) {
    std::string p = "approvals[" + std::to_string(i) + "]";
    CASEBOOK_RETURN_IF_ERROR(CheckText(p + ".approver", c.approvals[i].approver, utf8));
    CASEBOOK_RETURN_IF_ERROR(CheckText(p + ".note", c.approvals[i].note, utf8));
    CASEBOOK_RETURN_IF_ERROR(CheckDate(p + ".date", c.approvals[i].date));
  }
  CASEBOOK_RETURN_IF_ERROR(CheckText("supervising_leader", c.supervising_leader, utf8));
  for (size_t i = 0; i < c.consultations.size(); ++i) {
    std::string p = "consultations[" + std::to_string(i) + "]";
    CASEBOOK_RETURN_IF_ERROR(CheckText(p + ".notes", c.consultations[i].notes, utf8));
    CASEBOOK_RETURN_IF_ERROR(CheckDate(p + ".date", c.consultations[i].date));
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
  if (c.id.empty()) return Status::InvalidArgument("field 'id': required");
  if (!IsValidCaseId(c.id)) {
    return Status::InvalidArgument(
        "field 'id': must match [A-Za-z0-9._-]{1,64}, got '" +
        (FirstInvalidUtf8(c.id) == std::string_view::npos ? c.id : std::string("<invalid UTF-8>")) +
        "'");
  }
  if (c.year != 0 && (c.year < 1900 || c.year > 2200)) {
    return Status::InvalidArgument("field 'year': out of range 1900..2200");
  }
  for (const auto& [name, value] :
       {std::pair<const char*, const std::string*>{"received", &c.received},
        {"assigned", &c.assigned},
        {"reply_due", &c.reply_due},
        {"commitment_due", &c.commitment_due}}) {
    CASEBOOK_RETURN_IF_ERROR(CheckDate(name, *value));
  }
  return CheckTexts(c, options.check_utf8);
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
