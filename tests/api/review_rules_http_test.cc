// The office's rules through a real HTTP server: each tracked write that
// breaks one is refused with 409 (state) or 400 (shape) and a message naming
// the rule in Chinese and English and the field; the same write goes through
// once the condition holds; the queue moves with each write; the same broken
// record, imported, is stored and listed as a rule exception.
#include <gtest/gtest.h>

#include "api_test_server.h"

namespace casebook::test {
namespace {

using nlohmann::json;

class RulesHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    client_ = srv_.Client();
    json c = {{"id", kId},
              {"kind", "deputy_suggestion"},
              {"role", "lead"},
              {"year", 2021},
              {"title", "关于优化公交线网的建议"},
              {"units", {{"lead", {"区交通委"}}}},
              {"received", "2021-02-01"},
              {"assigned", "2021-02-10"},
              {"reply_due", "2021-05-10"},
              {"status", "handling"}};
    ASSERT_EQ(Send("PUT", "", c)->status, 201);
  }

  // method on /api/v1/cases/ID + suffix with a JSON body.
  httplib::Result Send(const std::string& method, const std::string& suffix, const json& body) {
    const std::string path = std::string("/api/v1/cases/") + kId + suffix;
    const std::string text = body.dump();
    if (method == "PUT") return client_->Put(path, text, "application/json");
    if (method == "PATCH") return client_->Patch(path, text, "application/json");
    return client_->Post(path, text, "application/json");
  }

  // Expects a refusal with `status`, naming `words` and `field`.
  void ExpectRefused(const httplib::Result& r, int status, const std::string& words,
                     const std::string& field) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << r->body;
    const std::string message = json::parse(r->body)["error"]["message"];
    EXPECT_NE(message.find(words), std::string::npos) << message;
    EXPECT_NE(message.find("field '" + field + "'"), std::string::npos) << message;
    EXPECT_NE(message.find(" ("), std::string::npos) << message;  // English beside it.
    if (status == 409) {
      EXPECT_EQ(json::parse(r->body)["error"]["code"], "rule_violation");
    }
  }

  // The ids in a queue section as of 2021-08-01.
  std::vector<std::string> Section(const std::string& name) {
    auto r = client_->Get("/api/v1/review/queue?as_of=2021-08-01&section=" + name);
    EXPECT_EQ(r->status, 200) << r->body;
    std::vector<std::string> ids;
    const json body = json::parse(r->body);
    for (const json& i : body["sections"][name]["items"]) ids.push_back(i["id"]);
    return ids;
  }

  static constexpr char kId[] = "2021-HTTP-0001";
  const std::vector<std::string> kOnlyThis = {kId};
  ApiTestServer srv_{/*with_keys=*/false};
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(RulesHttpTest, ReplySequenceAndDates) {
  EXPECT_EQ(Section("overdue_replies"), kOnlyThis);
  EXPECT_EQ(Section("no_consultation"), kOnlyThis);  // 一次面商 not yet held.
  ExpectRefused(Send("POST", "/replies", {{"kind", "二次答复"}, {"date", "2021-05-01"}}), 400,
                "二次答复须在首次答复之后", "replies[0].kind");
  ExpectRefused(Send("POST", "/feedback", {{"date", "2021-05-01"}, {"satisfaction", "满意"}}), 400,
                "反馈须在答复之后", "feedback[0]");
  ExpectRefused(Send("POST", "/replies", {{"kind", "首次答复"}, {"date", "2021-01-05"}}), 400,
                "日期须先后有序", "replies[0].date");
  ExpectRefused(Send("PATCH", "", {{"received", "2021-06-01"}}), 400, "日期须先后有序", "assigned");
  auto bad_day = Send("POST", "/replies", {{"date", "2021-06-31"}});
  EXPECT_EQ(bad_day->status, 400);
  EXPECT_NE(bad_day->body.find("replies[0].date"), std::string::npos) << bad_day->body;

  ASSERT_EQ(Send("POST", "/consultations", {{"date", "2021-04-01"}, {"form", "面商"}})->status,
            201);
  EXPECT_TRUE(Section("no_consultation").empty());
  auto first = Send("POST", "/replies",
                    {{"date", "2021-05-06"}, {"result", "已经解决"}, {"text", "已优化。"}});
  ASSERT_EQ(first->status, 201) << first->body;
  json c = json::parse(first->body)["case"];
  EXPECT_EQ(c["result"], "solved");  // The reply's result became the case's.
  EXPECT_EQ(c["status"], "replied");
  EXPECT_TRUE(Section("overdue_replies").empty());
  EXPECT_EQ(Section("verify_solved"), kOnlyThis);
  ExpectRefused(Send("POST", "/replies", {{"kind", "首次答复"}, {"date", "2021-05-07"}}), 400,
                "首次答复只有一次", "replies[1].kind");
  ExpectRefused(Send("POST", "/replies", {{"kind", "二次答复"}, {"date", "2021-05-01"}}), 400,
                "二次答复须在首次答复之后", "replies[1].date");
  // The statistics count the reply's result, not "unknown".
  auto stats = client_->Get("/api/v1/stats?as_of=2021-08-01");
  EXPECT_EQ(json::parse(stats->body)["by_result"], json({{"solved", 1}}));
}

