// The year of ../shared/seed (闵行区 2021), built here by hand: 19 deputy
// suggestions (5 lead, 14 co), 11 CPPCC proposals (3 lead, 8 co), the 8 lead
// cases disclosed on the portal and supervised by vice district heads. It is
// imported with the `casebook` binary, and every figure of `casebook stats`
// and `casebook queue` is checked exactly, then against the HTTP routes of a
// `casebook serve` on the same directory and against the search facets.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "api/cli_process.h"
#include "test_util.h"

namespace casebook::test {
namespace {

using nlohmann::json;

struct SeedCase {
  const char* id;
  bool deputy;  // 人大代表建议, else 政协提案.
  bool lead;    // 主办, else 会办.
  const char* result;
  const char* commitment_due;  // For solving / planned.
};

// 19 solved, 4 solving, 3 planned, 4 reference (all approved).
const SeedCase kSeedYear[] = {
    {"D01", true, true, "已经解决", ""},
    {"D02", true, true, "已经解决", ""},
    {"D03", true, true, "正在解决", "2021-12-31"},
    {"D04", true, true, "计划解决", "2022-06-30"},
    {"D05", true, true, "留作参考", ""},
    {"D06", true, false, "已经解决", ""},
    {"D07", true, false, "已经解决", ""},
    {"D08", true, false, "已经解决", ""},
    {"D09", true, false, "已经解决", ""},
    {"D10", true, false, "已经解决", ""},
    {"D11", true, false, "已经解决", ""},
    {"D12", true, false, "已经解决", ""},
    {"D13", true, false, "已经解决", ""},
    {"D14", true, false, "已经解决", ""},
    {"D15", true, false, "已经解决", ""},
    {"D16", true, false, "正在解决", "2021-11-30"},
    {"D17", true, false, "正在解决", "2021-11-30"},
    {"D18", true, false, "计划解决", "2022-03-31"},
    {"D19", true, false, "留作参考", ""},
    {"P01", false, true, "已经解决", ""},
    {"P02", false, true, "正在解决", "2021-10-31"},
    {"P03", false, true, "留作参考", ""},
    {"P04", false, false, "已经解决", ""},
    {"P05", false, false, "已经解决", ""},
    {"P06", false, false, "已经解决", ""},
    {"P07", false, false, "已经解决", ""},
    {"P08", false, false, "已经解决", ""},
    {"P09", false, false, "已经解决", ""},
    {"P10", false, false, "计划解决", "2022-01-31"},
    {"P11", false, false, "留作参考", ""},
};

const char* LeaderOf(const std::string& id) {
  if (id == "D01" || id == "D02" || id == "D03") return "张副区长";
  if (id == "D04" || id == "D05" || id == "P01") return "李副区长";
  return "王副区长";
}

json SeedCaseJson(const SeedCase& s) {
  const std::string id = s.id;
  json j = {{"id", "2021-MH-" + id},
            {"kind", s.deputy ? "人大代表建议" : "政协提案"},
            {"level", "municipal"},
            {"year", 2021},
            {"session", s.deputy ? "市十五届人大五次会议" : "市政协十三届四次会议"},
            {"title", "关于闵行区第" + id + "项工作的" + (s.deputy ? "建议" : "提案")},
            {"role", s.lead ? "主办" : "会办"},
            {"received", "2021-02-01"},
            {"assigned", "2021-02-10"},
            {"reply_due", "2021-05-10"},
            {"status", "replied"}};
  // Lead cases: 区教育局 leads, 区财政局 joins in six of eight (75% multi-unit).
  if (s.lead) {
    j["units"] = {{"lead", {"区教育局"}}};
    if (id != "D05" && id != "P03") j["units"]["co"] = {"区财政局"};
    j["disclosure"] = {{"public", true}, {"date", "2021-06-15"}};
    j["key_case"] = true;
    j["supervising_leader"] = LeaderOf(id);
    if (id != "D04") {  // 一次面商: every lead case but D04 met the proposer first.
      j["consultations"] = {{{"date", "2021-04-01"}, {"form", "面商"}, {"participants", {"代表"}}}};
    }
    const char* satisfaction = id == "D02" ? "基本满意" : id == "P02" ? "不满意" : "满意";
    j["feedback"] = {{{"date", "2021-05-20"}, {"from", "代表"}, {"satisfaction", satisfaction}}};
  } else {
    j["units"] = {{"lead", {"市交通委"}}, {"co", {"闵行区政府"}}};
  }
  j["replies"] = {{{"seq", 1},
                   {"kind", "首次答复"},
                   {"date", "2021-05-06"},
                   {"unit", s.lead ? "区教育局" : "市交通委"},
                   {"result", s.result},
                   {"text", "答复意见。"}}};
  j["result"] = s.result;
  if (*s.commitment_due) j["commitment_due"] = s.commitment_due;
  if (std::string(s.result) == "留作参考") {
    j["approvals"] = {{{"kind", "reference"}, {"approver", "陈区长"}, {"date", "2021-05-08"}}};
  }
  if (id == "D01" || id == "D02" || id == "P01") j["status"] = "已办结";
  return j;
}

class SeedYearTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kCasebookBinary)) GTEST_SKIP() << "build the casebook binary";
    std::string lines;
    for (const SeedCase& s : kSeedYear) lines += SeedCaseJson(s).dump() + "\n";
    WriteFile(dir_ / "2021.jsonl", lines);
    data_ = (dir_ / "data").string();
    ProcessResult imported =
        RunCasebook({"import", "--data", data_, "--json", (dir_ / "2021.jsonl").string()});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    json summary = json::parse(imported.out);
    ASSERT_EQ(summary["added"], 30);
    ASSERT_EQ(summary["rule_exceptions"]["cases"], 0) << imported.out;
  }

  json CliJson(std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"--data", data_, "--json"});
    ProcessResult r = RunCasebook(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
  }

  ScopedTempDir dir_;
  std::string data_;
};

