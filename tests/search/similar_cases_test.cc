#include "search/similar_cases.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <nlohmann/json.hpp>

#include "bench/perturb.h"
#include "search/case_document.h"
#include "search/chinese_analyzer.h"
#include "search/more_like_this.h"
#include "search/near_duplicate.h"
#include "search/search_index.h"
#include "store/case_json.h"
#include "test_util.h"

namespace casebook::search {
namespace {

// 300 real appeal messages (no replies indexed), plus two cases written here.
class SimilarCasesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (test::CorpusDir().empty()) return;
    dir_ = new test::ScopedTempDir();
    store_ = CaseStore::Open(*dir_ / "store")->release();
    for (const auto& line : test::ReadLines(test::CorpusFile("appeals-with-replies.jsonl"), 300)) {
      auto c = CaseFromJsonText(line);
      ASSERT_OK(c);
      if (c->extra.contains("reply")) {
        c->replies.push_back({1,
                              ReplyKind::kFirst,
                              "",
                              "",
                              c->extra["reply"].get<std::string>(),
                              CaseResult::kUnset,
                              {}});
        c->extra.erase("reply");
      }
      cases_.push_back(*c);
    }
    ASSERT_OK(store_->PutBatch(cases_));
    auto index = SearchIndex::Open(*dir_ / "index");
    ASSERT_OK(index);
    ASSERT_OK((*index)->CatchUp(*store_));
    searcher_ = Searcher::Open(*dir_ / "index", store_)->release();
    similar_ = new SimilarCases(searcher_, store_);
  }
  static void TearDownTestSuite() {
    delete similar_;
    delete searcher_;
    delete store_;
    delete dir_;
  }
  void SetUp() override { SKIP_WITHOUT_CORPUS(); }

  // A message with at least four sentences, for perturbing.
  static const Case& LongMessage(size_t skip) {
    for (const Case& c : cases_) {
      if (perturb::Sentences(c.body).size() >= 4 && skip-- == 0) return c;
    }
    return cases_.front();
  }

  static test::ScopedTempDir* dir_;
  static CaseStore* store_;
  static Searcher* searcher_;
  static SimilarCases* similar_;
  static std::vector<Case> cases_;
};
test::ScopedTempDir* SimilarCasesTest::dir_ = nullptr;
CaseStore* SimilarCasesTest::store_ = nullptr;
Searcher* SimilarCasesTest::searcher_ = nullptr;
SimilarCases* SimilarCasesTest::similar_ = nullptr;
std::vector<Case> SimilarCasesTest::cases_;

TEST_F(SimilarCasesTest, PerturbedCopiesFindTheirOriginalFirstAndFlagIt) {
  for (size_t k = 0; k < 5; ++k) {
    const Case& original = LongMessage(k * 7);
    for (const std::string& copy : {perturb::ToTraditional(original.body),
                                    perturb::ToFullWidth(perturb::DropSentence(original.body, k)),
                                    perturb::InsertTwoAndChangeNumbers(original.body),
                                    perturb::ShuffleSentences(original.body, k)}) {
      auto hits = similar_->ForText("", copy, {});
      ASSERT_OK(hits);
      ASSERT_FALSE(hits->empty());
      EXPECT_EQ(hits->front().id, original.id);
      EXPECT_TRUE(hits->front().near_duplicate) << hits->front().similarity;
      EXPECT_GE(hits->front().similarity, kNearDuplicateThreshold);
    }
  }
}

TEST_F(SimilarCasesTest, ForCaseLeavesOutTheCaseAndExplainsWithWords) {
  const Case& c = LongMessage(3);
  SimilarRequest req;
  req.limit = 5;
  auto hits = similar_->ForCase(c.id, req);
  ASSERT_OK(hits);
  ASSERT_FALSE(hits->empty());
  for (const auto& h : *hits) {
    EXPECT_NE(h.id, c.id);
    EXPECT_LE(h.similarity, 1.0);
    for (const auto& term : h.shared_terms) {
      EXPECT_GE(term.size(), 6u) << "a shared term should be a word, not one character: " << term;
    }
  }
  EXPECT_FALSE(hits->front().shared_terms.empty());
  EXPECT_FALSE(hits->front().title.empty());
}

TEST_F(SimilarCasesTest, ReplyExcerptAndResultComeWithEachHit) {
  const Case& c = LongMessage(1);
  auto hits = similar_->ForText(c.title, c.body, {});
  ASSERT_OK(hits);
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ(hits->front().id, c.id);
  EXPECT_FALSE(hits->front().reply_excerpt.empty());
  EXPECT_LE(hits->front().reply_excerpt.size(), 120u * 3 + 3);
  EXPECT_EQ(hits->front().kind, "appeal");
}

TEST_F(SimilarCasesTest, EarlierOnlyAndExcludeCopies) {
  const Case& c = LongMessage(2);
  ASSERT_GT(c.year, 0);
  SimilarRequest req;
  req.earlier_only = true;
  auto hits = similar_->ForCase(c.id, req);
  ASSERT_OK(hits);
  for (const auto& h : *hits) EXPECT_LT(h.year, c.year);

  SimilarRequest no_copies;
  no_copies.exclude_copies = true;
  auto others = similar_->ForText(c.title, c.body, no_copies);
  ASSERT_OK(others);
  for (const auto& h : *others) {
    EXPECT_NE(h.id, c.id);
    EXPECT_FALSE(h.near_duplicate);
  }
}

