#include "search/proximity_rescore.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>

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
  // Every term in one window: 1 + near 0.5 * 1 + cover 0.2 * 1, and the
  // place the query names ("化工区"): + 0.15.
  EXPECT_NEAR(s[0], 1.85, 1e-9);
}

TEST_F(ProximityRescoreTest, ZeroWeightsKeepTheFirstStageOrder) {
  ProximityRescoreOptions o;
  o.window_weight = 0;
  o.coverage_weight = 0;
  o.place_weight = 0;  // "化工区" of the query is a place name (query_particulars.h).
  const std::vector<double> weights = {4, 8, 2};
  std::vector<double> s = ProximityRescore(db_, kQuery, docids_, weights, o);
  EXPECT_EQ(s, (std::vector<double>{0.5, 1, 0.25}));
}

TEST_F(ProximityRescoreTest, QueryWithoutIndexedTermsKeepsTheWeights) {
  const std::vector<double> weights = {3, 2, 1};
  EXPECT_EQ(ProximityRescore(db_, "垃圾分类", docids_, weights, {}), weights);
  EXPECT_EQ(ProximityRescore(db_, "", docids_, weights, {}), weights);
}

TEST_F(ProximityRescoreTest, QuotedStringHeldVerbatimAddsTheQuoteWeight) {
  const std::vector<double> weights = {10, 10, 10};
  ProximityRescoreOptions off;
  off.quote_weight = 0;
  // "化工区异味" is held verbatim by document 1 only (2 holds both parts apart).
  for (const std::string quoted : {"《化工区异味》", "“化工区异味”"}) {
    const std::string query = "关于" + quoted + "的答复";
    std::vector<double> with = ProximityRescore(db_, query, docids_, weights, {});
    std::vector<double> without = ProximityRescore(db_, query, docids_, weights, off);
    ASSERT_EQ(with.size(), 3u);
    EXPECT_NEAR(with[0] - without[0], ProximityRescoreOptions().quote_weight, 1e-9) << quoted;
    EXPECT_EQ(with[1], without[1]) << quoted;
    EXPECT_EQ(with[2], without[2]) << quoted;
  }
  // Two quotes, one held: half the weight. An unquoted query gains nothing.
  const std::string two = "《化工区异味》和「垃圾分类」";
  EXPECT_NEAR(ProximityRescore(db_, two, docids_, weights, {})[0] -
                  ProximityRescore(db_, two, docids_, weights, off)[0],
              ProximityRescoreOptions().quote_weight / 2, 1e-9);
  EXPECT_EQ(ProximityRescore(db_, kQuery, docids_, weights, {}),
            ProximityRescore(db_, kQuery, docids_, weights, off));
}

TEST_F(ProximityRescoreTest, LongestVerbatimStretchOfTheQuery) {
  ProximityRescoreOptions o;
  o.run_weight = 1;
  const std::vector<double> weights = {10, 10, 10};
  // Document 1 holds the whole query verbatim; 2 holds "吴泾化工区" (4 of its
  // 6 bigrams) and "异味" apart; 3 holds "吴泾" alone.
  std::vector<PassageFeatures> f = MeasureCandidates(db_, "吴泾化工区异味", docids_, weights, o);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_NEAR(f[0].run, 1, 1e-9);
  EXPECT_GT(f[1].run, f[2].run);
  EXPECT_LT(f[1].run, f[1].coverage);  // Two stretches; the longer counts.
  EXPECT_GT(f[2].run, 0);
  // A space (or any run end) in the query breaks a stretch.
  f = MeasureCandidates(db_, kQuery, docids_, weights, o);
  EXPECT_LT(f[0].run, 1);
  EXPECT_NEAR(f[0].run, f[1].run, 1e-9);
  // Off: not measured, and the scores are the defaults'.
  EXPECT_EQ(MeasureCandidates(db_, kQuery, docids_, weights, {})[0].run, 0);
}

TEST_F(ProximityRescoreTest, ScoresAreTheWeightedSumOfTheFeatures) {
  ProximityRescoreOptions o;
  o.run_weight = 0.3;
  o.length_weight = -0.1;
  const std::vector<double> weights = {4, 8, 2};
  const std::vector<PassageFeatures> f = MeasureCandidates(db_, kQuery, docids_, weights, o);
  const std::vector<double> s = ProximityRescore(db_, kQuery, docids_, weights, o);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].place, 1);  // "化工区", held by documents 1 and 2.
  EXPECT_EQ(f[2].place, 0);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(s[i],
                f[i].first_stage + 0.5 * f[i].window + 0.2 * f[i].coverage + 0.3 * f[i].run -
                    0.1 * f[i].length + 0.15 * f[i].place,
                1e-9);
  }
  EXPECT_EQ(f[1].first_stage, 1);
  // Documents 1 and 2 have 79 units each, document 3 has 74.
  EXPECT_DOUBLE_EQ(f[0].length, f[1].length);
  EXPECT_LT(f[2].length, f[1].length);
}

