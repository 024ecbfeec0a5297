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

#include <xapian.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "search/chinese_analyzer.h"

namespace casebook::search {

// Tuning (chosen with bench/similar_quality).
struct MoreLikeThisOptions {
  size_t max_terms = 100;     // Terms kept; 0 = every term.
  double word_weight = 0.5;   // Weight of dictionary words relative to bigrams.
  double title_weight = 2.0;  // Also match the kept bigrams in titles, at this weight (0 = no).
  // Anonymised place codes ("a7县", PlaceCodes) count as words of the text.
  bool place_codes = true;
  // Terms in the opening of the text (where a reply restates the matter)
  // count `lead_boost` times; 0 chars = no boost.
  size_t lead_chars = 150;
  double lead_boost = 2.0;
  // Second stage: the best `rerank_depth` BM25 matches (0 = off) are scored
  // again as BM25 / best BM25 + the weighted sum of similarities to the text
  // that the OR query cannot see (RescoreFeatures). Weights fitted with
  // bench/similar_quality --features (docs/similar.md).
  size_t rerank_depth = 100;
  double rerank_cosine = 3.85;      // tf-idf cosine of the text's and the case's terms.
  double rerank_title = 2.75;       // Share of the case title's terms (idf) the text holds.
  double rerank_coverage = 2.5;     // Share of the case's distinct terms the text holds.
  double rerank_word_cosine = 1.0;  // tf-idf cosine over dictionary words.
  double rerank_shared_root = 1.0;  // Shared terms' idf per sqrt(the case's distinct terms).
  double rerank_place = 0.5;        // Place-code agreement (RescoreFeatures::place).
};

// What one candidate case shares with the text (MoreLikeThis::Features).
struct RescoreFeatures {
  double bm25 = 0;         // First-stage BM25 weight / the best one's.
  double cosine = 0;       // Tf-idf cosine of the text's and the case's body terms (scaled).
  double title = 0;        // Idf share of the case title's terms that the text holds.
  double coverage = 0;     // Idf of the case's distinct terms the text holds, per distinct term.
  double word_cosine = 0;  // Tf-idf cosine over dictionary words (scaled as `cosine`).
  double shared_root = 0;  // Idf of shared distinct terms / sqrt(the case's distinct terms) / 10.
  // Place codes (PlaceCodes): 1 when the case and the text share one, -1 when
  // both name places but none in common, else 0.
  double place = 0;
};

// Idfs ln(1 + N/df) of index terms, kept across the lookups one reader runs
// (its candidates' titles and the texts share many terms) while the database
// stays at the same revision. Not thread-safe: one per reader.
class TermIdfCache {
 public:
  // Forgets every idf when `max_terms` are held (a bound on memory).
  explicit TermIdfCache(size_t max_terms = 200000) : max_terms_(max_terms) {}

  // Forgets every idf unless `db` is the database (uuid, revision, document
  // count) the cache was filled from. Call once per lookup, after reopen().
  // May throw Xapian::Error.
  void Sync(const Xapian::Database& db);

  // The idf of `term` in the database of the last Sync (0 when no case holds
  // it), from the cache or else the index. May throw Xapian::Error.
  double Idf(const Xapian::Database& db, const std::string& term);

 private:
  size_t max_terms_;
  std::string uuid_;
  Xapian::rev revision_ = 0;
  Xapian::doccount doc_count_ = 0;
  std::unordered_map<std::string, double> idf_;
};

// The terms of a text with their statistics in one index: built once per
// lookup, then used for the query and the second-stage re-scoring. Not
// thread-safe (use on the reader's thread); may throw Xapian::Error.
class MoreLikeThis {
 public:
  // `analyzer` (one per thread) normalises and finds words; `db` must outlive
  // this object, and so must `idf_cache` (the reader's, synced to `db`; null:
  // a cache of this lookup only).
  MoreLikeThis(std::string_view text, ChineseAnalyzer* analyzer, const Xapian::Database& db,
               const MoreLikeThisOptions& options, TermIdfCache* idf_cache = nullptr);

  // The OR query of the most telling terms (see MoreLikeThisQuery); empty
  // when the text has no term known to the index.
  Xapian::Query Query() const;

  // New scores of candidates `docs` whose BM25 weights are `weights` (same
  // order; the first stage's best first): weights[i] / max weight + the
  // rerank_* weighted sum of the other RescoreFeatures (MoreLikeThisOptions).
  std::vector<double> Rescore(const std::vector<Xapian::docid>& docs,
                              const std::vector<double>& weights) const;

  // The similarities Rescore weighs, per candidate (same order as `docs`);
  // for tuning (bench/similar_quality --features).
  std::vector<RescoreFeatures> Features(const std::vector<Xapian::docid>& docs,
                                        const std::vector<double>& weights) const;

 private:
  struct Term {
    double qf = 0;     // Count in the text (lead counted lead_boost times).
    double count = 0;  // Plain count in the text.
    double idf = 0;    // ln(1 + N / df); 0 when the index lacks the term.
    bool word = false;
  };
  // Adds one term of a candidate's term list (wdf: its count there) to *o.
  struct Overlap;
  void AddCaseTerm(const std::string& term, double wdf, Overlap* o) const;

  const Xapian::Database& db_;
  MoreLikeThisOptions options_;
  double doc_count_ = 1;
  std::unordered_map<std::string, Term> terms_;  // Body bigrams/words and XW words.
  // Idfs of other terms (candidates' titles share many): the reader's cache
  // or else own_idf_.
  std::unique_ptr<TermIdfCache> own_idf_;
  TermIdfCache* idf_cache_;
  double norm_ = 0;          // Euclidean norm of the text's body-term tf-idf vector.
  double word_norm_ = 0;     // Euclidean norm of the text's word tf-idf vector.
  bool has_places_ = false;  // Whether the text names a place code.
};

// Builds the query. `analyzer` is not thread-safe (one per thread); `db` is
// the reader's database (for document frequencies). Returns an empty Query
// when the text has no term known to the index. May throw Xapian::Error
// (callers run it inside their Xapian error guard).
Xapian::Query MoreLikeThisQuery(std::string_view text, ChineseAnalyzer* analyzer,
                                const Xapian::Database& db, const MoreLikeThisOptions& options);

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_MORE_LIKE_THIS_H_
