#include "store/case_store.h"

#include <gtest/gtest.h>

#include <thread>

#include "store/case_codec.h"
#include "store/case_json.h"
#include "test_util.h"

namespace casebook {
namespace {

class CaseStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen() {
    store_.reset();
    auto s = CaseStore::Open(dir_ / "store");
    ASSERT_OK(s);
    store_ = std::move(*s);
  }
  test::ScopedTempDir dir_;
  std::unique_ptr<CaseStore> store_;
};

TEST_F(CaseStoreTest, CaseSurvivesReopen) {
  Case c = test::SampleCase("2021-SHRD-0001");
  ASSERT_OK(store_->Put(c));
  Reopen();
  auto got = store_->Get("2021-SHRD-0001");
  ASSERT_OK(got);
  EXPECT_EQ(got->body, c.body);
  EXPECT_EQ(got->extra.at("custom_note"), "保留此字段");
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(store_->CaseCount(), 1u);
  EXPECT_EQ(store_->LastSequence(), 1u);
}

TEST_F(CaseStoreTest, GetMissingIsNotFound) {
  EXPECT_TRUE(store_->Get("nope").status().IsNotFound());
}

TEST_F(CaseStoreTest, HistoryKeepsEveryVersion) {
  Case c = test::SampleCase("h1");
  ASSERT_OK(store_->Put(c));
  c.result = CaseResult::kSolved;
  ASSERT_OK(store_->Put(c));
  c.replies.push_back(
      {2, ReplyKind::kSecond, "2021-09-01", "区生态环境局", "已解决。", CaseResult::kSolved, {}});
  ASSERT_OK(store_->Put(c));
  auto h = store_->History("h1");
  ASSERT_OK(h);
  ASSERT_EQ(h->size(), 3u);
  EXPECT_EQ((*h)[0].result, CaseResult::kSolving);
  EXPECT_EQ((*h)[1].result, CaseResult::kSolved);
  EXPECT_EQ((*h)[2].replies.size(), 2u);
  EXPECT_EQ((*h)[2].version, 3);
  ASSERT_OK(store_->Delete("h1"));
  EXPECT_TRUE(store_->Get("h1").status().IsNotFound());
  EXPECT_EQ(store_->History("h1")->size(), 3u);  // Nothing a user wrote is lost.
  EXPECT_EQ(store_->CaseCount(), 0u);
}

TEST_F(CaseStoreTest, UnchangedContentWritesNothing) {
  Case c = test::SampleCase("u1");
  EXPECT_EQ(*store_->Put(c), PutOutcome::kAdded);
  c.source.imported_at = "2030-01-01T00:00:00Z";  // Re-import stamps differ; content does not.
  EXPECT_EQ(*store_->Put(c), PutOutcome::kUnchanged);
  EXPECT_EQ(store_->LastSequence(), 1u);
  c.title += "（修改）";
  EXPECT_EQ(*store_->Put(c), PutOutcome::kUpdated);
  EXPECT_EQ(store_->LastSequence(), 2u);
}

TEST_F(CaseStoreTest, ChangeLogHasOneEntryPerWriteInOrder) {
  ASSERT_OK(store_->Put(test::SampleCase("a")));
  ASSERT_OK(store_->PutBatch({test::SampleCase("b"), test::SampleCase("c")}));
  Case a2 = test::SampleCase("a");
  a2.title = "新标题";
  ASSERT_OK(store_->Put(a2));
  ASSERT_OK(store_->Delete("b"));
  Reopen();
  std::vector<std::string> seen;
  ASSERT_OK(store_->ScanChanges(0, [&](const ChangeEntry& e) {
    seen.push_back(std::to_string(e.seq) + (e.op == ChangeEntry::Op::kPut ? "+" : "-") + e.id +
                   "@" + std::to_string(e.version));
    return true;
  }));
  EXPECT_EQ(seen, (std::vector<std::string>{"1+a@1", "2+b@1", "3+c@1", "4+a@2", "5-b@1"}));
  std::vector<uint64_t> after3;
  ASSERT_OK(store_->ScanChanges(3, [&](const ChangeEntry& e) {
    after3.push_back(e.seq);
    return true;
  }));
  EXPECT_EQ(after3, (std::vector<uint64_t>{4, 5}));
}

TEST_F(CaseStoreTest, ExpectedVersionDetectsConflicts) {
  Case c = test::SampleCase("v1");
  PutOptions create_only;
  create_only.expected_version = 0;
  ASSERT_OK(store_->Put(c, create_only));
  EXPECT_EQ(store_->Put(c, create_only).status().code(), Status::Code::kConflict);
  PutOptions at1;
  at1.expected_version = 1;
  c.title = "改一";
  ASSERT_OK(store_->Put(c, at1));
  c.title = "改二";
  EXPECT_EQ(store_->Put(c, at1).status().code(), Status::Code::kConflict);
  EXPECT_EQ(store_->Delete("v1", 1).code(), Status::Code::kConflict);
}

// A batch of exported records (each carrying the version it was made from)
// writes the current ones and sets aside those made from an older version.
TEST_F(CaseStoreTest, SkipStaleSetsAsideRecordsOfAnOlderVersion) {
  Case a = test::SampleCase("st-a"), b = test::SampleCase("st-b");
  ASSERT_OK(store_->PutBatch({a, b}));
  Result<Case> a1 = store_->Get("st-a"), b1 = store_->Get("st-b");  // Both version 1.
  ASSERT_OK(a1);
  ASSERT_OK(b1);
  Case edited = *a1;
  edited.title = "复核后的标题";
  ASSERT_OK(store_->Put(edited));  // st-a is now at version 2.
  Case old_a = *a1, old_b = *b1, fresh = test::SampleCase("st-c");
  old_a.title = "导出稿";
  old_b.title = "导出稿";
  fresh.version = 7;  // Not stored yet: written whatever its version.
  PutOptions options;
  options.skip_stale = true;
  auto outcomes = store_->PutBatch({old_a, old_b, fresh}, options);
  ASSERT_OK(outcomes);
  EXPECT_EQ(*outcomes, (std::vector<PutOutcome>{PutOutcome::kStale, PutOutcome::kUpdated,
                                                PutOutcome::kAdded}));
  EXPECT_EQ(store_->Get("st-a")->title, "复核后的标题");
  EXPECT_EQ(store_->Get("st-b")->title, "导出稿");
  EXPECT_EQ(StaleVersionMessage(old_a, 2).rfind("field 'version': case 'st-a' is at version 2", 0),
            0u);
  // Without the option the same record replaces the case.
  ASSERT_OK(store_->Put(old_a));
  EXPECT_EQ(store_->Get("st-a")->title, "导出稿");
}

TEST_F(CaseStoreTest, InvalidCaseIsRejectedNamingTheField) {
  Case c = test::SampleCase("bad/id");
  auto r = store_->Put(c);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("'id'"), std::string::npos);
  Case d = test::SampleCase("ok");
  d.body = "\xFF\xFE";
  auto rb = store_->PutBatch({test::SampleCase("fine"), d});
  ASSERT_FALSE(rb.ok());
  EXPECT_NE(rb.status().message().find("case #1 (ok)"), std::string::npos);
  EXPECT_NE(rb.status().message().find("'body'"), std::string::npos);
  EXPECT_EQ(store_->CaseCount(), 0u);  // The batch is all or nothing.
}

