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

void SearchResultCacheEntry::Reset(size_t capacity) {
  valid = false;
  top_capacity = capacity;
  matches_.clear();
  values_.clear();
  values_index_.clear();
  for (auto& c : counts_) c.clear();
  top_.clear();
  highlight.clear();
}

uint32_t SearchResultCacheEntry::InternValues(const FacetValues& values) {
  std::string joined;
  for (const std::string& v : values) {
    joined += v;
    joined.push_back('\x1e');
  }
  auto [it, added] = values_index_.emplace(std::move(joined), values_.size());
  if (added) values_.push_back(values);
  return it->second;
}

void SearchResultCacheEntry::Count(uint32_t values_index, int64_t delta) {
  const FacetValues& values = values_[values_index];
  auto add = [&](size_t facet, const std::string& value) {
    if (value.empty()) return;
    auto& counts = counts_[facet];
    int64_t& n = counts[value];
    n += delta;
    if (n <= 0) counts.erase(value);
  };
  for (size_t f = 0; f < values.size(); ++f) {
    if (f != kUnitFacet) {
      add(f, values[f]);
      continue;
    }
    const std::string& joined = values[f];
    size_t start = 0;
    while (start < joined.size()) {
      size_t end = joined.find(kUnitSeparator, start);
      if (end == std::string::npos) end = joined.size();
      add(f, joined.substr(start, end - start));
      start = end + 1;
    }
  }
}

void SearchResultCacheEntry::AddMatch(const std::string& id, const FacetValues& values) {
  const uint32_t index = InternValues(values);
  auto [it, added] = matches_.emplace(id, index);
  if (!added) {
    Count(it->second, -1);
    it->second = index;
  }
  Count(index, +1);
}

void SearchResultCacheEntry::OfferHit(SearchHit hit, const HitOrder& order) {
  auto pos = std::upper_bound(top_.begin(), top_.end(), hit,
                              [&](const SearchHit& h, const CachedHit& c) {
                                return order.Before(h, c.hit);
                              });
  if (static_cast<size_t>(pos - top_.begin()) >= top_capacity) return;
  top_.insert(pos, CachedHit{std::move(hit), false});
  if (top_.size() > top_capacity) top_.pop_back();
}

bool SearchResultCacheEntry::RemoveCases(const std::unordered_set<std::string>& ids) {
  const bool top_holds_all = top_.size() >= matches_.size();
  bool removed_top_hit = false;
  for (const std::string& id : ids) {
    auto it = matches_.find(id);
    if (it == matches_.end()) continue;
    Count(it->second, -1);
    matches_.erase(it);
  }
  auto gone = [&](const CachedHit& c) { return ids.count(c.hit.id) > 0; };
  auto first_gone = std::remove_if(top_.begin(), top_.end(), gone);
  removed_top_hit = first_gone != top_.end();
  top_.erase(first_gone, top_.end());
  return top_holds_all || !removed_top_hit;
}

size_t SearchResultCacheEntry::match_bytes() const {
  return matches_.size() * 64 + values_.size() * 256 + top_.size() * 512;
}

std::map<std::string, std::vector<FacetCount>> SearchResultCacheEntry::Facets(size_t keep) const {
  std::map<std::string, std::vector<FacetCount>> out;
  for (size_t f = 0; f < kFacetNames.size(); ++f) {
    std::vector<FacetCount> values;
    for (const auto& [value, n] : counts_[f]) values.push_back({value, static_cast<uint64_t>(n)});
    std::stable_sort(values.begin(), values.end(),
                     [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
    if (values.size() > keep) values.resize(keep);
    out[kFacetNames[f]] = std::move(values);
  }
  return out;
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
    std::unique_lock<std::mutex> entry_lock(entry->mu, std::try_to_lock);
    if (entry_lock.owns_lock()) bytes += entry->match_bytes();
  }
  while (!lru_.empty() && (lru_.size() > options_.max_entries || bytes > options_.max_bytes)) {
    const std::string key = lru_.back();
    auto& entry = entries_.at(key).first;
    {
      std::unique_lock<std::mutex> entry_lock(entry->mu, std::try_to_lock);
      if (entry_lock.owns_lock()) bytes -= std::min(bytes, entry->match_bytes());
    }
    entries_.erase(key);
    lru_.pop_back();
  }
}

}  // namespace casebook::search