TEST_F(RulesHttpTest, CommitmentsNeedADate) {
  ASSERT_EQ(Send("POST", "/replies", {{"date", "2021-05-06"}})->status, 201);
  ExpectRefused(Send("PATCH", "", {{"result", "正在解决"}}), 409, "须有承诺期限", "commitment_due");
  ExpectRefused(Send("PATCH", "", {{"result", "计划解决"}}), 409, "须有承诺期限", "commitment_due");
  ExpectRefused(Send("POST", "/replies",
                     {{"kind", "二次答复"}, {"date", "2021-06-01"}, {"result", "计划解决"}}),
                409, "须有承诺期限", "commitment_due");
  EXPECT_TRUE(Section("commitments").empty());
  auto ok = Send("POST", "/replies",
                 {{"kind", "二次答复"},
                  {"date", "2021-06-01"},
                  {"result", "计划解决"},
                  {"commitment_due", "2021-09-30"}});
  ASSERT_EQ(ok->status, 201) << ok->body;
  EXPECT_EQ(json::parse(ok->body)["case"]["commitment_due"], "2021-09-30");
  EXPECT_EQ(Section("commitments"), kOnlyThis);
  auto q = client_->Get("/api/v1/review/queue?as_of=2021-08-01&section=commitments");
  EXPECT_EQ(json::parse(q->body)["sections"]["commitments"]["items"][0]["days_left"], 60);
}

TEST_F(RulesHttpTest, ReferenceNeedsALeadersApproval) {
  ASSERT_EQ(Send("POST", "/replies", {{"date", "2021-05-06"}})->status, 201);
  ExpectRefused(Send("PATCH", "", {{"result", "留作参考"}}), 409, "留作参考须经领导审批",
                "approvals");
  // A reply that proposes 留作参考 is recorded; the case awaits approval.
  auto proposed = Send("POST", "/replies",
                       {{"kind", "二次答复"}, {"date", "2021-06-01"}, {"result", "留作参考"}});
  ASSERT_EQ(proposed->status, 201) << proposed->body;
  EXPECT_EQ(Section("reference_awaiting_approval"), kOnlyThis);
  ExpectRefused(Send("PATCH", "", {{"status", "已办结"}}), 409, "留作参考须经领导审批",
                "approvals");
  auto approved = Send("POST", "/approvals",
                       {{"kind", "留作参考"}, {"approver", "陈副区长"}, {"date", "2021-06-05"}});
  ASSERT_EQ(approved->status, 201) << approved->body;
  EXPECT_TRUE(Section("reference_awaiting_approval").empty());
  EXPECT_EQ(Section("recheck_reference"), kOnlyThis);
  EXPECT_EQ(Send("PATCH", "", {{"status", "已办结"}})->status, 200);
}

