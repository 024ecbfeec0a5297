#include "api/bounded_task_queue.h"

namespace casebook::api {
namespace {
thread_local bool t_shed_connection = false;
}  // namespace

BoundedTaskQueue::BoundedTaskQueue(size_t threads, size_t max_backlog) : max_backlog_(max_backlog) {
  if (threads == 0) threads = 1;
  for (size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

BoundedTaskQueue::~BoundedTaskQueue() { shutdown(); }

void BoundedTaskQueue::enqueue(std::function<void()> fn) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    bool shed = jobs_.size() >= max_backlog_ + idle_workers_;
    jobs_.push_back({std::move(fn), shed});
  }
  cv_.notify_one();
}

void BoundedTaskQueue::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : workers_) {
    if (t.joinable()) t.join();
  }
  std::lock_guard<std::mutex> lock(mu_);
  workers_.clear();
}

bool BoundedTaskQueue::IsShedConnection() { return t_shed_connection; }

void BoundedTaskQueue::WorkerLoop() {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      ++idle_workers_;
      cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      --idle_workers_;
      if (jobs_.empty()) return;  // Stopping and drained.
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    t_shed_connection = job.shed;
    job.fn();
    t_shed_connection = false;
  }
}

}  // namespace casebook::api
