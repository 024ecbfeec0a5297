// Searcher: runs queries against the index for many threads at once.
//
// Thread safety: every method is const and may be called concurrently from any
// number of threads (the HTTP API calls Search from its worker pool). Xapian
// databases must not be shared between threads, so the Searcher keeps a pool of
// readers, each with its own Xapian::Database and ChineseAnalyzer; a call
// borrows one, reopen()s it (so it sees the latest commit), and gives it back.
// A DatabaseModifiedError (a writer committed twice during the query) becomes
// Status::IndexMoved and is retried on a reopened reader; callers see that
// code only when every retry found the index moving.
#ifndef CASEBOOK_SEARCH_SEARCHER_H_
#define CASEBOOK_SEARCH_SEARCHER_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "search/chinese_analyzer.h"
#include "search/more_like_this.h"
#include "search/near_copy_order.h"
#include "search/proximity_rescore.h"
#include "search/query_builder.h"
#include "search/query_parser.h"
#include "search/snippet.h"
#include "store/case_store.h"
#include "store/status.h"

namespace casebook::search {

enum class SortOrder {
  kRelevance,  // BM25 score, then newest.
  kNewest,     // Received date, newest first (cases without a date last).
  kOldest,
};

// One search.
struct SearchRequest {
  std::string query;  // Query language of query_parser.h; "" = every case.
  size_t offset = 0;  // Pagination: hits to skip.
  size_t limit = 10;  // Hits to return (at most SearcherOptions::max_limit).
  SortOrder sort = SortOrder::kRelevance;
  MatchMode mode = MatchMode::kAuto;
  // Extra filters ANDed with the query: (field, value) with field one of kind
  // result role status level unit tag year date id (see FilterQuery).
  std::vector<std::pair<std::string, std::string>> filters;
  bool facets = true;  // Count kind/year/result/role/status/level/unit over all matches.
  // Count every match for `total` (facets always do). False: total may be an
  // estimate (a lower bound of offset + hits is exact), which is faster for
  // very common terms.
  bool exact_total = true;
  size_t facet_values = 20;  // Most frequent values kept per facet.
  bool snippets = true;      // Needs the store given to Open; else hits carry no snippet.
  // SearchText only: match the text's most telling terms (more_like_this.h)
  // instead of all of them.
  bool more_like_this = false;
  MoreLikeThisOptions more_like_this_options;
};

// One hit.
struct SearchHit {
  std::string id;
  double score =
      0;  // BM25 weight (0 for pure filters); more-like-this: re-scored (more_like_this.h).
  std::string title;
  std::string snippet;  // HTML-escaped, <mark>…</mark> around matches.
  int year = 0;
  std::string kind, result, status, received;
  // More-like-this hits: the case's serialised near-duplicate fingerprint
  // (index_schema.h kFingerprintSlot); "" otherwise or when the index has none.
  std::string fingerprint;
};

// A facet value and how many matching cases have it (exact).
struct FacetCount {
  std::string value;
  uint64_t count = 0;
};

// The answer to a search.
struct SearchResponse {
  uint64_t total = 0;  // Matching cases (exact).
  std::vector<SearchHit> hits;
  std::map<std::string, std::vector<FacetCount>> facets;  // Facet name -> values, most first.
  bool ranked = false;  // Whether the text matched in ranked (OR) mode.
};

// Settings of the searcher's result cache (result_cache.h).
struct SearchResultCacheOptions {
  size_t max_entries = 0;         // Queries kept; 0 = no cache. Least recently used go first.
  size_t top_hits = 200;          // Hits kept per query: deeper pages continue them afresh.
  size_t max_changes = 5000;      // More changed cases than this since an entry: full run.
  size_t max_bytes = 256u << 20;  // Memory for all entries' match sets (roughly).
  // Run in full when the index has grown or shrunk by more than this fraction
  // since the entry's last full run (scores of kept hits drift with the
  // collection's statistics).
  double max_growth = 0.2;
};

// How searches went through the result cache since the Searcher opened.
struct SearchCacheStats {
  uint64_t level = 0;    // Answered from an entry already level with the index.
  uint64_t updated = 0;  // Entry brought level by re-running the query on changed cases.
  uint64_t full = 0;     // Query run in full (new entry, reindex, too many changes).
};

// The largest page and the deepest offset a search accepts by default.
inline constexpr size_t kMaxSearchLimit = 1000;
inline constexpr size_t kMaxSearchOffset = 100000;

// Settings of a Searcher.
struct SearcherOptions {
  AnalyzerOptions analyzer;  // Must match the index's (user dictionary for query words).
  QueryBuildOptions query;
  SnippetOptions snippet;
  QueryLimits limits;
  // BM25 parameters (Xapian's defaults are k1 1, b 0.5; these scored best on
  // bench/search_quality: MRR@10 0.862 vs 0.849).
  double bm25_k1 = 0.6;  // Term-frequency saturation.
  double bm25_b = 0.3;   // Document-length normalisation.
  // Ranked queries sorted by relevance: the best matches re-scored by how
  // closely they hold the query's terms (proximity_rescore.h); such queries
  // bypass the result cache.
  ProximityRescoreOptions proximity;
  // Then, among those best matches, the most complete of near-copies (the
  // same text reprinted) is listed first (near_copy_order.h).
  NearCopyOrderOptions near_copies;
  size_t max_limit = kMaxSearchLimit;    // Largest page size accepted.
  size_t max_offset = kMaxSearchOffset;  // Deepest page accepted.
  // Repeated searches (same text, sort, mode, filters; no free-text or
  // more-like-this) answered from a cache that is kept exact as the index
  // changes, by re-running the query only on the cases the store's change log
  // names (needs the store given to Open). Off by default; `casebook serve`
  // turns it on.
  SearchResultCacheOptions result_cache;
};

class FacetTable;
class SearchResultCache;
class SearchResultCacheEntry;
struct PreparedQuery;
struct QueryPlan;

class Searcher {
 public:
  // Opens the index in `dir` for reading. `store` (may be null, must outlive
  // the Searcher) supplies texts for snippets. Errors: NotFound when there is
  // no index; Corruption; IOError; Internal (ICU data).
  static Result<std::unique_ptr<Searcher>> Open(const std::filesystem::path& dir,
                                                const CaseStore* store,
                                                const SearcherOptions& options = {});
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  // Runs a search. Errors: InvalidArgument (query syntax with its position, a
  // bad filter, limit/offset out of range), IOError/Corruption (index).
  Result<SearchResponse> Search(const SearchRequest& request) const;