TEST_F(RulesHttpTest, UnsatisfiedFeedbackIsNotClosed) {
  ASSERT_EQ(Send("POST", "/replies", {{"date", "2021-05-06"}, {"result", "solved"}})->status, 201);
  ASSERT_EQ(Send("POST", "/feedback", {{"date", "2021-05-20"}, {"satisfaction", "不满意"}})->status,
            201);
  EXPECT_EQ(Section("unsatisfied"), kOnlyThis);
  ExpectRefused(Send("PATCH", "", {{"status", "已办结"}}), 409, "反馈不满意，不予结案", "status");
  // A second reply answers the feedback; closing still needs 推迟结案 or an exception.
  ASSERT_EQ(Send("POST", "/replies", {{"date", "2021-06-20"}})->status, 201);
  EXPECT_TRUE(Section("unsatisfied").empty());
  ExpectRefused(Send("PATCH", "", {{"status", "已办结"}}), 409, "反馈不满意，不予结案", "status");
  ASSERT_EQ(Send("POST", "/reviews",
                 {{"date", "2021-07-01"},
                  {"kind", "办结评估"},
                  {"outcome", "推迟结案"},
                  {"reviewer", "区府办"}})
                ->status,
            201);
  auto closed = Send("PATCH", "", {{"status", "已办结"}});
  ASSERT_EQ(closed->status, 200) << closed->body;
  // Closed: only a look-back that orders 重新办理 reopens it.
  ExpectRefused(Send("PATCH", "", {{"status", "已收到"}}), 409, "办理状态须按流程推进", "status");
  ExpectRefused(Send("PATCH", "", {{"status", "重新办理"}}), 409, "重新办理须经回头看", "status");
  EXPECT_TRUE(Section("reopened").empty());
  auto reopened = Send(
      "POST", "/reviews",
      {{"date", "2021-07-20"}, {"kind", "回头看"}, {"outcome", "重新办理"}, {"finding", "未落实"}});
  ASSERT_EQ(reopened->status, 201) << reopened->body;
  EXPECT_EQ(json::parse(reopened->body)["case"]["status"], "reopened");
  EXPECT_EQ(Section("reopened"), kOnlyThis);
}

TEST_F(RulesHttpTest, ImportsRecordHistoryAsItHappened) {
  // The record a tracked write would refuse on three counts...
  json broken = {{"id", "2019-OLD-0001"},
                 {"title", "关于旧档案的建议"},
                 {"role", "lead"},
                 {"received", "2019-03-01"},
                 {"result", "正在解决"},
                 {"status", "已办结"},
                 {"replies", {{{"kind", "first"}, {"date", "2019-05-01"}}}},
                 {"feedback", {{{"date", "2019-06-01"}, {"satisfaction", "不满意"}}}}};
  auto put = client_->Put("/api/v1/cases/2019-OLD-0001", broken.dump(), "application/json");
  EXPECT_EQ(put->status, 409) << put->body;
  // ... is stored by an import and listed as a rule exception.
  auto r = client_->Post("/api/v1/cases", broken.dump() + "\n", "application/x-ndjson");
  ASSERT_EQ(r->status, 200) << r->body;
  json body = json::parse(r->body);
  EXPECT_EQ(body["added"], 1);
  EXPECT_EQ(body["rule_exceptions"]["cases"], 1);
  std::set<std::string> rules;
  const json listed = body["rule_exceptions"]["listed"];
  for (const json& v : listed[0]["rules"]) rules.insert(v["rule"]);
  EXPECT_EQ(rules, (std::set<std::string>{"commitment_date", "unsatisfied_not_closed"}));
  auto q = client_->Get("/api/v1/review/queue?as_of=2021-08-01&section=rule_exceptions");
  json section = json::parse(q->body)["sections"]["rule_exceptions"];
  ASSERT_EQ(section["total"], 1);
  EXPECT_EQ(section["items"][0]["id"], "2019-OLD-0001");
  EXPECT_EQ(section["items"][0]["rules"].size(), 2u);
  // Later work on it is not blocked by what it already broke.
  auto more = client_->Post("/api/v1/cases/2019-OLD-0001/reviews",
                            json({{"date", "2021-08-01"}, {"kind", "inspection"}}).dump(),
                            "application/json");
  EXPECT_EQ(more->status, 201) << more->body;
}