TEST(PassageFeaturesTest, TitleShareCountsTheQueryTermsInTheTitle) {
  test::ScopedTempDir dir;
  std::vector<Xapian::docid> docs;
  {
    Xapian::WritableDatabase db((dir / "index").string(), Xapian::DB_CREATE_OR_OPEN);
    // Same main text; the first names the query's place in its title.
    for (const std::string title : {"吴泾化工区", "通知"}) {
      Xapian::Document doc;
      Xapian::termpos title_pos = 1, pos = 1;
      AddUnitPostings(title, kTitlePrefix, &title_pos, &doc);
      AddUnitPostings(title + "。" + kQuery, kBodyPrefix, &pos, &doc);
      docs.push_back(db.add_document(doc));
    }
    db.commit();
  }
  Xapian::Database db((dir / "index").string());
  ProximityRescoreOptions o;
  o.title_weight = -0.1;
  const std::vector<PassageFeatures> f = MeasureCandidates(db, kQuery, docs, {1, 1}, o);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_GT(f[0].title, 0.5);  // "吴泾" "泾化" "化工" "工区" of 5 bigrams, by idf.
  EXPECT_LT(f[0].title, 1);
  EXPECT_EQ(f[1].title, 0);
  EXPECT_EQ(f[0].window, f[1].window);
}

// An index of `texts` (main text only); their docids in order.
std::vector<Xapian::docid> IndexTexts(const std::filesystem::path& dir,
                                      const std::vector<std::string>& texts) {
  Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OPEN);
  std::vector<Xapian::docid> docs;
  for (const std::string& text : texts) {
    Xapian::Document doc;
    Xapian::termpos pos = 1;
    AddUnitPostings(text, kBodyPrefix, &pos, &doc);
    docs.push_back(db.add_document(doc));
  }
  db.commit();
  return docs;
}

TEST(PassageFeaturesTest, PlaceShareCountsTheQueryPlacesHeldVerbatim) {
  test::ScopedTempDir dir;
  // One notice, issued by three places; the query names two places.
  const std::string notice = "关于稳岗返还社会保险费的通知";
  const std::vector<Xapian::docid> docs = IndexTexts(
      dir / "index", {"陕西省" + notice + "，淮安市执行", "河南省" + notice, "陕西" + notice});
  Xapian::Database db((dir / "index").string());
  ProximityRescoreOptions o;
  o.place_weight = 0.15;
  const std::string query = "陕西省淮安市稳岗返还有哪些";
  const std::vector<PassageFeatures> f = MeasureCandidates(db, query, docs, {1, 1, 1}, o);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].place, 1);    // 陕西 and 淮安市.
  EXPECT_EQ(f[1].place, 0);    // Another province's copy.
  EXPECT_EQ(f[2].place, 0.5);  // 陕西 without 淮安市.
  ProximityRescoreOptions without = o;
  without.place_weight = 0;
  EXPECT_NEAR(RescoreOf(f[0], o) - RescoreOf(f[0], without), 0.15, 1e-9);
  EXPECT_NEAR(RescoreOf(f[2], o) - RescoreOf(f[2], without), 0.075, 1e-9);
  o.place_weight = 0;
  EXPECT_EQ(MeasureCandidates(db, query, docs, {1, 1, 1}, o)[0].place, 0);  // Not measured.
}

TEST(PassageFeaturesTest, AFigureIsHeldWhateverFollowsItsUnit) {
  test::ScopedTempDir dir;
  // "2月" followed by a digit (run end, as in the query), by another
  // character than in the query (only the document's term list finds it),
  // "2" without 月, and "12月" (the digits are another word).
  const std::vector<Xapian::docid> docs =
      IndexTexts(dir / "index",
                 {"申报期延长至2月24日", "申报期延长至2月底", "申报期延长2天", "申报期延长至12月"});
  Xapian::Database db((dir / "index").string());
  ProximityRescoreOptions o;
  o.figure_weight = 0.15;
  const std::vector<PassageFeatures> f =
      MeasureCandidates(db, "申报期延长到2月，", docs, {1, 1, 1, 1}, o);
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0].figure, 1);
  EXPECT_EQ(f[1].figure, 1);
  EXPECT_EQ(f[2].figure, 0);
  EXPECT_EQ(f[3].figure, 0);
  // A candidate longer than walk_max_length units is judged by the run-end
  // term and the query's bigram alone: "2月底" is not looked for.
  o.walk_max_length = 3;
  const std::vector<PassageFeatures> short_walk =
      MeasureCandidates(db, "申报期延长到2月，", docs, {1, 1, 1, 1}, o);
  EXPECT_EQ(short_walk[0].figure, 1);
  EXPECT_EQ(short_walk[1].figure, 0);
  o.walk_max_length = ProximityRescoreOptions().walk_max_length;
  // In the query "3项措施": the unit's bigram there, or any other.
  const std::vector<PassageFeatures> g =
      MeasureCandidates(db, "延长申报期的3项措施", docs, {1, 1, 1, 1}, o);
  EXPECT_EQ(g[0].figure, 0);
}

TEST(QuotedStringsTest, FindsEachPairOfMarksAndIgnoresUnclosedOnes) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(QuotedStrings("关于《吴泾化工区整治方案》的“回头看”情况"),
            V({"吴泾化工区整治方案", "回头看"}));
  EXPECT_EQ(QuotedStrings("「甲」『乙丙』"), V({"甲", "乙丙"}));
  EXPECT_EQ(QuotedStrings("《》空的，《没有闭合"), V());
  EXPECT_EQ(QuotedStrings("没有引号"), V());
  EXPECT_EQ(QuotedStrings("《外《内》"), V({"外《内"}));  // Nesting is not followed.
}

}  // namespace
}  // namespace casebook::search
