// Paging through a cached search after writes: every matching case once, on
// exactly one page, and totals that count a case deleted and written again
// once. (Kept hits keep the scores of their run while the collection's
// statistics move on; a page past them must continue their order, not start
// a fresh one.)
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "cached_searchers.h"

namespace casebook::search {
namespace {

// A case whose body holds 电梯 `times` times in `filler` characters of text,
// so the matching cases score apart.
Case Matching(int n, int times, int filler) {
  Case c;
  c.id = "2024-P-" + std::to_string(n);
  c.kind = CaseKind::kDeputySuggestion;
  c.year = 2024;
  c.received = "2024-03-" + std::to_string(10 + n % 18) + "T09:" + std::to_string(10 + n % 50);
  c.title = "关于第" + std::to_string(n) + "号意见的建议";
  for (int k = 0; k < times; ++k) c.body += "加装电梯。";
  for (int k = 0; k < filler; ++k) c.body += "道路养护";
  return c;
}

// A long case that does not match: it moves the collection's statistics.
Case Other(int n) {
  Case c;
  c.id = "2024-Q-" + std::to_string(n);
  c.kind = CaseKind::kCppccProposal;
  c.year = 2024;
  c.received = "2024-05-01T10:00";
  c.title = "关于河道整治的提案";
  for (int k = 0; k < 60; ++k) c.body += "河道整治和绿化养护";
  return c;
}

class ResultCachePagingTest : public CachedSearchersTest {
 protected:
  void SetUp() override {
    std::vector<Case> cases;
    for (int n = 0; n < 60; ++n) cases.push_back(Matching(n, 1 + n % 7, 5 + (n * 13) % 40));
    for (int n = 0; n < 20; ++n) cases.push_back(Other(n));
    SearcherOptions o;
    o.result_cache.max_entries = 16;
    o.result_cache.top_hits = 40;
    o.result_cache.max_growth = 100;  // No background refresh: the kept scores stay old.
    ASSERT_NO_FATAL_FAILURE(OpenWith(cases, o));
  }

  SearchRequest Request(const std::string& year_filter) const {
    SearchRequest r;
    r.query = "电梯";
    r.mode = MatchMode::kAll;
    if (!year_filter.empty()) r.filters = {{"year", year_filter}};
    return r;
  }

  // The ids of every page of `r`, `limit` at a time, in order.
  std::vector<std::string> AllPages(SearchRequest r, size_t limit) {
    std::vector<std::string> ids;
    r.limit = limit;
    for (r.offset = 0;; r.offset += limit) {
      Result<SearchResponse> page = cached_->Search(r);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok() || page->hits.empty()) break;
      for (const SearchHit& h : page->hits) ids.push_back(h.id);
      if (r.offset + limit >= page->total) break;
    }
    return ids;
  }

  // Every case the uncached searcher finds for `r`.
  std::set<std::string> Expected(SearchRequest r) {
    r.limit = 100;
    Result<SearchResponse> all = plain_->Search(r);
    EXPECT_TRUE(all.ok());
    std::set<std::string> ids;
    for (const SearchHit& h : all->hits) ids.insert(h.id);
    return ids;
  }

  // Writes enough long non-matching cases to move every score, then touches
  // (a tag) the matching case the uncached searcher ranks `rank`-th: it is
  // scored again with the new statistics while the kept hits are not.
  void MoveStatisticsAndTouch(size_t rank) {
    std::vector<Case> others;
    for (int n = 20; n < 220; ++n) others.push_back(Other(n));
    ASSERT_OK(store_->PutBatch(others));
    ASSERT_OK(index_->CatchUp(*store_));
    SearchRequest r = Request("");
    r.offset = rank;
    r.limit = 1;
    Result<SearchResponse> at = plain_->Search(r);
    ASSERT_OK(at);
    ASSERT_EQ(at->hits.size(), 1u);
    Result<Case> touched = store_->Get(at->hits[0].id);
    ASSERT_OK(touched);
    touched->tags = {"已督办"};
    ASSERT_OK(store_->PutBatch({*touched}));
    ASSERT_OK(index_->CatchUp(*store_));
  }
};

// Pages read before the writes fill the kept hits (40, the cache's
// top_hits); pages after them continue the kept order past the 40th.
TEST_F(ResultCachePagingTest, PagesPastTheKeptHitsNeitherRepeatNorSkipACaseAfterWrites) {
  const SearchRequest r = Request("");
  EXPECT_EQ(AllPages(r, 10).size(), 60u);
  MoveStatisticsAndTouch(45);
  const std::vector<std::string> ids = AllPages(r, 7);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size()) << "a case repeated";
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), Expected(r));
}

// Only the first page read before the writes (20 hits kept); later pages
// reach past them, within and past the cache's top_hits.
TEST_F(ResultCachePagingTest, PagesPastAShallowEntryNeitherRepeatNorSkipACaseAfterWrites) {
  const SearchRequest r = Request("2024");
  SearchRequest first = r;
  first.limit = 10;
  ASSERT_OK(cached_->Search(first));
  MoveStatisticsAndTouch(25);
  const std::vector<std::string> ids = AllPages(r, 7);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size()) << "a case repeated";
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), Expected(r));
}

// Deleted and written again before the next search, each caught up by the
// index on its own: a new Xapian document, so the entry must not keep the
// old one's match too. Once for the case
// ranked last (outside the kept hits), once for the first (inside them).
TEST_F(ResultCachePagingTest, ACaseDeletedAndWrittenAgainCountsOnce) {
  SearchRequest r = Request("");
  r.limit = 10;
  SearchRequest all = r;
  all.limit = 100;
  Result<SearchResponse> ranked = plain_->Search(all);
  ASSERT_OK(ranked);
  ASSERT_EQ(ranked->hits.size(), 60u);
  for (const std::string& id : {ranked->hits.back().id, ranked->hits.front().id}) {
    Result<SearchResponse> before = cached_->Search(r);
    ASSERT_OK(before);
    ASSERT_EQ(before->total, 60u);
    Result<Case> again = store_->Get(id);
    ASSERT_OK(again);
    ASSERT_OK(store_->Delete(id));
    ASSERT_OK(index_->CatchUp(*store_));  // The index drops its document...
    ASSERT_OK(store_->PutBatch({*again}));
    ASSERT_OK(index_->CatchUp(*store_));  // ...and adds a new one.
    Result<SearchResponse> after = cached_->Search(r);
    ASSERT_OK(after);
    EXPECT_EQ(after->total, 60u) << id;
    uint64_t kinds = 0;
    for (const FacetCount& f : after->facets.at("kind")) kinds += f.count;
    EXPECT_EQ(kinds, 60u) << id;
  }
}

}  // namespace
}  // namespace casebook::search
