// The layout of a Casebook search index: term prefixes, value slots, metadata.
//
// Text fields are indexed once each, under their own prefix (chinese_terms.h);
// the default field of a query searches them all. Filters are boolean terms;
// values hold what sorting, ranges and facets need. Changing this layout needs
// `casebook reindex` (kSchemaVersion is stored in the index metadata).
#ifndef CASEBOOK_SEARCH_INDEX_SCHEMA_H_
#define CASEBOOK_SEARCH_INDEX_SCHEMA_H_

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace casebook::search {

inline constexpr char kSchemaVersion[] = "2";

// Metadata keys.
inline constexpr char kMetaLastSeq[] = "casebook.last_seq";  // Decimal store sequence.
inline constexpr char kMetaSchema[] = "casebook.schema";

// Text field prefixes (positional unit terms).
inline constexpr char kBodyPrefix[] = "";       // The case's title and body (the main text).
inline constexpr char kTitlePrefix[] = "S";     // The title alone.
inline constexpr char kReplyPrefix[] = "XR";    // Reply texts.
inline constexpr char kProposerPrefix[] = "A";  // Proposer names and affiliations.
inline constexpr char kUnitPrefix[] = "XU";     // Handling unit names.
inline constexpr char kTagPrefix[] = "K";       // Tags.
inline constexpr char kNotePrefix[] = "XN";     // Consultation notes, feedback, review findings.
// Dictionary words (unpositioned, ranking only), from title, body and replies.
inline constexpr char kWordPrefix[] = "XW";

// Boolean terms.
inline constexpr char kIdPrefix[] = "Q";            // Q<case id>: one per document.
inline constexpr char kKindFilter[] = "XKIND";      // XKINDappeal
inline constexpr char kResultFilter[] = "XRESULT";  // XRESULTsolved
inline constexpr char kRoleFilter[] = "XROLE";      // XROLElead
inline constexpr char kStatusFilter[] = "XSTATUS";  // XSTATUSreplied
inline constexpr char kLevelFilter[] = "XLEVEL";    // XLEVELdistrict
inline constexpr char kUnitFilter[] = "XUNIT";      // XUNIT<normalised unit name>
inline constexpr char kTagFilter[] = "XTAG";        // XTAG<normalised tag>
inline constexpr char kYearFilter[] = "Y";          // Y2021

// Value slots.
enum ValueSlot : Xapian::valueno {
  kYearSlot = 0,      // Xapian::sortable_serialise(year); absent when unknown.
  kReceivedSlot = 1,  // ISO date "YYYY-MM-DD..." (sorts as text).
  kKindSlot = 2,      // English enum name.
  kResultSlot = 3,
  kRoleSlot = 4,
  kStatusSlot = 5,
  kUnitsSlot = 6,          // Unit names as written, joined by kUnitSeparator.
  kCommitmentDueSlot = 7,  // ISO date.
  kLevelSlot = 8,
  // Fingerprint::Serialize() of the normalised body, or title when there is
  // no body (near_duplicate.h): similar cases read it instead of computing it.
  kFingerprintSlot = 9,
};
inline constexpr char kUnitSeparator = '\x1f';

// An enumeration field of the case (a row of store/case_fields.h flagged
// kFaceted): documents carry its English value as a boolean term
// `filter`+value and in value slot `slot`; queries filter by it by name.
struct EnumFacet {
  const char* field;   // The case field's name ("kind").
  const char* filter;  // Its boolean term prefix.
  ValueSlot slot;      // Its value slot.
};
// The enumeration facets, in the order documents are written.
inline constexpr EnumFacet kEnumFacets[] = {{"kind", kKindFilter, kKindSlot},
                                            {"result", kResultFilter, kResultSlot},
                                            {"role", kRoleFilter, kRoleSlot},
                                            {"status", kStatusFilter, kStatusSlot},
                                            {"level", kLevelFilter, kLevelSlot}};

// Calls fn for each non-empty unit name in a kUnitsSlot value.
template <typename Fn>
void ForEachUnitName(std::string_view joined, Fn&& fn) {
  size_t start = 0;
  while (start < joined.size()) {
    size_t end = joined.find(kUnitSeparator, start);
    if (end == std::string_view::npos) end = joined.size();
    if (end > start) fn(joined.substr(start, end - start));
    start = end + 1;
  }
}

// One text field a query can name: "title:" -> kTitlePrefix.
struct TextField {
  const char* name;
  const char* prefix;
  bool in_default;  // Searched by the default field (title is, through the body prefix).
};
// The text fields a query can name.
const std::vector<TextField>& TextFields();

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_INDEX_SCHEMA_H_
