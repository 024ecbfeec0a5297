#include "search/query_parser.h"

#include <gtest/gtest.h>

#include <random>

#include "test_util.h"

namespace casebook::search {
namespace {

using Type = QueryNode::Type;

TEST(QueryParserTest, PlainKeywordsAreImplicitAnd) {
  auto q = ParseQuery("吴泾  垃圾分类\u3000市交通委");
  ASSERT_OK(q);
  EXPECT_TRUE(q->plain);
  ASSERT_EQ(q->root.type, Type::kAnd);
  ASSERT_EQ(q->root.children.size(), 3u);
  EXPECT_EQ(q->root.children[2].text, "市交通委");
  EXPECT_EQ(q->root.children[2].position, 10u);
}

TEST(QueryParserTest, OrBindsLooserThanAnd) {
  auto q = ParseQuery("a b OR c");
  ASSERT_OK(q);
  EXPECT_FALSE(q->plain);
  ASSERT_EQ(q->root.type, Type::kOr);
  EXPECT_EQ(q->root.children[0].type, Type::kAnd);
  EXPECT_EQ(q->root.children[1].text, "c");
}

TEST(QueryParserTest, FieldsFiltersRangesAndExclusions) {
  auto q = ParseQuery("title：吴泾 -body:\"回头 看\" kind:政协提案 year:2018..2021 NOT 噪音");
  ASSERT_OK(q);
  const auto& c = q->root.children;
  ASSERT_EQ(c.size(), 5u);
  EXPECT_EQ(c[0].field, "title");
  EXPECT_EQ(c[1].type, Type::kNot);
  EXPECT_EQ(c[1].children[0].text, "回头 看");
  EXPECT_TRUE(c[1].children[0].quoted);
  EXPECT_EQ(c[2].type, Type::kFilter);
  EXPECT_EQ(c[2].text, "cppcc_proposal");
  EXPECT_EQ(c[3].type, Type::kRange);
  EXPECT_EQ(c[3].low, "2018");
  EXPECT_EQ(c[3].high, "2021");
  EXPECT_EQ(c[4].type, Type::kNot);
}

TEST(QueryParserTest, UnknownFieldNamesAreText) {
  auto q = ParseQuery("http://example.org 时间:2019");
  ASSERT_OK(q);
  EXPECT_TRUE(q->plain);
  EXPECT_EQ(q->root.children[0].text, "http://example.org");
}

TEST(QueryParserTest, FiltersAndExclusionsKeepAQueryPlain) {
  auto q = ParseQuery("吴泾化工区周边的异味问题 kind:appeal -噪音");
  ASSERT_OK(q);
  EXPECT_TRUE(q->plain);
  EXPECT_EQ(PositiveTexts(q->root), std::vector<std::string>{"吴泾化工区周边的异味问题"});
}

TEST(QueryParserTest, ParenthesesInsideWordsAreText) {
  auto q = ParseQuery("引进劳动力(含调剂用工)的标准");
  ASSERT_OK(q);
  EXPECT_TRUE(q->plain);
  EXPECT_EQ(q->root.text, "引进劳动力(含调剂用工)的标准");
  auto g = ParseQuery("(吴泾 OR 化工(区) 监测");  // The first ")" closes the group.
  ASSERT_OK(g);
  ASSERT_EQ(g->root.type, Type::kAnd);
  EXPECT_EQ(g->root.children[0].type, Type::kOr);
  EXPECT_EQ(g->root.children[0].children[1].text, "化工(区");
}

TEST(QueryParserTest, EmptyQueryMatchesAll) {
  auto q = ParseQuery("   ");
  ASSERT_OK(q);
  EXPECT_EQ(q->root.type, Type::kAll);
  EXPECT_FALSE(q->plain);
}

TEST(QueryParserTest, LimitsLengthAndDepth) {
  EXPECT_FALSE(ParseQuery(std::string(5000, 'a')).ok());
  EXPECT_FALSE(ParseQuery(std::string(40, '(') + "a" + std::string(40, ')')).ok());
  EXPECT_OK(ParseQuery(std::string(5, '(') + "a" + std::string(5, ')')));
}

TEST(QueryParserTest, UnclosedQuoteIsAnErrorByDefault) {
  auto q = ParseQuery("关于\u201c回头看\"工作的通知");
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.status().message().find("unclosed quote opened at position 7"), std::string::npos)
      << q.status().message();
}

TEST(QueryParserTest, UnclosedQuoteInPlainTextIsTextWhenLenient) {
  QueryLimits lenient;
  lenient.unclosed_quote_as_text = true;
  auto q = ParseQuery("关于\u201c回头看\"工作的通知 -噪音", lenient);
  ASSERT_OK(q);
  EXPECT_TRUE(q->plain);
  ASSERT_EQ(q->root.type, Type::kAnd);
  ASSERT_EQ(q->root.children.size(), 3u);
  EXPECT_EQ(q->root.children[0].text, "关于\u201c回头看");
  EXPECT_EQ(q->root.children[1].text, "工作的通知");  // The quote itself is dropped.
  EXPECT_FALSE(q->root.children[1].quoted);
  EXPECT_EQ(q->root.children[2].type, Type::kNot);
  // A lone quote, or one before a space: nothing of it is left.
  auto lone = ParseQuery("吴泾 \" 化工", lenient);
  ASSERT_OK(lone);
  EXPECT_EQ(PositiveTexts(lone->root), (std::vector<std::string>{"吴泾", "化工"}));
  // Words after the quote are text, not operators.
  auto word = ParseQuery("吴泾 \"OR", lenient);
  ASSERT_OK(word);
  EXPECT_EQ(PositiveTexts(word->root), (std::vector<std::string>{"吴泾", "OR"}));
}

TEST(QueryParserTest, UnclosedQuoteInQuerySyntaxStaysAnErrorWhenLenient) {
  QueryLimits lenient;
  lenient.unclosed_quote_as_text = true;
  for (const char* query :
       {"title:\"吴泾", "吴泾 OR \"化工", "\"回头 看\" \"化工", "(吴泾 \"化工)", "NOT \"化工"}) {
    auto q = ParseQuery(query, lenient);
    ASSERT_FALSE(q.ok()) << query;
    EXPECT_EQ(q.status().code(), Status::Code::kInvalidArgument) << query;
    EXPECT_NE(q.status().message().find("unclosed quote opened at position"), std::string::npos)
        << query << ": " << q.status().message();
  }
  // Other syntax errors are reported as before.
  auto paren = ParseQuery("(吴泾 \"化工", lenient);
  ASSERT_FALSE(paren.ok());
  EXPECT_NE(paren.status().message().find("missing ')'"), std::string::npos);
}

TEST(QueryParserTest, RandomBytesNeverCrash) {
  std::mt19937 rng(3);
  const std::string alphabet[] = {"(",  ")",  "\"",     "-",     "AND", "OR",   "NOT", " ",
                                  "吴", "泾", "title:", "year:", "..",  "\xff", "：",  "kind:"};
  for (int i = 0; i < 2000; ++i) {
    std::string q;
    for (int k = rng() % 12; k > 0; --k) q += alphabet[rng() % 16];
    QueryLimits limits;
    limits.unclosed_quote_as_text = i % 2 == 1;
    auto r = ParseQuery(q, limits);
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument) << q;
      EXPECT_NE(r.status().message().find("query"), std::string::npos) << q;
    }
  }
}

}  // namespace
}  // namespace casebook::search
