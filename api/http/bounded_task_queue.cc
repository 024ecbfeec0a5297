#include "api/http/bounded_task_queue.h"

namespace casebook::api {
namespace {
thread_local bool t_shed_connection = false;
}  // namespace

BoundedTaskQueue::BoundedTaskQueue(size_t threads, size_t max_backlog,
                                   std::function<void()> before_shutdown)
    : max_backlog_(max_backlog), before_shutdown_(std::move(before_shutdown)) {
  if (threads == 0) threads = 1;
  idle_workers_ = threads;
  for (size_t i = 0; i < threads; ++i) {
    threads_.emplace_back([this] { WorkerLoop(&jobs_, &worker_cv_, false); });
  }
  threads_.emplace_back([this] { WorkerLoop(&shed_jobs_, &shed_cv_, true); });
}

BoundedTaskQueue::~BoundedTaskQueue() { shutdown(); }

void BoundedTaskQueue::enqueue(std::function<void()> fn) {
  bool shed;
  {
    std::lock_guard<std::mutex> lock(mu_);
    shed = jobs_.size() >= max_backlog_ + idle_workers_;
    (shed ? shed_jobs_ : jobs_).push_back(std::move(fn));
  }
  (shed ? shed_cv_ : worker_cv_).notify_one();
}

void BoundedTaskQueue::shutdown() {
  if (before_shutdown_) before_shutdown_();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  worker_cv_.notify_all();
  shed_cv_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  std::lock_guard<std::mutex> lock(mu_);
  threads_.clear();
}

bool BoundedTaskQueue::IsShedConnection() { return t_shed_connection; }

void BoundedTaskQueue::WorkerLoop(std::deque<std::function<void()>>* queue,
                                  std::condition_variable* cv, bool shed) {
  t_shed_connection = shed;
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv->wait(lock, [&] { return stopping_ || !queue->empty(); });
      if (queue->empty()) return;  // Stopping and drained.
      job = std::move(queue->front());
      queue->pop_front();
      if (!shed) --idle_workers_;
    }
    job();
    if (!shed) {
      std::lock_guard<std::mutex> lock(mu_);
      ++idle_workers_;
    }
  }
}

}  // namespace casebook::api