TEST_F(SimilarCasesTest, BadRequestsAreClearErrors) {
  EXPECT_TRUE(similar_->ForCase("no-such-case", {}).status().IsNotFound());
  SimilarRequest zero;
  zero.limit = 0;
  auto r = similar_->ForText("标题", "正文", zero);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("limit"), std::string::npos);
  auto empty = similar_->ForText("", "", {});
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("text"), std::string::npos);
}

// The second stage (MoreLikeThis::Rescore): hits come sorted by the new
// score, a later page is the same ranking cut further on, and replies find
// their own message first at least as often as with BM25 alone.
TEST_F(SimilarCasesTest, SecondStageSortsPagesAndHelpsReplies) {
  const Case& c = LongMessage(4);
  ASSERT_FALSE(c.replies.empty());
  SearchRequest r;
  r.limit = 9;
  r.facets = r.snippets = false;
  r.more_like_this = true;
  auto all = searcher_->SearchText(c.replies.front().text, r);
  ASSERT_OK(all);
  ASSERT_EQ(all->hits.size(), 9u);
  for (size_t i = 1; i < all->hits.size(); ++i)
    EXPECT_GE(all->hits[i - 1].score, all->hits[i].score);
  r.offset = 3;
  r.limit = 3;
  auto page = searcher_->SearchText(c.replies.front().text, r);
  ASSERT_OK(page);
  ASSERT_EQ(page->hits.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(page->hits[i].id, all->hits[i + 3].id);

  int first_rescored = 0, first_bm25 = 0, queries = 0;
  SimilarRequest bm25_only;
  bm25_only.more_like_this_options.rerank_depth = 0;
  for (const Case& m : cases_) {
    if (m.replies.empty() || m.replies.front().text.size() < 600) continue;
    if (++queries > 40) break;
    auto a = similar_->ForText("", m.replies.front().text, {});
    auto b = similar_->ForText("", m.replies.front().text, bm25_only);
    ASSERT_OK(a);
    ASSERT_OK(b);
    first_rescored += !a->empty() && a->front().id == m.id;
    first_bm25 += !b->empty() && b->front().id == m.id;
  }
  EXPECT_GE(first_rescored, first_bm25);
  EXPECT_GT(first_rescored, 0);
}

// MoreLikeThis::Features: a case whose text is the query itself beats the
// other candidates on every similarity, the features stay in their ranges,
// and Rescore is BM25 share + the rerank_* weighted sum of them.
TEST_F(SimilarCasesTest, RescoreFeaturesFavourTheTextItself) {
  const Case& c = LongMessage(2);
  Xapian::Database db((*dir_ / "index").string());
  auto analyzer = ChineseAnalyzer::Create();
  ASSERT_OK(analyzer);
  const MoreLikeThisOptions options;
  MoreLikeThis similar(c.title + "\n" + c.body, analyzer->get(), db, options);
  Xapian::Enquire enquire(db);
  enquire.set_query(similar.Query());
  Xapian::MSet mset = enquire.get_mset(0, 20);
  ASSERT_GT(mset.size(), 5u);
  std::vector<Xapian::docid> docs;
  std::vector<double> weights;
  const Xapian::docid self_doc = *db.postlist_begin(IdTerm(c.id));
  size_t self = mset.size();
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    if (*it == self_doc) self = docs.size();
    docs.push_back(*it);
    weights.push_back(it.get_weight());
  }
  ASSERT_LT(self, docs.size()) << "the message itself is not among the first 20";
  const std::vector<RescoreFeatures> f = similar.Features(docs, weights);
  const std::vector<double> scores = similar.Rescore(docs, weights);
  ASSERT_EQ(f.size(), docs.size());
  for (size_t i = 0; i < f.size(); ++i) {
    EXPECT_GT(f[i].bm25, 0);
    EXPECT_LE(f[i].bm25, 1.0);
    EXPECT_GE(f[i].title, 0);
    EXPECT_LE(f[i].title, 1.0);
    EXPECT_TRUE(f[i].place == -1 || f[i].place == 0 || f[i].place == 1) << f[i].place;
    EXPECT_NEAR(scores[i],
                f[i].bm25 + options.rerank_cosine * f[i].cosine +
                    options.rerank_title * f[i].title + options.rerank_coverage * f[i].coverage +
                    options.rerank_word_cosine * f[i].word_cosine +
                    options.rerank_shared_root * f[i].shared_root +
                    options.rerank_place * f[i].place,
                1e-9);
    if (i == self) continue;
    EXPECT_GT(f[self].cosine, f[i].cosine) << i;
    EXPECT_GT(f[self].word_cosine, f[i].word_cosine) << i;
    EXPECT_GT(f[self].shared_root, f[i].shared_root) << i;
    EXPECT_GE(f[self].title, f[i].title) << i;
    EXPECT_GT(scores[self], scores[i]) << i;
  }
  EXPECT_DOUBLE_EQ(f[self].title, 1.0);
}

TEST(SimilarCasesExcerptTest, CutsAtCharacterBoundaries) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "答";
  std::string e = SimilarCases::Excerpt(text, 10);
  EXPECT_EQ(e, std::string("答答答答答答答答答答") + "…");
  EXPECT_EQ(SimilarCases::Excerpt("短", 10), "短");
}

}  // namespace
}  // namespace casebook::search
