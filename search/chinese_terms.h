// Index terms of analysed text, and the queries that find text by substring.
//
// Each unit of a field (see ChineseAnalyzer::SplitUnits) writes exactly one
// term at its own position:
//   - a CJK character followed directly by another: the character bigram "吴泾";
//   - a CJK character ending its run: the character and '$' ("区$");
//   - a word: the word ("2021", "abc").
// So the units of any substring s (>= 2 units) map to the phrase of the terms of
// its first |s|-1 units (+ the last unit's term when it is a word, or a
// wildcard when it is a lone CJK character after a word), at adjacent
// positions: every substring matches, nothing more than the substring matches.
// A single CJK character X is the wildcard "X*" (every term starting with X).
// No single-character postings are written.
#ifndef CASEBOOK_SEARCH_CHINESE_TERMS_H_
#define CASEBOOK_SEARCH_CHINESE_TERMS_H_

#include <xapian.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "search/chinese_analyzer.h"

namespace casebook::search {

// Marks the end of a CJK run in a unit term ("区$").
inline constexpr char kRunEndMark = '$';
// Positions left between two values of one field (two replies, two units), so
// that no phrase spans them.
inline constexpr Xapian::termpos kValueGap = 100;

// The term written for unit `i` of `units` (over `normalized`), with `prefix`.
std::string UnitTerm(std::string_view normalized, const std::vector<TextUnit>& units, size_t i,
                     const std::string& prefix);

// Writes one positional term per unit of `normalized` under `prefix`, starting
// at *next_position; afterwards *next_position is past the text plus kValueGap.
// Returns the number of units written.
size_t AddUnitPostings(std::string_view normalized, const std::string& prefix,
                       Xapian::termpos* next_position, Xapian::Document* doc);

// Lists the index terms that start with `prefix` (at most `max`; more -> the
// function returns max+1 terms so the caller knows the list is cut).
using TermLister = std::function<std::vector<std::string>(const std::string& prefix, size_t max)>;

// Options for substring queries.
struct SubstringQueryOptions {
  // Expand a lone trailing CJK character after a word ("2019年") into at most
  // this many terms inside the phrase; beyond it the character is matched
  // anywhere in the document (AND wildcard) instead of adjacently.
  size_t max_trailing_expansion = 2000;
  // Upper limit of terms a single-character wildcard may expand to.
  Xapian::termcount max_wildcard_expansion = 100000;
};

// A query matching documents whose field `prefix` contains `normalized` as a
// substring (units-wise). Returns an empty Query when `normalized` has no unit.
// `lister` may be null (then a trailing lone character is matched loosely).
Xapian::Query SubstringQuery(std::string_view normalized, const std::string& prefix,
                             const TermLister& lister, const SubstringQueryOptions& options = {});

// The terms of `normalized` used for ranked (OR) retrieval: the bigrams and
// words of its units under `prefix` (no run-end terms), with repeats.
std::vector<std::string> RankingTerms(std::string_view normalized, const std::string& prefix);

// Anonymised place codes in `normalized` text, with repeats: a Latin letter
// (not after a letter or digit), 1-3 digits and one of 县区市镇乡州 ("a7县" of
// "A7县"). Units index such a code as three weak terms ("a", "7", "县$"); as
// one word it tells which county a text is about. Pure; thread-safe.
std::vector<std::string> PlaceCodes(std::string_view normalized);

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_CHINESE_TERMS_H_
