// The result cache must answer exactly what an uncached search answers, after
// any mix of added, changed and deleted cases.
#include "search/result_cache.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "cached_searchers.h"
#include "search/index_schema.h"

namespace casebook::search {
namespace {

// Words written for this test; each case's text is a random mix of them.
const char* const kWords[] = {"垃圾分类", "加装电梯", "停车难",   "老旧小区", "公交线路",
                              "河道整治", "养老服务", "社区医院", "噪音扰民", "路灯维修"};
const char* const kUnits[] = {"市交通委", "区民政局", "区卫生健康委", "市绿化市容局"};

Case RandomCase(int n, std::mt19937* rng) {
  Case c;
  c.id = "2024-T-" + std::to_string(n);
  c.kind = (*rng)() % 2 ? CaseKind::kDeputySuggestion : CaseKind::kCppccProposal;
  c.year = 2020 + static_cast<int>((*rng)() % 5);
  char day[16];
  std::snprintf(day, sizeof day, "%04d-%02d-%02d", c.year, 1 + n % 12, 1 + n % 28);
  c.received = std::string(day) + "T" + std::to_string(10 + n % 10) + ":" +
               std::to_string(10 + n % 50);  // Distinct: date order is total.
  c.title = std::string("关于") + kWords[(*rng)() % 10] + "的建议";
  for (int k = 0; k < 4; ++k) c.body += std::string(kWords[(*rng)() % 10]) + "问题需要解决。";
  c.units.lead = {kUnits[(*rng)() % 4]};
  if ((*rng)() % 3 == 0) c.units.co = {kUnits[(*rng)() % 4]};
  const CaseResult results[] = {CaseResult::kSolved, CaseResult::kSolving, CaseResult::kPlanned,
                                CaseResult::kReference};
  c.result = results[(*rng)() % 4];
  c.status = (*rng)() % 2 ? CaseStatus::kClosed : CaseStatus::kReplied;
  return c;
}

class ResultCacheTest : public CachedSearchersTest {
 protected:
  void SetUp() override {
    std::vector<Case> cases;
    for (int n = 0; n < 120; ++n) cases.push_back(RandomCase(next_++, &rng_));
    SearcherOptions cached_options;
    cached_options.result_cache.max_entries = 64;
    cached_options.result_cache.top_hits = 30;
    cached_options.result_cache.max_growth = 10;  // Keep updating: the path under test.
    ASSERT_NO_FATAL_FAILURE(OpenWith(cases, cached_options));
  }

  // Adds and changes a few cases (and deletes two when `delete_some`: the
  // entries then run in full), then brings the index level.
  void Mutate(bool delete_some) {
    std::vector<Case> puts;
    for (int k = 0; k < 5; ++k) puts.push_back(RandomCase(next_++, &rng_));
    for (int k = 0; k < 5; ++k) puts.push_back(RandomCase(static_cast<int>(rng_() % next_), &rng_));
    Result<std::vector<PutOutcome>> put = store_->PutBatch(puts);
    ASSERT_OK(put);
    for (int k = 0; delete_some && k < 2; ++k) {
      store_->Delete("2024-T-" + std::to_string(rng_() % next_)).ok();  // NotFound is fine.
    }
    ASSERT_OK(index_->CatchUp(*store_));
  }

  // Compares one request's answers from both searchers.
  void ExpectSame(SearchRequest r) {
    SCOPED_TRACE(r.query + " sort " + std::to_string(static_cast<int>(r.sort)));
    Result<SearchResponse> a = cached_->Search(r);
    Result<SearchResponse> b = plain_->Search(r);
    ASSERT_OK(a);
    ASSERT_OK(b);
    EXPECT_EQ(a->total, b->total);
    ASSERT_EQ(a->facets.size(), b->facets.size());
    for (const auto& [name, values] : b->facets) {
      const auto& mine = a->facets.at(name);
      ASSERT_EQ(mine.size(), values.size()) << name;
      std::map<std::string, uint64_t> x, y;
      for (const FacetCount& f : mine) x[f.value] = f.count;
      for (const FacetCount& f : values) y[f.value] = f.count;
      EXPECT_EQ(x, y) << name;
    }
    std::vector<std::string> ids_a, ids_b;
    for (const SearchHit& h : a->hits) ids_a.push_back(h.id);
    for (const SearchHit& h : b->hits) ids_b.push_back(h.id);
    if (r.sort == SortOrder::kRelevance) {
      // Kept hits carry the scores of their first run: compare the sets when
      // the page holds every match, and the length otherwise.
      EXPECT_EQ(ids_a.size(), ids_b.size());
      if (r.offset == 0 && a->total <= r.limit) {
        std::sort(ids_a.begin(), ids_a.end());
        std::sort(ids_b.begin(), ids_b.end());
        EXPECT_EQ(ids_a, ids_b);
      }
    } else {
      EXPECT_EQ(ids_a, ids_b);
      for (size_t i = 0; i < a->hits.size() && i < b->hits.size(); ++i) {
        EXPECT_EQ(a->hits[i].snippet, b->hits[i].snippet) << a->hits[i].id;
        EXPECT_EQ(a->hits[i].title, b->hits[i].title);
        EXPECT_EQ(a->hits[i].result, b->hits[i].result);
      }
    }
  }