TEST_F(SeedYearTest, StatisticsAsTheOfficeReportsThem) {
  json st = CliJson({"stats", "--year", "2021", "--as-of", "2021-12-31"});
  EXPECT_EQ(st["total"], 30);
  EXPECT_EQ(
      st["summary"],
      "共30件。其中，人大代表建议19件（主办5件，会办14件），政协提案11件（主办3件，会办8件）。"
      "主办件8件，已向社会公开8件。");
  EXPECT_EQ(st["by_kind"]["deputy_suggestion"],
            json({{"total", 19}, {"lead", 5}, {"co", 14}, {"joint", 0}, {"unknown", 0}}));
  EXPECT_EQ(st["by_kind"]["cppcc_proposal"],
            json({{"total", 11}, {"lead", 3}, {"co", 8}, {"joint", 0}, {"unknown", 0}}));
  EXPECT_EQ(st["by_result"],
            json({{"solved", 19}, {"solving", 4}, {"planned", 3}, {"reference", 4}}));
  EXPECT_DOUBLE_EQ(st["result_shares"]["solved"].get<double>(), 19.0 / 30);
  EXPECT_EQ(st["by_status"], json({{"replied", 27}, {"closed", 3}}));
  EXPECT_EQ(st["on_time_reply"]["numerator"], 30);
  EXPECT_EQ(st["on_time_reply"]["denominator"], 30);
  EXPECT_EQ(st["satisfaction"]["numerator"], 7);  // P02 unsatisfied.
  EXPECT_EQ(st["satisfaction"]["denominator"], 8);
  EXPECT_EQ(st["lead_disclosed"]["numerator"], 8);
  EXPECT_EQ(st["lead_disclosed"]["denominator"], 8);
  EXPECT_EQ(st["multi_unit"]["numerator"], 28);  // 6 of 8 lead cases, all 22 co cases.
  EXPECT_EQ(st["key_cases"], 8);
  EXPECT_EQ(st["by_supervising_leader"], json({{"张副区长", 3}, {"李副区长", 3}, {"王副区长", 2}}));
  EXPECT_EQ(st["by_unit"]["区教育局"], json({{"lead", 8}, {"co", 0}, {"joint", 0}, {"solved", 3}}));
  EXPECT_EQ(st["by_unit"]["区财政局"], json({{"lead", 0}, {"co", 6}, {"joint", 0}, {"solved", 3}}));
  EXPECT_EQ(st["by_unit"]["市交通委"]["solved"], 16);
  EXPECT_EQ(st["by_year"]["2021"]["total"], 30);
  // Filters: the lead cases alone; the CPPCC term alone.
  json lead = CliJson({"stats", "--role", "主办", "--as-of", "2021-12-31"});
  EXPECT_EQ(lead["total"], 8);
  json cppcc = CliJson({"stats", "--term", "政协十三届", "--as-of", "2021-12-31"});
  EXPECT_EQ(cppcc["total"], 11);
  // As of the day before the replies, nothing was answered yet.
  json early = CliJson({"stats", "--as-of", "2021-05-01"});
  EXPECT_EQ(early["total"], 30);
  EXPECT_EQ(early["by_result"], json({{"unknown", 30}}));
  EXPECT_EQ(early["on_time_reply"]["denominator"], 0);  // None due yet.
  EXPECT_EQ(early["satisfaction"]["denominator"], 0);
}

