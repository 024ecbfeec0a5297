// CaseStore: the source of truth. A persistent map case id -> Case on RocksDB,
// with every prior version kept (history) and a change log that the search
// index replays.
//
// Column families:
//   cases     id -> the current version (binary record, store/case_codec.h)
//   history   id \0 version(8 bytes, big-endian) -> each prior version
//   changelog seq(8 bytes, big-endian) -> {"op","id","version"}
//   by_year   year(4 bytes, big-endian) id -> "" (scans by year)
//   meta      "schema_version", "last_seq", "case_count"
//   derived   entries a DerivedIndex computes from each case (e.g. the review
//             queue's keys by due date), replaced with the case
// Every put/delete is one atomic WriteBatch across them.
//
// Thread safety: all methods may be called from any thread. Writes are
// serialised inside the store; reads run concurrently with writes and see
// each write whole or not at all.
#ifndef CASEBOOK_STORE_CASE_STORE_H_
#define CASEBOOK_STORE_CASE_STORE_H_

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/case.h"
#include "store/status.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class Env;
class WriteBatch;
}  // namespace rocksdb

namespace casebook {

// One (key, value) entry of a derived index.
using DerivedEntry = std::pair<std::string, std::string>;

// A secondary index the store keeps level with the cases: `entries` lists
// what one case contributes, and each put or delete replaces the entries of
// the version it supersedes in the same atomic batch. The store knows nothing
// of what the entries mean (the review process defines them).
// REQUIRES: `entries` is deterministic (a function of the case alone), and
// every key it yields for a case is unique to that case (e.g. ends with its
// id); it must be thread-safe.
struct DerivedIndex {
  // Names the definition; a store last written under another name (or by a
  // process without this index) rebuilds the entries from every case at open.
  std::string version;
  std::function<void(const Case&, std::vector<DerivedEntry>*)> entries;
};

// Open-time settings for CaseStore.
struct StoreOptions {
  bool create_if_missing = true;         // Create the directory if absent.
  size_t write_buffer_bytes = 64 << 20;  // Memtable size; larger speeds import.
  size_t block_cache_bytes = 128 << 20;  // Read cache shared by all column families.
  bool sync = true;                      // fsync the WAL before a write is acknowledged.
  // Open for reading only, beside the process that writes the store (a
  // snapshot as of the open); every write fails with FailedPrecondition.
  bool read_only = false;
  // Writes are refused (NoSpace) while the filesystem has less free than
  // this plus the unflushed memtables (they become table files) plus the
  // write's own size: RocksDB must never meet a full disk mid-write
  // (Debian's build aborts then), and the index needs room too. A RocksDB
  // "no space" error that happens anyway is reported as NoSpace as well.
  uint64_t reserve_bytes = 64ull << 20;
  rocksdb::Env* env = nullptr;  // For tests (fault injection); null = default.
  // The derived index to keep; null = none (writes then mark any existing
  // derived entries stale, so the next open with an index rebuilds them).
  std::shared_ptr<const DerivedIndex> derived;
};

// What a put did. kStale: not written (PutOptions::skip_stale).
enum class PutOutcome { kAdded, kUpdated, kUnchanged, kStale };

// Per-put settings.
struct PutOptions {
  // Optimistic concurrency: -1 = any; 0 = the case must not exist;
  // N > 0 = the stored version must be N. A mismatch -> Conflict.
  int64_t expected_version = -1;
  // When the new content equals the stored content (ignoring version,
  // updated_at and source.imported_at), write nothing and report kUnchanged.
  bool skip_unchanged = true;
  // The caller has already run ValidateCase on every case being written and
  // changed nothing since (the importer validates on its parsing threads), so
  // the store does not validate them again. Default: the store validates.
  bool validated = false;
  // Each case whose own `version` is > 0 was made from that version (an
  // export): when the stored case is at another version, it is not written
  // (outcome kStale) and the others are. Checked under the write lock, so no
  // write can slip in between the check and the batch. A case not stored is
  // written whatever its version.
  bool skip_stale = false;
};

// Why a record was not stored (PutOutcome::kStale), naming the field:
// "field 'version': case 'X' is at version 5, this record is version 3 ...".
std::string StaleVersionMessage(const Case& record, int64_t stored_version);

// One entry of the change log.
struct ChangeEntry {
  enum class Op { kPut, kDelete };
  uint64_t seq = 0;
  Op op = Op::kPut;
  std::string id;
  int64_t version = 0;  // The version written (kPut) or removed (kDelete).
};

class CaseStore {
 public:
  // Opens (or creates) the store in `dir`. Errors: Unavailable when another
  // process has it open for writing (open it read_only beside it), IOError
  // (with RocksDB's message), Corruption, FailedPrecondition (schema version
  // newer than this build; read_only on a store of an older layout).
  static Result<std::unique_ptr<CaseStore>> Open(const std::filesystem::path& dir,
                                                 const StoreOptions& options = {});
  ~CaseStore();
  CaseStore(const CaseStore&) = delete;
  CaseStore& operator=(const CaseStore&) = delete;

  // Returns the current version of a case. Errors: NotFound, Corruption, IOError.
  Result<Case> Get(std::string_view id) const;

