#include "importer/batch_writer.h"

#include <utility>

#include "store/case_json.h"

namespace casebook::importer {

BatchWriter::BatchWriter(CaseStore* store, size_t max_waiting)
    : store_(store), max_waiting_(max_waiting), thread_([this] { Run(); }) {}

BatchWriter::~BatchWriter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

Status BatchWriter::Submit(std::vector<Case> chunk, std::vector<std::string> contents,
                           std::vector<Where> where) {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [&] { return queue_.size() < max_waiting_ || !error_.ok(); });
  if (!error_.ok()) return error_;
  queue_.push_back({std::move(chunk), std::move(contents), std::move(where)});
  changed_.notify_all();
  return Status::Ok();
}

BatchWriter::Results BatchWriter::Drain(Status* error) {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [&] { return (queue_.empty() && !writing_) || !error_.ok(); });
  *error = error_;
  return std::exchange(results_, Results());
}

void BatchWriter::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    changed_.wait(lock, [&] { return !queue_.empty() || stopping_; });
    if (queue_.empty()) return;  // Stopping, and everything is written.
    Chunk chunk = std::move(queue_.front());
    queue_.pop_front();
    writing_ = true;
    changed_.notify_all();  // Room for another chunk.
    if (error_.ok()) {
      lock.unlock();
      Write(chunk);
      lock.lock();
    }
    writing_ = false;
    changed_.notify_all();
  }
}

void BatchWriter::CountLocked(PutOutcome outcome) {
  if (outcome == PutOutcome::kAdded) ++results_.added;
  if (outcome == PutOutcome::kUpdated) ++results_.updated;
  if (outcome == PutOutcome::kUnchanged) ++results_.unchanged;
}

void BatchWriter::Write(const Chunk& chunk) {
  PutOptions put;
  put.validated = true;
  put.skip_stale = true;
  auto outcomes = store_->PutBatch(chunk.cases, chunk.contents, put);
  if (!outcomes.ok() && outcomes.status().code() == Status::Code::kInvalidArgument) {
    return WriteOneByOne(chunk);
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (!outcomes.ok()) {
    error_ = outcomes.status().WithContext("writing to the store");
    return;
  }
  for (size_t i = 0; i < outcomes->size(); ++i) {
    if ((*outcomes)[i] == PutOutcome::kStale) {
      RefuseStaleLocked(chunk.cases[i], chunk.where[i]);
    } else {
      CountLocked((*outcomes)[i]);
    }
  }
}

void BatchWriter::RefuseStaleLocked(const Case& c, const Where& where) {
  Result<Case> now = store_->Get(c.id);
  std::string text = CaseToJson(c).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  results_.refused.push_back(
      {where, std::move(text),
       Status::Conflict(StaleVersionMessage(c, now.ok() ? now->version : 0))});
}

// The store refused a chunk: find the cases at fault by writing them one by
// one (validated by the store this time), so that the others still go in.
void BatchWriter::WriteOneByOne(const Chunk& chunk) {
  PutOptions put;
  put.skip_stale = true;
  for (size_t i = 0; i < chunk.cases.size(); ++i) {
    const Case& c = chunk.cases[i];
    auto outcome = store_->Put(c, put);
    std::lock_guard<std::mutex> lock(mu_);
    if (outcome.ok() && *outcome == PutOutcome::kStale) {
      RefuseStaleLocked(c, chunk.where[i]);
    } else if (outcome.ok()) {
      CountLocked(*outcome);
    } else if (outcome.status().code() == Status::Code::kInvalidArgument) {
      std::string text =
          CaseToJson(c).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      results_.refused.push_back({chunk.where[i], std::move(text), outcome.status()});
    } else {
      error_ = outcome.status().WithContext("writing to the store");
      return;
    }
  }
}

}  // namespace casebook::importer
