// The "more like this" query of a long text (a pasted proposal or a reply):
// instead of an OR of every bigram and word of the text, the OR of the terms
// that tell most about it, weighted by how often the text uses them.
//
// Each distinct body bigram and dictionary word of the normalised text gets
// the score (1 + ln qf) · ln(N / df), with qf its count in the text and df
// the number of indexed cases holding it; the `max_terms` best are kept. Rare
// specifics (a housing estate, a company, a road) outweigh the genre's stock
// phrases (您好, 反映的问题), so the match is both better and faster.
#ifndef CASEBOOK_SEARCH_MORE_LIKE_THIS_H_
#define CASEBOOK_SEARCH_MORE_LIKE_THIS_H_

#include <string_view>

#include <xapian.h>

#include "search/chinese_analyzer.h"

namespace casebook::search {

// Tuning (chosen with bench/similar_quality).
struct MoreLikeThisOptions {
  size_t max_terms = 60;      // Terms kept; 0 = every term.
  double word_weight = 0.5;   // Weight of dictionary words relative to bigrams.
  double title_weight = 1.0;  // Also match the kept bigrams in titles, at this weight (0 = no).
  // Terms in the opening of the text (where a reply restates the matter)
  // count `lead_boost` times; 0 chars = no boost.
  size_t lead_chars = 150;
  double lead_boost = 2.0;
};

// Builds the query. `analyzer` is not thread-safe (one per thread); `db` is
// the reader's database (for document frequencies). Returns an empty Query
// when the text has no term known to the index. May throw Xapian::Error
// (callers run it inside their Xapian error guard).
Xapian::Query MoreLikeThisQuery(std::string_view text, ChineseAnalyzer* analyzer,
                                const Xapian::Database& db, const MoreLikeThisOptions& options);

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_MORE_LIKE_THIS_H_