TEST_F(CaseStoreTest, BatchWithContentsEncodedAheadStoresTheSameCases) {
  std::vector<Case> cases = {test::SampleCase("pre-a"), test::SampleCase("pre-b")};
  cases[1].extra["来源"] = "手工录入";
  std::vector<std::string> contents;
  for (const Case& c : cases) contents.push_back(EncodeCaseContent(c));
  auto wrong = store_->PutBatch(cases, {contents[0]});
  EXPECT_EQ(wrong.status().code(), Status::Code::kInvalidArgument);
  auto outcomes = store_->PutBatch(cases, contents);
  ASSERT_OK(outcomes);
  EXPECT_EQ(*outcomes, (std::vector<PutOutcome>{PutOutcome::kAdded, PutOutcome::kAdded}));
  for (const Case& c : cases) {
    auto stored = store_->Get(c.id);
    ASSERT_OK(stored);
    EXPECT_EQ(EncodeCaseContent(*stored), EncodeCaseContent(c));
    EXPECT_EQ(stored->version, 1);
  }
  // Encoded ahead or not, an unchanged case is recognised as such.
  EXPECT_EQ(*store_->PutBatch(cases, contents, PutOptions{}),
            (std::vector<PutOutcome>{PutOutcome::kUnchanged, PutOutcome::kUnchanged}));
  EXPECT_EQ(*store_->Put(cases[1]), PutOutcome::kUnchanged);
}

