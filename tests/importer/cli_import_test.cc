// casebook import: exit codes, the --json line, the default rejects file.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/cli_args.h"
#include "api/cli_commands.h"
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
  EXPECT_EQ(LastLine(out), R"({"read":1,"added":1,"updated":0,"unchanged":0,"rejected":0})");
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

TEST_F(CliImportTest, DryRunStoresNothing) {
  test::WriteFile(dir_ / "good.jsonl", "{\"id\":\"G-1\",\"title\":\"关于甲的建议\"}\n");
  std::string out;
  EXPECT_EQ(Import({"--dry-run", "--json", (dir_ / "good.jsonl").string()}, &out), kExitOk);
  EXPECT_EQ(nlohmann::json::parse(LastLine(out))["added"], 1);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "data" / "store"));
}

}  // namespace
}  // namespace casebook::cli
