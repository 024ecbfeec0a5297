#include "search/near_duplicate.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bench/perturb.h"
#include "search/chinese_analyzer.h"
#include "test_util.h"

namespace casebook::search {
namespace {

class NearDuplicateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto a = ChineseAnalyzer::Create();
    ASSERT_OK(a);
    analyzer_ = a->release();
  }
  static void TearDownTestSuite() { delete analyzer_; }
  static Fingerprint Print(const std::string& text) {
    return FingerprintOf(analyzer_->Normalize(text));
  }
  // Bodies of real appeal messages with at least three sentences.
  static std::vector<std::string> Bodies(size_t max) {
    std::vector<std::string> out;
    for (const auto& line : test::ReadLines(test::CorpusFile("appeals-with-replies.jsonl"))) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      std::string body = j.value("body", "");
      if (perturb::Sentences(body).size() >= 3) out.push_back(body);
      if (out.size() == max) break;
    }
    return out;
  }
  static ChineseAnalyzer* analyzer_;
};
ChineseAnalyzer* NearDuplicateTest::analyzer_ = nullptr;

TEST_F(NearDuplicateTest, IdenticalTextsScoreOneAndEmptyScoresZero) {
  const std::string text = "关于加快推进吴泾化工区转型的建议。周边居民反映异味问题已有多年。";
  EXPECT_DOUBLE_EQ(Similarity(Print(text), Print(text)), 1.0);
  EXPECT_DOUBLE_EQ(Similarity(Print(text), Print("")), 0.0);
  EXPECT_EQ(Print("").shingles, 0u);
}

TEST_F(NearDuplicateTest, SerializeRoundTripsAndBandKeysAreStable) {
  Fingerprint f = Print("建议在每个街道至少建设一家综合为老服务中心，扩大长者食堂覆盖范围。");
  auto back = Fingerprint::Parse(f.Serialize());
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->shingles, f.shingles);
  EXPECT_EQ(back->mins, f.mins);
  EXPECT_EQ(BandKeys(f), BandKeys(*back));
  EXPECT_EQ(BandKeys(f).size(), static_cast<size_t>(Fingerprint::kBands));
  EXPECT_FALSE(Fingerprint::Parse("short").has_value());
}

// Each perturbation of a real message must stay above the threshold for
// nearly every message (the bench reports the exact rate).
struct Perturbation {
  const char* name;
  std::string (*make)(const std::string&, uint64_t);
};

class NearDuplicatePerturbationTest : public NearDuplicateTest,
                                      public ::testing::WithParamInterface<Perturbation> {};

TEST_P(NearDuplicatePerturbationTest, CopiesOfRealMessagesAreFlagged) {
  SKIP_WITHOUT_CORPUS();
  auto bodies = Bodies(60);
  ASSERT_GE(bodies.size(), 50u);
  int flagged = 0;
  for (size_t i = 0; i < bodies.size(); ++i) {
    double s = Similarity(Print(bodies[i]), Print(GetParam().make(bodies[i], i)));
    flagged += s >= kNearDuplicateThreshold;
  }
  EXPECT_GE(flagged, static_cast<int>(bodies.size() * 9 / 10)) << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(
    Kinds, NearDuplicatePerturbationTest,
    ::testing::Values(
        Perturbation{"traditional",
                     [](const std::string& t, uint64_t) { return perturb::ToTraditional(t); }},
        Perturbation{"fullwidth_dropped",
                     [](const std::string& t, uint64_t s) {
                       return perturb::ToFullWidth(perturb::DropSentence(t, s));
                     }},
        Perturbation{
            "inserted_numbers",
            [](const std::string& t, uint64_t) { return perturb::InsertTwoAndChangeNumbers(t); }},
        Perturbation{"shuffled", [](const std::string& t,
                                    uint64_t s) { return perturb::ShuffleSentences(t, s); }}),
    [](const ::testing::TestParamInfo<Perturbation>& info) {
      return std::string(info.param.name);
    });

TEST_F(NearDuplicateTest, TraditionalAndFullWidthCopiesScoreOne) {
  SKIP_WITHOUT_CORPUS();
  for (const auto& body : Bodies(20)) {
    EXPECT_GT(Similarity(Print(body), Print(perturb::ToTraditional(body))), 0.9);
    EXPECT_DOUBLE_EQ(Similarity(Print(body), Print(perturb::ToFullWidth(body))), 1.0);
  }
}

TEST_F(NearDuplicateTest, DifferentMessagesOnOneTopicAreNotFlagged) {
  SKIP_WITHOUT_CORPUS();
  // Different complaints about property management (物业): same topic, other cases.
  std::vector<std::string> wuye;
  for (const auto& line : test::ReadLines(test::CorpusFile("appeals-more-b.jsonl"))) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.value("title", "").find("物业") != std::string::npos) wuye.push_back(j.value("body", ""));
    if (wuye.size() == 40) break;
  }
  ASSERT_GE(wuye.size(), 20u);
  int flagged = 0, pairs = 0;
  for (size_t a = 0; a < wuye.size(); ++a) {
    for (size_t b = a + 1; b < wuye.size(); ++b) {
      if (wuye[a] == wuye[b]) continue;
      ++pairs;
      flagged += Similarity(Print(wuye[a]), Print(wuye[b])) >= kNearDuplicateThreshold;
    }
  }
  EXPECT_LE(flagged, pairs / 100) << flagged << " of " << pairs << " pairs flagged";
}

}  // namespace
}  // namespace casebook::search
