// SearchIndex: the Xapian index derived from the CaseStore, kept level with it
// by replaying the store's change log.
//
// Every commit of the index carries, in the same Xapian commit, the metadata
// "casebook.last_seq" = the last change-log sequence it applied. CatchUp()
// applies the changes after it (each change: re-read the case; replace or
// delete its document, keyed by the term Q<id>), so a crash at any moment
// leaves an index that the next CatchUp brings level: replays are idempotent.
#ifndef CASEBOOK_SEARCH_SEARCH_INDEX_H_
#define CASEBOOK_SEARCH_SEARCH_INDEX_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "search/chinese_analyzer.h"
#include "store/case_store.h"
#include "store/status.h"

namespace Xapian {
class WritableDatabase;
}

namespace casebook::search {

// Settings for writing an index.
struct SearchIndexOptions {
  AnalyzerOptions analyzer;  // Analysis (user dictionary terms included).
  // CatchUp commits after this many changes, and at the end. Small batches
  // keep Xapian's in-memory inverter small: catching up 20,000 cases one by
  // one ran at 289 docs/s with 1,000 per commit, 178 with 20,000 (docs/search.md).
  size_t changes_per_commit = 1000;
  // CatchUp reads and analyses the next cases on a second thread while
  // Xapian writes the current ones; false does both on the calling thread.
  bool analyse_ahead = true;
  int rebuild_threads = 2;  // RebuildIndex indexes in this many threads.
  // RebuildIndex writes parts of at most this many documents, each committed
  // once, then merges them (Xapian's compactor). Small parts keep Xapian's
  // in-memory inverter small and never flush into a large B-tree.
  size_t rebuild_part_docs = 1000;
  size_t rebuild_merge_sources = 64;  // Parts merged at once (bounds open files).
  // CatchUp on an EMPTY index with at least this many changes to apply builds
  // the index as RebuildIndex does (parallel parts, one merge) and swaps it in.
  uint64_t bulk_catch_up_changes = 5000;
};

// The index directory, store directory and dictionary of a data directory
// (layout of ../shared/DESIGN.md: store/, index/, dictionary.txt).
std::filesystem::path IndexDirOf(const std::filesystem::path& data_dir);
std::filesystem::path DictionaryFileOf(const std::filesystem::path& data_dir);

// Options with the data directory's dictionary.txt loaded as user terms.
// Errors: those of LoadUserDictionary (bad UTF-8 names the line).
Result<SearchIndexOptions> IndexOptionsForDataDir(const std::filesystem::path& data_dir);

// The writer of one index directory. Thread safety: all methods may be called
// from any thread (writes are serialised by an internal mutex). Only one
// SearchIndex may be open per directory across all processes.
class SearchIndex {
 public:
  // Opens or creates the index in `dir`. Errors: FailedPrecondition when
  // another writer holds the directory's lock or the index was built by
  // another schema (run `casebook reindex`); Corruption; IOError; Internal.
  static Result<std::unique_ptr<SearchIndex>> Open(const std::filesystem::path& dir,
                                                   const SearchIndexOptions& options = {});
  ~SearchIndex();
  SearchIndex(const SearchIndex&) = delete;
  SearchIndex& operator=(const SearchIndex&) = delete;

  // Applies every store change after AppliedSequence(), committing every
  // options.changes_per_commit changes and at the end. Returns the number of
  // changes applied (on a bulk load, the changes the loaded index covers).
  // An empty index with >= options.bulk_catch_up_changes changes to apply is
  // built from the store's current cases in parallel parts and swapped in
  // (its write lock is released for the swap; searchers see it on reopen()).
  // On error the index keeps its last commit (still valid).
  // Errors: IOError, Corruption (from store or index), Internal.
  Result<uint64_t> CatchUp(const CaseStore& store);

  // The last store sequence number committed to the index.
  uint64_t AppliedSequence() const;
  // The number of documents in the last commit.
  uint64_t DocumentCount() const;
  const std::filesystem::path& dir() const { return dir_; }

 private:
  SearchIndex() = default;
  Status ApplyBatch(const CaseStore& store, const std::vector<ChangeEntry>& batch);
  uint64_t DocumentCountLocked() const;  // REQUIRES: mu_ held.
  // Replaces the (empty) index by one built from the store (index_rebuild.cc).
  Status LoadInBulk(const CaseStore& store);

  std::filesystem::path dir_;
  SearchIndexOptions options_;
  std::unique_ptr<ChineseAnalyzer> analyzer_;
  std::unique_ptr<Xapian::WritableDatabase> db_;
  mutable std::mutex mu_;
  uint64_t applied_seq_ = 0;
};

// What RebuildIndex did.
struct RebuildStats {
  uint64_t documents = 0;
  uint64_t sequence = 0;  // The store sequence the new index is level with.
  double seconds = 0;
  double merge_seconds = 0;  // Of `seconds`: merging the parts (Xapian's compactor).
  uint64_t index_bytes = 0;
};

// Builds a new index from the store alone (ScanAll, in options.rebuild_threads
// databases merged by compaction) in a fresh directory beside `dir`, then
// swaps it in for `dir` and catches up with writes made meanwhile.
// REQUIRES: no SearchIndex open on `dir` (in this or another process).
// Errors: FailedPrecondition when `dir` is locked by a writer; IOError; Internal.
Result<RebuildStats> RebuildIndex(const CaseStore& store, const std::filesystem::path& dir,
                                  const SearchIndexOptions& options = {});

// Differences between the store and the index.
struct IndexCheckReport {
  uint64_t store_cases = 0;
  uint64_t index_documents = 0;
  uint64_t store_sequence = 0;
  uint64_t index_sequence = 0;
  uint64_t missing_count = 0;            // In the store, not in the index.
  uint64_t extra_count = 0;              // In the index, not in the store.
  std::vector<std::string> missing_ids;  // The first few.
  std::vector<std::string> extra_ids;    // The first few.
  bool Level() const {
    return missing_count == 0 && extra_count == 0 && store_sequence == index_sequence &&
           store_cases == index_documents;
  }
  // Human-readable lines: counts, sequences and what differs.
  std::string Describe() const;
};

// Compares the store with the index in `dir` (read-only; may run beside a
// writer). Errors: NotFound when there is no index; IOError; Corruption.
Result<IndexCheckReport> CheckIndex(const CaseStore& store, const std::filesystem::path& dir);

// Total size in bytes of the files under `dir`.
uint64_t DirectoryBytes(const std::filesystem::path& dir);

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_SEARCH_INDEX_H_