  // Validates and writes a case: the case, its history entry and a change-log
  // entry in one atomic batch; version = previous + 1, updated_at = now.
  // Errors: InvalidArgument (naming the field), Conflict (expected_version),
  // IOError. After an IOError the store stays usable once the disk recovers.
  Result<PutOutcome> Put(const Case& c, const PutOptions& options = {});

  // Writes many cases in one atomic batch (all or none). Ids may repeat: the
  // later one wins, each counting as a version. Any invalid case fails the
  // whole call with InvalidArgument naming its index and field.
  // options.expected_version applies to every case.
  Result<std::vector<PutOutcome>> PutBatch(const std::vector<Case>& cases,
                                           const PutOptions& options = {});

  // The same, with the content part of each case's record encoded ahead by
  // the caller (`contents[i]` must be EncodeCaseContent(cases[i]), e.g.
  // encoded on the caller's worker threads), so that the write, which holds
  // the store's write lock, only adds the stamps. InvalidArgument if the
  // two sizes differ.
  Result<std::vector<PutOutcome>> PutBatch(const std::vector<Case>& cases,
                                           const std::vector<std::string>& contents,
                                           const PutOptions& options = {});

  // Deletes a case (its history is kept). Errors: NotFound, Conflict, IOError.
  Status Delete(std::string_view id, int64_t expected_version = -1);

  // Every stored version of a case, oldest first (the last is the current one
  // unless the case was deleted). Errors: NotFound if it never existed.
  Result<std::vector<Case>> History(std::string_view id) const;

  // Calls fn for each current case in id order (or in `year` only); stops
  // early when fn returns false.
  Status ScanAll(const std::function<bool(const Case&)>& fn) const;
  Status ScanYear(int year, const std::function<bool(const Case&)>& fn) const;

  // Calls fn for each change-log entry with seq > after_seq, in order.
  Status ScanChanges(uint64_t after_seq, const std::function<bool(const ChangeEntry&)>& fn) const;

  // Calls fn(key, value) for each derived entry whose key starts with
  // `prefix`, in key order, beginning at the first key >= `from` (empty: at
  // `prefix`); stops early when fn returns false. FailedPrecondition when the
  // store was opened without a derived index. Thread-safe; sees whole writes.
  Status ScanDerived(
      std::string_view prefix, std::string_view from,
      const std::function<bool(std::string_view key, std::string_view value)>& fn) const;

  // Writes a consistent copy of the whole store to `dir` (which must not
  // exist): a RocksDB checkpoint, hard-linking files where the filesystem
  // allows. Errors: IOError, FailedPrecondition (read-only store).
  Status CreateCheckpoint(const std::filesystem::path& dir) const;

  // The value of one derived entry. Errors: NotFound, FailedPrecondition (no
  // derived index), IOError.
  Result<std::string> GetDerived(std::string_view key) const;

  // The sequence number of the last write (0 for an empty store).
  uint64_t LastSequence() const;
  // The number of current cases.
  uint64_t CaseCount() const;

  // Small named values kept beside the data (e.g. settings). Errors: NotFound.
  Result<std::string> GetMeta(std::string_view key) const;
  Status PutMeta(std::string_view key, std::string_view value);

 private:
  struct Handles;
  CaseStore(const std::filesystem::path& dir, const StoreOptions& options);
  Status OpenDb();
  Status RecoverFromWriteError();
  // REQUIRES: write_mu_ held. Refuses a write of about `write_bytes` when
  // read-only or short of disk space; recovers from an earlier failed write.
  Status ReadyToWrite(uint64_t write_bytes);
  // Adds the counters to `batch` and writes it; updates them on success.
  // REQUIRES: write_mu_ held.
  Status CommitBatch(rocksdb::WriteBatch* batch, uint64_t seq, uint64_t count, const char* doing);
  // `contents` null: encoded here.
  Status WriteCases(const std::vector<Case>& cases, const std::vector<std::string>* contents,
                    const PutOptions& options, std::vector<PutOutcome>* outcomes);
  Status Recover();
  // Rebuilds the derived entries from every case when the stored marker is
  // not options_.derived->version. REQUIRES: write_mu_ held or not yet shared.
  Status RebuildDerivedIfStale();
  // Adds to `batch` the derived-entry changes from `before` (null: none) to
  // `after` (null: deleted), and the marker update.
  void AddDerivedChanges(rocksdb::WriteBatch* batch, const Case* before, const Case* after);
  Result<std::string> GetRaw(int cf, std::string_view key) const;

  std::filesystem::path dir_;
  StoreOptions options_;
  // Readers hold db_mu_ shared; reopening after a write error holds it
  // exclusively (and write_mu_). h_ is null only if such a reopen failed.
  mutable std::shared_mutex db_mu_;
  std::unique_ptr<Handles> h_;
  mutable std::mutex write_mu_;  // Serialises writers; guards the counters.
  bool write_failed_ = false;    // The last write failed: try Resume() first.
  bool derived_marker_ = false;  // The store's derived entries are marked current.
  bool derived_stale_ = false;   // Read-only open of entries that need a rebuild.
  std::atomic<uint64_t> last_seq_{0};
  std::atomic<uint64_t> case_count_{0};
  bool had_deletes_ = false;  // kMetaHadDeletes; guarded by write_mu_.
};

}  // namespace casebook

#endif  // CASEBOOK_STORE_CASE_STORE_H_
