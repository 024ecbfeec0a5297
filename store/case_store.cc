// CaseStore: opening the database and the write path (one atomic batch per
// put/delete: case, history entry, change-log entry, year index, counters).
#include "store/case_store.h"

#include <fcntl.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/sst_file_manager.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <optional>
#include <unordered_map>

#include "store/case_codec.h"
#include "store/case_json.h"
#include "store/case_store_internal.h"
#include "store/store_keys.h"

namespace casebook {
namespace {

const char* const kCfNames[kCfCount] = {rocksdb::kDefaultColumnFamilyName.c_str(),
                                        "cases",
                                        "history",
                                        "changelog",
                                        "by_year",
                                        "meta",
                                        "derived"};

std::string NowIso() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// {"id":ID,"op":OP,"version":N}, as nlohmann's dump() writes it (keys in
// order). A valid case id needs no escaping, so it is written as it is; any
// other id goes through the JSON serializer. Hot: one per case written.
std::string ChangeJson(const char* op, const std::string& id, int64_t version) {
  if (!IsValidCaseId(id)) {
    return nlohmann::json{{"op", op}, {"id", id}, {"version", version}}.dump();
  }
  std::string out;
  out.reserve(id.size() + 48);
  out.append("{\"id\":\"").append(id).append("\",\"op\":\"").append(op);
  out.append("\",\"version\":").append(std::to_string(version)).push_back('}');
  return out;
}

// What the batch being built knows of a case id: its stored (or pending) state.
struct Pending {
  bool exists = false;
  int64_t version = 0;
  int year = 0;
  std::string record;  // The current encoded record, when exists.
};

// Fills `pending` with the stored state of each distinct id in `cases`, read
// with one MultiGet. REQUIRES: the caller holds the store's write lock.
Status LoadStored(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cases_cf,
                  const std::vector<Case>& cases,
                  std::unordered_map<std::string, Pending>* pending) {
  pending->reserve(cases.size());
  std::vector<rocksdb::Slice> keys;
  std::vector<Pending*> slots;
  keys.reserve(cases.size());
  slots.reserve(cases.size());
  for (const Case& c : cases) {
    auto [it, fresh] = pending->try_emplace(c.id);
    if (!fresh) continue;
    keys.emplace_back(it->first);  // Node-based map: the key stays put.
    slots.push_back(&it->second);
  }
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  db->MultiGet(rocksdb::ReadOptions(), cases_cf, keys.size(), keys.data(), values.data(),
               statuses.data());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    if (!statuses[i].ok()) return FromRocks(statuses[i], "reading store");
    Pending& p = *slots[i];
    Status peek = PeekCaseRecord(values[i].ToStringView(), &p.version, &p.year);
    if (!peek.ok()) {
      return Status::Corruption("stored case " + keys[i].ToString() + ": " + peek.message());
    }
    p.exists = true;
    p.record = values[i].ToString();
  }
  return Status::Ok();
}

// Whether another process holds the POSIX lock RocksDB takes on `lock_file`
// (fcntl locks, as RocksDB's PosixEnv does; asked with F_GETLK, so nothing is
// taken). False when the file does not exist or cannot be asked.
bool LockHeldElsewhere(const std::filesystem::path& lock_file) {
  const int fd = ::open(lock_file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct flock probe = {};
  probe.l_type = F_WRLCK;
  probe.l_whence = SEEK_SET;
  const bool held = ::fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
  ::close(fd);
  return held;
}

}  // namespace

Status FromRocks(const rocksdb::Status& s, const char* doing) {
  if (s.ok()) return Status::Ok();
  std::string msg = std::string(doing) + ": " + s.ToString();
  if (s.IsNotFound()) return Status::NotFound(msg);
  if (s.IsCorruption()) return Status::Corruption(msg);
  if (s.IsInvalidArgument()) return Status::InvalidArgument(msg);
  if (s.IsNoSpace() || s.ToString().find("No space left") != std::string::npos) {
    return Status::NoSpace("disk full: " + msg +
                           " — free space (old backups, rejects, other files) and write again; "
                           "nothing stored was lost, reads go on");
  }
  return Status::IOError(msg);
}

CaseStore::CaseStore(const std::filesystem::path& dir, const StoreOptions& options)
    : dir_(dir), options_(options) {}

CaseStore::~CaseStore() = default;

Result<std::unique_ptr<CaseStore>> CaseStore::Open(const std::filesystem::path& dir,
                                                   const StoreOptions& options) {
  if (!options.read_only && LockHeldElsewhere(dir / "LOCK")) {
    return Status::Unavailable("the store " + dir.string() +
                               " is open for writing in another process");
  }
  std::unique_ptr<CaseStore> store(new CaseStore(dir, options));
  CASEBOOK_RETURN_IF_ERROR(store->OpenDb());
  return store;
}

Status CaseStore::OpenDb() {
  if (options_.create_if_missing) {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) return Status::IOError("creating " + dir_.string() + ": " + ec.message());
  }
  rocksdb::DBOptions db_opts;
  db_opts.create_if_missing = options_.create_if_missing;
  db_opts.create_missing_column_families = true;
  db_opts.max_background_jobs = 2;
  // Without a cap the write-ahead log is kept until every column family has
  // flushed what it holds, and the small families (meta, change log, year
  // index, derived keys) rarely fill a memtable: under a long run of writes
  // the log and those memtables grew without flushing (465 MiB of log after
  // 30 minutes of `bench/soak`). Past the cap RocksDB flushes the families
  // holding the oldest log, so log and memtables stay bounded.
  db_opts.max_total_wal_size = std::max<uint64_t>(2 * options_.write_buffer_bytes, 64ull << 20);
  if (options_.env) db_opts.env = options_.env;
  if (!options_.read_only) {
    // Tracks the table files: a compaction that would eat into the reserve
    // is put off rather than started, and after a background "no space"
    // error RocksDB polls the free space and resumes by itself.
    db_opts.sst_file_manager.reset(rocksdb::NewSstFileManager(db_opts.env));
    db_opts.sst_file_manager->SetCompactionBufferSize(options_.reserve_bytes);
  }

  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(options_.block_cache_bytes);
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions cf_opts;
  cf_opts.write_buffer_size = options_.write_buffer_bytes;
  // Fresh levels uncompressed (cheap writes), older levels LZ4 (Chinese text
  // compresses by about a third).
  cf_opts.compression_per_level = {rocksdb::kNoCompression,  rocksdb::kNoCompression,
                                   rocksdb::kLZ4Compression, rocksdb::kLZ4Compression,
                                   rocksdb::kLZ4Compression, rocksdb::kLZ4Compression,
                                   rocksdb::kLZ4Compression};
  cf_opts.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // A bloom filter over the memtable's keys: a write looks up every id it
  // writes (is it new?), and during an import most are not there yet.
  cf_opts.memtable_prefix_bloom_size_ratio = 0.02;
  cf_opts.memtable_whole_key_filtering = true;

