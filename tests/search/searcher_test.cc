#include "search/searcher.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>

#include "search/search_index.h"
#include "search/search_vocabulary.h"
#include "search/xapian_status.h"
#include "store/case_store.h"
#include "test_util.h"

namespace casebook::search {
namespace {

// Cases written for these tests (not corpus text).
std::vector<Case> FixtureCases() {
  std::vector<Case> cases;
  Case a = test::SampleCase("2021-SHRD-0001");  // 吴泾化工区, solving, lead, 2021.
  cases.push_back(a);

  Case b;
  b.id = "2019-ZX-0002";
  b.kind = CaseKind::kCppccProposal;
  b.year = 2019;
  b.title = "關於推進垃圾分類的提案";  // Traditional characters.
  b.body = "建議全市推廣垃圾分類，設置回收點２０１９年底前完成。";
  b.units.lead = {"市綠化市容局"};
  b.result = CaseResult::kSolved;
  b.role = Role::kCo;
  b.status = CaseStatus::kClosed;
  b.received = "2019-01-15";
  cases.push_back(b);

  Case c;
  c.id = "2020-SHRD-0003";
  c.kind = CaseKind::kDeputySuggestion;
  c.year = 2020;
  c.title = "关于改善地铁换乘的建议";
  c.body = "市交通委应优化换乘通道，垃圾桶设置也需改进。待处理事项较多。";
  c.units.lead = {"市交通委"};
  c.units.co = {"区生态环境局"};
  c.result = CaseResult::kReference;
  c.role = Role::kLead;
  c.status = CaseStatus::kReplied;
  c.received = "2020-03-02";
  c.replies = {{1,
                ReplyKind::kFirst,
                "2020-06-01",
                "市交通委",
                "换乘通道改造已列入计划。",
                CaseResult::kPlanned,
                {}}};
  cases.push_back(c);

  Case d;
  d.id = "2022-APPEAL-0004";
  d.kind = CaseKind::kAppeal;
  d.year = 2022;
  d.title = "ABC小区噪音扰民";
  d.body = "ABC小区夜间施工噪音大，回头看时仍未解决。";
  d.received = "2022-08-09";
  d.status = CaseStatus::kHandling;
  cases.push_back(d);
  return cases;
}

class SearcherTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::ScopedTempDir();
    auto store = CaseStore::Open(*dir_ / "store");
    ASSERT_OK(store);
    store_ = store->release();
    ASSERT_OK(store_->PutBatch(FixtureCases()));
    auto index = SearchIndex::Open(*dir_ / "index");
    ASSERT_OK(index);
    ASSERT_OK((*index)->CatchUp(*store_));
    auto searcher = Searcher::Open(*dir_ / "index", store_);
    ASSERT_OK(searcher);
    searcher_ = searcher->release();
  }
  static void TearDownTestSuite() {
    delete searcher_;
    delete store_;
    delete dir_;
  }

  static std::vector<std::string> Ids(const std::string& query,
                                      SortOrder sort = SortOrder::kRelevance) {
    SearchRequest r;
    r.query = query;
    r.sort = sort;
    r.limit = 100;
    auto res = searcher_->Search(r);
    EXPECT_TRUE(res.ok()) << query << ": " << res.status().ToString();
    std::vector<std::string> ids;
    if (!res.ok()) return ids;
    for (const SearchHit& h : res->hits) ids.push_back(h.id);
    if (sort == SortOrder::kRelevance) std::sort(ids.begin(), ids.end());
    return ids;
  }

  // The total of a search without facets (which counts every match itself).
  static uint64_t TotalWithoutFacets(const std::string& query) {
    SearchRequest r;
    r.query = query;
    r.facets = false;
    r.snippets = false;
    auto res = searcher_->Search(r);
    EXPECT_TRUE(res.ok()) << query << ": " << res.status().ToString();
    return res.ok() ? res->total : UINT64_MAX;
  }

  static test::ScopedTempDir* dir_;
  static CaseStore* store_;
  static Searcher* searcher_;
};
test::ScopedTempDir* SearcherTest::dir_ = nullptr;
CaseStore* SearcherTest::store_ = nullptr;
Searcher* SearcherTest::searcher_ = nullptr;

using IdList = std::vector<std::string>;
const char kA[] = "2021-SHRD-0001";
const char kB[] = "2019-ZX-0002";
const char kC[] = "2020-SHRD-0003";
const char kD[] = "2022-APPEAL-0004";

