#include "api/review/index_catch_up_thread.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace casebook::review {

IndexCatchUpThread::IndexCatchUpThread(const CaseStore* store, search::SearchIndex* index,
                                       int nice_increment)
    : store_(store), index_(index) {
  thread_ = std::thread([this, nice_increment] { Loop(nice_increment); });
}

IndexCatchUpThread::~IndexCatchUpThread() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  done_cv_.notify_all();
  thread_.join();
}

Status IndexCatchUpThread::BringLevel() {
  std::unique_lock<std::mutex> lock(mu_);
  if (stopping_) return Status::FailedPrecondition("the server is stopping");
  const uint64_t started_before = runs_started_;
  pending_ = true;
  work_cv_.notify_one();
  done_cv_.wait(lock, [&] { return runs_finished_ > started_before || stopping_; });
  if (runs_finished_ <= started_before) {
    return Status::FailedPrecondition("the server is stopping");
  }
  return last_status_;
}

void IndexCatchUpThread::Loop(int nice_increment) {
  if (nice_increment != 0) {
    // Linux: a thread's niceness is set through its thread id. Failing to
    // lower the priority only costs search latency under load.
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), nice_increment);
  }
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    work_cv_.wait(lock, [&] { return pending_ || stopping_; });
    if (stopping_) return;
    pending_ = false;
    ++runs_started_;
    lock.unlock();
    Status status = index_->CatchUp(*store_).status();
    lock.lock();
    last_status_ = status;
    ++runs_finished_;
    done_cv_.notify_all();
  }
}

}  // namespace casebook::review