  std::vector<rocksdb::ColumnFamilyDescriptor> descs;
  for (int i = 0; i < kCfCount; ++i) descs.emplace_back(kCfNames[i], cf_opts);

  auto handles = std::make_unique<Handles>();
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  if (options_.read_only) {
    std::vector<std::string> existing;
    rocksdb::DB::ListColumnFamilies(db_opts, dir_.string(), &existing);
    for (const auto& d : descs) {
      if (std::find(existing.begin(), existing.end(), d.name) == existing.end()) {
        return Status::FailedPrecondition("store " + dir_.string() + " has no column family '" +
                                          d.name + "' yet: open it for writing once");
      }
    }
    s = rocksdb::DB::OpenForReadOnly(db_opts, dir_.string(), descs, &handles->cfs, &raw);
  } else {
    s = rocksdb::DB::Open(db_opts, dir_.string(), descs, &handles->cfs, &raw);
  }
  if (!s.ok()) return FromRocks(s, ("opening store " + dir_.string()).c_str());
  handles->db.reset(raw);
  h_ = std::move(handles);
  return Recover();
}

// RocksDB stops accepting writes after a failed WAL write until the error is
// cleared; Resume() cannot clear every kind, so fall back to reopening.
// REQUIRES: write_mu_ held.
Status CaseStore::RecoverFromWriteError() {
  if (h_ && h_->db->Resume().ok()) return Status::Ok();
  std::unique_lock<std::shared_mutex> exclusive(db_mu_);
  h_.reset();
  return OpenDb();
}