  void CompareAll() {
    const char* const queries[] = {"垃圾分类", "电梯",       "停车 老旧",    "养老 OR 噪音",
                                   "",         "问题 -河道", "unit:市交通委"};
    for (const char* q : queries) {
      for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kNewest, SortOrder::kOldest}) {
        SearchRequest r;
        r.query = q;
        r.sort = sort;
        r.limit = 20;
        ExpectSame(r);
        r.offset = 15;
        r.limit = 10;
        ExpectSame(r);
        r.filters = {{"result", "solved"}};
        ExpectSame(r);
      }
    }
  }

  std::mt19937 rng_{42};
  int next_ = 0;
};

TEST_F(ResultCacheTest, AnswersLikeAnUncachedSearchAcrossChanges) {
  CompareAll();
  const SearchCacheStats first = cached_->CacheStats();
  EXPECT_GT(first.full, 0u);
  for (int round = 0; round < 6; ++round) {
    Mutate(round % 3 == 2);
    CompareAll();
  }
  const SearchCacheStats after = cached_->CacheStats();
  EXPECT_GT(after.updated, 0u) << "changes were applied to entries, not re-run in full";
  EXPECT_GT(after.level, 0u);
  EXPECT_EQ(plain_->CacheStats().full, 0u);  // The cache is off by default.
}

TEST_F(ResultCacheTest, RankedQueriesByRelevanceBypassTheCache) {
  // Ranked by relevance: re-scored by proximity on every run, never cached.
  SearchRequest r;
  r.query = "垃圾分类 电梯 停车 老旧";
  r.mode = MatchMode::kRanked;
  r.limit = 10;
  const SearchCacheStats before = cached_->CacheStats();
  for (int run = 0; run < 2; ++run) {
    Result<SearchResponse> a = cached_->Search(r);
    Result<SearchResponse> b = plain_->Search(r);
    ASSERT_OK(a);
    ASSERT_OK(b);
    EXPECT_TRUE(a->ranked);
    ASSERT_EQ(a->hits.size(), b->hits.size());
    ASSERT_FALSE(a->hits.empty());
    for (size_t i = 0; i < a->hits.size(); ++i) EXPECT_EQ(a->hits[i].id, b->hits[i].id) << i;
  }
  const SearchCacheStats after = cached_->CacheStats();
  EXPECT_EQ(after.full, before.full);
  EXPECT_EQ(after.level, before.level);
  // By date the same query is cached as before.
  r.sort = SortOrder::kNewest;
  ExpectSame(r);
  EXPECT_GT(cached_->CacheStats().full, before.full);
}

// The plan decides ranked or keyword once: a sentence-long query is ranked
// (re-scored, uncached) in auto mode, and the same text under mode=all is a
// keyword query, matched as such and cached.
TEST_F(ResultCacheTest, TheMatchModeDecidedOnceGovernsMatchingAndCaching) {
  SearchRequest r;
  r.query = "垃圾分类问题需要解决 加装电梯问题需要解决";  // 20 units: reads as a sentence.
  const SearchCacheStats before = cached_->CacheStats();
  Result<SearchResponse> ranked = cached_->Search(r);
  ASSERT_OK(ranked);
  EXPECT_TRUE(ranked->ranked);
  EXPECT_EQ(cached_->CacheStats().full, before.full);
  r.mode = MatchMode::kAll;
  ExpectSame(r);
  Result<SearchResponse> keyword = cached_->Search(r);
  ASSERT_OK(keyword);
  EXPECT_FALSE(keyword->ranked);
  EXPECT_LT(keyword->total, ranked->total);  // Both phrases must match, not any bigram.
  EXPECT_EQ(cached_->CacheStats().full, before.full + 1);
}