TEST_F(RulesHttpTest, EachContentRuleImportedLandsAsItsException) {
  const json base = {{"title", "关于历史档案的建议"}, {"received", "2019-03-01"}};
  const std::vector<std::pair<std::string, json>> records = {
      {"date_order", {{"assigned", "2019-02-01"}}},
      {"first_reply_once",
       {{"replies",
         {{{"kind", "first"}, {"date", "2019-05-01"}},
          {{"kind", "first"}, {"date", "2019-05-02"}}}}}},
      {"second_after_first", {{"replies", {{{"kind", "second"}, {"date", "2019-05-01"}}}}}},
      {"feedback_after_reply",
       {{"feedback", {{{"date", "2019-05-01"}, {"satisfaction", "满意"}}}}}},
      {"commitment_date", {{"result", "计划解决"}}},
      {"reference_approval", {{"result", "留作参考"}}},
  };
  std::string lines;
  for (size_t i = 0; i < records.size(); ++i) {
    json record = base;
    record.update(records[i].second);
    record["id"] = "2019-RULE-" + std::to_string(i);
    lines += record.dump() + "\n";
  }
  auto r = client_->Post("/api/v1/cases", lines, "application/x-ndjson");
  ASSERT_EQ(r->status, 200) << r->body;
  const json body = json::parse(r->body);
  EXPECT_EQ(body["added"], records.size());
  ASSERT_EQ(body["rule_exceptions"]["cases"], records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    const json& listed = body["rule_exceptions"]["listed"][i];
    EXPECT_EQ(listed["id"], "2019-RULE-" + std::to_string(i));
    ASSERT_EQ(listed["rules"].size(), 1u) << listed.dump();
    EXPECT_EQ(listed["rules"][0]["rule"], records[i].first);
  }
  // In the queue: the reference one awaits approval; the others are exceptions.
  EXPECT_EQ(Section("reference_awaiting_approval"), std::vector<std::string>{"2019-RULE-5"});
  EXPECT_EQ(Section("rule_exceptions").size(), records.size() - 1);
}

TEST_F(RulesHttpTest, DossierPageEscapesAndPrints) {
  ASSERT_EQ(Send("PATCH", "", {{"body", "<script>alert(1)</script>请增设\"快线\""}})->status, 200);
  auto page = client_->Get(std::string("/api/v1/cases/") + kId + "/dossier");
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->get_header_value("Content-Type").find("text/html"), std::string::npos);
  EXPECT_EQ(page->body.find("<script>"), std::string::npos);
  EXPECT_NE(page->body.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(page->body.find("关于优化公交线网的建议"), std::string::npos);
  EXPECT_NE(page->body.find("@media print"), std::string::npos);
  EXPECT_EQ(client_->Get("/api/v1/cases/NOPE/dossier")->status, 404);
}

TEST_F(RulesHttpTest, BadQueueParametersAreNamed) {
  for (const char* q : {"as_of=2021-02-30", "kind=x", "section=nope", "limit=0", "year=abc",
                        "limit=%205", "limit=5%20", "limit=+5"}) {
    auto r = client_->Get(std::string("/api/v1/review/queue?") + q);
    EXPECT_EQ(r->status, 400) << q;
    const std::string name = std::string(q).substr(0, std::string(q).find('='));
    EXPECT_NE(r->body.find("parameter '" + name + "'"), std::string::npos) << r->body;
  }
  EXPECT_EQ(client_->Get("/api/v1/stats?role=boss")->status, 400);
  // Digits typed full-width are digits.
  EXPECT_EQ(client_->Get("/api/v1/review/queue?year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%91")->status,
            200);
}

}  // namespace
}  // namespace casebook::test
