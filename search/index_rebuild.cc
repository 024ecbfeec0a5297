// RebuildIndex: a fresh index from the store alone, built in parallel parts
// that Xapian's compactor merges, then swapped in for the old one.
#include <xapian.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <thread>

#include "search/case_document.h"
#include "search/index_schema.h"
#include "search/search_index.h"
#include "search/xapian_status.h"

namespace casebook::search {

namespace fs = std::filesystem;

namespace {

// A bounded queue of cases from the store scan to the part builders.
class CaseQueue {
 public:
  explicit CaseQueue(size_t capacity) : capacity_(capacity) {}

  // Blocks while full; returns false when the queue was closed for failure.
  bool Push(Case c) {
    std::unique_lock<std::mutex> lock(mu_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_ || failed_; });
    if (failed_) return false;
    items_.push_back(std::move(c));
    not_empty_.notify_one();
    return true;
  }
  // Blocks while empty; returns false at the end (closed and drained, or failed).
  bool Pop(Case* c) {
    std::unique_lock<std::mutex> lock(mu_);
    not_empty_.wait(lock, [&] { return !items_.empty() || closed_ || failed_; });
    if (failed_ || items_.empty()) return false;
    *c = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return true;
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    not_empty_.notify_all();
  }
  void Fail() {
    std::lock_guard<std::mutex> lock(mu_);
    failed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Case> items_;
  size_t capacity_;
  bool closed_ = false;
  bool failed_ = false;
};

// Scratch part databases under one directory, numbered in creation order.
// Written without fsync: a crash during a rebuild leaves the old index as it
// was, and the scratch directory is cleared by the next rebuild.
class PartSet {
 public:
  explicit PartSet(fs::path dir) : dir_(std::move(dir)) {}
  const fs::path& dir() const { return dir_; }
  // A new part path (thread-safe).
  fs::path Next() {
    std::lock_guard<std::mutex> lock(mu_);
    char name[32];
    std::snprintf(name, sizeof name, "part%06zu", next_++);
    fs::path p = dir_ / name;
    paths_.push_back(p);
    return p;
  }
  // Every part made, in creation order.
  std::vector<fs::path> All() const {
    std::lock_guard<std::mutex> lock(mu_);
    return paths_;
  }

 private:
  fs::path dir_;
  mutable std::mutex mu_;
  size_t next_ = 0;
  std::vector<fs::path> paths_;
};

constexpr int kPartFlags =
    Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC | Xapian::DB_BACKEND_GLASS;

// Indexes the cases it pops into parts of at most `part_docs` documents, each
// committed once (so Xapian never flushes into a large B-tree).
Status BuildPartsFromQueue(CaseQueue* queue, ChineseAnalyzer* analyzer, PartSet* parts,
                           size_t part_docs, uint64_t* documents) {
  Status s = CatchXapian("building index parts in " + parts->dir().string(), [&] {
    std::unique_ptr<Xapian::WritableDatabase> db;
    size_t in_part = 0;
    Case c;
    while (queue->Pop(&c)) {
      if (!db) db = std::make_unique<Xapian::WritableDatabase>(parts->Next().string(), kPartFlags);
      db->add_document(BuildCaseDocument(c, analyzer));
      ++*documents;
      if (++in_part == part_docs) {
        db->commit();
        db.reset();
        in_part = 0;
      }
    }
    if (db) db->commit();
    return Status::Ok();
  });
  if (!s.ok()) queue->Fail();
  return s;
}

// Scans the store into parts built by options.rebuild_threads threads.
Status BuildParts(const CaseStore& store, PartSet* parts, const ChineseAnalyzer& prototype,
                  const SearchIndexOptions& options, uint64_t* documents) {
  const size_t threads = static_cast<size_t>(std::max(1, options.rebuild_threads));
  const size_t part_docs = std::max<size_t>(1, options.rebuild_part_docs);
  std::vector<std::unique_ptr<ChineseAnalyzer>> analyzers;
  for (size_t i = 0; i < threads; ++i) {
    auto a = prototype.Clone();
    if (!a.ok()) return a.status();
    analyzers.push_back(std::move(*a));
  }
  CaseQueue queue(512);
  std::vector<Status> results(threads);
  std::vector<uint64_t> counts(threads, 0);
  std::vector<std::thread> workers;
  for (size_t i = 0; i < threads; ++i) {
    workers.emplace_back([&, i] {
      results[i] = BuildPartsFromQueue(&queue, analyzers[i].get(), parts, part_docs, &counts[i]);
    });
  }
  Status scan = store.ScanAll([&](const Case& c) { return queue.Push(c); });
  if (scan.ok()) {
    queue.Close();
  } else {
    queue.Fail();
  }
  for (std::thread& t : workers) t.join();
  CASEBOOK_RETURN_IF_ERROR(scan);
  for (const Status& r : results) CASEBOOK_RETURN_IF_ERROR(r);
  for (uint64_t n : counts) *documents += n;
  return Status::Ok();
}

// Compacts `sources` (in order; document ids renumbered) into `out`.
void CompactInto(const std::vector<fs::path>& sources, const fs::path& out) {
  Xapian::Database all;
  for (const fs::path& p : sources) all.add_database(Xapian::Database(p.string()));
  all.compact(out.string(), Xapian::DBCOMPACT_MULTIPASS);
}

// Merges the parts into `out` (at most `max_sources` at a time, so that the
// open files stay bounded) and stamps the sequence.
Status MergeParts(PartSet* parts, const fs::path& out, uint64_t seq, size_t max_sources) {
  return CatchXapian("merging index parts into " + out.string(), [&] {
    std::vector<fs::path> level = parts->All();
    if (level.empty()) {
      Xapian::WritableDatabase empty(out.string(), kPartFlags);  // No cases: an empty index.
      empty.commit();
    }
    max_sources = std::max<size_t>(2, max_sources);
    while (level.size() > max_sources) {
      std::vector<fs::path> merged;
      for (size_t i = 0; i < level.size(); i += max_sources) {
        std::vector<fs::path> group(level.begin() + i,
                                    level.begin() + std::min(level.size(), i + max_sources));
        if (group.size() == 1) {
          merged.push_back(group[0]);
          continue;
        }
        merged.push_back(parts->Next());
        CompactInto(group, merged.back());
      }
      level = std::move(merged);
    }
    std::error_code ec;
    if (level.size() == 1) {
      fs::rename(level[0], out, ec);
      if (ec) return Status::IOError("renaming " + level[0].string() + ": " + ec.message());
    } else if (level.size() > 1) {
      CompactInto(level, out);
    }
    fs::remove_all(parts->dir(), ec);
    Xapian::WritableDatabase db(out.string(), Xapian::DB_OPEN);
    db.set_metadata(kMetaLastSeq, std::to_string(seq));
    db.set_metadata(kMetaSchema, kSchemaVersion);
    db.commit();
    return Status::Ok();
  });
}

// Replaces `dir` with `fresh` (two renames; a crash between them leaves no
// index, which the next open recreates and fills from the change log).
Status SwapIn(const fs::path& fresh, const fs::path& dir) {
  std::error_code ec;
  const fs::path old = dir.string() + ".old";
  fs::remove_all(old, ec);
  if (fs::exists(dir)) {
    fs::rename(dir, old, ec);
    if (ec) return Status::IOError("moving " + dir.string() + " aside: " + ec.message());
  }
  fs::rename(fresh, dir, ec);
  if (ec) return Status::IOError("moving " + fresh.string() + " into place: " + ec.message());
  fs::remove_all(old, ec);
  return Status::Ok();
}

// Builds an index of the store's current cases in `fresh` (replaced if it
// exists), level with *sequence = the store's last sequence before the scan.
Status BuildFreshIndex(const CaseStore& store, const fs::path& fresh,
                       const SearchIndexOptions& options, const ChineseAnalyzer& prototype,
                       uint64_t* sequence, uint64_t* documents, double* merge_seconds) {
  PartSet parts(fresh.string() + ".parts");
  std::error_code ec;
  fs::remove_all(fresh, ec);
  fs::remove_all(parts.dir(), ec);
  fs::create_directories(parts.dir(), ec);
  if (ec) return Status::IOError("creating " + parts.dir().string() + ": " + ec.message());
  *sequence = store.LastSequence();  // Writes after this are replayed by CatchUp.
  Status built = BuildParts(store, &parts, prototype, options, documents);
  const auto merge_start = std::chrono::steady_clock::now();
  if (built.ok()) built = MergeParts(&parts, fresh, *sequence, options.rebuild_merge_sources);
  *merge_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - merge_start).count();
  if (!built.ok()) fs::remove_all(parts.dir(), ec);
  return built;
}

}  // namespace

