// Pages of a ranked (re-scored) search: one list, sliced. The second stage
// re-scores the first stage's best few; a page must not depend on how many
// hits the request asked for, nor repeat or skip a case across pages.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "api/cli/demo_generator.h"
#include "cached_searchers.h"

namespace casebook::search {
namespace {

class RankedPagingTest : public CachedSearchersTest {
 protected:
  void SetUp() override {
    DemoOptions demo;
    demo.count = 600;
    ASSERT_NO_FATAL_FAILURE(OpenWith(GenerateDemoCases(demo), SearcherOptions()));
  }
};

TEST_F(RankedPagingTest, PagesAreSlicesOfOneListWhateverTheirSize) {
  for (const char* question :
       {"老旧小区加装电梯的补贴标准和审批流程现在怎么样了",
        "公交线路调整以后居民出行不方便的问题怎么解决", "大理市要求市民履行哪些义务？"}) {
    SCOPED_TRACE(question);
    SearchRequest r;
    r.query = question;
    r.mode = MatchMode::kRanked;
    r.limit = 120;
    Result<SearchResponse> whole = plain_->Search(r);
    ASSERT_OK(whole);
    ASSERT_TRUE(whole->ranked);
    ASSERT_GE(whole->hits.size(), 100u);  // Well past the re-scored 30.
    std::vector<std::string> expected;
    for (const SearchHit& h : whole->hits) expected.push_back(h.id);
    for (size_t limit : {7u, 10u, 30u}) {
      std::vector<std::string> paged;
      r.limit = limit;
      for (r.offset = 0; paged.size() < expected.size(); r.offset += limit) {
        Result<SearchResponse> page = plain_->Search(r);
        ASSERT_OK(page);
        ASSERT_FALSE(page->hits.empty());
        for (const SearchHit& h : page->hits) paged.push_back(h.id);
        for (size_t k = 1; k < page->hits.size(); ++k) {
          EXPECT_GE(page->hits[k - 1].score, page->hits[k].score) << "limit " << limit;
        }
      }
      paged.resize(expected.size());
      EXPECT_EQ(paged, expected) << "limit " << limit;
    }
  }
}

}  // namespace
}  // namespace casebook::search
