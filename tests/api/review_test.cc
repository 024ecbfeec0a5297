// The review queue, the statistics and the CSV export over a real store,
// called as plain functions and through the handlers (no socket).
#include <gtest/gtest.h>

#include "api/http/handlers.h"
#include "api/review/case_export.h"
#include "api/review/case_stats.h"
#include "api/review/review_queue.h"
#include "api/review_store_options.h"
#include "store/case_json.h"
#include "test_util.h"

namespace casebook::test {
namespace {

class ReviewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = CaseStore::Open(dir_ / "store", test::ReviewStoreOptions());
    ASSERT_OK(store);
    store_ = std::move(*store);
    services_.store = store_.get();
  }

  // Stores a case built from JSON written here (not corpus text).
  void Add(nlohmann::json j) {
    j["title"] = j.value("title", std::string("关于") + j["id"].get<std::string>() + "的建议");
    auto c = CaseFromJson(j);
    ASSERT_OK(c);
    ASSERT_OK(store_->Put(*c));
  }

  void AddOfficeCases() {
    Add({{"id", "R-overdue"},
         {"kind", "deputy_suggestion"},
         {"role", "lead"},
         {"year", 2021},
         {"result", "solving"},
         {"commitment_due", "2021-05-20"},
         {"units", {{"lead", {"区交通委"}}, {"co", {"区财政局"}}}},
         {"reply_due", "2021-04-01"},
         {"replies", {{{"seq", 1}, {"kind", "first"}, {"date", "2021-03-20"}}}}});
    Add({{"id", "R-soon"},
         {"kind", "cppcc_proposal"},
         {"role", "co"},
         {"year", 2021},
         {"result", "planned"},
         {"commitment_due", "2021-06-11"},
         {"units", {{"lead", {"区教育局"}}}},
         {"reply_due", "2021-04-01"},
         {"replies", {{{"seq", 1}, {"kind", "first"}, {"date", "2021-04-15"}}}}});
    Add({{"id", "R-ref"},
         {"kind", "cppcc_proposal"},
         {"role", "lead"},
         {"year", 2020},
         {"result", "留作参考"},
         {"units", {{"lead", {"区教育局"}}}}});
    Add({{"id", "R-solved"},
         {"kind", "deputy_suggestion"},
         {"role", "lead"},
         {"year", 2020},
         {"result", "solved"},
         {"units", {{"lead", {"区交通委"}}}},
         {"feedback",
          {{{"date", "2020-08-01"}, {"satisfaction", "satisfied"}},
           {{"date", "2020-09-01"}, {"satisfaction", "unsatisfied"}}}}});
    Add({{"id", "R-verified"},
         {"kind", "deputy_suggestion"},
         {"role", "lead"},
         {"year", 2020},
         {"result", "solved"},
         {"units", {{"lead", {"区交通委"}}}},
         {"reviews", {{{"date", "2021-01-10"}, {"kind", "look_back"}, {"outcome", "confirmed"}}}},
         {"feedback", {{{"date", "2020-08-01"}, {"satisfaction", "basically_satisfied"}}}}});
    Add({{"id", "R-unreplied"},
         {"kind", "deputy_suggestion"},
         {"year", 2021},
         {"reply_due", "2021-05-01"},
         {"title", "关于\"口袋公园\",增设座椅的建议\n=SUM(A1)"}});
  }

  ScopedTempDir dir_;
  std::unique_ptr<CaseStore> store_;
  api::Services services_;
};

TEST_F(ReviewTest, QueueSectionsAndDaysLeft) {
  AddOfficeCases();
  review::ReviewQueueOptions options;
  options.as_of = "2021-06-01";
  auto q = review::BuildReviewQueue(*store_, options);
  ASSERT_OK(q);
  using review::Section;
  auto items = [&](Section s) { return q->Find(s)->items; };
  ASSERT_EQ(items(Section::kCommitments).size(), 2u);
  EXPECT_EQ(items(Section::kCommitments)[0].id, "R-overdue");  // Overdue first.
  EXPECT_EQ(*items(Section::kCommitments)[0].days_left, -12);
  EXPECT_EQ(items(Section::kCommitments)[1].id, "R-soon");
  EXPECT_EQ(*items(Section::kCommitments)[1].days_left, 10);
  ASSERT_EQ(items(Section::kAwaitingApproval).size(), 1u);  // 留作参考 with no approval.
  EXPECT_EQ(items(Section::kAwaitingApproval)[0].id, "R-ref");
  EXPECT_TRUE(items(Section::kRecheckReference).empty());
  ASSERT_EQ(items(Section::kVerifySolved).size(), 1u);
  EXPECT_EQ(items(Section::kVerifySolved)[0].id, "R-solved");
  ASSERT_EQ(items(Section::kUnsatisfied).size(), 1u);
  EXPECT_EQ(items(Section::kUnsatisfied)[0].id, "R-solved");
  ASSERT_EQ(items(Section::kOverdueReplies).size(), 1u);
  EXPECT_EQ(items(Section::kOverdueReplies)[0].id, "R-unreplied");
  EXPECT_EQ(*items(Section::kOverdueReplies)[0].days_left, -31);

  options.as_of = "2021-02-29";
  EXPECT_EQ(review::BuildReviewQueue(*store_, options).status().code(),
            Status::Code::kInvalidArgument);
}

