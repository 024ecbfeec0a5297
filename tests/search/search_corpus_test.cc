// Search over real Chinese text from the shared corpus (read at test time):
// every random 2-6 unit substring finds its document and only documents that
// contain it; Traditional / full-width copies are found by Simplified /
// half-width queries and the reverse.
#include <gtest/gtest.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <nlohmann/json.hpp>
#include <random>

#include "search/search_index.h"
#include "search/searcher.h"
#include "store/case_store.h"
#include "test_util.h"

namespace casebook::search {
namespace {

constexpr size_t kDocs = 120;

// Converts text with an ICU transliterator ("Simplified-Traditional" ...).
std::string Transliterate(icu::Transliterator* t, const std::string& s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  t->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

class SearchCorpusTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (test::CorpusDir().empty()) return;
    dir_ = new test::ScopedTempDir();
    auto store = CaseStore::Open(*dir_ / "store");
    ASSERT_OK(store);
    store_ = store->release();
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> to_traditional(icu::Transliterator::createInstance(
        "Simplified-Traditional; Halfwidth-Fullwidth", UTRANS_FORWARD, status));
    ASSERT_TRUE(U_SUCCESS(status)) << u_errorName(status);
    std::vector<Case> cases;
    for (const std::string& line :
         test::ReadLines(test::CorpusFile("appeals-more-a.jsonl"), kDocs)) {
      auto j = nlohmann::json::parse(line);
      Case c;
      c.id = j["id"].get<std::string>();
      c.kind = CaseKind::kAppeal;
      c.title = j["title"].get<std::string>();
      c.body = j["body"].get<std::string>();
      Case t = c;  // A Traditional, full-width copy.
      t.id += "-t";
      t.title = Transliterate(to_traditional.get(), c.title);
      t.body = Transliterate(to_traditional.get(), c.body);
      cases.push_back(std::move(c));
      cases.push_back(std::move(t));
    }
    ASSERT_OK(store_->PutBatch(cases));
    auto index = SearchIndex::Open(*dir_ / "index");
    ASSERT_OK(index);
    ASSERT_OK((*index)->CatchUp(*store_));
    auto searcher = Searcher::Open(*dir_ / "index", store_);
    ASSERT_OK(searcher);
    searcher_ = searcher->release();
    auto analyzer = ChineseAnalyzer::Create();
    ASSERT_OK(analyzer);
    analyzer_ = analyzer->release();
  }
  static void TearDownTestSuite() {
    delete analyzer_;
    delete searcher_;
    delete store_;
    delete dir_;
  }
  void SetUp() override { SKIP_WITHOUT_CORPUS(); }

  // A random run of 2..6 units of `text`, as written in `text`.
  static std::string RandomSubstring(const std::string& text, std::mt19937* rng) {
    NormalizedText n = analyzer_->NormalizeText(text);
    std::vector<TextUnit> units = ChineseAnalyzer::SplitUnits(n.text);
    if (units.size() < 6) return "";
    size_t len = 2 + (*rng)() % 5;
    size_t s = (*rng)() % (units.size() - len + 1);
    auto [b, e] = n.SourceRange(units[s].begin, units[s + len - 1].end);
    std::string sub = text.substr(b, e - b);
    if (sub.find_first_of("\"()") != std::string::npos) return "";
    return sub;
  }

  static std::vector<Case> SimplifiedDocs() {
    std::vector<Case> docs;
    Status s = store_->ScanAll([&](const Case& c) {
      if (c.id.size() < 2 || c.id.substr(c.id.size() - 2) != "-t") docs.push_back(c);
      return true;
    });
    EXPECT_OK(s);
    return docs;
  }

  static std::vector<std::string> HitIds(const std::string& phrase, const std::string& only_id) {
    SearchRequest r;
    r.query = "\"" + phrase + "\"";
    r.mode = MatchMode::kAll;
    r.limit = 1000;
    r.facets = false;
    r.snippets = false;
    if (!only_id.empty()) r.filters = {{"id", only_id}};
    auto res = searcher_->Search(r);
    EXPECT_TRUE(res.ok()) << phrase << ": " << res.status().ToString();
    std::vector<std::string> ids;
    if (res.ok()) {
      for (const SearchHit& h : res->hits) ids.push_back(h.id);
    }
    return ids;
  }