TEST_F(SeedYearTest, QueueOnAFixedDay) {
  json q = CliJson({"queue", "--as-of", "2021-08-01"});
  const json& s = q["sections"];
  std::vector<std::string> commitments;
  for (const json& i : s["commitments"]["items"]) commitments.push_back(i["id"]);
  EXPECT_EQ(commitments,
            (std::vector<std::string>{"2021-MH-P02", "2021-MH-D16", "2021-MH-D17", "2021-MH-D03",
                                      "2021-MH-P10", "2021-MH-D18", "2021-MH-D04"}));
  EXPECT_EQ(s["commitments"]["items"][0]["days_left"], 91);
  EXPECT_EQ(s["no_consultation"]["total"], 1);
  EXPECT_EQ(s["no_consultation"]["items"][0]["id"], "2021-MH-D04");
  EXPECT_EQ(s["unsatisfied"]["total"], 1);
  EXPECT_EQ(s["unsatisfied"]["items"][0]["id"], "2021-MH-P02");
  EXPECT_EQ(s["reference_awaiting_approval"]["total"], 0);
  EXPECT_EQ(s["recheck_reference"]["total"], 4);
  EXPECT_EQ(s["verify_solved"]["total"], 19);
  EXPECT_EQ(s["overdue_replies"]["total"], 0);
  EXPECT_EQ(s["rule_exceptions"]["total"], 0);
  // Before the replies were due, nothing was promised and nothing overdue.
  json spring = CliJson({"queue", "--as-of", "2021-04-15"});
  EXPECT_EQ(spring["sections"]["commitments"]["total"], 0);
  EXPECT_EQ(spring["sections"]["verify_solved"]["total"], 0);
  EXPECT_EQ(spring["sections"]["overdue_replies"]["total"], 0);
  json may = CliJson({"queue", "--as-of", "2021-05-12", "--section", "overdue_replies"});
  EXPECT_EQ(may["sections"]["overdue_replies"]["total"], 0);  // Replied 05-06, due 05-10.
  // Filters: the CPPCC proposals' commitments only.
  json cppcc = CliJson({"queue", "--as-of", "2021-08-01", "--kind", "政协提案"});
  EXPECT_EQ(cppcc["sections"]["commitments"]["total"], 2);
}

