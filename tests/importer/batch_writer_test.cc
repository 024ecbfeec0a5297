// BatchWriter against a real CaseStore: chunks written in order on the
// writer's thread, counted, and all in the store once Drain returns.
#include "importer/batch_writer.h"

#include <gtest/gtest.h>

#include "store/case_codec.h"
#include "test_util.h"

namespace casebook::importer {
namespace {

class BatchWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = CaseStore::Open(dir_ / "store");
    ASSERT_OK(s);
    store_ = std::move(*s);
  }

  std::vector<Case> Chunk(int first, int count, const std::string& body) {
    std::vector<Case> chunk;
    for (int i = first; i < first + count; ++i) {
      Case c = test::SampleCase("2021-RD-" + std::to_string(1000 + i));
      c.body = body;
      chunk.push_back(std::move(c));
    }
    return chunk;
  }

  // Submits a chunk with its contents encoded and where each case was read
  // ("chunk.jsonl", its position), as the importer does.
  static Status Submit(BatchWriter* writer, std::vector<Case> chunk) {
    std::vector<std::string> contents;
    std::vector<BatchWriter::Where> where;
    for (const Case& c : chunk) {
      contents.push_back(EncodeCaseContent(c));
      where.push_back({"chunk.jsonl", static_cast<int64_t>(where.size()) + 1});
    }
    return writer->Submit(std::move(chunk), std::move(contents), std::move(where));
  }

  test::ScopedTempDir dir_;
  std::unique_ptr<CaseStore> store_;
};

TEST_F(BatchWriterTest, WritesChunksInOrderAndCountsThem) {
  BatchWriter writer(store_.get());
  for (int k = 0; k < 20; ++k) ASSERT_OK(Submit(&writer, Chunk(k * 50, 50, "第一稿")));
  // The same ids again: half changed, half as they were.
  ASSERT_OK(Submit(&writer, Chunk(0, 25, "第二稿")));
  ASSERT_OK(Submit(&writer, Chunk(25, 25, "第一稿")));
  Status error;
  BatchWriter::Results r = writer.Drain(&error);
  ASSERT_OK(error);
  EXPECT_EQ(r.added, 1000);
  EXPECT_EQ(r.updated, 25);
  EXPECT_EQ(r.unchanged, 25);
  EXPECT_TRUE(r.refused.empty());
  EXPECT_EQ(store_->CaseCount(), 1000u);  // Drain returned: everything is in.
  auto changed = store_->Get("2021-RD-1000");
  ASSERT_OK(changed);
  EXPECT_EQ(changed->body, "第二稿");
  EXPECT_EQ(changed->version, 2);
  // Drain forgets what it reported.
  EXPECT_EQ(writer.Drain(&error).added, 0);
}

TEST_F(BatchWriterTest, DestructorWritesWhatIsQueued) {
  {
    BatchWriter writer(store_.get(), /*max_waiting=*/4);
    for (int k = 0; k < 4; ++k) ASSERT_OK(Submit(&writer, Chunk(k * 10, 10, "正文")));
  }
  EXPECT_EQ(store_->CaseCount(), 40u);
}

}  // namespace
}  // namespace casebook::importer
