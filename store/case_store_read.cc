// CaseStore: the read path (get, history, scans, meta). Public readers hold
// db_mu_ shared; GetRaw does not lock (writers call it under write_mu_).
#include <rocksdb/iterator.h>
#include <rocksdb/utilities/checkpoint.h>

#include "store/case_codec.h"
#include "store/case_json.h"
#include "store/case_store.h"
#include "store/case_store_internal.h"
#include "store/store_keys.h"

namespace casebook {
namespace {

Result<Case> DecodeStored(std::string_view id, std::string_view value) {
  auto c = DecodeCaseRecord(value);
  if (!c.ok()) {
    return Status::Corruption("stored case " + std::string(id) + ": " + c.status().message());
  }
  return c;
}

}  // namespace

Result<std::string> CaseStore::GetRaw(int cf, std::string_view key) const {
  std::string value;
  rocksdb::Status s = h_->db->Get(rocksdb::ReadOptions(), h_->cf(cf),
                                  rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return Status::NotFound("no entry for key " + std::string(key));
  if (!s.ok()) return FromRocks(s, "reading store");
  return value;
}

Result<Case> CaseStore::Get(std::string_view id) const {
  std::shared_lock<std::shared_mutex> lock(db_mu_);
  if (!h_) return Status::IOError("store is unavailable after a failed reopen");
  auto raw = GetRaw(kCfCases, id);
  if (!raw.ok()) {
    if (raw.status().IsNotFound()) return Status::NotFound("no case with id " + std::string(id));
    return raw.status();
  }
  return DecodeStored(id, *raw);
}

Result<std::vector<Case>> CaseStore::History(std::string_view id) const {
  std::shared_lock<std::shared_mutex> lock(db_mu_);
  if (!h_) return Status::IOError("store is unavailable after a failed reopen");
  std::vector<Case> out;
  const std::string prefix = keys::HistoryPrefix(id);
  std::unique_ptr<rocksdb::Iterator> it(
      h_->db->NewIterator(rocksdb::ReadOptions(), h_->cf(kCfHistory)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    auto c = DecodeStored(id, it->value().ToStringView());
    if (!c.ok()) return c.status();
    out.push_back(std::move(*c));
  }
  CASEBOOK_RETURN_IF_ERROR(FromRocks(it->status(), "reading history"));
  auto current = GetRaw(kCfCases, id);
  if (current.ok()) {
    auto c = DecodeStored(id, *current);
    if (!c.ok()) return c.status();
    out.push_back(std::move(*c));
  } else if (!current.status().IsNotFound()) {
    return current.status();
  }
  if (out.empty()) return Status::NotFound("no case with id " + std::string(id));
  return out;
}

Status CaseStore::ScanAll(const std::function<bool(const Case&)>& fn) const {
  std::shared_lock<std::shared_mutex> lock(db_mu_);
  if (!h_) return Status::IOError("store is unavailable after a failed reopen");
  std::unique_ptr<rocksdb::Iterator> it(
      h_->db->NewIterator(rocksdb::ReadOptions(), h_->cf(kCfCases)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto c = DecodeStored(it->key().ToStringView(), it->value().ToStringView());
    if (!c.ok()) return c.status();
    if (!fn(*c)) break;
  }
  return FromRocks(it->status(), "scanning cases");
}

Status CaseStore::ScanYear(int year, const std::function<bool(const Case&)>& fn) const {
  std::shared_lock<std::shared_mutex> lock(db_mu_);
  if (!h_) return Status::IOError("store is unavailable after a failed reopen");
  const std::string prefix = keys::YearPrefix(year);
  std::unique_ptr<rocksdb::Iterator> it(
      h_->db->NewIterator(rocksdb::ReadOptions(), h_->cf(kCfByYear)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    std::string_view id = keys::IdOfYearKey(it->key().ToStringView());
    auto raw = GetRaw(kCfCases, id);
    if (raw.status().IsNotFound()) continue;  // Deleted between the two reads.
    if (!raw.ok()) return raw.status();
    auto c = DecodeStored(id, *raw);
    if (!c.ok()) return c.status();
    if (!fn(*c)) break;
  }
  return FromRocks(it->status(), "scanning year");
}

Status CaseStore::ScanChanges(uint64_t after_seq,
                              const std::function<bool(const ChangeEntry&)>& fn) const {
  std::shared_lock<std::shared_mutex> lock(db_mu_);
  if (!h_) return Status::IOError("store is unavailable after a failed reopen");
  std::unique_ptr<rocksdb::Iterator> it(
      h_->db->NewIterator(rocksdb::ReadOptions(), h_->cf(kCfChangelog)));
  for (it->Seek(keys::EncodeU64(after_seq + 1)); it->Valid(); it->Next()) {
    auto j = ParseJsonText(it->value().ToStringView());
    if (!j.ok() || it->key().size() != 8) {
      return Status::Corruption("change log entry unreadable");
    }
    ChangeEntry e;
    e.seq = keys::DecodeU64(it->key().ToStringView());
    e.op = j->value("op", "") == "delete" ? ChangeEntry::Op::kDelete : ChangeEntry::Op::kPut;
    e.id = j->value("id", "");
    e.version = j->value("version", int64_t{0});
    if (!fn(e)) break;
  }
  return FromRocks(it->status(), "scanning change log");
}

Status CaseStore::ScanDerived(
    std::string_view prefix, std::string_view from,
    const std::function<bool(std::string_view key, std::string_view value)>& fn) const {
  if (!options_.derived || derived_stale_) {
    return Status::FailedPrecondition(
        derived_stale_ ? "the store's derived keys are out of date; they are rebuilt when it is "
                         "next opened for writing"
                       : "the store was opened without a derived index");
  }
  std::shared_lock<std::shared_mutex> lock(db_mu_);
  if (!h_) return Status::IOError("store is unavailable after a failed reopen");
  std::unique_ptr<rocksdb::Iterator> it(
      h_->db->NewIterator(rocksdb::ReadOptions(), h_->cf(kCfDerived)));
  const rocksdb::Slice start = from.empty() ? rocksdb::Slice(prefix.data(), prefix.size())
                                            : rocksdb::Slice(from.data(), from.size());
  const rocksdb::Slice pre(prefix.data(), prefix.size());
  for (it->Seek(start); it->Valid() && it->key().starts_with(pre); it->Next()) {
    if (!fn(it->key().ToStringView(), it->value().ToStringView())) break;
  }
  return FromRocks(it->status(), "scanning derived entries");
}

Status CaseStore::CreateCheckpoint(const std::filesystem::path& dir) const {
  if (options_.read_only) {
    return Status::FailedPrecondition("a read-only store cannot make a checkpoint");
  }
  std::shared_lock<std::shared_mutex> lock(db_mu_);
  if (!h_) return Status::IOError("store is unavailable after a failed reopen");
  rocksdb::Checkpoint* raw = nullptr;
  CASEBOOK_RETURN_IF_ERROR(
      FromRocks(rocksdb::Checkpoint::Create(h_->db.get(), &raw), "checkpoint"));
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  return FromRocks(checkpoint->CreateCheckpoint(dir.string()), "writing the checkpoint");
}

Result<std::string> CaseStore::GetDerived(std::string_view key) const {
  if (!options_.derived) {
    return Status::FailedPrecondition("the store was opened without a derived index");
  }
  std::shared_lock<std::shared_mutex> lock(db_mu_);
  if (!h_) return Status::IOError("store is unavailable after a failed reopen");
  return GetRaw(kCfDerived, key);
}

uint64_t CaseStore::LastSequence() const { return last_seq_; }

uint64_t CaseStore::CaseCount() const { return case_count_; }

Result<std::string> CaseStore::GetMeta(std::string_view key) const {
  std::shared_lock<std::shared_mutex> lock(db_mu_);
  if (!h_) return Status::IOError("store is unavailable after a failed reopen");
  auto v = GetRaw(kCfMeta, key);
  if (!v.ok() && v.status().IsNotFound()) {
    return Status::NotFound("no meta value '" + std::string(key) + "'");
  }
  return v;
}

}  // namespace casebook