Status CaseStore::Recover() {
  auto schema = GetRaw(kCfMeta, kMetaSchemaVersion);
  if (schema.ok()) {
    if (std::stoi(*schema) > kSchemaVersion) {
      return Status::FailedPrecondition("store schema version " + *schema +
                                        " is newer than this build (" +
                                        std::to_string(kSchemaVersion) + ")");
    }
  } else if (schema.status().IsNotFound() && !options_.read_only) {
    rocksdb::WriteOptions wo;
    wo.sync = options_.sync;
    CASEBOOK_RETURN_IF_ERROR(FromRocks(
        h_->db->Put(wo, h_->cf(kCfMeta), kMetaSchemaVersion, std::to_string(kSchemaVersion)),
        "writing schema version"));
  } else {
    return schema.status();
  }
  if (auto v = GetRaw(kCfMeta, kMetaLastSeq); v.ok()) last_seq_ = keys::DecodeU64(*v);
  if (auto v = GetRaw(kCfMeta, kMetaCaseCount); v.ok()) case_count_ = keys::DecodeU64(*v);
  had_deletes_ = GetRaw(kCfMeta, kMetaHadDeletes).ok();
  return RebuildDerivedIfStale();
}

Status CaseStore::RebuildDerivedIfStale() {
  auto marker = GetRaw(kCfMeta, kMetaDerived);
  if (!marker.ok() && !marker.status().IsNotFound()) return marker.status();
  derived_marker_ = marker.ok();
  if (!options_.derived || (marker.ok() && *marker == options_.derived->version)) {
    return Status::Ok();
  }
  if (options_.read_only) {  // Rebuilt by the next open for writing.
    derived_stale_ = true;
    return Status::Ok();
  }
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  rocksdb::WriteBatch batch;
  auto flush = [&]() {
    Status s = FromRocks(h_->db->Write(wo, &batch), "rebuilding derived entries");
    batch.Clear();
    return s;
  };
  // Drop every old entry, then write each case's; the marker goes last, so a
  // crash part-way leaves a store that rebuilds again.
  std::unique_ptr<rocksdb::Iterator> old(
      h_->db->NewIterator(rocksdb::ReadOptions(), h_->cf(kCfDerived)));
  for (old->SeekToFirst(); old->Valid(); old->Next()) {
    batch.Delete(h_->cf(kCfDerived), old->key());
    if (batch.Count() >= 4096) CASEBOOK_RETURN_IF_ERROR(flush());
  }
  CASEBOOK_RETURN_IF_ERROR(FromRocks(old->status(), "reading derived entries"));
  std::unique_ptr<rocksdb::Iterator> it(
      h_->db->NewIterator(rocksdb::ReadOptions(), h_->cf(kCfCases)));
  std::vector<DerivedEntry> entries;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto c = DecodeCaseRecord(it->value().ToStringView());
    if (!c.ok()) return Status::Corruption("stored case " + it->key().ToString());
    entries.clear();
    options_.derived->entries(*c, &entries);
    for (const auto& [k, v] : entries) batch.Put(h_->cf(kCfDerived), k, v);
    if (batch.Count() >= 4096) CASEBOOK_RETURN_IF_ERROR(flush());
  }
  CASEBOOK_RETURN_IF_ERROR(FromRocks(it->status(), "scanning cases"));
  batch.Put(h_->cf(kCfMeta), kMetaDerived, options_.derived->version);
  CASEBOOK_RETURN_IF_ERROR(flush());
  derived_marker_ = true;
  // The old entries' tombstones would slow every scan until compacted.
  rocksdb::CompactRangeOptions compact;
  return FromRocks(h_->db->CompactRange(compact, h_->cf(kCfDerived), nullptr, nullptr),
                   "compacting derived entries");
}

