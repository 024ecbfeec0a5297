#include "search/result_cache.h"

#include <algorithm>

#include "search/index_schema.h"

namespace casebook::search {

bool HitOrder::Before(const SearchHit& a, const SearchHit& b) const {
  switch (sort) {
    case SortOrder::kNewest:
      if (a.received != b.received) return a.received > b.received;
      return a.score > b.score;
    case SortOrder::kOldest:
      if (a.received != b.received) return a.received < b.received;
      return a.score > b.score;
    case SortOrder::kRelevance:
      if (has_text && a.score != b.score) return a.score > b.score;
      return a.received > b.received;
  }
  return false;
}

void SearchResultCacheEntry::SwapContents(SearchResultCacheEntry* other) {
  std::swap(valid, other->valid);
  std::swap(seq, other->seq);
  std::swap(index_uuid, other->index_uuid);
  std::swap(doc_count_at_full_run, other->doc_count_at_full_run);
  std::swap(seq_at_full_run, other->seq_at_full_run);
  std::swap(ranked, other->ranked);
  std::swap(highlight, other->highlight);
  std::swap(top_capacity, other->top_capacity);
  std::swap(matches_, other->matches_);
  std::swap(facets_stale_, other->facets_stale_);
  std::swap(facets_, other->facets_);
  std::swap(top_, other->top_);
}

void SearchResultCacheEntry::Reset(size_t capacity) {
  valid = false;
  top_capacity = capacity;
  matches_.clear();
  facets_stale_ = true;
  top_.clear();
  highlight.clear();
}

void SearchResultCacheEntry::AddMatch(uint32_t docid) {
  matches_.insert(docid);
  facets_stale_ = true;
}

void SearchResultCacheEntry::OfferHit(SearchHit hit, uint32_t docid, const HitOrder& order) {
  auto pos = std::upper_bound(
      top_.begin(), top_.end(), hit,
      [&](const SearchHit& h, const CachedHit& c) { return order.Before(h, c.hit); });
  if (static_cast<size_t>(pos - top_.begin()) >= top_capacity) return;
  top_.insert(pos, CachedHit{std::move(hit), docid, false});
  if (top_.size() > top_capacity) top_.pop_back();
}

bool SearchResultCacheEntry::RemoveDocuments(const std::unordered_set<uint32_t>& docids,
                                             const std::unordered_set<std::string>& ids) {
  const bool top_holds_all = top_.size() >= matches_.size();
  for (uint32_t docid : docids) {
    if (matches_.erase(docid) > 0) facets_stale_ = true;
  }
  auto gone = [&](const CachedHit& c) { return ids.count(c.hit.id) > 0; };
  auto first_gone = std::remove_if(top_.begin(), top_.end(), gone);
  const bool removed_top_hit = first_gone != top_.end();
  top_.erase(first_gone, top_.end());
  return top_holds_all || !removed_top_hit;
}

size_t SearchResultCacheEntry::match_bytes() const {
  return matches_.size() * 24 + top_.size() * 512;
}

void SearchResultCacheEntry::PrepareFacets(
    const std::function<std::map<std::string, std::vector<FacetCount>>(
        const std::vector<uint32_t>& docids)>& count) {
  if (!facets_stale_) return;
  facets_ = count(std::vector<uint32_t>(matches_.begin(), matches_.end()));
  facets_stale_ = false;
}

std::map<std::string, std::vector<FacetCount>> SearchResultCacheEntry::Facets(size_t keep) const {
  std::map<std::string, std::vector<FacetCount>> out;
  for (const auto& [name, values] : facets_) {
    out[name].assign(values.begin(), values.begin() + std::min(keep, values.size()));
  }
  return out;
}

SearchResultCache::~SearchResultCache() {
  {
    std::lock_guard<std::mutex> lock(jobs_mu_);
    stopping_ = true;
    jobs_.clear();
  }
  jobs_cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void SearchResultCache::RunInBackground(std::function<void()> job) {
  std::lock_guard<std::mutex> lock(jobs_mu_);
  if (stopping_) return;
  jobs_.push_back(std::move(job));
  if (!worker_.joinable()) {
    worker_ = std::thread([this] {
      std::unique_lock<std::mutex> lock(jobs_mu_);
      while (true) {
        jobs_cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (stopping_) return;
        std::function<void()> next = std::move(jobs_.front());
        jobs_.pop_front();
        lock.unlock();
        next();
        lock.lock();
      }
    });
  }
  jobs_cv_.notify_one();
}

std::shared_ptr<SearchResultCacheEntry> SearchResultCache::Get(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second.second);
    return it->second.first;
  }
  lru_.push_front(key);
  auto entry = std::make_shared<SearchResultCacheEntry>();
  entries_.emplace(key, std::make_pair(entry, lru_.begin()));
  return entry;
}

void SearchResultCache::Trim() {
  std::lock_guard<std::mutex> lock(mu_);
  size_t bytes = 0;
  for (const std::string& key : lru_) {
    auto& entry = entries_.at(key).first;
    std::shared_lock<std::shared_mutex> entry_lock(entry->mu, std::try_to_lock);
    if (entry_lock.owns_lock()) bytes += entry->match_bytes();
  }
  while (!lru_.empty() && (lru_.size() > options_.max_entries || bytes > options_.max_bytes)) {
    const std::string key = lru_.back();
    auto& entry = entries_.at(key).first;
    {
      std::shared_lock<std::shared_mutex> entry_lock(entry->mu, std::try_to_lock);
      if (entry_lock.owns_lock()) bytes -= std::min(bytes, entry->match_bytes());
    }
    entries_.erase(key);
    lru_.pop_back();
  }
}

}  // namespace casebook::search