struct QueryCase {
  const char* query;
  IdList expected;
};

class SearcherQueryTest : public SearcherTest, public ::testing::WithParamInterface<QueryCase> {};

TEST_P(SearcherQueryTest, FindsExactlyTheExpectedCases) {
  IdList expected = GetParam().expected;
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(Ids(GetParam().query), expected) << "query: " << GetParam().query;
  EXPECT_EQ(TotalWithoutFacets(GetParam().query), expected.size()) << "query: " << GetParam().query;
}

INSTANTIATE_TEST_SUITE_P(
    Queries, SearcherQueryTest,
    ::testing::Values(
        // Substrings, whatever word segmentation would say.
        QueryCase{"吴泾", {kA}}, QueryCase{"泾化工", {kA}}, QueryCase{"处理", {kC}},
        QueryCase{"化工区", {kA}}, QueryCase{"垃圾", {kB, kC}},
        // Single characters.
        QueryCase{"泾", {kA}}, QueryCase{"桶", {kC}},
        // Traditional <-> Simplified, full-width <-> half-width.
        QueryCase{"吳涇化工區", {kA}}, QueryCase{"垃圾分类", {kB}}, QueryCase{"绿化市容局", {kB}},
        QueryCase{"2019年底", {kB}}, QueryCase{"２０１９", {kB}}, QueryCase{"abc小区", {kD}},
        QueryCase{"ＡＢＣ", {kD}},
        // A number followed by one character (trailing-character expansion).
        QueryCase{"2019年", {kB}},
        // Phrases, booleans, exclusion.
        QueryCase{"\"回头看\"", {kD}}, QueryCase{"“换乘通道”", {kC}}, QueryCase{"吴泾 监测", {kA}},
        QueryCase{"吴泾 换乘", {}}, QueryCase{"吴泾 OR 换乘", {kC, kA}},
        QueryCase{"垃圾 -分类", {kC}}, QueryCase{"垃圾 NOT 分类", {kC}},
        QueryCase{"(吴泾 OR 换乘) AND 计划", {kC, kA}},
        QueryCase{"(吴泾 OR 换乘) AND 列入计划", {kC}},
        // Fields.
        QueryCase{"title:垃圾", {kB}}, QueryCase{"body:垃圾桶", {kC}},
        QueryCase{"reply:列入计划", {kC}}, QueryCase{"unit:交通委", {kC}},
        QueryCase{"proposer:张三", {kA}}, QueryCase{"tag:化工区", {kA}},
        QueryCase{"note:希望加快", {kA}}, QueryCase{"监测(专项", {}},
        // Filters and ranges.
        QueryCase{"kind:appeal", {kD}}, QueryCase{"kind:政协提案", {kB}},
        QueryCase{"result:已经解决", {kB}}, QueryCase{"role:主办", {kA, kC}},
        QueryCase{"year:2019..2020", {kB, kC}}, QueryCase{"year:2021..", {kA, kD}},
        QueryCase{"year:..2019", {kB}}, QueryCase{"date:2020-01-01..2020-12-31", {kC}},
        QueryCase{"date:2020-02-29..2020-12", {kC}}, QueryCase{"year:２０１９..２０２０", {kB, kC}},
        QueryCase{"date:２０２０－０１－０１..", {kC, kA, kD}}, QueryCase{"垃圾 year:2020", {kC}},
        QueryCase{"status:closed", {kB}}));

TEST_F(SearcherTest, SortsByDateAndPages) {
  EXPECT_EQ(Ids("", SortOrder::kNewest), (IdList{kD, kA, kC, kB}));
  EXPECT_EQ(Ids("", SortOrder::kOldest), (IdList{kB, kC, kA, kD}));
  SearchRequest r;
  r.sort = SortOrder::kNewest;
  r.offset = 1;
  r.limit = 2;
  auto res = searcher_->Search(r);
  ASSERT_OK(res);
  EXPECT_EQ(res->total, 4u);
  ASSERT_EQ(res->hits.size(), 2u);
  EXPECT_EQ(res->hits[0].id, kA);
  EXPECT_EQ(res->hits[0].title, "关于加快推进吴泾化工区转型的建议");
  EXPECT_EQ(res->hits[0].year, 2021);
  EXPECT_EQ(res->hits[1].id, kC);
}