void CaseStore::AddDerivedChanges(rocksdb::WriteBatch* batch, const Case* before,
                                  const Case* after) {
  if (!options_.derived) {
    // Entries this write would change are not kept: mark them all stale.
    if (derived_marker_) batch->Delete(h_->cf(kCfMeta), kMetaDerived);
    return;
  }
  std::vector<DerivedEntry> old_entries, new_entries;
  if (before != nullptr) options_.derived->entries(*before, &old_entries);
  if (after != nullptr) options_.derived->entries(*after, &new_entries);
  for (const DerivedEntry& o : old_entries) {
    bool kept = std::any_of(new_entries.begin(), new_entries.end(),
                            [&](const DerivedEntry& n) { return n.first == o.first; });
    if (!kept) batch->Delete(h_->cf(kCfDerived), o.first);
  }
  for (const DerivedEntry& n : new_entries) {
    bool same = std::find(old_entries.begin(), old_entries.end(), n) != old_entries.end();
    if (!same) batch->Put(h_->cf(kCfDerived), n.first, n.second);
  }
}

Status CaseStore::ReadyToWrite(uint64_t write_bytes) {
  if (options_.read_only) {
    return Status::FailedPrecondition("the store " + dir_.string() + " is open read-only");
  }
  struct statvfs fs;
  if (::statvfs(dir_.c_str(), &fs) == 0) {
    const uint64_t free_bytes = static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize;
    // The memtables become table files when flushed: room for them too.
    uint64_t memtables = 0;
    if (h_) h_->db->GetAggregatedIntProperty("rocksdb.cur-size-all-mem-tables", &memtables);
    const uint64_t needed = options_.reserve_bytes + memtables + 2 * write_bytes;
    if (free_bytes < needed) {
      return Status::NoSpace("disk full: " + std::to_string(free_bytes >> 20) +
                             " MiB free where the store keeps a reserve of " +
                             std::to_string(options_.reserve_bytes >> 20) +
                             " MiB; free space (old backups, rejects, other files) and write "
                             "again — nothing stored was lost, reads go on");
    }
  }
  if (!write_failed_ && h_) return Status::Ok();
  CASEBOOK_RETURN_IF_ERROR(RecoverFromWriteError());
  write_failed_ = false;
  return Status::Ok();
}

Status CaseStore::CommitBatch(rocksdb::WriteBatch* batch, uint64_t seq, uint64_t count,
                              const char* doing) {
  batch->Put(h_->cf(kCfMeta), kMetaLastSeq, keys::EncodeU64(seq));
  batch->Put(h_->cf(kCfMeta), kMetaCaseCount, keys::EncodeU64(count));
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  Status s = FromRocks(h_->db->Write(wo, batch), doing);
  write_failed_ = !s.ok();
  if (!s.ok()) return s;
  if (!options_.derived) derived_marker_ = false;
  last_seq_ = seq;
  case_count_ = count;
  return Status::Ok();
}

Result<PutOutcome> CaseStore::Put(const Case& c, const PutOptions& options) {
  std::vector<PutOutcome> outcomes;
  CASEBOOK_RETURN_IF_ERROR(WriteCases({c}, nullptr, options, &outcomes));
  return outcomes[0];
}

