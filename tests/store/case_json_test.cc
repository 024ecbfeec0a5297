#include "store/case_json.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace casebook {
namespace {

TEST(CaseJsonTest, EveryFieldRoundTrips) {
  Case c = test::SampleCase("2021-SHRD-0123");
  nlohmann::json j = CaseToJson(c);
  auto back = CaseFromJson(j);
  ASSERT_OK(back);
  EXPECT_EQ(CaseToJson(*back), j);
  EXPECT_EQ(back->title, c.title);
  EXPECT_EQ(back->units.co, c.units.co);
  EXPECT_EQ(back->replies.at(0).text, "已开展专项监测。");
  EXPECT_EQ(back->consultations.at(0).participants.size(), 2u);
  EXPECT_EQ(back->feedback.at(0).satisfaction, Satisfaction::kBasicallySatisfied);
  EXPECT_EQ(back->reviews.at(0).outcome, ReviewOutcome::kConfirmed);
  EXPECT_TRUE(back->disclosure.is_public);
  EXPECT_EQ(back->source.line, 12);
  EXPECT_EQ(back->extra.at("custom_note"), "保留此字段");
}

TEST(CaseJsonTest, ChineseEnumWordsAreStoredInEnglish) {
  auto c = CaseFromJsonText(R"({"id":"x1","kind":"政协提案","role":"主办","result":"已经解决",
    "status":"已答复","level":"区级",
    "replies":[{"kind":"首次答复","result":"列入计划拟解决","text":"答复"}],
    "feedback":[{"satisfaction":"基本满意"}],
    "consultations":[{"form":"面商"}],"reviews":[{"kind":"回头看","outcome":"重新办理"}]})");
  ASSERT_OK(c);
  nlohmann::json j = CaseToJson(*c);
  EXPECT_EQ(j["kind"], "cppcc_proposal");
  EXPECT_EQ(j["role"], "lead");
  EXPECT_EQ(j["result"], "solved");
  EXPECT_EQ(j["status"], "replied");
  EXPECT_EQ(j["level"], "district");
  EXPECT_EQ(j["replies"][0]["kind"], "first");
  EXPECT_EQ(j["replies"][0]["result"], "planned");
  EXPECT_EQ(j["feedback"][0]["satisfaction"], "basically_satisfied");
  EXPECT_EQ(j["consultations"][0]["form"], "meeting");
  EXPECT_EQ(j["reviews"][0]["kind"], "look_back");
  EXPECT_EQ(j["reviews"][0]["outcome"], "rehandle");
}

TEST(CaseJsonTest, UnknownFieldsAreKeptAtEveryLevel) {
  auto c = CaseFromJsonText(
      R"({"id":"x2","votes_up":3,"msg_no":42,"replies":[{"text":"好","signed_by":"王"}]})");
  ASSERT_OK(c);
  nlohmann::json j = CaseToJson(*c);
  EXPECT_EQ(j["votes_up"], 3);
  EXPECT_EQ(j["msg_no"], 42);
  EXPECT_EQ(j["replies"][0]["signed_by"], "王");
}

struct BadCase {
  const char* json;
  const char* field;  // Must appear in the error message.
};

void PrintTo(const BadCase& b, std::ostream* os) { *os << b.field; }

class CaseJsonRejectTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(CaseJsonRejectTest, ErrorNamesTheField) {
  auto c = CaseFromJsonText(GetParam().json);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find(GetParam().field), std::string::npos)
      << c.status().ToString();
}

INSTANTIATE_TEST_SUITE_P(
    Fields, CaseJsonRejectTest,
    ::testing::Values(BadCase{R"({"title":"无编号"})", "id"},
                      BadCase{R"({"id":"../etc/passwd"})", "id"}, BadCase{R"({"id":"a/b"})", "id"},
                      BadCase{R"({"id":"ok","year":"二〇二一"})", "year"},
                      BadCase{R"({"id":"ok","year":1800})", "year"},
                      BadCase{R"({"id":"ok","title":["数组"]})", "title"},
                      BadCase{R"({"id":"ok","result":"差不多"})", "result"},
                      BadCase{R"({"id":"ok","reply_due":"2021/05/31"})", "reply_due"},
                      BadCase{R"({"id":"ok","replies":[{"date":"昨天"}]})", "replies[0].date"},
                      BadCase{R"({"id":"ok","units":{"boss":["某局"]}})", "units.boss"},
                      BadCase{R"({"id":"ok","proposers":[7]})", "proposers[0]"},
                      BadCase{R"({"id":"ok","disclosure":{"public":"yes"}})",
                              "disclosure.public"}));

