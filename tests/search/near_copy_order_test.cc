#include "search/near_copy_order.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bench/perturb.h"
#include "search/chinese_analyzer.h"
#include "search/search_index.h"
#include "search/searcher.h"
#include "store/case_store.h"
#include "test_util.h"

namespace casebook::search {
namespace {

// Real policy notices of at least 12 sentences (read from the corpus at test time).
std::vector<std::string> LongBodies(size_t max) {
  std::vector<std::string> out;
  for (const auto& line : test::ReadLines(test::CorpusFile("policy-qa-docs.jsonl"))) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    std::string body = j.is_object() ? j.value("body", "") : "";
    if (perturb::Sentences(body).size() >= 12) out.push_back(body);
    if (out.size() == max) break;
  }
  return out;
}

// `text` without its last sentence: a reprint that drops a paragraph.
std::string WithoutLastSentence(const std::string& text) {
  std::vector<std::string> s = perturb::Sentences(text);
  std::string out;
  for (size_t i = 0; i + 1 < s.size(); ++i) out += s[i];
  return out;
}

class NearCopyOrderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SKIP_WITHOUT_CORPUS();
    auto a = ChineseAnalyzer::Create();
    ASSERT_OK(a);
    analyzer_ = std::move(*a);
    bodies_ = LongBodies(3);
    ASSERT_EQ(bodies_.size(), 3u);
  }
  std::optional<Fingerprint> Print(const std::string& text) {
    return FingerprintOf(analyzer_->Normalize(text));
  }
  // Stores `cases` (kind "other") in dir_ and indexes them.
  void IndexCases(std::vector<Case> cases) {
    auto store = CaseStore::Open(dir_ / "store");
    ASSERT_OK(store);
    store_ = std::move(*store);
    for (Case& c : cases) c.kind = CaseKind::kOther;
    ASSERT_OK(store_->PutBatch(cases));
    auto index = SearchIndex::Open(dir_ / "index");
    ASSERT_OK(index);
    ASSERT_OK((*index)->CatchUp(*store_));
  }
  // The ids a search lists, best first; copies trade places, not scores.
  std::vector<std::string> Ids(const SearcherOptions& options, const std::string& query,
                               MatchMode mode) {
    auto searcher = Searcher::Open(dir_ / "index", store_.get(), options);
    EXPECT_OK(searcher);
    SearchRequest r;
    r.query = query;
    r.mode = mode;
    auto res = (*searcher)->Search(r);
    EXPECT_OK(res);
    std::vector<std::string> out;
    for (const SearchHit& h : res->hits) {
      if (!out.empty()) {
        EXPECT_LE(h.score, res->hits[out.size() - 1].score);
      }
      out.push_back(h.id);
    }
    return out;
  }
  std::unique_ptr<ChineseAnalyzer> analyzer_;
  std::vector<std::string> bodies_;
  test::ScopedTempDir dir_;
  std::unique_ptr<CaseStore> store_;
};

TEST_F(NearCopyOrderTest, MostCompleteCopyTakesTheGroupsBestSlot) {
  // Ranked: shorter copy of 0, notice 1, full notice 0, notice 2.
  const std::vector<std::optional<Fingerprint>> prints = {Print(WithoutLastSentence(bodies_[0])),
                                                          Print(bodies_[1]), Print(bodies_[0]),
                                                          Print(bodies_[2])};
  ASSERT_GE(Similarity(*prints[0], *prints[2]), NearCopyOrderOptions().similarity);
  std::vector<size_t> order = {0, 1, 2, 3};
  OrderNearCopies(prints, {}, &order);
  EXPECT_EQ(order, std::vector<size_t>({2, 1, 0, 3}));  // The others keep their places.
  // Already the most complete first: unchanged.
  order = {2, 1, 0, 3};
  OrderNearCopies(prints, {}, &order);
  EXPECT_EQ(order, std::vector<size_t>({2, 1, 0, 3}));
}