Result<std::vector<PutOutcome>> CaseStore::PutBatch(const std::vector<Case>& cases,
                                                    const PutOptions& options) {
  std::vector<PutOutcome> outcomes;
  CASEBOOK_RETURN_IF_ERROR(WriteCases(cases, nullptr, options, &outcomes));
  return outcomes;
}

Result<std::vector<PutOutcome>> CaseStore::PutBatch(const std::vector<Case>& cases,
                                                    const std::vector<std::string>& contents,
                                                    const PutOptions& options) {
  if (contents.size() != cases.size()) {
    return Status::InvalidArgument("PutBatch: " + std::to_string(contents.size()) +
                                   " encoded contents for " + std::to_string(cases.size()) +
                                   " cases");
  }
  std::vector<PutOutcome> outcomes;
  CASEBOOK_RETURN_IF_ERROR(WriteCases(cases, &contents, options, &outcomes));
  return outcomes;
}

Status CaseStore::WriteCases(const std::vector<Case>& cases,
                             const std::vector<std::string>* contents, const PutOptions& options,
                             std::vector<PutOutcome>* outcomes) {
  for (size_t i = 0; i < cases.size() && !options.validated; ++i) {
    Status v = ValidateCase(cases[i]);
    if (!v.ok()) {
      return cases.size() == 1
                 ? v
                 : v.WithContext("case #" + std::to_string(i) + " (" + cases[i].id + ")");
    }
  }
  std::lock_guard<std::mutex> lock(write_mu_);
  uint64_t write_bytes = 0;
  for (const Case& c : cases) write_bytes += c.body.size() + c.title.size() + 1024;
  CASEBOOK_RETURN_IF_ERROR(ReadyToWrite(write_bytes));
  const std::string now = NowIso();
  std::unordered_map<std::string, Pending> pending;
  CASEBOOK_RETURN_IF_ERROR(LoadStored(h_->db.get(), h_->cf(kCfCases), cases, &pending));
  if (had_deletes_) {
    // An id deleted before keeps its history: number on after its last version.
    std::unique_ptr<rocksdb::Iterator> history(
        h_->db->NewIterator(rocksdb::ReadOptions(), h_->cf(kCfHistory)));
    for (auto& [id, p] : pending) {
      if (p.exists) continue;
      const std::string prefix = keys::HistoryPrefix(id);
      history->SeekForPrev(prefix + std::string(8, '\xff'));
      if (history->Valid() && history->key().starts_with(prefix)) {
        p.version = static_cast<int64_t>(
            keys::DecodeU64(history->key().ToStringView().substr(prefix.size())));
      }
    }
    CASEBOOK_RETURN_IF_ERROR(FromRocks(history->status(), "reading history"));
  }
  rocksdb::WriteBatch batch;
  uint64_t seq = last_seq_;
  uint64_t count = case_count_;
  outcomes->clear();
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    Pending& p = pending.find(c.id)->second;
    if (options.expected_version >= 0 && options.expected_version != (p.exists ? p.version : 0)) {
      return Status::Conflict("case " + c.id + " is at version " +
                              std::to_string(p.exists ? p.version : 0) + ", expected " +
                              std::to_string(options.expected_version));
    }
    if (options.skip_stale && c.version > 0 && p.exists && c.version != p.version) {
      outcomes->push_back(PutOutcome::kStale);
      continue;
    }
    const int64_t version = p.version + 1;
    std::string value = contents != nullptr
                            ? EncodeCaseRecordWithContent(c, (*contents)[i], version, now)
                            : EncodeCaseRecord(c, version, now);
    if (p.exists && options.skip_unchanged && ContentOfRecord(value) == ContentOfRecord(p.record)) {
      outcomes->push_back(PutOutcome::kUnchanged);
      continue;
    }
    if (options_.derived) {
      std::optional<Case> before;
      if (p.exists) {
        auto decoded = DecodeCaseRecord(p.record);
        if (!decoded.ok()) return Status::Corruption("stored case " + c.id + ": not decodable");
        before = std::move(*decoded);
      }
      AddDerivedChanges(&batch, before ? &*before : nullptr, &c);
    } else {
      AddDerivedChanges(&batch, nullptr, nullptr);
    }
    // The version being replaced moves to history; the current one lives in cases.
    if (p.exists) batch.Put(h_->cf(kCfHistory), keys::HistoryKey(c.id, p.version), p.record);
    batch.Put(h_->cf(kCfCases), c.id, value);
    batch.Put(h_->cf(kCfChangelog), keys::EncodeU64(++seq), ChangeJson("put", c.id, version));
    if (p.exists && p.year != c.year) batch.Delete(h_->cf(kCfByYear), keys::YearKey(p.year, c.id));
    batch.Put(h_->cf(kCfByYear), keys::YearKey(c.year, c.id), "");
    outcomes->push_back(p.exists ? PutOutcome::kUpdated : PutOutcome::kAdded);
    if (!p.exists) ++count;
    p.exists = true;
    p.version = version;
    p.year = c.year;
    p.record = std::move(value);
  }
  if (seq == last_seq_) return Status::Ok();  // Nothing changed.
  return CommitBatch(&batch, seq, count, "writing cases");
}