TEST_F(ReviewTest, QueueHandlerHonoursAsOfAndLimit) {
  AddOfficeCases();
  api::ApiRequest req;
  req.query = {{"as_of", "2021-06-01"}, {"limit", "1"}};
  api::ApiResponse r = api::GetReviewQueue(services_, req);
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["as_of"], "2021-06-01");
  EXPECT_EQ(j["sections"]["commitments"]["total"], 2);
  EXPECT_EQ(j["sections"]["commitments"]["items"].size(), 1u);
  req.query = {{"limit", "100000"}};
  EXPECT_EQ(api::GetReviewQueue(services_, req).status, 400);
}

TEST_F(ReviewTest, StatsAsTheOfficeReportsThem) {
  AddOfficeCases();
  review::CaseStatsOptions options;
  options.as_of = "2021-06-01";
  auto st = review::ComputeCaseStats(*store_, options);
  ASSERT_OK(st);
  EXPECT_EQ(st->total, 6u);
  EXPECT_EQ(st->by_kind_role["deputy_suggestion"]["lead"], 3u);
  EXPECT_EQ(st->by_kind_role["cppcc_proposal"]["co"], 1u);
  EXPECT_EQ(st->by_result["solved"], 2u);
  EXPECT_EQ(st->by_result["reference"], 1u);
  // R-overdue on time, R-soon late, R-unreplied past due without reply.
  EXPECT_EQ(st->on_time_reply.numerator, 1u);
  EXPECT_EQ(st->on_time_reply.denominator, 3u);
  EXPECT_EQ(st->satisfaction.numerator, 1u);  // R-verified; R-solved's latest is unsatisfied.
  EXPECT_EQ(st->satisfaction.denominator, 2u);
  EXPECT_EQ(st->multi_unit.numerator, 1u);
  EXPECT_EQ(st->by_year[2020]["total"], 3u);
  EXPECT_EQ(st->by_unit["区交通委"].lead, 3u);
  EXPECT_EQ(st->by_unit["区交通委"].solved, 2u);
  EXPECT_EQ(st->by_unit["区财政局"].co, 1u);
  options.year = 2020;
  auto y = review::ComputeCaseStats(*store_, options);
  ASSERT_OK(y);
  EXPECT_EQ(y->total, 3u);
}

TEST_F(ReviewTest, CsvOpensInExcel) {
  AddOfficeCases();
  api::ApiRequest req;
  api::ApiResponse r = api::ExportCsv(services_, req);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.content_type.find("text/csv"), std::string::npos);
  const std::string& csv = r.body;
  ASSERT_GE(csv.size(), 3u);
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(csv.find("案件编号,类别"), 3u);
  // 1 header + 6 rows, CRLF line ends (one row has an LF inside a quoted cell).
  size_t crlf = 0;
  for (size_t p = csv.find("\r\n"); p != std::string::npos; p = csv.find("\r\n", p + 2)) ++crlf;
  EXPECT_EQ(crlf, 7u);
  EXPECT_NE(csv.find("\"关于\"\"口袋公园\"\",增设座椅的建议\n=SUM(A1)\""), std::string::npos);
  EXPECT_NE(csv.find("R-ref,政协提案"), std::string::npos);
  EXPECT_NE(csv.find("留作参考"), std::string::npos);
  EXPECT_EQ(review::CsvCell("=1+2"), "'=1+2");
  EXPECT_EQ(review::CsvCell("a,b"), "\"a,b\"");
  req.query = {{"year", "2020"}, {"include_body", "1"}};
  api::ApiResponse year = api::ExportCsv(services_, req);
  ASSERT_EQ(year.status, 200);
  EXPECT_EQ(year.body.find("R-overdue"), std::string::npos);
  EXPECT_NE(year.body.find(",正文\r\n"), std::string::npos);
}

TEST(DayNumberTest, CivilDates) {
  EXPECT_EQ(*review::DayNumber("1970-01-01"), 0);
  EXPECT_EQ(*review::DayNumber("2000-03-01") - *review::DayNumber("2000-02-28"), 2);
  EXPECT_EQ(*review::DayNumber("2021-03-01T08:00:00") - *review::DayNumber("2021-02-28"), 1);
  EXPECT_FALSE(review::DayNumber("2021-02-29"));
  EXPECT_FALSE(review::DayNumber("2021/01/01"));
  EXPECT_FALSE(review::DayNumber(""));
}

}  // namespace
}  // namespace casebook::test