  // Ranked (BM25 OR) search over free text, e.g. a new proposal for "similar
  // cases": request.query is ignored; filters, paging, facets apply; cases
  // whose ids are in `exclude_ids` are left out.
  Result<SearchResponse> SearchText(std::string_view text, const SearchRequest& request,
                                    const std::vector<std::string>& exclude_ids = {}) const;

  // The index terms of a case (unit terms "吴泾", words "XW吴泾化工区", filters),
  // sorted. Errors: NotFound.
  Result<std::vector<std::string>> DocumentTerms(const std::string& id) const;

  // The index terms of a case that start with `prefix` (and for which
  // `wanted`, when given, returns true), each with the number of indexed cases
  // holding it (how telling it is). `wanted` is called on the reader's thread.
  // Errors: NotFound.
  Result<std::vector<std::pair<std::string, uint64_t>>> DocumentTermFrequencies(
      const std::string& id, const std::string& prefix,
      const std::function<bool(std::string_view term)>& wanted = nullptr) const;

  // The number of documents in the latest commit.
  Result<uint64_t> DocumentCount() const;

  // Result-cache counters (all 0 when the cache is off).
  SearchCacheStats CacheStats() const;

  // NFKC + case fold + Traditional -> Simplified (see ChineseAnalyzer).
  std::string Normalize(std::string_view text) const;

