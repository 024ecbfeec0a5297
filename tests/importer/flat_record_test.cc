// The JSON Lines fast path (ParseJsonMembers + FieldMapper::MapFlatRecord)
// against the general path (ParseJsonText + ToCaseJson + CaseFromJson): the
// same case, or a hand-over to the general path.
#include <gtest/gtest.h>

#include "importer/field_mapper.h"
#include "importer/json_members.h"
#include "store/case_codec.h"
#include "store/case_json.h"
#include "test_util.h"

namespace casebook::importer {
namespace {

using json = nlohmann::json;
using Flat = FieldMapper::FlatResult;

const Source kSource{"f.jsonl", 7, "hash", "2026-01-01T00:00:00Z", true};

// What the general path makes of one line.
Result<Case> GeneralPath(const FieldMapper& mapper, std::string_view line) {
  auto parsed = ParseJsonText(line);
  if (!parsed.ok()) return parsed.status();
  json mapped = mapper.ToCaseJson(std::move(*parsed));
  mapped["source"] = {{"file", kSource.file},
                      {"line", kSource.line},
                      {"sha256", kSource.sha256},
                      {"imported_at", kSource.imported_at}};
  return CaseFromJson(std::move(mapped));
}

// What the fast path makes of it; `c` is set only when mapped and valid.
Flat FastPath(const FieldMapper& mapper, std::string_view line, Case* c) {
  JsonMembers members;
  EXPECT_TRUE(ParseJsonMembers(line, 64, &members)) << line;
  Flat result = mapper.MapFlatRecord(members, c);
  c->source = kSource;
  return result;
}

// Checks that the fast path either hands the line over or builds the very
// case the general path builds. Returns what it did.
Flat ExpectSameCase(const FieldMapper& mapper, std::string_view line) {
  Case fast;
  Flat result = FastPath(mapper, line, &fast);
  auto general = GeneralPath(mapper, line);
  if (result == Flat::kMapped && ValidateCase(fast).ok()) {
    EXPECT_TRUE(general.ok()) << line << "\n" << general.status().ToString();
    if (general.ok()) {
      EXPECT_EQ(CaseToJson(fast).dump(), CaseToJson(*general).dump()) << line;
      EXPECT_EQ(EncodeCaseRecord(fast), EncodeCaseRecord(*general)) << line;
    }
  }
  if (result == Flat::kRefused) {
    EXPECT_FALSE(general.ok()) << "refused a line the general path takes: " << line;
  }
  return result;
}

class FlatRecordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto m = FieldMapper::Create();
    ASSERT_OK(m);
    mapper_ = std::make_unique<FieldMapper>(std::move(*m));
  }
  std::unique_ptr<FieldMapper> mapper_;
};

TEST_F(FlatRecordTest, CorpusShapesMapAsTheGeneralPathDoes) {
  const std::string line =
      R"({"id":"t-1","title":"关于修缮老街路面的建议","msg_no":12,"year":"２０２１年",)"
      R"("kind":"政府工作报告","status":" 已答复 ","created":"2021/3/5 9:05",)"
      R"("reply":"已转交区住建委办理。","reply_time":"2021年4月1日","答复单位":"区住建委",)"
      R"("proposer":"张三、李四","units":"市交通委；市公安局","source":"手工录入",)"
      R"("votes_up":3,"note":null,"nested":{"a":[1,{"b":null}],"c":"丙"}})";
  EXPECT_EQ(ExpectSameCase(*mapper_, line), Flat::kMapped);
  Case c;
  ASSERT_EQ(FastPath(*mapper_, line, &c), Flat::kMapped);
  EXPECT_EQ(c.kind, CaseKind::kOther);
  EXPECT_EQ(c.extra["kind_text"], "政府工作报告");
  EXPECT_EQ(c.extra["origin"], "手工录入");
  EXPECT_EQ(c.received, "2021-03-05 09:05");
  ASSERT_EQ(c.replies.size(), 1u);
  EXPECT_EQ(c.replies[0].kind, ReplyKind::kFirst);
  EXPECT_EQ(c.replies[0].date, "2021-04-01");
  EXPECT_EQ(c.replies[0].unit, "区住建委");
  ASSERT_EQ(c.proposers.size(), 2u);
  EXPECT_EQ(c.units.lead.size(), 2u);
  EXPECT_EQ(c.number, "12");
  EXPECT_EQ(c.year, 2021);
  EXPECT_EQ(ExpectSameCase(*mapper_, R"({"id":" t-2 ","body":"正文","title":"  ","year":null,)"
                                     R"("kind":"群众留言","status":"replied","year ":2020})"),
            Flat::kMapped);
}

TEST_F(FlatRecordTest, ValuesTheGeneralPathRejectsAreRefused) {
  for (const char* line : {
           R"({"id":"t-3","title":"甲","year":"二〇二一"})",
           R"({"id":"t-4","title":"甲","created":"昨天"})",
           R"({"id":"t-5","title":"甲","reply":"乙","reply_time":"不详"})",
           R"({"id":"t-6","title":"甲","status":"不知道"})",
           R"({"id":"t-7","title":"甲","year":1800})",
       }) {
    EXPECT_EQ(ExpectSameCase(*mapper_, line), Flat::kRefused) << line;
  }
  auto general =
      GeneralPath(*mapper_, R"({"id":"t-5","title":"甲","reply":"乙","reply_time":"不详"})");
  ASSERT_FALSE(general.ok());
  EXPECT_NE(general.status().message().find("replies[0].date"), std::string::npos);
}

TEST_F(FlatRecordTest, RecordsThatAreNotFlatAreHandedOver) {
  for (const char* line : {
           R"({"id":"t-8","title":"甲","replies":[{"text":"乙"}]})",     // Nested known field.
           R"({"id":"t-9","title":"甲","标题":"乙"})",                   // Two names for one field.
           R"({"id":"t-10","title":"甲","origin":"丙","source":"丁"})",  // Name the mapping writes.
           R"({"title":"甲"})",                                          // No id.
           R"({"id":"t-11","case_id":"2021-1","reply":"乙"})",           // A reply record.
           R"({"id":"t-12","title":"甲","year":2021.0})",                // Float year.
           R"({"id":"t-13","title":"甲","x":1,"x":2})",                  // Repeated name.
       }) {
    Case c;
    EXPECT_NE(FastPath(*mapper_, line, &c), Flat::kMapped) << line;
  }
  JsonMembers members;
  ASSERT_TRUE(ParseJsonMembers(R"({"x":1,"y":[true],"x":"后"})", 64, &members));
  EXPECT_EQ(members.size(), 3u);
  EXPECT_EQ(MembersToObject(std::move(members)), json::parse(R"({"x":"后","y":[true]})"));
}

TEST_F(FlatRecordTest, CorpusLinesMapAsTheGeneralPathDoes) {
  SKIP_WITHOUT_CORPUS();
  int mapped = 0, total = 0;
  for (const char* name : {"appeals-with-replies.jsonl", "appeals-more-a.jsonl",
                           "appeals-more-b.jsonl", "shanghai-npc-suggestions.jsonl",
                           "long-government-reports.jsonl", "policy-qa-docs.jsonl"}) {
    for (const std::string& line : test::ReadLines(test::CorpusFile(name), 100)) {
      ++total;
      mapped += ExpectSameCase(*mapper_, line) == Flat::kMapped;
    }
  }
  EXPECT_GE(mapped, 300) << "of " << total;  // At least the appeal files.
}

}  // namespace
}  // namespace casebook::importer
