#include "search/chinese_analyzer.h"

#include <gtest/gtest.h>
#include <unicode/normalizer2.h>

#include "search/chinese_terms.h"
#include "test_util.h"

namespace casebook::search {
namespace {

class ChineseAnalyzerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    AnalyzerOptions options;
    options.user_terms = {"吴泾化工区", "市交通委", "Ａ３区"};
    auto a = ChineseAnalyzer::Create(options);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    analyzer_ = std::move(*a).release();
  }
  static void TearDownTestSuite() {
    delete analyzer_;
    analyzer_ = nullptr;
  }
  static std::vector<std::string> UnitTexts(const std::string& normalized) {
    std::vector<std::string> out;
    for (const TextUnit& u : ChineseAnalyzer::SplitUnits(normalized)) {
      out.emplace_back(u.In(normalized));
    }
    return out;
  }
  static ChineseAnalyzer* analyzer_;
};
ChineseAnalyzer* ChineseAnalyzerTest::analyzer_ = nullptr;

struct NormalizeCase {
  const char* input;
  const char* expected;
};

class NormalizeTest : public ChineseAnalyzerTest,
                      public ::testing::WithParamInterface<NormalizeCase> {};

TEST_P(NormalizeTest, FoldsWidthCaseAndScript) {
  EXPECT_EQ(analyzer_->Normalize(GetParam().input), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Forms, NormalizeTest,
                         ::testing::Values(NormalizeCase{"２０２１年", "2021年"},
                                           NormalizeCase{"ＡＢＣ abc", "abc abc"},
                                           NormalizeCase{"處理與發展", "处理与发展"},
                                           NormalizeCase{"臺灣資訊", "台湾资讯"},
                                           NormalizeCase{"Straße", "strasse"},
                                           NormalizeCase{"吴泾化工区", "吴泾化工区"},
                                           NormalizeCase{"（草案）", "(草案)"},
                                           // Decomposed (NFD) letters compose like
                                           // precomposed ones: résumé, Café.
                                           NormalizeCase{"re\u0301sume\u0301", "r\u00e9sum\u00e9"},
                                           NormalizeCase{"CAFE\u0301", "caf\u00e9"},
                                           NormalizeCase{"r\u00e9sum\u00e9", "r\u00e9sum\u00e9"}));

TEST_F(ChineseAnalyzerTest, OffsetsPointIntoTheInput) {
  const std::string input = "ＡＢ處理x";
  NormalizedText n = analyzer_->NormalizeText(input);
  ASSERT_EQ(n.text, "ab处理x");
  ASSERT_EQ(n.source_offsets.size(), n.text.size() + 1);
  auto [b, e] = n.SourceRange(2, 8);  // "处理"
  EXPECT_EQ(input.substr(b, e - b), "處理");
}

// NormalizeInto copies CJK Unified Ideographs without asking ICU: that holds
// only while ICU's NFKC_Casefold leaves every one of them alone.
TEST(NormalizeFastPathTest, EveryUnifiedIdeographIsInertUnderNfkcCasefold) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCCasefoldInstance(status);
  ASSERT_TRUE(U_SUCCESS(status));
  size_t not_inert = 0;
  for (UChar32 c = 0x4E00; c <= 0x9FFF; ++c) not_inert += !nfkc->isInert(c);
  EXPECT_EQ(not_inert, 0u);
}

TEST_F(ChineseAnalyzerTest, InvalidUtf8BecomesReplacementCharacter) {
  std::string n = analyzer_->Normalize(std::string("a\xff\xfe") + "b");
  EXPECT_EQ(n,
            "a\xEF\xBF\xBD\xEF\xBF\xBD"
            "b");
}

TEST_F(ChineseAnalyzerTest, UnitsKeepNumbersAndWordsWhole) {
  EXPECT_EQ(UnitTexts(analyzer_->Normalize("２０２１年A3区 hello-World")),
            (std::vector<std::string>{"2021", "年", "a", "3", "区", "hello", "world"}));
}

TEST_F(ChineseAnalyzerTest, RunEndMarksTheLastCharacterOfEachRun) {
  std::string n = "吴泾，化工区2021";
  auto units = ChineseAnalyzer::SplitUnits(n);
  ASSERT_EQ(units.size(), 6u);
  EXPECT_FALSE(units[0].run_end);
  EXPECT_TRUE(units[1].run_end);
  EXPECT_FALSE(units[3].run_end);
  EXPECT_TRUE(units[4].run_end);
  EXPECT_EQ(UnitTerm(n, units, 0, ""), "吴泾");
  EXPECT_EQ(UnitTerm(n, units, 1, "S"), "S泾$");
  EXPECT_EQ(UnitTerm(n, units, 5, ""), "2021");
}

TEST_F(ChineseAnalyzerTest, WordsIncludeUserTermsAndIcuWords) {
  std::vector<std::string> words =
      analyzer_->Words(analyzer_->Normalize("吴泾化工区的环境问题，市交通委答复"));
  auto has = [&](const char* w) { return std::find(words.begin(), words.end(), w) != words.end(); };
  EXPECT_TRUE(has("吴泾化工区"));
  EXPECT_TRUE(has("市交通委"));
  EXPECT_TRUE(has("环境"));
  EXPECT_FALSE(has("的"));
}

TEST_F(ChineseAnalyzerTest, UserTermsAreNormalisedToo) {
  std::vector<std::string> words = analyzer_->Words(analyzer_->Normalize("a3区"));
  EXPECT_NE(std::find(words.begin(), words.end(), "a3区"), words.end());
}

TEST_F(ChineseAnalyzerTest, CloneBehavesLikeTheOriginal) {
  auto clone = analyzer_->Clone();
  ASSERT_OK(clone);
  const std::string text = "臺北市交通委員會";
  EXPECT_EQ((*clone)->Normalize(text), analyzer_->Normalize(text));
  EXPECT_EQ((*clone)->Words(analyzer_->Normalize(text)),
            analyzer_->Words(analyzer_->Normalize(text)));
}

TEST(UserDictionaryTest, ReadsTermsSkipsCommentsAndRejectsBadUtf8) {
  test::ScopedTempDir dir;
  test::WriteFile(dir / "dictionary.txt", "\xEF\xBB\xBF# 本地词\n吴泾化工区\r\n\n  市交通委  \n");
  auto terms = LoadUserDictionary(dir / "dictionary.txt");
  ASSERT_OK(terms);
  EXPECT_EQ(*terms, (std::vector<std::string>{"吴泾化工区", "市交通委"}));
  test::WriteFile(dir / "bad.txt", "好\n\xB2\xE2\xCA\xD4\n");
  auto bad = LoadUserDictionary(dir / "bad.txt");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 2"), std::string::npos) << bad.status().ToString();
  EXPECT_OK(LoadUserDictionary(dir / "absent.txt"));
}

}  // namespace
}  // namespace casebook::search
