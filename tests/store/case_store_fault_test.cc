// Injected I/O errors: a FileSystemWrapper whose WAL appends and syncs fail on
// demand. The error must come back as a Status with RocksDB's message, and the
// store must work again once the "disk" recovers.
#include <gtest/gtest.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include <atomic>

#include "store/case_store.h"
#include "test_util.h"

namespace casebook {
namespace {

std::atomic<bool> g_fail_writes{false};

class FailingWritableFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  using FSWritableFileOwnerWrapper::FSWritableFileOwnerWrapper;
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                           rocksdb::IODebugContext* dbg) override {
    if (g_fail_writes) return rocksdb::IOStatus::IOError("injected: disk full");
    return FSWritableFileOwnerWrapper::Append(data, o, dbg);
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                           const rocksdb::DataVerificationInfo& v,
                           rocksdb::IODebugContext* dbg) override {
    if (g_fail_writes) return rocksdb::IOStatus::IOError("injected: disk full");
    return FSWritableFileOwnerWrapper::Append(data, o, v, dbg);
  }
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* dbg) override {
    if (g_fail_writes) return rocksdb::IOStatus::IOError("injected: sync failed");
    return FSWritableFileOwnerWrapper::Sync(o, dbg);
  }
};

class FailingFileSystem : public rocksdb::FileSystemWrapper {
 public:
  using FileSystemWrapper::FileSystemWrapper;
  const char* Name() const override { return "FailingFileSystem"; }
  rocksdb::IOStatus NewWritableFile(const std::string& f, const rocksdb::FileOptions& fo,
                                    std::unique_ptr<rocksdb::FSWritableFile>* r,
                                    rocksdb::IODebugContext* dbg) override {
    std::unique_ptr<rocksdb::FSWritableFile> inner;
    auto s = FileSystemWrapper::NewWritableFile(f, fo, &inner, dbg);
    if (s.ok()) r->reset(new FailingWritableFile(std::move(inner)));
    return s;
  }
};

TEST(CaseStoreFaultTest, InjectedWriteErrorIsAStatusAndTheStoreRecovers) {
  test::ScopedTempDir dir;
  auto fs = std::make_shared<FailingFileSystem>(rocksdb::FileSystem::Default());
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
  StoreOptions opts;
  opts.env = env.get();
  {
    auto store = CaseStore::Open(dir / "store", opts);
    ASSERT_OK(store);
    ASSERT_OK((*store)->Put(test::SampleCase("before")));

    g_fail_writes = true;
    auto r = (*store)->Put(test::SampleCase("during"));
    g_fail_writes = false;
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Status::Code::kIOError);
    EXPECT_NE(r.status().message().find("injected"), std::string::npos) << r.status().message();

    // Reads still work, and writes work again once the disk recovers.
    ASSERT_OK((*store)->Get("before"));
    EXPECT_TRUE((*store)->Get("during").status().IsNotFound());
    ASSERT_OK((*store)->Put(test::SampleCase("after")));
    EXPECT_EQ((*store)->CaseCount(), 2u);
  }
  auto reopened = CaseStore::Open(dir / "store", opts);
  ASSERT_OK(reopened);
  EXPECT_OK((*reopened)->Get("before"));
  EXPECT_OK((*reopened)->Get("after"));
  EXPECT_EQ((*reopened)->CaseCount(), 2u);
}

}  // namespace
}  // namespace casebook