TEST_F(NearCopyOrderTest, PrecedenceComesBeforeCompleteness) {
  const std::vector<std::optional<Fingerprint>> prints = {Print(WithoutLastSentence(bodies_[0])),
                                                          Print(bodies_[1]), Print(bodies_[0]),
                                                          Print(bodies_[2])};
  // The shorter copy holds the question's place: it keeps the group's best slot.
  std::vector<double> precedence = {0.15, 0, 0, 0};
  std::vector<size_t> order = {0, 1, 2, 3};
  OrderNearCopies(prints, {}, &order, &precedence);
  EXPECT_EQ(order, std::vector<size_t>({0, 1, 2, 3}));
  order = {2, 1, 0, 3};
  OrderNearCopies(prints, {}, &order, &precedence);
  EXPECT_EQ(order, std::vector<size_t>({0, 1, 2, 3}));
  // Equal precedence: the most complete first, as without it.
  precedence = {0.15, 0, 0.15, 0};
  order = {0, 1, 2, 3};
  OrderNearCopies(prints, {}, &order, &precedence);
  EXPECT_EQ(order, std::vector<size_t>({2, 1, 0, 3}));
}

TEST_F(NearCopyOrderTest, NoFingerprintOrOffKeepsTheOrder) {
  std::vector<std::optional<Fingerprint>> prints = {Print(WithoutLastSentence(bodies_[0])),
                                                    std::nullopt, Print(bodies_[0])};
  NearCopyOrderOptions off;
  off.similarity = 2;
  std::vector<size_t> order = {0, 1, 2};
  OrderNearCopies(prints, off, &order);
  EXPECT_EQ(order, std::vector<size_t>({0, 1, 2}));
  prints[2] = std::nullopt;  // The full copy's fingerprint is missing: no group.
  OrderNearCopies(prints, {}, &order);
  EXPECT_EQ(order, std::vector<size_t>({0, 1, 2}));
}

// End to end: a question about a reprinted notice lists the complete version
// first whatever the title; keyword queries are not reordered.
TEST_F(NearCopyOrderTest, RankedSearchListsTheCompleteCopyFirst) {
  std::vector<Case> cases(3);
  const std::vector<std::string> sentences = perturb::Sentences(bodies_[0]);
  // The short copy's title repeats the question, so BM25 alone puts it first.
  const std::string question = sentences[1];
  cases[0].id = "short-copy";
  cases[0].title = question;
  cases[0].body = WithoutLastSentence(bodies_[0]);
  cases[1].id = "full";
  cases[1].title = "通知";
  cases[1].body = bodies_[0];
  cases[2].id = "other";
  cases[2].title = "通知";
  cases[2].body = bodies_[1];
  IndexCases(cases);
  SearcherOptions off;
  off.near_copies.similarity = 2;
  ASSERT_EQ(Ids(off, question, MatchMode::kRanked).at(0), "short-copy");
  std::vector<std::string> on = Ids({}, question, MatchMode::kRanked);
  ASSERT_GE(on.size(), 2u);
  EXPECT_EQ(on[0], "full");
  EXPECT_EQ(on[1], "short-copy");
  const std::string keyword = question.substr(0, 6);  // Two characters: all-mode.
  const std::vector<std::string> keyword_hits = Ids({}, keyword, MatchMode::kAuto);
  EXPECT_FALSE(keyword_hits.empty()) << keyword;
  EXPECT_EQ(keyword_hits, Ids(off, keyword, MatchMode::kAuto));
}

// End to end: one notice issued by two provinces; the question names one.
// Its copy comes first although the other is more complete.
TEST_F(NearCopyOrderTest, RankedSearchListsTheCopyNamingTheQuestionsPlaceFirst) {
  std::vector<Case> cases(3);
  cases[0].id = "shaanxi";
  cases[0].title = "陕西省关于转发通知的通知";
  cases[0].body = "陕西省各有关单位：" + WithoutLastSentence(bodies_[0]);
  cases[1].id = "henan";
  cases[1].title = "河南省关于转发通知的通知";
  cases[1].body = "河南省各有关单位：" + bodies_[0];
  cases[2].id = "other";
  cases[2].title = "通知";
  cases[2].body = bodies_[1];
  IndexCases(cases);
  const std::string question = "陕西省" + perturb::Sentences(bodies_[0])[1];
  auto ids = [&](const SearcherOptions& options) {
    return Ids(options, question, MatchMode::kRanked);
  };
  SearcherOptions no_places;
  no_places.proximity.place_weight = 0;
  ASSERT_GE(ids(no_places).size(), 2u);
  EXPECT_EQ(ids(no_places)[0], "henan");  // The more complete copy.
  const std::vector<std::string> on = ids({});
  ASSERT_GE(on.size(), 2u);
  EXPECT_EQ(on[0], "shaanxi");
  EXPECT_EQ(on[1], "henan");
}

}  // namespace
}  // namespace casebook::search
