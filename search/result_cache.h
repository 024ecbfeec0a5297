// SearchResultCache: answers to repeated searches, kept exact as the index
// changes.
//
// An entry holds, for one query (text, sort, mode, filters), everything a page
// of its answer needs: the set of matching documents, their facet counts
// (from the searcher's facet table), and the best hits in sort order. It is tied to the
// store sequence its index reader had applied (the index's "last_seq"). When
// the index moves on, the Searcher does not run the query again: it reads the
// ids the store's change log lists since that sequence, removes them from the
// entry (RemoveDocuments), runs the query on those ids alone and adds what matches
// (AddMatch). Totals and facet counts stay exact; scores of hits kept from an
// earlier run were computed with that run's collection statistics.
//
// This file is plain data (no Xapian calls); searcher_cached.cc drives it.
// Thread safety: the cache's own methods are thread-safe; an Entry's const
// methods need its `mu` held shared, the others held exclusively.
#ifndef CASEBOOK_SEARCH_RESULT_CACHE_H_
#define CASEBOOK_SEARCH_RESULT_CACHE_H_

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "search/index_schema.h"
#include "search/searcher.h"

namespace casebook::search {

// The facets counted for every search, in this order in a FacetValues array.
inline constexpr std::array<const char*, 7> kFacetNames = {"kind",   "year",  "result", "role",
                                                           "status", "level", "unit"};
// The value slot of each facet (index_schema.h), in kFacetNames' order.
inline constexpr std::array<unsigned, kFacetNames.size()> kFacetSlots = {
    kKindSlot, kYearSlot, kResultSlot, kRoleSlot, kStatusSlot, kLevelSlot, kUnitsSlot};
inline constexpr size_t kYearFacet = 1;  // Its value is sortable_serialise(year).
inline constexpr size_t kUnitFacet = 6;  // Its value is unit names joined by kUnitSeparator.
using FacetValues = std::array<std::string, kFacetNames.size()>;

// How hits compare: the searcher's sort order as data.
struct HitOrder {
  SortOrder sort = SortOrder::kRelevance;
  bool has_text = true;  // Relevance without text sorts by date.
  // True when a should come before b.
  bool Before(const SearchHit& a, const SearchHit& b) const;
};

struct CachedHit {
  SearchHit hit;
  uint32_t docid = 0;        // Its Xapian document (a page past the kept hits skips these).
  bool has_snippet = false;  // hit.snippet was made (it may be empty).
};

class SearchResultCacheEntry {
 public:
  std::shared_mutex mu;
  bool valid = false;      // False until the first full run fills it.
  uint64_t seq = 0;        // The index's last_seq the contents reflect.
  std::string index_uuid;  // The index it was computed on (a reindex changes it).
  uint64_t doc_count_at_full_run = 0;
  uint64_t seq_at_full_run = 0;        // seq when last run in full: equal while no change came in.
  bool ranked = false;                 // Whether the text matched in ranked mode.
  std::vector<std::string> highlight;  // Texts to mark in snippets.
  size_t top_capacity = 0;             // Hits kept: the pages it can answer.
  bool refreshing = false;             // A search is running the query afresh for it.

  // Exchanges everything but the mutex and `refreshing` with `other`.
  void SwapContents(SearchResultCacheEntry* other);
  // Empties the entry before a full run.
  void Reset(size_t top_capacity);
  // Records that document `docid` matches. The caller adds its hit with
  // OfferHit when it may be among the best.
  void AddMatch(uint32_t docid);
  // Offers the hit of document `docid` for the kept best hits (in `order`);
  // it must have been added.
  void OfferHit(SearchHit hit, uint32_t docid, const HitOrder& order);
  // Forgets the given documents (changed since `seq`; `ids` are their case
  // ids). Returns false when a kept hit was removed while more matches than
  // kept hits exist (the best hits are then unknown: run the query in full).
  bool RemoveDocuments(const std::unordered_set<uint32_t>& docids,
                       const std::unordered_set<std::string>& ids);

  uint64_t total() const { return matches_.size(); }
  // Whether the kept hits are exactly what a full run on the entry's
  // revision keeps: no change has come in since the last full run, so their
  // scores and order are that revision's. Once changes come in, kept hits
  // keep their scores while the collection's statistics move on, and a page
  // past them continues their order (Searcher) rather than running afresh.
  bool as_run_in_full() const { return seq == seq_at_full_run; }
  size_t match_bytes() const;  // A rough memory figure.
  std::vector<CachedHit>& top() { return top_; }
  const std::vector<CachedHit>& top() const { return top_; }
  // Whether Facets can run (PrepareFacets has run since the last change).
  bool facets_ready() const { return !facets_stale_; }
  // Counts the matches' facets with `count` (the facet table of the entry's
  // revision: FacetTable::Count, every value kept).
  void PrepareFacets(const std::function<std::map<std::string, std::vector<FacetCount>>(
                         const std::vector<uint32_t>& docids)>& count);
  // The facet counts, each cut to its `keep` most frequent values.
  // REQUIRES: facets_ready().
  std::map<std::string, std::vector<FacetCount>> Facets(size_t keep) const;

 private:
  // Xapian keeps a document's id when it is replaced, so documents are keyed
  // by docid (a deleted case makes the Searcher run the query in full).
  std::unordered_set<uint32_t> matches_;
  bool facets_stale_ = true;
  std::map<std::string, std::vector<FacetCount>> facets_;  // All values, most first.
  std::vector<CachedHit> top_;
};

class SearchResultCache {
 public:
  explicit SearchResultCache(const SearchResultCacheOptions& options) : options_(options) {}
  // Waits for a running background job; drops queued ones.
  ~SearchResultCache();
  const SearchResultCacheOptions& options() const { return options_; }

  // The entry for `key`, created empty when absent. Never null.
  std::shared_ptr<SearchResultCacheEntry> Get(const std::string& key);
  // Counters, updated by the Searcher.
  std::atomic<uint64_t> level{0}, updated{0}, full{0};

  // Runs `job` on the cache's own thread (started on first use), one job at
  // a time in order: refreshes that no search should wait for.
  void RunInBackground(std::function<void()> job);

  // Evicts least recently used entries while over max_entries or max_bytes.
  // Call without holding any entry's mutex.
  void Trim();

 private:
  SearchResultCacheOptions options_;
  std::mutex jobs_mu_;
  std::condition_variable jobs_cv_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::thread worker_;
  std::mutex mu_;
  std::list<std::string> lru_;  // Most recent first.
  std::unordered_map<std::string, std::pair<std::shared_ptr<SearchResultCacheEntry>,
                                            std::list<std::string>::iterator>>
      entries_;
};

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_RESULT_CACHE_H_
