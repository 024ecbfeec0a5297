// The index follows the store: incremental catch-up (puts, updates, deletes),
// a SIGKILL in the middle of indexing heals on reopen, a rebuild equals the
// incremental index, and `check` reports differences.
#include "search/search_index.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "search/case_document.h"
#include "search/searcher.h"
#include "store/case_store.h"
#include "test_util.h"

namespace casebook::search {
namespace {

// No fsync per write: a SIGKILL keeps what reached the OS, and the tests stay fast.
StoreOptions FastStoreOptions() {
  StoreOptions o;
  o.sync = false;
  return o;
}

// A case whose text varies with i (so documents differ).
Case VariedCase(int i) {
  Case c = test::SampleCase("v-" + std::to_string(i % 40));
  const char* topics[] = {"垃圾分类", "地铁换乘", "老旧小区加装电梯", "噪音扰民", "停车难"};
  c.title = std::string("关于") + topics[i % 5] + "的建议" + std::to_string(i);
  c.body += std::string("第") + std::to_string(i) + "次提出：" + topics[(i * 3) % 5];
  c.year = 2015 + i % 8;
  return c;
}

// term -> wdf of every document, by case id: the whole content of an index.
std::map<std::string, std::map<std::string, Xapian::termcount>> IndexContent(
    const std::filesystem::path& dir) {
  std::map<std::string, std::map<std::string, Xapian::termcount>> content;
  Xapian::Database db(dir.string());
  for (auto id = db.allterms_begin("Q"); id != db.allterms_end("Q"); ++id) {
    Xapian::docid did = *db.postlist_begin(*id);
    auto& terms = content[*id];
    for (auto t = db.termlist_begin(did); t != db.termlist_end(did); ++t) terms[*t] = t.get_wdf();
  }
  return content;
}

class SearchIndexTest : public ::testing::Test {
 protected:
  void SetUp() override { OpenStore(); }
  void OpenStore() {
    auto s = CaseStore::Open(dir_ / "store", FastStoreOptions());
    ASSERT_OK(s);
    store_ = std::move(*s);
  }
  std::unique_ptr<SearchIndex> OpenIndex(size_t changes_per_commit = 20000) {
    SearchIndexOptions o;
    o.changes_per_commit = changes_per_commit;
    auto index = SearchIndex::Open(dir_ / "index", o);
    EXPECT_TRUE(index.ok()) << index.status().ToString();
    return index.ok() ? std::move(*index) : nullptr;
  }
  void ExpectLevel() {
    auto report = CheckIndex(*store_, dir_ / "index");
    ASSERT_OK(report);
    EXPECT_TRUE(report->Level()) << report->Describe();
  }