TEST_F(SearcherTest, HitsCarryTheirCaseValuesInEverySortOrder) {
  for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kNewest, SortOrder::kOldest}) {
    for (const char* query : {"", "垃圾", "交通委 OR 吴泾"}) {
      SearchRequest r;
      r.query = query;
      r.sort = sort;
      r.facets = false;
      auto res = searcher_->Search(r);
      ASSERT_OK(res);
      ASSERT_FALSE(res->hits.empty()) << query;
      for (const SearchHit& hit : res->hits) {
        auto c = store_->Get(hit.id);
        ASSERT_OK(c);
        EXPECT_EQ(hit.received, c->received) << query << " " << hit.id;
        EXPECT_EQ(hit.year, c->year) << query << " " << hit.id;
        EXPECT_EQ(hit.status, ToString(c->status)) << query << " " << hit.id;
      }
    }
  }
}

TEST_F(SearcherTest, FacetsCountEveryMatch) {
  SearchRequest r;
  r.query = "year:2019..2022";
  r.limit = 1;
  auto res = searcher_->Search(r);
  ASSERT_OK(res);
  EXPECT_EQ(res->total, 4u);
  auto count = [&](const std::string& facet, const std::string& value) -> uint64_t {
    for (const FacetCount& f : res->facets[facet]) {
      if (f.value == value) return f.count;
    }
    return 0;
  };
  EXPECT_EQ(count("kind", "deputy_suggestion"), 2u);
  EXPECT_EQ(count("kind", "appeal"), 1u);
  EXPECT_EQ(count("year", "2019"), 1u);
  EXPECT_EQ(count("role", "lead"), 2u);
  EXPECT_EQ(count("unit", "区生态环境局"), 2u);
  EXPECT_EQ(count("unit", "市綠化市容局"), 1u);  // Facet values are shown as written.
}

struct SnippetCase {
  const char* query;
  const char* must_contain;
  const char* must_not_contain;  // "" = no check.
};
class SearcherSnippetTest : public SearcherTest,
                            public ::testing::WithParamInterface<SnippetCase> {};

TEST_P(SearcherSnippetTest, MarksWholeStretchesOfTheOriginalText) {
  SearchRequest r;
  r.query = GetParam().query;
  auto res = searcher_->Search(r);
  ASSERT_OK(res);
  ASSERT_EQ(res->hits.size(), 1u);
  const std::string& snippet = res->hits[0].snippet;
  EXPECT_NE(snippet.find(GetParam().must_contain), std::string::npos) << snippet;
  if (*GetParam().must_not_contain) {
    EXPECT_EQ(snippet.find(GetParam().must_not_contain), std::string::npos) << snippet;
  }
}

INSTANTIATE_TEST_SUITE_P(Snippets, SearcherSnippetTest,
                         ::testing::Values(
                             // One mark for the whole stretch, in the Simplified original.
                             SnippetCase{"吳涇化工區", "<mark>吴泾化工区</mark>",
                                         "<mark>吴泾</mark>"},
                             // Keyword queries mark only whole keywords, not their parts.
                             SnippetCase{"换乘通道", "<mark>换乘通道</mark>", "<mark>换乘</mark>"},
                             // Traditional text is shown as written.
                             SnippetCase{"垃圾分类", "<mark>垃圾分類</mark>", ""}));

struct BadQuery {
  const char* query;
  const char* message_part;
  MatchMode mode = MatchMode::kAuto;
};
class SearcherSyntaxTest : public SearcherTest, public ::testing::WithParamInterface<BadQuery> {};

TEST_P(SearcherSyntaxTest, ReportsTheProblemAndPosition) {
  SearchRequest r;
  r.query = GetParam().query;
  r.mode = GetParam().mode;
  auto res = searcher_->Search(r);
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(res.status().message().find(GetParam().message_part), std::string::npos)
      << res.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Errors, SearcherSyntaxTest,
    ::testing::Values(
        BadQuery{"吴泾 \"化工", "unclosed quote opened at position 4", MatchMode::kAll},
        BadQuery{"吴泾 \"化工", "unclosed quote opened at position 4", MatchMode::kRanked},
        BadQuery{"title:\"化工", "unclosed quote opened at position 7"},
        BadQuery{"吴泾 OR \"化工", "unclosed quote opened at position 7"},
        BadQuery{"(吴泾 OR 化工", "missing ')' for '(' at position 1"},
        BadQuery{"吴泾 )", "unmatched ')' at position 4"},
        BadQuery{"OR 吴泾", "OR has nothing before it at position 1"},
        BadQuery{"吴泾 AND", "AND has nothing after it at position 4"},
        BadQuery{"year:20x9", "expected a year"},
        BadQuery{"date:2021-13-01..2021-14-01", "month 13 does not exist at position 1"},
        BadQuery{"吴泾 date:2021-02-29", "2021-02 has 28 days at position 4"},
        BadQuery{"date:2020-04-31..", "2020-04 has 30 days"},
        BadQuery{"kind:unknown", "unknown kind 'unknown'"}, BadQuery{"title:", "has no value"},
        BadQuery{"()", "empty parentheses"}));