TEST_F(ResultCacheTest, DeepPagesAndManyQueriesStayCorrect) {
  SearchRequest r;
  r.query = "问题";
  r.offset = 25;
  r.limit = 10;  // Beyond top_hits (30): runs uncached.
  ExpectSame(r);
  for (int k = 0; k < 80; ++k) {  // More queries than entries: eviction.
    r = SearchRequest();
    r.query = kWords[k % 10];
    r.filters = {{"year", std::to_string(2020 + k % 8)}};
    ExpectSame(r);
  }
  Mutate(true);
  r.query = "垃圾分类";
  ExpectSame(r);
}

// A new query keeps only the hits near its page; a deeper page runs it again,
// deeper, and answers as an uncached search does.
TEST_F(ResultCacheTest, ADeeperPageThanTheEntryKeepsRunsItAgainDeeper) {
  SearchRequest r;
  r.query = "问题";
  r.sort = SortOrder::kNewest;
  r.limit = 5;
  ExpectSame(r);  // Keeps 20 hits.
  const uint64_t full = cached_->CacheStats().full;
  r.offset = 10;
  ExpectSame(r);  // Within the 20.
  EXPECT_EQ(cached_->CacheStats().full, full);
  r.offset = 22;
  ExpectSame(r);  // Beyond: run again, keeping 30 (the cache's top_hits).
  EXPECT_EQ(cached_->CacheStats().full, full + 1);
  r.offset = 25;
  ExpectSame(r);
  EXPECT_EQ(cached_->CacheStats().full, full + 1);
  Mutate(false);
  ExpectSame(r);  // Brought level at its depth.
}

TEST_F(ResultCacheTest, RefreshesScoresAsTheCollectionGrows) {
  SearcherOptions o;
  o.result_cache.max_entries = 64;
  o.result_cache.max_growth = 0.01;  // 5 new cases of 120 are more.
  auto refreshing = Searcher::Open(dir_ / "index", store_.get(), o);
  ASSERT_OK(refreshing);
  cached_ = std::move(*refreshing);
  CompareAll();
  const uint64_t full_before = cached_->CacheStats().full;
  Mutate(false);
  CompareAll();  // Served while the refreshes run in the background.
  for (int i = 0; i < 500 && cached_->CacheStats().full == full_before; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CompareAll();
  EXPECT_GT(cached_->CacheStats().full, full_before);
  EXPECT_GT(cached_->CacheStats().updated, 0u);
}

TEST(ResultCacheEntryTest, KeepsMatchesExactAndHitsOrdered) {
  SearchResultCacheEntry e;
  e.Reset(2);
  const HitOrder newest{SortOrder::kNewest, true};
  // Stands for the facet table: counts what it is given.
  std::vector<uint32_t> counted;
  auto count = [&counted](const std::vector<uint32_t>& docids) {
    counted = docids;
    std::sort(counted.begin(), counted.end());
    std::map<std::string, std::vector<FacetCount>> facets;
    if (!docids.empty()) facets["kind"].push_back({"appeal", docids.size()});
    return facets;
  };
  uint32_t docid = 0;
  for (const char* id : {"a", "b", "c"}) {
    e.AddMatch(++docid);
    SearchHit h;
    h.id = id;
    h.received = std::string("2024-01-0") + (id[0] == 'a' ? "1" : id[0] == 'b' ? "3" : "2");
    e.OfferHit(h, docid, newest);
  }
  e.AddMatch(3);  // A document matched again is counted once.
  EXPECT_EQ(e.total(), 3u);
  ASSERT_EQ(e.top().size(), 2u);
  EXPECT_EQ(e.top()[0].hit.id, "b");
  EXPECT_EQ(e.top()[1].hit.id, "c");
  EXPECT_FALSE(e.facets_ready());
  e.PrepareFacets(count);
  EXPECT_EQ(counted, (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_EQ(e.Facets(10)["kind"][0].count, 3u);
  counted.clear();
  e.PrepareFacets(count);  // Already counted: not again.
  EXPECT_TRUE(counted.empty());
  // Removing a kept hit while a match lies outside the kept ones: unknown order.
  EXPECT_FALSE(e.RemoveDocuments({2}, {"b"}));
  e.PrepareFacets(count);
  EXPECT_EQ(counted, (std::vector<uint32_t>{1, 3}));
  EXPECT_EQ(e.Facets(10)["kind"][0].count, 2u);
  e.Reset(5);
  e.AddMatch(7);
  SearchHit x;
  x.id = "x";
  e.OfferHit(x, 7, newest);
  EXPECT_TRUE(e.RemoveDocuments({7, 8}, {"x", "y"}));
  EXPECT_EQ(e.total(), 0u);
  e.PrepareFacets(count);
  EXPECT_TRUE(e.Facets(10)["kind"].empty());
}

}  // namespace
}  // namespace casebook::search