std::string StaleVersionMessage(const Case& record, int64_t stored_version) {
  return "field 'version': case '" + record.id + "' is at version " +
         std::to_string(stored_version) + ", this record is version " +
         std::to_string(record.version) +
         " (an older export?); not stored. Leave out \"version\" to replace it anyway";
}

Status CaseStore::Delete(std::string_view id, int64_t expected_version) {
  std::lock_guard<std::mutex> lock(write_mu_);
  CASEBOOK_RETURN_IF_ERROR(ReadyToWrite(4096));
  auto stored = GetRaw(kCfCases, id);
  if (!stored.ok()) {
    if (stored.status().IsNotFound()) return Status::NotFound("no case with id " + std::string(id));
    return stored.status();
  }
  auto prev = DecodeCaseRecord(*stored);
  if (!prev.ok()) return Status::Corruption("stored case " + std::string(id));
  int64_t version = prev->version;
  if (expected_version >= 0 && expected_version != version) {
    return Status::Conflict("case " + std::string(id) + " is at version " +
                            std::to_string(version) + ", expected " +
                            std::to_string(expected_version));
  }
  uint64_t seq = last_seq_ + 1;
  uint64_t count = case_count_ > 0 ? case_count_ - 1 : 0;
  rocksdb::WriteBatch batch;
  batch.Delete(h_->cf(kCfCases), rocksdb::Slice(id.data(), id.size()));
  batch.Delete(h_->cf(kCfByYear), keys::YearKey(prev->year, id));
  AddDerivedChanges(&batch, &*prev, nullptr);
  batch.Put(h_->cf(kCfHistory), keys::HistoryKey(id, version), *stored);
  batch.Put(h_->cf(kCfChangelog), keys::EncodeU64(seq),
            ChangeJson("delete", std::string(id), version));
  batch.Put(h_->cf(kCfMeta), kMetaHadDeletes, "1");
  CASEBOOK_RETURN_IF_ERROR(CommitBatch(&batch, seq, count, "deleting case"));
  had_deletes_ = true;
  return Status::Ok();
}

Status CaseStore::PutMeta(std::string_view key, std::string_view value) {
  if (key.rfind("casebook.", 0) == 0) {
    return Status::InvalidArgument("meta key '" + std::string(key) + "' is reserved");
  }
  std::lock_guard<std::mutex> lock(write_mu_);
  if (!h_) return Status::IOError("store is closed after a failed reopen");
  if (options_.read_only) return Status::FailedPrecondition("the store is open read-only");
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  return FromRocks(h_->db->Put(wo, h_->cf(kCfMeta), rocksdb::Slice(key.data(), key.size()),
                               rocksdb::Slice(value.data(), value.size())),
                   "writing meta");
}

}  // namespace casebook
