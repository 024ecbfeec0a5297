#include "api/review/index_catch_up_thread.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "test_util.h"

namespace casebook::review {
namespace {

// A store and an empty index in a fresh directory.
class IndexCatchUpThreadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = CaseStore::Open(dir_ / "store");
    ASSERT_OK(store);
    store_ = std::move(*store);
    auto index = search::SearchIndex::Open(dir_ / "index");
    ASSERT_OK(index);
    index_ = std::move(*index);
  }

  test::ScopedTempDir dir_;
  std::unique_ptr<CaseStore> store_;
  std::unique_ptr<search::SearchIndex> index_;
};

TEST_F(IndexCatchUpThreadTest, EveryCallerSeesItsOwnWriteIndexed) {
  IndexCatchUpThread indexer(store_.get(), index_.get());
  std::vector<std::thread> writers;
  std::vector<Status> results(6);
  std::vector<uint64_t> seen(6);
  for (int w = 0; w < 6; ++w) {
    writers.emplace_back([&, w] {
      for (int k = 0; k < 5; ++k) {
        Case c = test::SampleCase("2024-W" + std::to_string(w) + "-" + std::to_string(k));
        if (!store_->Put(c).ok()) return;
        const uint64_t written = store_->LastSequence();
        results[w] = indexer.BringLevel();
        seen[w] = index_->AppliedSequence() >= written ? 1 : 0;
        if (!results[w].ok() || seen[w] == 0) return;
      }
    });
  }
  for (std::thread& t : writers) t.join();
  for (int w = 0; w < 6; ++w) {
    EXPECT_OK(results[w]);
    EXPECT_EQ(seen[w], 1u) << "writer " << w << " returned before its write was indexed";
  }
  EXPECT_EQ(index_->AppliedSequence(), store_->LastSequence());
  EXPECT_EQ(index_->DocumentCount(), 30u);
}

TEST_F(IndexCatchUpThreadTest, StopsCleanlyWithoutWork) {
  { IndexCatchUpThread indexer(store_.get(), index_.get()); }
  IndexCatchUpThread indexer(store_.get(), index_.get(), /*nice_increment=*/0);
  EXPECT_OK(indexer.BringLevel());
}

}  // namespace
}  // namespace casebook::review
