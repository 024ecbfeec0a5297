// From a parsed query (query_parser.h) to a Xapian query over the index
// layout of index_schema.h.
//
// Two ways to match text:
//   - all: every positive term must occur as a substring (a phrase of unit
//     terms, chinese_terms.h), in any text field unless a field is named;
//     ranked by BM25 over the matched terms. Used for typed keywords.
//   - ranked: BM25 over the OR of the text's bigrams and dictionary words
//     (title weighted up); documents need not contain every term. Used for
//     long plain queries (a pasted sentence, question or title) and for
//     similar-case search over free text.
// Filters (kind:, year: ...) and exclusions apply in both.
#ifndef CASEBOOK_SEARCH_QUERY_BUILDER_H_
#define CASEBOOK_SEARCH_QUERY_BUILDER_H_

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "search/chinese_analyzer.h"
#include "search/chinese_terms.h"
#include "search/query_parser.h"

namespace casebook::search {

enum class MatchMode {
  kAuto,    // Plain queries of >= ranked_min_units units (or a long keyword) -> ranked; else all.
  kAll,     // Every term must match.
  kRanked,  // BM25 over OR.
};

// Tuning of query construction (defaults chosen with bench/search_quality).
struct QueryBuildOptions {
  MatchMode mode = MatchMode::kAuto;
  size_t ranked_min_units = 16;   // Auto: a plain query of this many units or more is ranked...
  size_t ranked_min_keyword = 9;  // ...or one with a keyword of this many units.
  double title_weight = 0.0;      // Ranked: extra weight of title-only terms (the title is
                                  // already in the main text; extra weight hurt MRR).
  double word_weight = 1.0;       // Weight of dictionary-word terms in ranked mode.
  double reply_weight = 1.0;      // Weight of reply terms in ranked mode.
  // Ranked: weight of adjacent bigram pairs (three characters in a row, as
  // phrases); 0 = off. Rewards documents sharing longer stretches.
  double trigram_weight = 0.0;
  // Ranked: question words cut out of the text before it is turned into
  // terms (they match questions among the documents, not answers).
  std::vector<std::string> ranked_stop_phrases = {
      "为什么", "是什么", "有哪些", "怎么样", "什么", "哪些", "哪里", "哪个", "哪家",
      "如何",   "怎么",   "怎样",   "多少",   "是否", "有何", "何时", "请问"};
  bool ranked_phrase_boost = true;  // Ranked: documents holding a whole keyword rank higher.
  SubstringQueryOptions substring;
};

// A query ready to run, and what to highlight.
struct BuiltQuery {
  Xapian::Query query;  // Never empty: MatchAll when the query has no positive text.
  bool ranked = false;
  bool has_text = false;               // Any positive text (else relevance is meaningless).
  std::vector<std::string> highlight;  // Normalised positive texts.
  std::string ranked_text;             // Ranked: the text the terms came from (RankedQueryText).
};

// Builds the Xapian query. `analyzer` normalises and finds words (not
// thread-safe: one per thread); `lister` lists index terms by prefix (may be
// null). Errors: InvalidArgument (e.g. a filter value the index cannot hold).
Result<BuiltQuery> BuildQuery(const ParsedQuery& parsed, ChineseAnalyzer* analyzer,
                              const TermLister& lister, const QueryBuildOptions& options = {});

// Whether BuildQuery runs `parsed` in ranked mode under `mode` (kAuto: a
// plain query that reads as a sentence). Thread-safe (Normalize only).
bool IsRankedQuery(const ParsedQuery& parsed, MatchMode mode, const QueryBuildOptions& options,
                   const ChineseAnalyzer& analyzer);

// Free text as ranked mode reads it: normalised, question words
// (options.ranked_stop_phrases) cut out. Thread-safe (Normalize only).
std::string RankedQueryText(std::string_view text, const ChineseAnalyzer& analyzer,
                            const QueryBuildOptions& options);

// The ranked (BM25 OR) query of free text over title, body and replies:
// bigrams and words. Empty Query when the text has no unit.
Xapian::Query RankedTextQuery(std::string_view text, ChineseAnalyzer* analyzer,
                              const QueryBuildOptions& options = {});

// The query for a filter value: kind/result/role/status/level (English or
// Chinese names), unit and tag (exact name), year (YYYY or YYYY..YYYY), id.
// Errors: InvalidArgument naming the field and value.
Result<Xapian::Query> FilterQuery(const std::string& field, const std::string& value,
                                  const ChineseAnalyzer& analyzer);

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_QUERY_BUILDER_H_
