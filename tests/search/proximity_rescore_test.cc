#include "search/proximity_rescore.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include "search/chinese_analyzer.h"
#include "search/chinese_terms.h"
#include "search/index_schema.h"
#include "test_util.h"

namespace casebook::search {
namespace {

// Texts written for this test (not corpus text). Filler holds none of the
// query's bigrams.
const char kQuery[] = "吴泾化工区 异味";
const char kFiller[] = "今天天气很好大家出门散步。";

std::string Filler(int times) {
  std::string s;
  for (int i = 0; i < times; ++i) s += kFiller;
  return s;
}

class ProximityRescoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Xapian::WritableDatabase db((dir_ / "index").string(), Xapian::DB_CREATE_OR_OPEN);
    // 1: the query's terms together; 2: the same terms far apart; 3: half of them.
    for (const std::string& text : {Filler(3) + "吴泾化工区异味" + Filler(3),
                                    "吴泾化工区" + Filler(6) + "异味", "吴泾" + Filler(6)}) {
      Xapian::Document doc;
      Xapian::termpos pos = 1;
      AddUnitPostings(text, kBodyPrefix, &pos, &doc);
      docids_.push_back(db.add_document(doc));
    }
    db.commit();
    db_ = Xapian::Database((dir_ / "index").string());
  }

  test::ScopedTempDir dir_;
  Xapian::Database db_;
  std::vector<Xapian::docid> docids_;
};

TEST_F(ProximityRescoreTest, TermsTogetherOutscoreTheSameTermsApart) {
  const std::vector<double> weights = {10, 10, 10};
  std::vector<double> s = ProximityRescore(db_, kQuery, docids_, weights, {});
  ASSERT_EQ(s.size(), 3u);
  EXPECT_GT(s[0], s[1]);  // Same terms, one passage vs spread out.
  EXPECT_GT(s[1], s[2]);  // More of the query covered.
  // Every term in one window: 1 + near 0.5 * 1 + cover 0.2 * 1.
  EXPECT_NEAR(s[0], 1.7, 1e-9);
}

TEST_F(ProximityRescoreTest, ZeroWeightsKeepTheFirstStageOrder) {
  ProximityRescoreOptions o;
  o.window_weight = 0;
  o.coverage_weight = 0;
  const std::vector<double> weights = {4, 8, 2};
  std::vector<double> s = ProximityRescore(db_, kQuery, docids_, weights, o);
  EXPECT_EQ(s, (std::vector<double>{0.5, 1, 0.25}));
}

TEST_F(ProximityRescoreTest, QueryWithoutIndexedTermsKeepsTheWeights) {
  const std::vector<double> weights = {3, 2, 1};
  EXPECT_EQ(ProximityRescore(db_, "垃圾分类", docids_, weights, {}), weights);
  EXPECT_EQ(ProximityRescore(db_, "", docids_, weights, {}), weights);
}

}  // namespace
}  // namespace casebook::search
