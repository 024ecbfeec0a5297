// SimilarCases: the earlier cases on the same matter as a stored case or a new
// text, each with how it was answered, and near-duplicate flags.
//
// Method: the text (title weighted up, then body) runs as a ranked BM25 query
// over the index (Searcher::SearchText); the top candidates are re-scored
// with the near-duplicate fingerprint (near_duplicate.h) and returned by
// relevance, near-duplicates first. Shared terms are the dictionary words the
// query text and the hit have in common, rarest first (words, never bigram
// fragments; words in more than a fifth of all cases are left out).
#ifndef CASEBOOK_SEARCH_SIMILAR_CASES_H_
#define CASEBOOK_SEARCH_SIMILAR_CASES_H_

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "search/searcher.h"
#include "store/case_store.h"
#include "store/status.h"

namespace casebook::search {

// What to look for.
struct SimilarRequest {
  size_t limit = 10;          // Hits to return (1..100).
  bool earlier_only = false;  // Only cases of years before `before_year`
  int before_year = 0;        //   (for ForCase: the case's own year when 0).
  // Extra filters, as SearchRequest::filters (kind, unit, result, year, ...).
  std::vector<std::pair<std::string, std::string>> filters;
  bool exclude_copies = false;  // Leave out near-duplicates of the query itself.
  size_t candidates = 30;       // BM25 candidates considered before cutting to `limit`.
  bool more_like_this = true;   // Query with the text's most telling terms (more_like_this.h).
  MoreLikeThisOptions more_like_this_options;
};

// One similar case.
struct SimilarHit {
  std::string id;
  double score = 0;                       // Relevance: BM25, re-scored by MoreLikeThis::Rescore.
  double similarity = 0;                  // Near-duplicate similarity in [0, 1] (near_duplicate.h).
  bool near_duplicate = false;            // similarity >= kNearDuplicateThreshold.
  std::vector<std::string> shared_terms;  // Words in common, most telling first.
  std::string title;
  int year = 0;
  std::string kind, result;
  std::string reply_excerpt;  // The opening of its first reply ("" when none).
};

// Thread safety: const methods may be called from any thread; borrows the
// Searcher and the store, which must outlive it.
class SimilarCases {
 public:
  SimilarCases(const Searcher* searcher, const CaseStore* store)
      : searcher_(searcher), store_(store) {}

  // Cases similar to the stored case `id` (itself excluded). Errors: NotFound
  // (no such case), InvalidArgument (bad filter or limit), IOError.
  Result<std::vector<SimilarHit>> ForCase(const std::string& id, const SimilarRequest& req) const;

  // Cases similar to a new text. Errors: InvalidArgument (empty text, bad
  // filter or limit), IOError.
  Result<std::vector<SimilarHit>> ForText(const std::string& title, const std::string& body,
                                          const SimilarRequest& req) const;

  // The opening of a reply, cut at a character boundary: at most `max_chars`
  // characters, with "…" when cut.
  static std::string Excerpt(const std::string& text, size_t max_chars = 120);

 private:
  Result<std::vector<SimilarHit>> Run(const std::string& title, const std::string& body,
                                      const std::vector<std::string>& exclude_ids,
                                      const SimilarRequest& req) const;

  const Searcher* searcher_;
  const CaseStore* store_;
};

// The JSON form shared by `casebook similar --json` and the API:
// {"hits":[{"id","score","similarity","near_duplicate","shared_terms","title",
//           "year","kind","result","reply_excerpt"}]}. Never throws.
nlohmann::json SimilarHitsToJson(const std::vector<SimilarHit>& hits);

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_SIMILAR_CASES_H_
