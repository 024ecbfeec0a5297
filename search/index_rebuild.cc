// RebuildIndex: a fresh index from the store alone, built in parallel parts
// that Xapian's compactor merges, then swapped in for the old one.
#include <xapian.h>

#include <chrono>
#include <condition_variable>
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

// Builds one part database from the cases it pops.
Status BuildPart(CaseQueue* queue, ChineseAnalyzer* analyzer, const fs::path& part_dir,
                 uint64_t* documents) {
  Status s = CatchXapian("building index part " + part_dir.string(), [&] {
    Xapian::WritableDatabase db(part_dir.string(), Xapian::DB_CREATE_OR_OVERWRITE);
    Case c;
    while (queue->Pop(&c)) {
      db.add_document(BuildCaseDocument(c, analyzer));
      ++*documents;
    }
    db.commit();
    return Status::Ok();
  });
  if (!s.ok()) queue->Fail();
  return s;
}

// Scans the store into `parts` databases built in parallel.
Status BuildParts(const CaseStore& store, const std::vector<fs::path>& parts,
                  const ChineseAnalyzer& prototype, uint64_t* documents) {
  std::vector<std::unique_ptr<ChineseAnalyzer>> analyzers;
  for (size_t i = 0; i < parts.size(); ++i) {
    auto a = prototype.Clone();
    if (!a.ok()) return a.status();
    analyzers.push_back(std::move(*a));
  }
  CaseQueue queue(512);
  std::vector<Status> results(parts.size());
  std::vector<uint64_t> counts(parts.size(), 0);
  std::vector<std::thread> workers;
  for (size_t i = 0; i < parts.size(); ++i) {
    workers.emplace_back([&, i] {
      results[i] = BuildPart(&queue, analyzers[i].get(), parts[i], &counts[i]);
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

// Merges the parts into `out` (or renames a single part) and stamps the sequence.
Status MergeParts(const std::vector<fs::path>& parts, const fs::path& out, uint64_t seq) {
  return CatchXapian("merging index parts into " + out.string(), [&] {
    std::error_code ec;
    if (parts.size() == 1) {
      fs::rename(parts[0], out, ec);
      if (ec) return Status::IOError("renaming " + parts[0].string() + ": " + ec.message());
    } else {
      Xapian::Database all;
      for (const fs::path& p : parts) all.add_database(Xapian::Database(p.string()));
      all.compact(out.string());
      for (const fs::path& p : parts) fs::remove_all(p, ec);
    }
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

}  // namespace

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
  std::error_code ec;
  fs::remove_all(fresh, ec);
  std::vector<fs::path> parts;
  for (int i = 0; i < std::max(1, options.rebuild_threads); ++i) {
    parts.push_back(dir.string() + ".part" + std::to_string(i));
  }
  RebuildStats stats;
  stats.sequence = store.LastSequence();  // Writes after this are replayed by CatchUp.
  CASEBOOK_RETURN_IF_ERROR(BuildParts(store, parts, **prototype, &stats.documents));
  CASEBOOK_RETURN_IF_ERROR(MergeParts(parts, fresh, stats.sequence));
  CASEBOOK_RETURN_IF_ERROR(SwapIn(fresh, dir));
  auto index = SearchIndex::Open(dir, options);
  if (!index.ok()) return index.status();
  auto caught_up = (*index)->CatchUp(store);
  if (!caught_up.ok()) return caught_up.status();
  stats.sequence = (*index)->AppliedSequence();
  stats.documents = (*index)->DocumentCount();
  stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  stats.index_bytes = DirectoryBytes(dir);
  return stats;
}

}  // namespace casebook::search
