// casebook import: exit codes, the --json line, the default rejects file.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/cli/cli_args.h"
#include "api/cli/cli_commands.h"
#include "test_util.h"

namespace casebook::cli {
namespace {

class CliImportTest : public ::testing::Test {
 protected:
  int Import(std::vector<std::string> args, std::string* out) {
    args.insert(args.begin(), {"--data", (dir_ / "data").string()});
    testing::internal::CaptureStdout();
    testing::internal::CaptureStderr();
    int code = RunImport(args);
    *out = testing::internal::GetCapturedStdout();
    testing::internal::GetCapturedStderr();
    return code;
  }
  static std::string LastLine(const std::string& s) {
    size_t end = s.find_last_not_of('\n');
    size_t start = s.rfind('\n', end);
    return s.substr(start == std::string::npos ? 0 : start + 1, end - start);
  }
  test::ScopedTempDir dir_;
};

TEST_F(CliImportTest, ExitCodesAndJsonLine) {
  test::WriteFile(dir_ / "good.jsonl", "{\"id\":\"G-1\",\"title\":\"关于甲的建议\"}\n");
  test::WriteFile(dir_ / "mixed.jsonl",
                  "{\"id\":\"G-2\",\"title\":\"关于乙的建议\"}\n{\"id\":\"G-3\",\"title\":\n");
  std::string out;
  EXPECT_EQ(Import({"--json", (dir_ / "good.jsonl").string()}, &out), kExitOk);
  EXPECT_EQ(
      LastLine(out),
      R"({"read":1,"added":1,"updated":0,"unchanged":0,"rejected":0,"duplicates":[],"rule_exceptions":{"cases":0,"listed":[]}})");
  EXPECT_EQ(Import({"--json", (dir_ / "mixed.jsonl").string()}, &out), kExitFailed);
  auto counts = nlohmann::json::parse(LastLine(out));
  EXPECT_EQ(counts["added"], 1);
  EXPECT_EQ(counts["rejected"], 1);
  ASSERT_TRUE(std::filesystem::is_directory(dir_ / "data" / "rejects"));
  auto files = std::distance(std::filesystem::directory_iterator(dir_ / "data" / "rejects"),
                             std::filesystem::directory_iterator());
  EXPECT_EQ(files, 1);
  EXPECT_EQ(Import({(dir_ / "missing.jsonl").string()}, &out), kExitUsage);
  EXPECT_EQ(Import({"--format", "xls", (dir_ / "good.jsonl").string()}, &out), kExitUsage);
  EXPECT_EQ(Import({"--map", "标题=nonsense", (dir_ / "good.jsonl").string()}, &out), kExitUsage);
  EXPECT_EQ(Import({}, &out), kExitUsage);
}

TEST_F(CliImportTest, NewCasesThatCopyStoredOnesAreReported) {
  const std::string body =
      "本区多个老旧小区没有电梯，老年居民上下楼十分困难。加装电梯涉及业主意见征询和资金分摊，"
      "推进速度较慢。建议简化审批流程，推行一站式受理。建议提高财政补贴标准。";
  nlohmann::json first = {
      {"id", "E-2021-1"}, {"year", 2021}, {"title", "关于加装电梯的建议"}, {"body", body}};
  nlohmann::json other = {{"id", "E-2021-2"},
                          {"year", 2021},
                          {"title", "关于菜市场改造的建议"},
                          {"body", "部分菜市场设施陈旧，环境卫生较差，建议制定升级改造计划。"}};
  // Filed again a year later, in Traditional characters with one sentence added.
  nlohmann::json again = {{"id", "E-2022-9"},
                          {"year", 2022},
                          {"title", "關於加裝電梯的建議"},
                          {"body",
                           "本區多個老舊小區沒有電梯，老年居民上下樓十分困難。加裝電梯涉及業主意見"
                           "徵詢和資金分攤，推進速度較慢。建議簡化審批流程，推行一站式受理。"
                           "建議提高財政補貼標準。此事去年已經提出。"}};
  test::WriteFile(dir_ / "2021.jsonl", first.dump() + "\n" + other.dump() + "\n");
  test::WriteFile(dir_ / "2022.jsonl", again.dump() + "\n");
  std::string out;
  ASSERT_EQ(Import({"--json", (dir_ / "2021.jsonl").string()}, &out), kExitOk);
  EXPECT_TRUE(nlohmann::json::parse(LastLine(out))["duplicates"].empty());
  ASSERT_EQ(Import({"--json", (dir_ / "2022.jsonl").string()}, &out), kExitOk);
  auto dups = nlohmann::json::parse(LastLine(out))["duplicates"];
  ASSERT_EQ(dups.size(), 1u) << out;
  EXPECT_EQ(dups[0]["id"], "E-2022-9");
  EXPECT_EQ(dups[0]["duplicate_of"], "E-2021-1");
  EXPECT_GE(dups[0]["similarity"].get<double>(), 0.5);
  EXPECT_FALSE(dups[0]["new"]);
  // Reported, never merged: both cases are stored.
  EXPECT_EQ(Import({"--json", (dir_ / "2022.jsonl").string()}, &out), kExitOk);
  EXPECT_EQ(nlohmann::json::parse(LastLine(out))["unchanged"], 1);
}

// An export re-imported after the case changed would undo the change: its
// record carries the version it was made from, and is set aside (reported
// with its file, line and the field) while the other records go in.
TEST_F(CliImportTest, RecordsOfAnOlderVersionAreSetAside) {
  test::WriteFile(dir_ / "first.jsonl",
                  "{\"id\":\"V-1\",\"title\":\"关于路灯维修的建议\"}\n"
                  "{\"id\":\"V-2\",\"title\":\"关于公交站台的建议\"}\n");
  test::WriteFile(dir_ / "edit.jsonl",
                  "{\"id\":\"V-1\",\"version\":1,\"title\":\"关于路灯维修的建议（复核）\"}\n");
  test::WriteFile(dir_ / "old_export.jsonl",
                  "{\"id\":\"V-2\",\"version\":1,\"title\":\"关于公交站台的建议（二稿）\"}\n"
                  "{\"id\":\"V-1\",\"version\":1,\"title\":\"关于路灯维修的建议（旧稿）\","
                  "\"source\":{\"file\":\"elsewhere.jsonl\",\"line\":7}}\n");
  std::string out;
  ASSERT_EQ(Import({"--json", (dir_ / "first.jsonl").string()}, &out), kExitOk);
  ASSERT_EQ(Import({"--json", (dir_ / "edit.jsonl").string()}, &out), kExitOk);
  EXPECT_EQ(nlohmann::json::parse(LastLine(out))["updated"], 1);  // V-1 is at version 2.
  // A dry run reports what the real run will.
  EXPECT_EQ(Import({"--dry-run", "--json", (dir_ / "old_export.jsonl").string()}, &out),
            kExitFailed);
  EXPECT_EQ(nlohmann::json::parse(LastLine(out))["rejected"], 1) << out;
  EXPECT_EQ(nlohmann::json::parse(LastLine(out))["updated"], 1) << out;
  EXPECT_EQ(Import({"--json", (dir_ / "old_export.jsonl").string()}, &out), kExitFailed);
  auto counts = nlohmann::json::parse(LastLine(out));
  EXPECT_EQ(counts["updated"], 1) << out;  // V-2 was still at version 1.
  EXPECT_EQ(counts["rejected"], 1) << out;
  std::string rejects;
  for (const auto& f : std::filesystem::directory_iterator(dir_ / "data" / "rejects")) {
    rejects += test::ReadFile(f.path());
  }
  EXPECT_NE(rejects.find("field 'version': case 'V-1' is at version 2"), std::string::npos)
      << rejects;
  // Named where it was read, not by the source its record carries.
  EXPECT_NE(rejects.find("old_export.jsonl\",\"line\":2"), std::string::npos) << rejects;
  EXPECT_EQ(rejects.find("\"file\":\"elsewhere.jsonl\""), std::string::npos) << rejects;
}

TEST_F(CliImportTest, DryRunStoresNothing) {
  test::WriteFile(dir_ / "good.jsonl", "{\"id\":\"G-1\",\"title\":\"关于甲的建议\"}\n");
  std::string out;
  EXPECT_EQ(Import({"--dry-run", "--json", (dir_ / "good.jsonl").string()}, &out), kExitOk);
  EXPECT_EQ(nlohmann::json::parse(LastLine(out))["added"], 1);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "data" / "store"));
}

}  // namespace
}  // namespace casebook::cli
