// Searcher::RunCached: searches answered from the result cache, brought level
// with the index by re-running the query on the cases changed since.
#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <unordered_set>

#include "search/case_document.h"
#include "search/facet_table.h"
#include "search/index_schema.h"
#include "search/result_cache.h"
#include "search/searcher_internal.h"

namespace casebook::search {

namespace {

using Q = Xapian::Query;

// What makes two requests share an entry: all that selects and orders hits.
std::string CacheKey(const SearchRequest& r) {
  std::string key = r.query;
  key += '\x1f';
  key += std::to_string(static_cast<int>(r.sort)) + "," + std::to_string(static_cast<int>(r.mode));
  for (const auto& [field, value] : r.filters) key += "\x1f" + field + "=" + value;
  return key;
}

}  // namespace

Status Searcher::RecordMatches(Reader* reader, const QueryPlan& plan,
                               const std::vector<std::string>* only_ids,
                               SearchResultCacheEntry* entry, PreparedQuery* prepared) const {
  Xapian::Database& db = *reader->db;
  PreparedQuery local;
  if (prepared == nullptr) prepared = &local;
  CASEBOOK_RETURN_IF_ERROR(Prepare(reader, plan, prepared));
  Q query = prepared->query;
  // Every match is recorded (check_at_least); hits are kept up to the entry's depth.
  MatchWindow window;
  window.count = entry->top_capacity;
  window.check_at_least = db.get_doccount();
  if (only_ids != nullptr) {
    std::vector<Q> id_terms;
    id_terms.reserve(only_ids->size());
    for (const std::string& id : *only_ids) id_terms.emplace_back(IdTerm(id));
    query = Q(Q::OP_FILTER, query, Q(Q::OP_OR, id_terms.begin(), id_terms.end()));
    window.count = window.check_at_least = only_ids->size();
  }
  DocidCollector matches([entry](uint32_t docid) { entry->AddMatch(docid); });
  const Xapian::MSet mset =
      MatchQuery(db, query, plan.request, prepared->has_text, options_, window, &matches);
  const HitOrder order{plan.request.sort, prepared->has_text};
  for (auto it = mset.begin(); it != mset.end(); ++it) entry->OfferHit(HitOf(it), *it, order);
  return Status::Ok();
}

Status Searcher::FillEntry(Reader* reader, const QueryPlan& plan, SearchResultCacheEntry* entry,
                           size_t depth) const {
  const SearchRequest& request = plan.request;
  Xapian::Database& db = *reader->db;
  ++cache_->full;
  const size_t page_end = request.offset + request.limit;
  entry->Reset(std::min(cache_->options().top_hits,
                        std::max({depth, entry->top_capacity, size_t{20}, 2 * page_end})));
  PreparedQuery prepared;
  CASEBOOK_RETURN_IF_ERROR(RecordMatches(reader, plan, nullptr, entry, &prepared));
  entry->ranked = prepared.ranked;
  entry->highlight = std::move(prepared.highlight);
  entry->seq = entry->seq_at_full_run = IndexSeqOf(db);
  entry->index_uuid = db.get_uuid();
  entry->doc_count_at_full_run = db.get_doccount();
  entry->valid = true;
  return Status::Ok();
}

Status Searcher::BringEntryLevel(Reader* reader, const QueryPlan& plan, uint64_t seq,
                                 const std::string& uuid, SearchResultCacheEntry* entry) const {
  Xapian::Database& db = *reader->db;
  const bool same_index = entry->valid && entry->index_uuid == uuid;
  if (same_index && entry->seq >= seq) {  // Level, or newer than this reader.
    ++cache_->level;
    return Status::Ok();
  }
  const SearchResultCacheOptions& o = cache_->options();
  if (!same_index) return FillEntry(reader, plan, entry);
  const auto changes = CasesChangedBetween(*store_, entry->seq, seq, o.max_changes);
  // A changed case keeps its docid; a deleted one's is unknown here (and a
  // case deleted and written again has a new one): full run.
  if (!changes || changes->deletions) return FillEntry(reader, plan, entry);
  const std::unordered_set<std::string>& changed = changes->ids;
  std::unordered_set<uint32_t> docids;
  for (const std::string& id : changed) {
    Xapian::PostingIterator p = db.postlist_begin(IdTerm(id));
    if (p == db.postlist_end(IdTerm(id))) return FillEntry(reader, plan, entry);
    docids.insert(*p);
  }
  entry->valid = false;  // Until the changes are in: an exception leaves it for a full run.
  if (!entry->RemoveDocuments(docids, changed)) return FillEntry(reader, plan, entry);
  if (!changed.empty()) {
    const std::vector<std::string> ids(changed.begin(), changed.end());
    CASEBOOK_RETURN_IF_ERROR(RecordMatches(reader, plan, &ids, entry, nullptr));
  }
  entry->seq = seq;
  entry->valid = true;
  ++cache_->updated;
  return Status::Ok();
}

bool Searcher::DueForRefresh(const Reader& reader, SearchResultCacheEntry* entry) const {
  if (!entry->valid || entry->refreshing) return false;
  const double docs = static_cast<double>(reader.db->get_doccount());
  const double before = static_cast<double>(entry->doc_count_at_full_run);
  if (std::abs(docs - before) <= cache_->options().max_growth * std::max(before, 1.0)) {
    return false;
  }
  entry->refreshing = true;
  return true;
}

Status Searcher::RefreshEntry(const QueryPlan& plan, SearchResultCacheEntry* entry) const {
  size_t depth = 0;
  {
    std::shared_lock<std::shared_mutex> lock(entry->mu);
    depth = entry->top_capacity;
  }
  SearchResultCacheEntry fresh;
  Status status = OnReader([&](Reader* reader) {
    reader->db->reopen();
    return FillEntry(reader, plan, &fresh, depth);
  });
  std::unique_lock<std::shared_mutex> lock(entry->mu);
  entry->refreshing = false;
  if (status.ok()) entry->SwapContents(&fresh);  // Later searches bring it level as usual.
  return status;
}

namespace {

// Whether the entry keeps the hits of the request's page (it keeps its best
// top_capacity hits, or every match when there are fewer).
bool DeepEnough(const SearchResultCacheEntry& entry, const SearchRequest& request) {
  return entry.top_capacity >= request.offset + request.limit ||
         entry.top().size() >= entry.total();
}

// Copies the requested page of a level entry into `response`; lists the
// hits whose snippets are still to be made.
void CopyPage(const SearchResultCacheEntry& entry, const SearchRequest& request,
              SearchResponse* response, std::vector<std::string>* highlight,
              std::vector<size_t>* need_snippet) {
  *response = SearchResponse();
  response->total = entry.total();
  response->ranked = entry.ranked;
  const std::vector<CachedHit>& top = entry.top();
  const size_t end = std::min(top.size(), request.offset + request.limit);
  for (size_t i = request.offset; i < end; ++i) {
    response->hits.push_back(top[i].hit);
    if (!request.snippets) response->hits.back().snippet.clear();
    if (request.snippets && !top[i].has_snippet) need_snippet->push_back(i - request.offset);
  }
  if (!need_snippet->empty()) *highlight = entry.highlight;
  if (request.facets) response->facets = entry.Facets(request.facet_values);
}

}  // namespace

Status Searcher::ContinuePastKeptHits(Reader* reader, const QueryPlan& plan,
                                      const std::unordered_set<uint32_t>& kept,
                                      SearchResponse* response,
                                      std::vector<size_t>* need_snippet) const {
  const SearchRequest& request = plan.request;
  const size_t page_end = request.offset + request.limit;
  size_t skip = request.offset > kept.size() ? request.offset - kept.size() : 0;
  size_t wanted = request.limit - response->hits.size();
  PreparedQuery prepared;
  CASEBOOK_RETURN_IF_ERROR(Prepare(reader, plan, &prepared));
  // The best page_end hits of a fresh run hold at least page_end - kept.size()
  // that are not kept: every one the page needs.
  MatchWindow window;
  window.count = window.check_at_least = page_end;
  const Xapian::MSet mset = MatchQuery(*reader->db, prepared.query, request, prepared.has_text,
                                       options_, window, nullptr);
  for (auto it = mset.begin(); it != mset.end() && wanted > 0; ++it) {
    if (kept.count(*it) > 0) continue;
    if (skip > 0) {
      --skip;
      continue;
    }
    response->hits.push_back(HitOf(it));
    if (request.snippets) need_snippet->push_back(response->hits.size() - 1);
    --wanted;
  }
  return Status::Ok();
}

Result<SearchResponse> Searcher::RunCached(const QueryPlan& plan) const {
  const SearchRequest& request = plan.request;
  std::shared_ptr<SearchResultCacheEntry> entry = cache_->Get(CacheKey(request));
  SearchResponse response;
  bool grew = false;
  bool refresh = false;
  Status status = OnReader([&](Reader* reader) {
    Xapian::Database& db = *reader->db;
    db.reopen();
    const uint64_t seq = IndexSeqOf(db);
    const std::string uuid = db.get_uuid();
    std::vector<std::string> highlight;
    std::vector<size_t> need_snippet;
    bool served = false;
    {  // Most searches: the entry is level; many readers at once.
      std::shared_lock<std::shared_mutex> lock(entry->mu);
      if (entry->valid && entry->index_uuid == uuid && entry->seq >= seq && entry->facets_ready() &&
          DeepEnough(*entry, request)) {
        CopyPage(*entry, request, &response, &highlight, &need_snippet);
        served = true;
        ++cache_->level;
      }
    }
    // The kept hits' docids, when the page reaches past them.
    std::optional<std::unordered_set<uint32_t>> kept;
    if (!served) {
      std::unique_lock<std::shared_mutex> lock(entry->mu);
      const uint64_t total_before = entry->valid ? entry->total() : 0;
      CASEBOOK_RETURN_IF_ERROR(BringEntryLevel(reader, plan, seq, uuid, entry.get()));
      // A deeper page than the entry keeps: while its hits are a full run's,
      // run it again deeper (the same revision orders them the same way).
      if (!DeepEnough(*entry, request) && entry->as_run_in_full() &&
          request.offset + request.limit <= cache_->options().top_hits) {
        CASEBOOK_RETURN_IF_ERROR(FillEntry(reader, plan, entry.get(), cache_->options().top_hits));
      }
      grew = entry->total() > total_before;
      refresh = DueForRefresh(*reader, entry.get());
      std::shared_ptr<const FacetTable> table = FacetTableFor(reader);
      entry->PrepareFacets(
          [&table](const std::vector<uint32_t>& docids) { return table->Count(docids, SIZE_MAX); });
      CopyPage(*entry, request, &response, &highlight, &need_snippet);
      if (!DeepEnough(*entry, request)) {
        kept.emplace();
        for (const CachedHit& h : entry->top()) kept->insert(h.docid);
        highlight = entry->highlight;
      }
    }
    if (kept) {
      CASEBOOK_RETURN_IF_ERROR(ContinuePastKeptHits(reader, plan, *kept, &response, &need_snippet));
    }
    if (need_snippet.empty()) return Status::Ok();
    SearchResponse fresh;  // Snippets are made outside the lock, then kept.
    fresh.ranked = response.ranked;
    for (size_t i : need_snippet) fresh.hits.push_back(response.hits[i]);
    AddSnippets(highlight, *reader->analyzer, &fresh);
    std::unique_lock<std::shared_mutex> lock(entry->mu);
    for (size_t k = 0; k < need_snippet.size(); ++k) {
      SearchHit& hit = response.hits[need_snippet[k]];
      hit.snippet = fresh.hits[k].snippet;
      for (CachedHit& kept : entry->top()) {
        if (kept.hit.id != hit.id || kept.has_snippet) continue;
        kept.hit.snippet = hit.snippet;
        kept.has_snippet = true;
      }
    }
    return Status::Ok();
  });
  if (grew) cache_->Trim();
  if (!status.ok()) return status;
  // Scores of kept hits drift as the collection grows: the query runs afresh
  // in the background while searches keep being served from the entry.
  if (refresh) {
    cache_->RunInBackground([this, plan, entry] {
      if (RefreshEntry(plan, entry.get()).ok()) cache_->Trim();
    });
  }
  return response;
}

SearchCacheStats Searcher::CacheStats() const {
  SearchCacheStats stats;
  if (cache_ == nullptr) return stats;
  stats.level = cache_->level;
  stats.updated = cache_->updated;
  stats.full = cache_->full;
  return stats;
}

}  // namespace casebook::search
