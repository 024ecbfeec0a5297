// Backup, restore and verify, run as a person would: the casebook binary on
// a data directory of demo cases, and the admin route of a running server.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "api/cli_process.h"
#include "test_util.h"

namespace casebook::test {
namespace {

class OperationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kCasebookBinary)) GTEST_SKIP() << "build the casebook binary";
    data_ = (dir_ / "data").string();
    const std::string cases = (dir_ / "demo.jsonl").string();
    ASSERT_EQ(RunCasebook({"demo", "--count", "150", "--out", cases}).exit_code, 0);
    ProcessResult imported =
        RunCasebook({"import", "--data", data_, "--no-duplicate-check", cases});
    ASSERT_LE(imported.exit_code, 1) << imported.err;
  }

  std::string Export(const std::string& data) {
    ProcessResult r = RunCasebook({"export", "--data", data, "--format", "jsonl"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

  ScopedTempDir dir_;
  std::string data_;
};

TEST_F(OperationsTest, BackupRestoreVerifyGiveTheSameCases) {
  ProcessResult verify = RunCasebook({"verify", "--data", data_});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_NE(verify.out.find("150 cases"), std::string::npos) << verify.out;
  const std::string backup = (dir_ / "backup").string();
  ProcessResult b = RunCasebook({"backup", "--data", data_, "--to", backup});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_NE(b.out.find("backed up 150 cases"), std::string::npos) << b.out;
  // The backup folder is not overwritten.
  EXPECT_EQ(RunCasebook({"backup", "--data", data_, "--to", backup}).exit_code, 2);
  const std::string restored = (dir_ / "restored").string();
  ProcessResult r = RunCasebook({"restore", "--from", backup, "--data", restored});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(RunCasebook({"verify", "--data", restored}).exit_code, 0);
  EXPECT_EQ(Export(restored), Export(data_));
  // Restoring over a directory with data is refused.
  ProcessResult over = RunCasebook({"restore", "--from", backup, "--data", data_});
  EXPECT_EQ(over.exit_code, 2);
  EXPECT_NE(over.err.find("not empty"), std::string::npos) << over.err;
  // A backup whose index copy is unusable is restored with a rebuilt index.
  std::filesystem::remove_all(std::filesystem::path(backup) / "index");
  const std::string rebuilt = (dir_ / "rebuilt").string();
  ProcessResult again = RunCasebook({"restore", "--from", backup, "--data", rebuilt});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("rebuilt"), std::string::npos) << again.out;
  EXPECT_EQ(Export(rebuilt), Export(data_));
  EXPECT_EQ(RunCasebook({"verify", "--data", rebuilt}).exit_code, 0);
}

TEST_F(OperationsTest, VerifyNamesWhatDiffers) {
  std::filesystem::remove_all(std::filesystem::path(data_) / "index");
  ProcessResult verify = RunCasebook({"verify", "--data", data_, "--json"});
  EXPECT_EQ(verify.exit_code, 1) << verify.err;
  nlohmann::json j = nlohmann::json::parse(verify.out);
  EXPECT_FALSE(j["ok"].get<bool>());
  ASSERT_FALSE(j["problems"].empty());
  EXPECT_NE(j["problems"][0].get<std::string>().find("index"), std::string::npos) << verify.out;
}

TEST_F(OperationsTest, BackupWhileServing) {
  ServeProcess serve(data_);
  ASSERT_GT(serve.port(), 0) << serve.log();
  httplib::Client c("127.0.0.1", serve.port());
  const std::string backup = (dir_ / "served-backup").string();
  auto r =
      c.Post("/api/v1/admin/backup", nlohmann::json({{"to", backup}}).dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(nlohmann::json::parse(r->body)["cases"], 150);
  EXPECT_EQ(c.Post("/api/v1/admin/backup", "{}", "application/json")->status, 400);
  // The CLI's backup stops at the server's lock and says how to ask it.
  ProcessResult cli = RunCasebook({"backup", "--data", data_, "--to", backup + "-cli"});
  EXPECT_EQ(cli.exit_code, 2);
  EXPECT_NE(cli.err.find("POST /api/v1/admin/backup"), std::string::npos) << cli.err;
  EXPECT_EQ(serve.Stop(), 0);
  const std::string restored = (dir_ / "restored").string();
  ASSERT_EQ(RunCasebook({"restore", "--from", backup, "--data", restored}).exit_code, 0);
  EXPECT_EQ(Export(restored), Export(data_));
}

}  // namespace
}  // namespace casebook::test
