// Snippets over characters that normalise to several units ("½" -> "1⁄2",
// "㍿" -> "株式会社"): each original character is shown once, and the
// excerpt stays an excerpt.
#include "search/snippet.h"

#include <gtest/gtest.h>

#include <string>

#include "test_util.h"

namespace casebook::search {
namespace {

// The snippet without its marks and ellipses.
std::string Unmarked(std::string s) {
  for (const char* tag : {"<mark>", "</mark>", "…"}) {
    for (size_t at = s.find(tag); at != std::string::npos; at = s.find(tag)) {
      s.erase(at, std::string(tag).size());
    }
  }
  return s;
}

class SnippetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto a = ChineseAnalyzer::Create();
    ASSERT_OK(a);
    analyzer_ = std::move(*a);
  }
  std::string Snippet(const std::string& text, std::vector<std::string> query, bool keywords) {
    for (std::string& q : query) q = analyzer_->Normalize(q);
    Highlighter highlighter(query, keywords);
    return MakeSnippet(text, highlighter, *analyzer_, SnippetOptions());
  }
  std::unique_ptr<ChineseAnalyzer> analyzer_;
};

TEST_F(SnippetTest, ACharacterMadeOfSeveralUnitsIsShownAndMarkedOnce) {
  const std::string text = "本项目占地½亩，由某㍿承建，面积约¼亩。";
  for (bool keywords : {true, false}) {
    const std::string fraction = Snippet(text, {"1", "2"}, keywords);
    EXPECT_EQ(Unmarked(fraction), text) << fraction;
    EXPECT_NE(fraction.find("<mark>½</mark>亩，由某"), std::string::npos) << fraction;
    const std::string company = Snippet(text, {"株式", "社"}, keywords);
    EXPECT_EQ(Unmarked(company), text) << company;
    EXPECT_NE(company.find("<mark>㍿</mark>承建"), std::string::npos) << company;
  }
}

TEST_F(SnippetTest, StaysShortAfterSuchACharacter) {
  std::string text = "项目占地½亩。";
  for (int k = 0; k < 800; ++k) text += "道路养护工作";
  const std::string snippet = Snippet(text, {"1", "2"}, true);
  EXPECT_LT(snippet.size(), 400u) << snippet.substr(0, 400);
  EXPECT_EQ(text.find(Unmarked(snippet)), 0u);
}

}  // namespace
}  // namespace casebook::search
