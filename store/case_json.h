// JSON codec for Case: canonical JSON in, Case out, and back.
//
// Input field names are the English ones of DESIGN.md; enumerations may be
// English or Chinese words (stored in English). Fields the model does not know
// are kept in Case::extra and written back. Every error names the field,
// e.g. "field 'replies[1].date': expected an ISO 8601 date, got '2021/13/01'".
#ifndef CASEBOOK_STORE_CASE_JSON_H_
#define CASEBOOK_STORE_CASE_JSON_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "store/case.h"
#include "store/status.h"

namespace casebook {

// Limits applied when decoding untrusted JSON text.
struct JsonLimits {
  size_t max_bytes = 16 << 20;  // Longest accepted text; longer -> ResourceExhausted.
  int max_depth = 64;           // Deepest nesting of arrays/objects accepted.
};

// Checks the size and nesting limits of JSON text without parsing it (one
// pass, no recursion). Errors: ResourceExhausted naming the limit and, for
// depth, the byte offset.
Status CheckJsonLimits(std::string_view text, const JsonLimits& limits);

// Parses JSON text into a json value, without recursion blow-ups: the nesting
// depth is checked before parsing. Errors: InvalidArgument (syntax, with byte
// offset; invalid UTF-8), ResourceExhausted (size, depth).
Result<nlohmann::json> ParseJsonText(std::string_view text, const JsonLimits& limits = {});

// Converts a json object to a Case, validating every field (see
// ValidateCase). Errors: InvalidArgument naming the field.
Result<Case> CaseFromJson(const nlohmann::json& j);
// The same, consuming `j`: its strings are moved into the case, not copied
// (what `j` holds afterwards is unspecified).
Result<Case> CaseFromJson(nlohmann::json&& j);

// Parses and converts in one step.
Result<Case> CaseFromJsonText(std::string_view text, const JsonLimits& limits = {});

// The canonical JSON of a case: known fields in a fixed order, empty/unset
// fields omitted, unknown fields kept. Includes "version"/"updated_at" when
// set. Never throws (strings are valid UTF-8 once validated).
nlohmann::json CaseToJson(const Case& c);

// What ValidateCase checks besides the rules.
struct ValidateOptions {
  // Whether every string is checked for valid UTF-8 (default true). Only a
  // caller whose strings all come from nlohmann's parser, which refuses
  // invalid UTF-8 in strings, or are cut from such strings at character
  // boundaries may pass false; NUL bytes are refused either way.
  bool check_utf8 = true;
};

// Checks the rules no type can express: id shape, year range, date formats,
// valid UTF-8 in every string, no NUL bytes. Errors: InvalidArgument naming
// the field.
Status ValidateCase(const Case& c, const ValidateOptions& options = {});

// True when `id` matches [A-Za-z0-9._-]{1,64} and is not "." or "..".
bool IsValidCaseId(std::string_view id);

// True when `s` is a real calendar date "YYYY-MM-DD" (2021-06-31 and
// 2023-02-29 are not), optionally followed by a time
// "THH:MM[:SS]" or " HH:MM[:SS]" (with optional "Z" or "+08:00").
bool IsIsoDate(std::string_view s);

}  // namespace casebook

#endif  // CASEBOOK_STORE_CASE_JSON_H_
