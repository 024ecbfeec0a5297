#include "api/index_catch_up_thread.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "test_util.h"

namespace casebook::api {
namespace {

TEST(IndexCatchUpThreadTest, EveryCallerSeesItsOwnWriteIndexed) {
  test::ScopedTempDir dir;
  auto store = CaseStore::Open(dir / "store");
  ASSERT_OK(store);
  auto index = search::SearchIndex::Open(dir / "index");
  ASSERT_OK(index);
  IndexCatchUpThread indexer(store->get(), index->get());
  std::vector<std::thread> writers;
  std::vector<Status> results(6);
  std::vector<uint64_t> seen(6);
  for (int w = 0; w < 6; ++w) {
    writers.emplace_back([&, w] {
      for (int k = 0; k < 5; ++k) {
        Case c = test::SampleCase("2024-W" + std::to_string(w) + "-" + std::to_string(k));
        if (!(*store)->Put(c).ok()) return;
        const uint64_t written = (*store)->LastSequence();
        results[w] = indexer.BringLevel();
        seen[w] = (*index)->AppliedSequence() >= written ? 1 : 0;
        if (!results[w].ok() || seen[w] == 0) return;
      }
    });
  }
  for (std::thread& t : writers) t.join();
  for (int w = 0; w < 6; ++w) {
    EXPECT_OK(results[w]);
    EXPECT_EQ(seen[w], 1u) << "writer " << w << " returned before its write was indexed";
  }
  EXPECT_EQ((*index)->AppliedSequence(), (*store)->LastSequence());
  EXPECT_EQ((*index)->DocumentCount(), 30u);
}

TEST(IndexCatchUpThreadTest, StopsCleanlyWithoutWork) {
  test::ScopedTempDir dir;
  auto store = CaseStore::Open(dir / "store");
  ASSERT_OK(store);
  auto index = search::SearchIndex::Open(dir / "index");
  ASSERT_OK(index);
  { IndexCatchUpThread indexer(store->get(), index->get()); }
  IndexCatchUpThread indexer(store->get(), index->get(), /*nice_increment=*/0);
  EXPECT_OK(indexer.BringLevel());
}

}  // namespace
}  // namespace casebook::api