  test::ScopedTempDir dir_;
  std::unique_ptr<CaseStore> store_;
};

TEST_F(SearchIndexTest, CatchUpAppliesPutsUpdatesAndDeletes) {
  for (int i = 0; i < 10; ++i) ASSERT_OK(store_->Put(VariedCase(i)));
  auto index = OpenIndex(3);
  ASSERT_TRUE(index);
  auto applied = index->CatchUp(*store_);
  ASSERT_OK(applied);
  EXPECT_EQ(*applied, 10u);
  EXPECT_EQ(index->DocumentCount(), 10u);
  ExpectLevel();

  Case updated = VariedCase(3);
  updated.title = "关于更新后标题的建议";
  ASSERT_OK(store_->Put(updated));
  ASSERT_OK(store_->Delete("v-5"));
  ASSERT_OK(index->CatchUp(*store_));
  EXPECT_EQ(index->DocumentCount(), 9u);
  EXPECT_EQ(index->AppliedSequence(), store_->LastSequence());
  ExpectLevel();
  auto content = IndexContent(dir_ / "index");
  EXPECT_EQ(content.count("Qv-5"), 0u);
  EXPECT_EQ(content["Qv-3"].count("S更新"), 1u);
  EXPECT_EQ(content["Qv-3"].count("S垃圾"), 0u);
}

TEST_F(SearchIndexTest, CheckNamesWhatDiffers) {
  for (int i = 0; i < 5; ++i) ASSERT_OK(store_->Put(VariedCase(i)));
  {
    auto index = OpenIndex();
    ASSERT_OK(index->CatchUp(*store_));
  }
  ASSERT_OK(store_->Put(VariedCase(7)));
  ASSERT_OK(store_->Delete("v-1"));
  auto report = CheckIndex(*store_, dir_ / "index");
  ASSERT_OK(report);
  EXPECT_FALSE(report->Level());
  EXPECT_EQ(report->missing_ids, std::vector<std::string>{"v-7"});
  EXPECT_EQ(report->extra_ids, std::vector<std::string>{"v-1"});
  EXPECT_EQ(report->index_sequence + 2, report->store_sequence);
  EXPECT_NE(report->Describe().find("behind the store by 2"), std::string::npos)
      << report->Describe();
  EXPECT_EQ(CheckIndex(*store_, dir_ / "nothing").status().code(), Status::Code::kNotFound);
}

TEST_F(SearchIndexTest, SecondWriterIsRefusedWithFailedPrecondition) {
  auto first = OpenIndex();
  ASSERT_TRUE(first);
  auto second = SearchIndex::Open(dir_ / "index");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_EQ(RebuildIndex(*store_, dir_ / "index").status().code(),
            Status::Code::kFailedPrecondition);
}

TEST_F(SearchIndexTest, RebuildEqualsIncrementalIndexing) {
  std::vector<Case> cases;
  for (int i = 0; i < 60; ++i) cases.push_back(VariedCase(i));  // Updates included.
  ASSERT_OK(store_->PutBatch(cases));
  ASSERT_OK(store_->Delete("v-2"));
  {
    auto index = OpenIndex(7);
    ASSERT_OK(index->CatchUp(*store_));
  }
  auto incremental = IndexContent(dir_ / "index");
  SearchIndexOptions o;
  o.rebuild_threads = 2;
  auto stats = RebuildIndex(*store_, dir_ / "rebuilt", o);
  ASSERT_OK(stats);
  EXPECT_EQ(stats->documents, 39u);
  EXPECT_EQ(stats->sequence, store_->LastSequence());
  EXPECT_EQ(IndexContent(dir_ / "rebuilt"), incremental);
  // Rebuilding over an existing index swaps it in.
  ASSERT_OK(RebuildIndex(*store_, dir_ / "index", o));
  EXPECT_EQ(IndexContent(dir_ / "index"), incremental);
  ExpectLevel();
}

// One batch of several hundred changes: cases are read and analysed ahead of
// the writer in chunks of 64 (search_index.cc); updates and deletes that land
// in other chunks than the case's first put must still leave each case at its
// current state.
TEST_F(SearchIndexTest, LargeBatchAnalysedAheadEqualsRebuild) {
  std::vector<Case> cases;
  for (int i = 0; i < 200; ++i) {
    Case c = VariedCase(i);
    c.id = "w-" + std::to_string(i);
    cases.push_back(std::move(c));
  }
  ASSERT_OK(store_->PutBatch(cases));
  for (int i = 0; i < 200; i += 3) {
    Case c = cases[static_cast<size_t>(i)];
    c.title = "关于第" + std::to_string(i) + "号更新的建议";
    ASSERT_OK(store_->Put(c));
  }
  for (int i = 1; i < 200; i += 7) ASSERT_OK(store_->Delete("w-" + std::to_string(i)));
  {
    auto index = OpenIndex(1000);  // One batch: 200 puts, 67 updates, 29 deletes.
    auto applied = index->CatchUp(*store_);
    ASSERT_OK(applied);
    EXPECT_EQ(*applied, 296u);
    EXPECT_EQ(index->DocumentCount(), 171u);
  }
  ExpectLevel();
  auto incremental = IndexContent(dir_ / "index");
  EXPECT_EQ(incremental.count("Qw-8"), 0u);           // Deleted.
  EXPECT_EQ(incremental["Qw-9"].count("S更新"), 1u);  // Updated.
  EXPECT_EQ(incremental["Qw-10"].count("S更新"), 0u);
  ASSERT_OK(RebuildIndex(*store_, dir_ / "rebuilt"));
  EXPECT_EQ(IndexContent(dir_ / "rebuilt"), incremental);
}

TEST_F(SearchIndexTest, BulkCatchUpOfAnEmptyIndexEqualsIncrementalIndexing) {
  std::vector<Case> cases;
  for (int i = 0; i < 60; ++i) cases.push_back(VariedCase(i));
  ASSERT_OK(store_->PutBatch(cases));
  ASSERT_OK(store_->Delete("v-2"));
  auto incremental = OpenIndex(7);  // 61 changes < bulk_catch_up_changes: one by one.
  ASSERT_OK(incremental->CatchUp(*store_));
  SearchIndexOptions o;
  o.bulk_catch_up_changes = 10;
  o.rebuild_part_docs = 4;      // About ten parts ...
  o.rebuild_merge_sources = 3;  // ... merged in several rounds.
  auto bulk = SearchIndex::Open(dir_ / "bulk", o);
  ASSERT_OK(bulk);
  auto applied = (*bulk)->CatchUp(*store_);
  ASSERT_OK(applied);
  EXPECT_EQ(*applied, store_->LastSequence());
  EXPECT_EQ((*bulk)->AppliedSequence(), store_->LastSequence());
  EXPECT_EQ((*bulk)->DocumentCount(), 39u);
  EXPECT_EQ(IndexContent(dir_ / "bulk"), IndexContent(dir_ / "index"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "bulk.new.parts"));
  // Later changes go to the loaded index one by one (it is no longer empty).
  Case changed = VariedCase(100);
  changed.title = "关于批量载入之后再修改的建议";
  ASSERT_OK(store_->Put(changed));
  ASSERT_OK(store_->Delete("v-7"));
  ASSERT_OK((*bulk)->CatchUp(*store_));
  ASSERT_OK(incremental->CatchUp(*store_));
  EXPECT_EQ((*bulk)->AppliedSequence(), store_->LastSequence());
  EXPECT_EQ(IndexContent(dir_ / "bulk"), IndexContent(dir_ / "index"));
}

// Child: writes cases and indexes them, committing every few changes, and
// reports each finished round through `fd` until killed.
[[noreturn]] void WriteAndIndexForever(const std::filesystem::path& dir, int fd) {
  auto store = CaseStore::Open(dir / "store", FastStoreOptions());
  if (!store.ok()) _exit(3);
  SearchIndexOptions o;
  o.changes_per_commit = 4;
  auto index = SearchIndex::Open(dir / "index", o);
  if (!index.ok()) _exit(4);
  for (int round = 0;; ++round) {
    for (int k = 0; k < 10; ++k) {
      if (!(*store)->Put(VariedCase(round * 10 + k)).ok()) _exit(5);
    }
    if (round % 3 == 2 && !(*store)->Delete("v-" + std::to_string(round % 40)).ok()) _exit(6);
    if (!(*index)->CatchUp(**store).ok()) _exit(7);
    uint32_t n = static_cast<uint32_t>(round);
    if (write(fd, &n, sizeof n) != sizeof n) _exit(8);
  }
}

TEST_F(SearchIndexTest, SigkillWhileIndexingHealsOnReopen) {
  store_.reset();  // The child owns the store until it dies.
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    WriteAndIndexForever(dir_.path(), fds[1]);
  }
  close(fds[1]);
  uint32_t n = 0, rounds = 0;
  while (rounds < 6 && read(fds[0], &n, sizeof n) == sizeof n) ++rounds;
  usleep(3000 + (getpid() % 7) * 1000);  // Land somewhere inside the next round.
  kill(pid, SIGKILL);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early with " << WEXITSTATUS(status);
  ASSERT_GE(rounds, 6u);

