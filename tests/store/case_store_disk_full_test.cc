// A full disk: on a small tmpfs the test mounts, writes are refused with
// NoSpace before RocksDB can meet the wall, what was stored stays readable,
// and writes go in again once space is freed. Skipped where the test may not
// mount (not root, no tmpfs).
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <fstream>

#include "store/case_store.h"
#include "test_util.h"

namespace casebook::test {
namespace {

class DiskFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mount_ = dir_ / "small";
    std::filesystem::create_directories(mount_);
    if (::mount("tmpfs", mount_.c_str(), "tmpfs", 0, "size=24m") != 0) {
      GTEST_SKIP() << "cannot mount a 24 MiB tmpfs here (needs root): " << std::strerror(errno);
    }
    mounted_ = true;
  }
  void TearDown() override {
    store_.reset();
    if (mounted_) ::umount2(mount_.c_str(), MNT_DETACH);
  }

  ScopedTempDir dir_;
  std::filesystem::path mount_;
  bool mounted_ = false;
  std::unique_ptr<CaseStore> store_;
};

TEST_F(DiskFullTest, WritesStopBeforeTheWallAndResumeWhenSpaceReturns) {
  StoreOptions options;
  options.reserve_bytes = 6ull << 20;
  options.write_buffer_bytes = 1 << 20;
  auto opened = CaseStore::Open(mount_ / "store", options);
  ASSERT_OK(opened);
  store_ = std::move(*opened);
  // Fill most of the disk with a file the operator can remove.
  {
    std::ofstream filler(mount_ / "old-backup.bin", std::ios::binary);
    std::string mib(1 << 20, 'x');
    for (int i = 0; i < 12; ++i) filler << mib;
  }
  Case c = SampleCase("F-0");
  c.body = std::string(200 << 10, 'a');  // 200 KiB a case.
  int stored = 0;
  Status refused;
  for (int i = 0; i < 200 && refused.ok(); ++i) {
    c.id = "F-" + std::to_string(i);
    c.body[0] = static_cast<char>('a' + i % 26);
    Result<PutOutcome> put = store_->Put(c);
    if (put.ok()) {
      ++stored;
    } else {
      refused = put.status();
    }
  }
  ASSERT_FALSE(refused.ok()) << "the disk never filled";
  EXPECT_EQ(refused.code(), Status::Code::kNoSpace) << refused.ToString();
  EXPECT_NE(refused.message().find("disk full"), std::string::npos);
  EXPECT_GT(stored, 0);
  for (int i = 0; i < stored; ++i) EXPECT_OK(store_->Get("F-" + std::to_string(i)).status());
  // Space returns: the same write goes in, without reopening.
  std::filesystem::remove(mount_ / "old-backup.bin");
  EXPECT_OK(store_->Put(c).status());
  EXPECT_EQ(store_->CaseCount(), static_cast<uint64_t>(stored + 1));
}

}  // namespace
}  // namespace casebook::test