Status SearchIndex::LoadInBulk(const CaseStore& store) {
  const fs::path fresh = dir_.string() + ".new";
  uint64_t sequence = 0, documents = 0;
  double merge_seconds = 0;
  CASEBOOK_RETURN_IF_ERROR(
      BuildFreshIndex(store, fresh, options_, *analyzer_, &sequence, &documents, &merge_seconds));
  db_.reset();  // Releases the write lock for the swap; reopened below.
  Status swapped = SwapIn(fresh, dir_);
  Status reopened = CatchXapian("reopening index " + dir_.string(), [&] {
    db_ = std::make_unique<Xapian::WritableDatabase>(dir_.string(), Xapian::DB_CREATE_OR_OPEN);
    return Status::Ok();
  });
  CASEBOOK_RETURN_IF_ERROR(swapped);
  CASEBOOK_RETURN_IF_ERROR(reopened);
  applied_seq_ = sequence;
  return Status::Ok();
}

Result<RebuildStats> RebuildIndex(const CaseStore& store, const fs::path& dir,
                                  const SearchIndexOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  {
    // Refuse while another writer works on `dir` (its lock is held).
    Status locked = CatchXapian("opening index " + dir.string(), [&] {
      if (fs::exists(dir)) Xapian::WritableDatabase probe(dir.string(), Xapian::DB_OPEN);
      return Status::Ok();
    });
    if (locked.code() == Status::Code::kFailedPrecondition) return locked;
  }
  auto prototype = ChineseAnalyzer::Create(options.analyzer);
  if (!prototype.ok()) return prototype.status();
  const fs::path fresh = dir.string() + ".new";
  RebuildStats stats;
  CASEBOOK_RETURN_IF_ERROR(BuildFreshIndex(store, fresh, options, **prototype, &stats.sequence,
                                           &stats.documents, &stats.merge_seconds));
  CASEBOOK_RETURN_IF_ERROR(SwapIn(fresh, dir));
  auto index = SearchIndex::Open(dir, options);
  if (!index.ok()) return index.status();
  auto caught_up = (*index)->CatchUp(store);
  if (!caught_up.ok()) return caught_up.status();
  stats.sequence = (*index)->AppliedSequence();
  stats.documents = (*index)->DocumentCount();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  stats.index_bytes = DirectoryBytes(dir);
  return stats;
}

}  // namespace casebook::search
