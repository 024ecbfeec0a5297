// ImportSession: writing chunks to the store and attaching replies.
#include <unordered_set>

#include "importer/import_session.h"
#include "store/case_json.h"

namespace casebook::importer {
namespace {

using json = nlohmann::json;

// The content the store compares to decide "unchanged".
json ComparableJson(const Case& c) {
  json j = CaseToJson(c);
  j.erase("version");
  j.erase("updated_at");
  if (j.contains("source") && j["source"].is_object()) j["source"].erase("imported_at");
  return j;
}

SourceRecord RecordOf(const std::string& file, int64_t line, std::string text) {
  SourceRecord rec;
  rec.file = file;
  rec.line = line;
  rec.text = std::move(text);
  return rec;
}

}  // namespace

Status ImportSession::Flush() {
  if (batch_.empty()) return Status::Ok();
  Status s = writer_ ? writer_->Submit(std::move(batch_), std::move(batch_contents_),
                                       std::move(batch_where_))
                     : FlushDryRun();
  batch_.clear();  // Moved-from or done with: empty either way.
  batch_contents_.clear();
  batch_where_.clear();
  batch_bytes_ = 0;
  ReportProgress();
  return s;
}

Status ImportSession::DrainWriter() {
  if (!writer_) return Status::Ok();
  Status error;
  BatchWriter::Results r = writer_->Drain(&error);
  summary_->added += r.added;
  summary_->updated += r.updated;
  summary_->unchanged += r.unchanged;
  for (const BatchWriter::Refused& bad : r.refused) {
    Reject(RecordOf(bad.where.file, bad.where.line, bad.text), bad.error);
  }
  return error.ok() ? fatal_ : error;
}

Status ImportSession::FlushDryRun() {
  for (size_t i = 0; i < batch_.size(); ++i) {
    const Case& c = batch_[i];
    if (store_ == nullptr) {
      ++summary_->added;
      continue;
    }
    auto existing = store_->Get(c.id);
    if (existing.status().IsNotFound()) {
      ++summary_->added;
    } else if (!existing.ok()) {
      return existing.status().WithContext("reading the store");
    } else if (c.version > 0 && c.version != existing->version) {
      // As the real run's store refuses it (PutOptions::skip_stale).
      Reject(RecordOf(batch_where_[i].file, batch_where_[i].line,
                      CaseToJson(c).dump(-1, ' ', false, json::error_handler_t::replace)),
             Status::Conflict(StaleVersionMessage(c, existing->version)));
    } else if (ComparableJson(*existing) == ComparableJson(c)) {
      ++summary_->unchanged;
    } else {
      ++summary_->updated;
    }
  }
  return Status::Ok();
}

Status ImportSession::Finish() {
  if (fatal_.ok()) fatal_ = Flush();
  Status written = DrainWriter();  // Replies read the store: it must be level.
  if (fatal_.ok()) fatal_ = written;
  if (fatal_.ok()) fatal_ = ApplyReplies();
  Status closed = rejects_.Close();
  if (fatal_.ok()) fatal_ = closed;
  summary_->seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  return fatal_;
}

Status ImportSession::ApplyReplies() {
  std::map<std::string, TouchedCase> touched;
  for (const PendingReply& reply : replies_) {
    auto id = ResolveReplyTarget(reply.mapped);
    if (!id.ok()) {
      if (id.status().code() == Status::Code::kIOError) return id.status();
      Reject(RecordOf(reply.file, reply.line, reply.text), id.status());
      continue;
    }
    CASEBOOK_RETURN_IF_ERROR(MergeReply(reply, *id, &touched));
  }
  replies_.clear();
  return WriteTouched(&touched);
}

Result<std::string> ImportSession::ResolveReplyTarget(const json& m) {
  for (const char* key : {"case_id", "id"}) {
    if (m.contains(key)) {
      if (m[key].is_string()) return m[key].get<std::string>();
      return Status::InvalidArgument(std::string("field '") + key + "': expected a string");
    }
  }
  if (!m.contains("number") || !m["number"].is_string() || !m.contains("year") ||
      !m["year"].is_number_integer()) {
    return Status::InvalidArgument(
        "a reply must name its case: give case_id, id, or number and year");
  }
  int year = m["year"].get<int>();
  std::string key = NumberKey(m["number"].get<std::string>());
  auto run = run_numbers_.find({year, key});
  if (run != run_numbers_.end()) return run->second;
  if (store_ != nullptr && !stored_numbers_.count(year)) {
    auto& numbers = stored_numbers_[year];
    Status s = store_->ScanYear(year, [&](const Case& c) {
      if (!c.number.empty()) numbers[NumberKey(c.number)] = c.id;
      return true;
    });
    if (!s.ok()) return Status::IOError(s.ToString());
  }
  auto& numbers = stored_numbers_[year];
  auto it = numbers.find(key);
  if (it != numbers.end()) return it->second;
  return Status::NotFound("no case numbered '" + m["number"].get<std::string>() + "' in " +
                          std::to_string(year) + " to attach this reply to");
}

Status ImportSession::MergeReply(const PendingReply& reply, const std::string& id,
                                 std::map<std::string, TouchedCase>* touched) {
  auto it = touched->find(id);
  if (it == touched->end()) {
    if (options_.dry_run && seen_.count(id)) {
      ++summary_->updated;  // Its case is in this run and not stored (dry run).
      return Status::Ok();
    }
    Result<Case> c = store_ != nullptr ? store_->Get(id) : Result<Case>(Status::NotFound(""));
    if (c.status().IsNotFound()) {
      Reject(RecordOf(reply.file, reply.line, reply.text),
             Status::NotFound("no case with id '" + id + "' to attach this reply to"));
      return fatal_;
    }
    if (!c.ok()) return c.status().WithContext("reading the store");
    it = touched->emplace(id, TouchedCase{std::move(*c), false}).first;
  }
  Case& target = it->second.c;
  bool added = false;
  for (json r : reply.mapped["replies"]) {
    if (!r.is_object()) continue;
    bool present = false;
    for (const Reply& existing : target.replies) {
      present = present || (r.contains("text") && r["text"] == existing.text);
    }
    if (present) continue;
    r["seq"] = static_cast<int>(target.replies.size()) + 1;
    r["kind"] = target.replies.empty() ? "first" : "second";
    auto parsed = CaseFromJson(json{{"id", id}, {"replies", json::array({r})}});
    if (!parsed.ok()) {
      Reject(RecordOf(reply.file, reply.line, reply.text), parsed.status());
      return fatal_;
    }
    target.replies.push_back(parsed->replies.front());
    added = true;
  }
  if (added) {
    ++summary_->updated;
    it->second.changed = true;
  } else {
    ++summary_->unchanged;
  }
  return fatal_;
}

Status ImportSession::WriteTouched(std::map<std::string, TouchedCase>* touched) {
  std::vector<Case> chunk;
  for (auto& [id, t] : *touched) {
    if (!t.changed) continue;
    chunk.push_back(std::move(t.c));
    if (chunk.size() >= options_.batch_records) {
      if (!options_.dry_run) {
        auto r = store_->PutBatch(chunk);
        if (!r.ok()) return r.status().WithContext("writing replies to the store");
      }
      chunk.clear();
    }
  }
  if (!chunk.empty() && !options_.dry_run) {
    auto r = store_->PutBatch(chunk);
    if (!r.ok()) return r.status().WithContext("writing replies to the store");
  }
  return Status::Ok();
}

}  // namespace casebook::importer