TEST_F(SeedYearTest, CliAndHttpGiveTheSameAnswers) {
  json cli_stats = CliJson({"stats", "--year", "2021", "--as-of", "2021-12-31"});
  json cli_queue = CliJson({"queue", "--as-of", "2021-08-01", "--unit", "区教育局"});
  ServeProcess serve(data_);
  ASSERT_GT(serve.port(), 0) << serve.log();
  httplib::Client c("127.0.0.1", serve.port());
  auto stats = c.Get("/api/v1/stats?year=2021&as_of=2021-12-31");
  ASSERT_TRUE(stats);
  ASSERT_EQ(stats->status, 200) << stats->body;
  EXPECT_EQ(json::parse(stats->body), cli_stats);
  auto queue =
      c.Get("/api/v1/review/queue?as_of=2021-08-01&unit=%E5%8C%BA%E6%95%99%E8%82%B2%E5%B1%80");
  ASSERT_TRUE(queue);
  ASSERT_EQ(queue->status, 200) << queue->body;
  EXPECT_EQ(json::parse(queue->body), cli_queue);
  // The same numbers as the search facets on the same data.
  auto search = c.Get("/api/v1/search?q=%E9%97%B5%E8%A1%8C&limit=1");  // 闵行
  ASSERT_TRUE(search);
  ASSERT_EQ(search->status, 200) << search->body;
  json facets = json::parse(search->body)["facets"];
  std::map<std::string, int> by_result;
  for (const json& f : facets["result"]) by_result[f["value"]] = f["count"];
  EXPECT_EQ(by_result, (std::map<std::string, int>{
                           {"solved", 19}, {"solving", 4}, {"planned", 3}, {"reference", 4}}));
  EXPECT_EQ(serve.Stop(), 0);
}

TEST_F(SeedYearTest, CliBesideARunningServer) {
  ServeProcess serve(data_);
  ASSERT_GT(serve.port(), 0) << serve.log();
  // Reads work beside it (a snapshot of the store), and say so on stderr.
  for (std::vector<std::string> args : {std::vector<std::string>{"get", "2021-MH-D01"},
                                        {"queue", "--as-of", "2021-08-01"},
                                        {"stats", "--json"},
                                        {"search", "闵行"},
                                        {"export", "--format", "jsonl"},
                                        {"check"}}) {
    args.insert(args.begin() + 1, {"--data", data_});
    ProcessResult r = RunCasebook(args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
    EXPECT_NE(r.err.find("in use by a running server"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("While lock"), std::string::npos) << r.err;
  }
  // Writes stop, naming the server and how to write through it.
  WriteFile(dir_ / "one.json", SeedCaseJson(kSeedYear[0]).dump());
  ProcessResult put = RunCasebook({"put", "--data", data_, (dir_ / "one.json").string()});
  EXPECT_EQ(put.exit_code, 2);
  const std::string url = "http://127.0.0.1:" + std::to_string(serve.port());
  EXPECT_NE(put.err.find(url), std::string::npos) << put.err;
  EXPECT_NE(put.err.find("/api/v1/cases"), std::string::npos) << put.err;
  EXPECT_EQ(put.err.find("While lock"), std::string::npos) << put.err;
  ProcessResult import = RunCasebook({"import", "--data", data_, (dir_ / "2021.jsonl").string()});
  EXPECT_EQ(import.exit_code, 2);
  EXPECT_NE(import.err.find(url), std::string::npos) << import.err;
  EXPECT_EQ(serve.Stop(), 0);
  // Once it stopped, writes go in again and the record of it is gone.
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(data_) / "server.json"));
  ProcessResult again = RunCasebook({"put", "--data", data_, (dir_ / "one.json").string()});
  EXPECT_EQ(again.exit_code, 0) << again.err;
}

