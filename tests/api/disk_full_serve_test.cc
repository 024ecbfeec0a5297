// A full disk under `casebook serve`, on a tmpfs the test mounts: writes are
// answered 507 naming the cause while reads and searches go on, writes go in
// again once space is freed (no restart), `casebook verify` finds the data
// directory whole, and `casebook put` on a full disk says "disk full" and
// exits 2. Skipped where the test may not mount (not root).
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "api_test_server.h"
#include "cli_process.h"
#include "test_util.h"

namespace casebook::test {
namespace {

using nlohmann::json;

constexpr uint64_t kMiB = 1 << 20;
constexpr uint64_t kReserve = 64 * kMiB;  // StoreOptions::reserve_bytes, serve's default.

uint64_t FreeBytes(const std::filesystem::path& p) {
  struct statvfs fs {};
  return ::statvfs(p.c_str(), &fs) == 0 ? static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize : 0;
}

// Fills `file` until the filesystem has about `keep` bytes free.
void FillUntil(const std::filesystem::path& file, uint64_t keep) {
  std::ofstream out(file, std::ios::binary | std::ios::app);
  const std::string mib(kMiB, 'x');
  while (FreeBytes(file.parent_path()) > keep + kMiB)
    out.write(mib.data(), mib.size()), out.flush();
}

class DiskFullServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mount_ = dir_ / "small";
    std::filesystem::create_directories(mount_);
    if (::mount("tmpfs", mount_.c_str(), "tmpfs", 0, "size=256m") != 0) {
      GTEST_SKIP() << "cannot mount a 256 MiB tmpfs here (needs root): " << std::strerror(errno);
    }
    mounted_ = true;
  }
  void TearDown() override {
    if (mounted_) ::umount2(mount_.c_str(), MNT_DETACH);
  }

  ScopedTempDir dir_;
  std::filesystem::path mount_;
  bool mounted_ = false;
};

TEST_F(DiskFullServeTest, WritesGet507ReadsGoOnAndSpaceReturning) {
  const std::string data = (mount_ / "data").string();
  json first = MinimalCaseJson("D-0", "关于增设社区图书室的建议");
  int stored = 0;
  {
    ServeProcess serve(data);
    ASSERT_GT(serve.port(), 0) << serve.log();
    httplib::Client c("127.0.0.1", serve.port());
    ASSERT_EQ(c.Put("/api/v1/cases/D-0", first.dump(), "application/json")->status, 201);
    ++stored;
    // Leave the reserve and a few writes' worth; the rest is an old backup.
    FillUntil(mount_ / "old-backup.bin", kReserve + 6 * kMiB);
    json big = MinimalCaseJson("D-1", "关于老旧小区加装电梯的建议");
    big["body"] = std::string(300 << 10, 'a');
    int refused_status = 0;
    std::string refused_body;
    for (int i = 1; i < 1000; ++i) {
      big["id"] = "D-" + std::to_string(i);
      const std::string path = "/api/v1/cases/D-" + std::to_string(i);
      auto r = c.Put(path.c_str(), big.dump(), "application/json");
      ASSERT_TRUE(r) << "no answer to a write on a full disk\n" << serve.log();
      if (r->status != 201) {
        refused_status = r->status;
        refused_body = r->body;
        break;
      }
      ++stored;
    }
    ASSERT_NE(refused_status, 0) << "the disk never filled";
    EXPECT_EQ(refused_status, 507) << refused_body.substr(0, 300);
    const json error = json::parse(refused_body)["error"];
    EXPECT_EQ(error["code"], "insufficient_storage");
    EXPECT_NE(error["message"].get<std::string>().find("disk full"), std::string::npos);
    EXPECT_EQ(error["message"].get<std::string>().find(mount_.string()), std::string::npos)
        << "a path in a client's message";
    // A bulk import is refused the same way, the server stays up, reads go on.
    auto bulk = c.Post("/api/v1/cases", big.dump() + "\n", "application/x-ndjson");
    ASSERT_TRUE(bulk);
    EXPECT_EQ(bulk->status, 507) << bulk->body.substr(0, 300);
    for (int i = 0; i < stored; ++i) {
      const std::string path = "/api/v1/cases/D-" + std::to_string(i);
      auto r = c.Get(path.c_str());
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 200) << path;
    }
    auto found = c.Get("/api/v1/search?q=%E5%9B%BE%E4%B9%A6%E5%AE%A4");  // 图书室
    ASSERT_TRUE(found);
    EXPECT_EQ(found->status, 200) << found->body.substr(0, 300);
    EXPECT_EQ(json::parse(found->body)["total"], 1) << found->body.substr(0, 300);
    // Space returns: the refused write goes in, without a restart.
    std::filesystem::remove(mount_ / "old-backup.bin");
    big["id"] = "D-" + std::to_string(stored);
    const std::string path = "/api/v1/cases/D-" + std::to_string(stored);
    auto again = c.Put(path.c_str(), big.dump(), "application/json");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 201) << again->body.substr(0, 300);
    ++stored;
    EXPECT_EQ(serve.Stop(), 0) << serve.log();
  }
  ProcessResult verify = RunCasebook({"verify", "--data", data});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  // The CLI on a full disk: a clear message and exit 2, never an abort.
  FillUntil(mount_ / "old-backup.bin", kReserve / 2);
  const std::string file = (dir_ / "case.json").string();
  WriteFile(file, MinimalCaseJson("D-CLI", "关于夜间公交的建议").dump());
  ProcessResult put = RunCasebook({"put", "--data", data, file});
  EXPECT_EQ(put.exit_code, 2) << put.out << put.err;
  EXPECT_NE(put.err.find("disk full"), std::string::npos) << put.err;
  ProcessResult get = RunCasebook({"get", "--data", data, "D-0"});
  EXPECT_EQ(get.exit_code, 0) << get.err;
}

}  // namespace
}  // namespace casebook::test
