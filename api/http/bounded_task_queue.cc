#include "api/http/bounded_task_queue.h"

namespace casebook::api {
namespace {
thread_local bool t_shed_connection = false;
}  // namespace

BoundedTaskQueue::BoundedTaskQueue(size_t threads, size_t max_backlog) : max_backlog_(max_backlog) {
  if (threads == 0) threads = 1;
  for (size_t i = 0; i < threads; ++i) {
    threads_.emplace_back([this] { WorkerLoop(&jobs_, false); });
  }
  threads_.emplace_back([this] { WorkerLoop(&shed_jobs_, true); });
}

BoundedTaskQueue::~BoundedTaskQueue() { shutdown(); }

void BoundedTaskQueue::enqueue(std::function<void()> fn) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    bool shed = jobs_.size() >= max_backlog_ + idle_workers_;
    (shed ? shed_jobs_ : jobs_).push_back(std::move(fn));
  }
  cv_.notify_all();  // The shed thread and the workers wait on the same condition.
}

void BoundedTaskQueue::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  std::lock_guard<std::mutex> lock(mu_);
  threads_.clear();
}

bool BoundedTaskQueue::IsShedConnection() { return t_shed_connection; }

void BoundedTaskQueue::WorkerLoop(std::deque<std::function<void()>>* queue, bool shed) {
  t_shed_connection = shed;
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (!shed) ++idle_workers_;
      cv_.wait(lock, [&] { return stopping_ || !queue->empty(); });
      if (!shed) --idle_workers_;
      if (queue->empty()) return;  // Stopping and drained.
      job = std::move(queue->front());
      queue->pop_front();
    }
    job();
  }
}

}  // namespace casebook::api