// `put` of a record naming an older version than the stored one is refused,
// as an import is: an old copy must not overwrite what was recorded since.
TEST_F(SeedYearTest, PutOfAnOlderVersionIsRefused) {
  json record = SeedCaseJson(kSeedYear[0]);
  record["title"] = record["title"].get<std::string>() + "（复核）";
  WriteFile(dir_ / "edit.json", record.dump());
  ProcessResult edit = RunCasebook({"put", "--data", data_, (dir_ / "edit.json").string()});
  ASSERT_EQ(edit.exit_code, 0) << edit.err;
  ProcessResult got = RunCasebook({"get", "--data", data_, record["id"].get<std::string>()});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  const int64_t now = json::parse(got.out)["version"].get<int64_t>();
  ASSERT_GE(now, 2);
  record["version"] = now - 1;
  record["title"] = "旧稿";
  WriteFile(dir_ / "old.json", record.dump());
  ProcessResult old = RunCasebook({"put", "--data", data_, (dir_ / "old.json").string()});
  EXPECT_EQ(old.exit_code, 1);
  EXPECT_NE(old.err.find("is at version " + std::to_string(now)), std::string::npos) << old.err;
  record["version"] = now;
  WriteFile(dir_ / "current.json", record.dump());
  ProcessResult current = RunCasebook({"put", "--data", data_, (dir_ / "current.json").string()});
  EXPECT_EQ(current.exit_code, 0) << current.err;
}

// `casebook COMMAND --help` prints that command's usage and succeeds.
TEST_F(SeedYearTest, EveryCommandAnswersHelp) {
  for (const char* command : {"get", "put", "queue", "stats", "search", "import", "serve"}) {
    ProcessResult help = RunCasebook({command, "--help"});
    EXPECT_EQ(help.exit_code, 0) << command << ": " << help.err;
    EXPECT_EQ(help.out.rfind(std::string("usage: casebook ") + command, 0), 0u) << help.out;
  }
}

TEST_F(SeedYearTest, DossierAndExports) {
  ProcessResult html = RunCasebook(
      {"dossier", "--data", data_, "2021-MH-D04", "--html", (dir_ / "d04.html").string()});
  ASSERT_EQ(html.exit_code, 0) << html.err;
  std::string page = ReadFile(dir_ / "d04.html");
  for (const char* part : {"一案一册", "关于闵行区第D04项工作的建议", "计划解决", "2022-06-30",
                           "李副区长", "尚无面商记录", "已公开", "修改记录", "@media print"}) {
    EXPECT_NE(page.find(part), std::string::npos) << part;
  }
  ProcessResult csv = RunCasebook({"export", "--data", data_, "--kind", "政协提案"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.substr(0, 3), "\xEF\xBB\xBF");
  size_t rows = 0;
  for (size_t p = csv.out.find("\r\n"); p != std::string::npos; p = csv.out.find("\r\n", p + 2)) {
    ++rows;
  }
  EXPECT_EQ(rows, 12u);  // Header + 11 proposals.
  ProcessResult jsonl = RunCasebook({"export", "--data", data_, "--format", "jsonl"});
  ASSERT_EQ(jsonl.exit_code, 0) << jsonl.err;
  // Re-imported into a new directory, the export gives the same cases.
  WriteFile(dir_ / "export.jsonl", jsonl.out);
  const std::string copy = (dir_ / "copy").string();
  ProcessResult again = RunCasebook({"import", "--data", copy, (dir_ / "export.jsonl").string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  ProcessResult round = RunCasebook({"export", "--data", copy, "--format", "jsonl"});
  auto strip = [](const std::string& text) {
    std::vector<json> cases;
    size_t start = 0;
    for (size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
      json j = json::parse(text.substr(start, nl - start));
      for (const char* k : {"version", "updated_at", "source"}) j.erase(k);
      cases.push_back(std::move(j));
      start = nl + 1;
    }
    return cases;
  };
  EXPECT_EQ(strip(round.out), strip(jsonl.out));
  ProcessResult bad = RunCasebook({"export", "--data", data_, "--format", "xml"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--format"), std::string::npos) << bad.err;
  ProcessResult bad_kind = RunCasebook({"queue", "--data", data_, "--kind", "奏折"});
  EXPECT_EQ(bad_kind.exit_code, 2);
  EXPECT_NE(bad_kind.err.find("parameter 'kind'"), std::string::npos) << bad_kind.err;
}

}  // namespace
}  // namespace casebook::test