TEST_F(SearcherTest, AutoModeReadsAStrayQuoteInPlainTextAsText) {
  // Keywords: still all required, the quote dropped.
  EXPECT_EQ(Ids("吴泾 \"化工"), IdList({kA}));
  EXPECT_EQ(Ids("吴泾 \"垃圾"), IdList());
  // A pasted sentence with one ASCII quote is ranked.
  SearchRequest r;
  r.query = "吴泾化工区周边居民反映的\u201c异味\"问题现在怎么样了";
  auto res = searcher_->Search(r);
  ASSERT_OK(res);
  EXPECT_TRUE(res->ranked);
  ASSERT_FALSE(res->hits.empty());
  EXPECT_EQ(res->hits[0].id, kA);
}

TEST_F(SearcherTest, LongSentenceRanksInsteadOfRequiringEveryWord) {
  SearchRequest r;
  r.query = "吴泾化工区周边居民反映的异味问题现在怎么样了";  // Not a substring of any case.
  auto res = searcher_->Search(r);
  ASSERT_OK(res);
  EXPECT_TRUE(res->ranked);
  ASSERT_FALSE(res->hits.empty());
  EXPECT_EQ(res->hits[0].id, kA);
}

TEST_F(SearcherTest, RejectsOversizedPages) {
  SearchRequest r;
  r.limit = 100000;
  EXPECT_EQ(searcher_->Search(r).status().code(), Status::Code::kInvalidArgument);
}

TEST_F(SearcherTest, SearchTextExcludesAndFilters) {
  SearchRequest r;
  r.filters = {{"year", "2019..2021"}};
  auto res = searcher_->SearchText("垃圾分类和垃圾桶的设置", r, {kB});
  ASSERT_OK(res);
  ASSERT_EQ(res->hits.size(), 1u);
  EXPECT_EQ(res->hits[0].id, kC);
}

TEST_F(SearcherTest, DocumentTermsHoldBigramsAndWords) {
  auto terms = searcher_->DocumentTerms(kA);
  ASSERT_OK(terms);
  auto has = [&](const std::string& t) {
    return std::find(terms->begin(), terms->end(), t) != terms->end();
  };
  EXPECT_TRUE(has("吴泾"));
  EXPECT_TRUE(has("S吴泾"));
  EXPECT_TRUE(has("XKINDdeputy_suggestion"));
  EXPECT_EQ(searcher_->DocumentTerms("nope").status().code(), Status::Code::kNotFound);
}

TEST(SearchVocabularyTest, SortAndModeWordsAreReadOnce) {
  EXPECT_EQ(SortOrderNamed("newest"), SortOrder::kNewest);
  EXPECT_EQ(SortOrderNamed("relevance"), SortOrder::kRelevance);
  EXPECT_EQ(SortOrderNamed("Newest"), std::nullopt);
  EXPECT_EQ(MatchModeNamed("ranked"), MatchMode::kRanked);
  EXPECT_EQ(MatchModeNamed("any"), std::nullopt);
  EXPECT_EQ(SearcherOptions{}.max_limit, kMaxSearchLimit);
}

// The searcher retries on a status code, never on an error's text.
TEST(XapianStatusTest, AnIndexThatMovedOnIsIndexMoved) {
  Status moved, locked;
  try {
    throw Xapian::DatabaseModifiedError("The revision being read has been discarded");
  } catch (...) {
    moved = StatusFromCurrentException("searching index");
  }
  try {
    throw Xapian::DatabaseLockError("held");
  } catch (...) {
    locked = StatusFromCurrentException("opening index");
  }
  EXPECT_EQ(moved.code(), Status::Code::kIndexMoved) << moved.ToString();
  EXPECT_EQ(locked.code(), Status::Code::kFailedPrecondition) << locked.ToString();
}

}  // namespace
}  // namespace casebook::search
