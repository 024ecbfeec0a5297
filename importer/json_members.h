// JsonMembers: the top-level members of one JSON object, read by a small
// scanner of its own instead of into a json DOM (nlohmann's lexer cost a
// third of the importer's instructions). The importer maps flat records
// (strings and numbers at the top level, the shapes of the corpus) from
// these straight into a Case (FieldMapper::MapFlatRecord); only values
// nested under a member are built as json, by nlohmann's parser.
#ifndef CASEBOOK_IMPORTER_JSON_MEMBERS_H_
#define CASEBOOK_IMPORTER_JSON_MEMBERS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace casebook::importer {

// Name -> value, in the order the text has them (a repeated name appears twice).
using JsonMembers = std::vector<std::pair<std::string, nlohmann::json>>;

// Whether ParseJsonMembers checks that strings are valid UTF-8.
enum class Utf8Check {
  kCheck,       // Check (any text).
  kAlreadyDone  // The caller checked the whole text (JsonLine without a decode error).
};

// Parses `text`, which must be one JSON object, into its top-level members.
// Strings are checked for raw control characters, escapes and (unless
// `utf8` says it was done) valid UTF-8 as nlohmann checks them; integers become unsigned
// (non-negative) or signed json numbers as nlohmann makes them. Nesting deeper than `max_depth` is
// refused as the scan goes (no recursion).
// Returns false, with `out` unspecified, when the text is not valid JSON, not
// an object, too deep, or parsing threw; callers then parse it with
// ParseJsonText for the error message. Never throws. Thread-compatible.
bool ParseJsonMembers(std::string_view text, int max_depth, JsonMembers* out,
                      Utf8Check utf8 = Utf8Check::kCheck);

// The object the members make; a repeated name keeps its last value, as
// nlohmann's own parser does.
nlohmann::json MembersToObject(JsonMembers&& members);

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_JSON_MEMBERS_H_
