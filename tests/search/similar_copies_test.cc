// Similar cases without the query's copies: when many copies rank first,
// the other similar cases still fill the limit.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cached_searchers.h"
#include "search/similar_cases.h"

namespace casebook::search {
namespace {

const char* const kSentences[] = {"我社区老旧小区住户以老年人为主，上下楼十分困难。",
                                  "建议加快推进既有住宅加装电梯工作。",
                                  "加装电梯涉及低层住户利益，协商难度大。",
                                  "希望政府出台补贴政策并简化审批流程。",
                                  "部分楼道管线复杂，需要统筹迁改。",
                                  "建议明确电梯后期维护保养责任。",
                                  "可以探索代建代管的运营模式。",
                                  "请相关部门加强对施工安全的监管。"};

// Copies: all eight sentences, one word changed. Others: four of them and
// four sentences of their own, so they are similar but no copies.
Case Make(int n, bool copy) {
  Case c;
  c.id = std::string(copy ? "2024-CP-" : "2024-OT-") + std::to_string(n);
  c.kind = CaseKind::kDeputySuggestion;
  c.year = 2024;
  c.received = "2024-02-" + std::to_string(10 + n % 18);
  c.title = "关于加快老旧小区加装电梯的建议";
  for (int k = 0; k < 8; ++k) {
    if (copy || k % 2 == 0) {
      c.body += kSentences[k];
    } else {
      c.body += "第" + std::to_string(n) + "项意见：河道整治和绿化养护需要第" + std::to_string(k) +
                "批资金。";
    }
  }
  if (copy) c.body += "（" + std::to_string(n) + "）";
  return c;
}

class SimilarCopiesTest : public CachedSearchersTest {
 protected:
  void SetUp() override {
    std::vector<Case> cases;
    for (int n = 0; n < 45; ++n) cases.push_back(Make(n, true));
    for (int n = 0; n < 25; ++n) cases.push_back(Make(n, false));
    ASSERT_NO_FATAL_FAILURE(OpenWith(cases, SearcherOptions()));
  }
};

TEST_F(SimilarCopiesTest, LeavingOutCopiesStillFillsTheLimit) {
  SimilarCases similar(plain_.get(), store_.get());
  const Case query = Make(99, true);
  SimilarRequest req;
  req.limit = 20;
  Result<std::vector<SimilarHit>> with_copies = similar.ForText(query.title, query.body, req);
  ASSERT_OK(with_copies);
  ASSERT_EQ(with_copies->size(), 20u);
  EXPECT_TRUE(with_copies->front().near_duplicate);
  req.exclude_copies = true;
  Result<std::vector<SimilarHit>> others = similar.ForText(query.title, query.body, req);
  ASSERT_OK(others);
  EXPECT_EQ(others->size(), 20u);
  for (const SimilarHit& h : *others) {
    EXPECT_FALSE(h.near_duplicate) << h.id;
    EXPECT_EQ(h.id.rfind("2024-OT-", 0), 0u) << h.id;
  }
}

TEST_F(SimilarCopiesTest, AYearTooEarlyIsNamed) {
  SimilarCases similar(plain_.get(), store_.get());
  SimilarRequest req;
  req.earlier_only = true;
  req.before_year = 1800;
  Result<std::vector<SimilarHit>> hits = similar.ForText("电梯", "加装电梯", req);
  ASSERT_FALSE(hits.ok());
  EXPECT_NE(hits.status().message().find("a year after 1900, got 1800"), std::string::npos)
      << hits.status().message();
}

}  // namespace
}  // namespace casebook::search
