// JsonMembers: the top-level members of one JSON object, read with
// nlohmann's SAX interface instead of into a json DOM. The importer maps flat
// records (strings and numbers at the top level, the shapes of the corpus)
// from these straight into a Case (FieldMapper::MapFlatRecord); only values
// nested under a member are built as json.
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

// Parses `text`, which must be one JSON object, into its top-level members.
// Nesting deeper than `max_depth` is refused as the parse goes (no
// recursion: nlohmann's SAX parser keeps its own stack, and so does this).
// Returns false, with `out` unspecified, when the text is not valid JSON, not
// an object, too deep, or parsing threw; callers then parse it with
// ParseJsonText for the error message. Never throws. Thread-compatible.
bool ParseJsonMembers(std::string_view text, int max_depth, JsonMembers* out);

// The object the members make; a repeated name keeps its last value, as
// nlohmann's own parser does.
nlohmann::json MembersToObject(JsonMembers&& members);

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_JSON_MEMBERS_H_