  OpenStore();
  auto index = OpenIndex();
  ASSERT_TRUE(index);
  EXPECT_LE(index->AppliedSequence(), store_->LastSequence());
  ASSERT_OK(index->CatchUp(*store_));
  ExpectLevel();
  index.reset();
  ASSERT_OK(RebuildIndex(*store_, dir_ / "rebuilt"));
  EXPECT_EQ(IndexContent(dir_ / "rebuilt"), IndexContent(dir_ / "index"));
}

}  // namespace
}  // namespace casebook::search

namespace casebook::search {
namespace {

// Many threads search while the writer keeps committing: every search
// succeeds and sees a consistent snapshot.
TEST_F(SearchIndexTest, ConcurrentSearchesWhileIndexing) {
  std::vector<Case> first;
  for (int i = 0; i < 20; ++i) first.push_back(VariedCase(i));
  ASSERT_OK(store_->PutBatch(first));
  auto index = OpenIndex(2);
  ASSERT_TRUE(index);
  ASSERT_OK(index->CatchUp(*store_));
  auto searcher = Searcher::Open(dir_ / "index", store_.get());
  ASSERT_OK(searcher);
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0}, searches{0};
  std::mutex error_mu;
  std::string first_error;  // Says what failed, for the assertion below.
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      const char* queries[] = {"垃圾分类", "吴泾 year:2015..2022", "关于", "地铁换乘的建议"};
      while (!stop) {
        SearchRequest r;
        r.query = queries[(t + searches) % 4];
        auto res = (*searcher)->Search(r);
        if (!res.ok() || res->total == 0) {
          std::lock_guard<std::mutex> lock(error_mu);
          if (first_error.empty()) {
            first_error = r.query + ": " + (res.ok() ? "no match" : res.status().ToString());
          }
          ++failures;
        }
        ++searches;
      }
    });
  }
  for (int round = 0; round < 10; ++round) {
    std::vector<Case> more;
    for (int i = 0; i < 6; ++i) more.push_back(VariedCase(100 + round * 6 + i));
    ASSERT_OK(store_->PutBatch(more));
    ASSERT_OK(index->CatchUp(*store_));
  }
  while (searches < 200) std::this_thread::yield();
  stop = true;
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(failures, 0) << first_error;
}

}  // namespace
}  // namespace casebook::search