TEST(CaseJsonTest, RejectsBrokenTextWithOffsets) {
  auto truncated = CaseFromJsonText(R"({"id":"x","title":"关于)");
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.status().message().find("byte"), std::string::npos);

  std::string bad_utf8 = std::string(R"({"id":"x","title":")") + "\xE5\x90" + "\"}";
  auto b = CaseFromJsonText(bad_utf8);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("invalid UTF-8 at byte 19"), std::string::npos)
      << b.status().message();
}

TEST(CaseJsonTest, DeepNestingIsRejectedWithoutRecursion) {
  std::string deep =
      R"({"id":"x","extra":)" + std::string(10000, '[') + std::string(10000, ']') + "}";
  auto c = CaseFromJsonText(deep);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), Status::Code::kResourceExhausted);
}

// Brackets inside strings are text, however the strings escape their quotes.
TEST(CaseJsonTest, NestingCountsOnlyBracketsOutsideStrings) {
  JsonLimits limits;
  limits.max_depth = 2;
  EXPECT_OK(ParseJsonText(R"({"a":"[[[[\"[[{{","b":"x\\","c":[1]})", limits));
  auto deep = ParseJsonText(R"({"a":"\\","b":[[1]]})", limits);  // Even backslashes: a real quote.
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.status().code(), Status::Code::kResourceExhausted);
  EXPECT_NE(deep.status().message().find("at byte 15"), std::string::npos)
      << deep.status().message();
  auto open = ParseJsonText(R"({"a":"[[[)", limits);  // Unclosed string: a syntax error.
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.status().code(), Status::Code::kInvalidArgument);
}

TEST(CaseJsonTest, IsoDates) {
  for (const char* ok : {"2021-03-16", "2021-03-16T10:00", "2019-02-28 11:25:05",
                         "2021-03-16T10:00:00Z", "2021-03-16T10:00:00+08:00"}) {
    EXPECT_TRUE(IsIsoDate(ok)) << ok;
  }
  for (const char* bad : {"2021-3-16", "2021-13-01", "16/03/2021", "2021-03-16T", ""}) {
    EXPECT_FALSE(IsIsoDate(bad)) << bad;
  }
}

TEST(CaseJsonTest, CorpusRecordsDecode) {
  SKIP_WITHOUT_CORPUS();
  // The appeal records carry extra fields (msg_no, votes, proposer ids): all kept.
  for (const auto& line : test::ReadLines(test::CorpusFile("appeals-more-a.jsonl"), 200)) {
    auto j = ParseJsonText(line);
    ASSERT_OK(j);
    auto c = CaseFromJson(*j);
    ASSERT_OK(c);
    EXPECT_EQ(c->kind, CaseKind::kAppeal);
    EXPECT_EQ(CaseToJson(*c)["msg_no"], (*j)["msg_no"]);
  }
}

}  // namespace
}  // namespace casebook

namespace casebook {
namespace {

TEST(CaseJsonTest, UnknownFieldsGetTheSameChecks) {
  nlohmann::json j = {{"id", "U-1"}, {"title", "关于未知字段的建议"}};
  j["note"] = std::string("a\0b", 3);
  auto c = CaseFromJson(j);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("field 'note'"), std::string::npos) << c.status().message();
  EXPECT_NE(c.status().message().find("NUL"), std::string::npos);
  nlohmann::json nested = {{"id", "U-2"}, {"meta", {{std::string("k\0", 2), "v"}}}};
  auto d = CaseFromJson(nested);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("meta."), std::string::npos) << d.status().message();
  nlohmann::json fine = {{"id", "U-3"}, {"meta", {{"来源", {"甲", "乙"}}}}};
  EXPECT_OK(CaseFromJson(fine).status());
}

}  // namespace
}  // namespace casebook