TEST_F(CaseStoreTest, ScanByYearFollowsYearChanges) {
  Case a = test::SampleCase("y-a");
  a.year = 2019;
  Case b = test::SampleCase("y-b");
  b.year = 2020;
  ASSERT_OK(store_->PutBatch({a, b}));
  a.year = 2020;
  ASSERT_OK(store_->Put(a));
  std::vector<std::string> ids2019, ids2020;
  ASSERT_OK(store_->ScanYear(2019, [&](const Case& c) { return ids2019.push_back(c.id), true; }));
  ASSERT_OK(store_->ScanYear(2020, [&](const Case& c) { return ids2020.push_back(c.id), true; }));
  EXPECT_TRUE(ids2019.empty());
  EXPECT_EQ(ids2020, (std::vector<std::string>{"y-a", "y-b"}));
  size_t all = 0;
  ASSERT_OK(store_->ScanAll([&](const Case&) { return ++all, true; }));
  EXPECT_EQ(all, 2u);
}

TEST_F(CaseStoreTest, ConcurrentWritersAndReaders) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < 50; ++i) {
        std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
        EXPECT_OK(store_->Put(test::SampleCase(id)));
        EXPECT_OK(store_->Get(id));
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(store_->CaseCount(), 200u);
  EXPECT_EQ(store_->LastSequence(), 200u);
}

TEST_F(CaseStoreTest, MetaValues) {
  ASSERT_OK(store_->PutMeta("index.note", "值"));
  EXPECT_EQ(*store_->GetMeta("index.note"), "值");
  EXPECT_FALSE(store_->PutMeta("casebook.last_seq", "x").ok());
  EXPECT_TRUE(store_->GetMeta("absent").status().IsNotFound());
}

TEST_F(CaseStoreTest, SecondOpenOfSameDirectoryFailsClearly) {
  auto second = CaseStore::Open(dir_ / "store");
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("store"), std::string::npos);
}

TEST_F(CaseStoreTest, RealCorpusTextRoundTrips) {
  SKIP_WITHOUT_CORPUS();
  std::vector<Case> cases;
  for (const auto& line : test::ReadLines(test::CorpusFile("appeals-with-replies.jsonl"), 300)) {
    auto c = CaseFromJsonText(line);
    ASSERT_OK(c);
    cases.push_back(*c);
  }
  ASSERT_OK(store_->PutBatch(cases));
  Reopen();
  for (const Case& c : cases) {
    auto got = store_->Get(c.id);
    ASSERT_OK(got);
    EXPECT_EQ(got->body, c.body);
    EXPECT_EQ(got->extra, c.extra);
  }
}

}  // namespace
}  // namespace casebook

namespace casebook::test {
namespace {

// Nothing a user wrote is lost: a case written again under a deleted id
// continues its version numbers, so the deleted versions stay in history.
TEST(CaseStoreHistoryTest, RecreatedCaseKeepsTheDeletedHistory) {
  ScopedTempDir dir;
  auto store = CaseStore::Open(dir / "store");
  ASSERT_OK(store);
  Case c = SampleCase("D-1");
  c.title = "第一稿";
  ASSERT_OK((*store)->Put(c));
  c.title = "第二稿";
  ASSERT_OK((*store)->Put(c));
  ASSERT_OK((*store)->Delete("D-1"));
  c.title = "重新提出";
  ASSERT_OK((*store)->Put(c));
  c.title = "重新提出（修改）";
  ASSERT_OK((*store)->Put(c));
  auto history = (*store)->History("D-1");
  ASSERT_OK(history);
  std::vector<std::string> titles;
  std::vector<int64_t> versions;
  for (const Case& v : *history) {
    titles.push_back(v.title);
    versions.push_back(v.version);
  }
  EXPECT_EQ(titles, (std::vector<std::string>{"第一稿", "第二稿", "重新提出", "重新提出（修改）"}));
  EXPECT_EQ(versions, (std::vector<int64_t>{1, 2, 3, 4}));
  // Reopened, the store still knows to look.
  store->reset();
  store = CaseStore::Open(dir / "store");
  ASSERT_OK(store);
  ASSERT_OK((*store)->Delete("D-1"));
  ASSERT_OK((*store)->Put(c));
  EXPECT_EQ((*store)->Get("D-1")->version, 5);
  EXPECT_EQ((*store)->History("D-1")->size(), 5u);
}

}  // namespace
}  // namespace casebook::test