 private:
  struct Reader;
  class Lease;
  Searcher() = default;
  Result<std::unique_ptr<Reader>> NewReader() const;
  std::unique_ptr<Reader> TakeIdleReader() const;  // Null when the pool is empty.
  // Plans a request once (searcher_internal.h): parses it, decides ranked or
  // keyword, the second stage and the cache. Errors: InvalidArgument (paging,
  // query syntax).
  Status Plan(const SearchRequest& request, const std::string* free_text,
              const std::vector<std::string>& exclude_ids, QueryPlan* plan) const;
  // Builds the plan's Xapian query on `reader`; may throw Xapian errors.
  Status Prepare(Reader* reader, const QueryPlan& plan, PreparedQuery* prepared) const;
  // One attempt at an uncached plan on `reader` (reopened first): match,
  // page (re-scored when the plan says so), facets. May throw Xapian errors.
  Status Execute(Reader* reader, const QueryPlan& plan, SearchResponse* response,
                 std::vector<std::string>* highlight) const;
  // Runs fn on a reader from the pool, retrying while the index moves on
  // (Status::IndexMoved) on the newest revision, and a block reused by a
  // concurrent commit (Corruption) on a freshly opened database.
  Status OnReader(const std::function<Status(Reader*)>& fn) const;
  // Runs fn on a pooled reader (reopened) with the docid of case `id`.
  // Errors: NotFound when the index does not hold the case; Xapian errors.
  Status OnDocument(const std::string& id,
                    const std::function<void(Reader*, uint32_t docid)>& fn) const;
  Result<SearchResponse> Run(const SearchRequest& request, const std::string* free_text,
                             const std::vector<std::string>& exclude_ids) const;
  // searcher_cached.cc: the result cache, a wrapper around Prepare and the
  // one match (MatchQuery), for plans with `cached` set.
  Result<SearchResponse> RunCached(const QueryPlan& plan) const;
  // Brings `entry` level with the reader (at index `seq`, `uuid`).
  Status BringEntryLevel(Reader* reader, const QueryPlan& plan, uint64_t seq,
                         const std::string& uuid, SearchResultCacheEntry* entry) const;
  // Completes a page that reaches past the entry's kept hits (`kept`: their
  // docids; those on the page are already copied into `response`, with
  // total and facets): the matches not kept, in a fresh run's order. So every page of a query is a
  // slice of one list — the kept hits, then the others — even while the kept hits carry the scores
  // of an earlier revision: no case on two pages, none on none. Appends to `need_snippet` the hits
  // still to get snippets. May throw Xapian errors.
  Status ContinuePastKeptHits(Reader* reader, const QueryPlan& plan,
                              const std::unordered_set<uint32_t>& kept, SearchResponse* response,
                              std::vector<size_t>* need_snippet) const;
  // Whether the entry's scores are due a full run (marks it refreshing).
  bool DueForRefresh(const Reader& reader, SearchResultCacheEntry* entry) const;
  // Runs the query in full into a new entry, then swaps it in.
  Status RefreshEntry(const QueryPlan& plan, SearchResultCacheEntry* entry) const;
  // Runs the query in full into `entry`, keeping its best hits to a depth
  // of twice the request's page end (at least 20, at least `depth`, at most
  // the cache's top_hits): a new query reads few hits' documents, and a
  // deeper page later runs it again deeper (while the entry is as run in
  // full; else ContinuePastKeptHits).
  Status FillEntry(Reader* reader, const QueryPlan& plan, SearchResultCacheEntry* entry,
                   size_t depth = 0) const;
  // Runs the plan's query (on `only_ids` alone when not null) and adds every
  // match and the best hits to `entry`; the prepared query goes to
  // `prepared` when not null. May throw Xapian errors.
  Status RecordMatches(Reader* reader, const QueryPlan& plan,
                       const std::vector<std::string>* only_ids, SearchResultCacheEntry* entry,
                       PreparedQuery* prepared) const;
  void AddSnippets(const std::vector<std::string>& highlight, const ChineseAnalyzer& analyzer,
                   SearchResponse* response) const;
  // The facet table of `reader`'s revision (facet_table.h): a recent one, or
  // the newest brought level through the store's change log (built afresh
  // without a store or after a reindex). May throw Xapian errors.
  std::shared_ptr<const FacetTable> FacetTableFor(Reader* reader) const;

  std::filesystem::path dir_;
  const CaseStore* store_ = nullptr;
  SearcherOptions options_;
  std::unique_ptr<ChineseAnalyzer> prototype_;  // Cloned for each reader; Normalize is const.
  mutable std::mutex mu_;
  mutable std::vector<std::unique_ptr<Reader>> idle_;
  std::unique_ptr<SearchResultCache> cache_;  // Null when options_.result_cache is off.
  mutable std::mutex facet_mu_;
  mutable std::vector<std::shared_ptr<const FacetTable>> facet_tables_;  // Recent; newest last.
};

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_SEARCHER_H_