  static test::ScopedTempDir* dir_;
  static CaseStore* store_;
  static Searcher* searcher_;
  static ChineseAnalyzer* analyzer_;
};
test::ScopedTempDir* SearchCorpusTest::dir_ = nullptr;
CaseStore* SearchCorpusTest::store_ = nullptr;
Searcher* SearchCorpusTest::searcher_ = nullptr;
ChineseAnalyzer* SearchCorpusTest::analyzer_ = nullptr;

TEST_F(SearchCorpusTest, EveryRandomSubstringFindsItsDocumentAndOnlyHolders) {
  std::mt19937 rng(20261128);
  int checked = 0;
  std::vector<Case> docs = SimplifiedDocs();
  ASSERT_EQ(docs.size(), kDocs);
  for (int k = 0; k < 300; ++k) {
    const Case& c = docs[rng() % docs.size()];
    std::string sub = RandomSubstring(c.body, &rng);
    if (sub.empty()) continue;
    ++checked;
    EXPECT_EQ(HitIds(sub, c.id), std::vector<std::string>{c.id}) << "substring: " << sub;
    if (k % 10 != 0) continue;
    // Precision: every hit holds the substring (compared normalised, units only).
    std::string want = analyzer_->Normalize(sub);
    for (const std::string& hit : HitIds(sub, "")) {
      auto hc = store_->Get(hit);
      ASSERT_OK(hc);
      std::string text = analyzer_->Normalize(hc->title + "\n" + hc->body);
      if (want.find_first_of(" ,.，。、；：！？") == std::string::npos) {
        EXPECT_NE(text.find(want), std::string::npos) << hit << " does not contain " << want;
      }
    }
  }
  EXPECT_GE(checked, 250);
}

TEST_F(SearchCorpusTest, TraditionalAndFullWidthMatchBothWays) {
  std::mt19937 rng(7);
  int checked = 0, differing = 0;
  std::vector<Case> docs = SimplifiedDocs();
  for (int k = 0; k < 40; ++k) {
    const Case& original = docs[rng() % docs.size()];
    auto copy = store_->Get(original.id + "-t");
    ASSERT_OK(copy);
    // A query taken from the Simplified text and one from the Traditional copy.
    for (const Case* source : {&original, static_cast<const Case*>(&*copy)}) {
      std::string sub = RandomSubstring(source->body, &rng);
      if (sub.empty()) continue;
      std::vector<std::string> hits = HitIds(sub, "");
      bool in_simplified = std::count(hits.begin(), hits.end(), original.id) > 0;
      bool in_traditional = std::count(hits.begin(), hits.end(), copy->id) > 0;
      EXPECT_TRUE(in_simplified || in_traditional) << sub;
      ++checked;
      if (!(in_simplified && in_traditional)) {
        ++differing;  // Allowed only when S->T->S does not round-trip a character.
        EXPECT_NE(analyzer_->Normalize(original.body), analyzer_->Normalize(copy->body)) << sub;
      }
    }
  }
  EXPECT_GE(checked, 40);
  EXPECT_LE(differing * 20, checked) << "more than 5% of queries missed one of the forms";
}

// Keyword queries of 1-2 CJK runs of 2-4 characters from real texts (one
// keyword of two characters is a single term after pruning: its total comes
// from term statistics). Every way of asking for the total gives the count of
// documents whose text holds every keyword, and the same page of hits.
TEST_F(SearchCorpusTest, TotalsAreExactWithAndWithoutFacets) {
  std::mt19937 rng(11);
  std::vector<std::string> texts;  // Every case, Traditional copies too, normalised.
  ASSERT_OK(store_->ScanAll([&](const Case& c) {
    texts.push_back(analyzer_->Normalize(c.title + "\n" + c.body));
    return true;
  }));
  int checked = 0;
  for (int k = 0; k < 60; ++k) {
    const std::string& text = texts[rng() % texts.size()];
    std::vector<TextUnit> units = ChineseAnalyzer::SplitUnits(text);
    std::vector<std::string> keywords;
    for (int attempt = 0; attempt < 20 && keywords.size() < 1u + k % 2 && units.size() > 8;
         ++attempt) {
      const size_t len = 2 + rng() % 3, s = rng() % (units.size() - len);
      bool cjk = true;
      for (size_t u = s; u < s + len; ++u) {
        cjk =
            cjk && units[u].kind == TextUnit::Kind::kCjk && (u + 1 == s + len || !units[u].run_end);
      }
      if (cjk)
        keywords.push_back(text.substr(units[s].begin, units[s + len - 1].end - units[s].begin));
    }
    if (keywords.empty()) continue;
    uint64_t holders = 0;
    for (const std::string& t : texts) {
      bool all = true;
      for (const std::string& w : keywords) all = all && t.find(w) != std::string::npos;
      holders += all;
    }
    SearchRequest r;
    r.query = keywords[0] + (keywords.size() > 1 ? " " + keywords[1] : "");
    r.mode = MatchMode::kAll;
    r.snippets = false;
    auto with_facets = searcher_->Search(r);
    r.facets = false;
    auto exact = searcher_->Search(r);
    r.exact_total = false;
    auto estimated = searcher_->Search(r);
    ASSERT_OK(with_facets);
    ASSERT_OK(exact);
    ASSERT_OK(estimated);
    EXPECT_EQ(with_facets->total, holders) << r.query;
    EXPECT_EQ(exact->total, holders) << r.query;
    EXPECT_LE(estimated->hits.size(), estimated->total) << r.query;
    for (const SearchResponse* other : {&*exact, &*estimated}) {
      ASSERT_EQ(other->hits.size(), with_facets->hits.size()) << r.query;
      for (size_t h = 0; h < other->hits.size(); ++h) {
        EXPECT_EQ(other->hits[h].id, with_facets->hits[h].id) << r.query;
        EXPECT_DOUBLE_EQ(other->hits[h].score, with_facets->hits[h].score) << r.query;
      }
    }
    ++checked;
  }
  EXPECT_GE(checked, 50);
}

}  // namespace
}  // namespace casebook::search
