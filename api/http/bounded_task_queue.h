// A fixed pool of worker threads for cpp-httplib with a bounded backlog.
// httplib hands it one job per accepted connection (the job serves every
// request of that keep-alive connection). When the backlog is full, the job
// goes instead to one separate "shed" thread, which runs it with
// IsShedConnection() true: the server then answers 429 at once, before
// reading any body, and closes the connection, so an overload turns into
// quick refusals rather than a growing queue, even while every worker is busy
// and even when the shed client itself sends its body slowly.
#ifndef CASEBOOK_API_HTTP_BOUNDED_TASK_QUEUE_H_
#define CASEBOOK_API_HTTP_BOUNDED_TASK_QUEUE_H_

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace casebook::api {

// Thread-safe (httplib calls enqueue from its accept thread; workers run jobs).
class BoundedTaskQueue : public httplib::TaskQueue {
 public:
  // `threads` workers (>= 1). A job is shed when, on arrival, the jobs
  // already waiting are at least `max_backlog` plus the idle workers. A
  // worker counts as idle from construction until it takes a job, so a job
  // that arrives before the threads have started is not shed.
  // `before_shutdown`, when set, runs first in shutdown() (it stops
  // whatever enqueues jobs besides httplib's accept loop).
  BoundedTaskQueue(size_t threads, size_t max_backlog,
                   std::function<void()> before_shutdown = nullptr);
  ~BoundedTaskQueue() override;

  void enqueue(std::function<void()> fn) override;
  // Runs `before_shutdown`, then every queued job (shed ones included),
  // then joins the threads. Idempotent.
  void shutdown() override;

  // True inside a job that was queued past the backlog limit.
  static bool IsShedConnection();

 private:
  // Runs jobs from `queue` (woken by `cv`) until stopping and drained;
  // `shed` marks them.
  void WorkerLoop(std::deque<std::function<void()>>* queue, std::condition_variable* cv, bool shed);

  const size_t max_backlog_;
  std::function<void()> before_shutdown_;
  std::mutex mu_;
  std::condition_variable worker_cv_;            // Signalled once per job for the workers.
  std::condition_variable shed_cv_;              // Signalled once per job for the shed thread.
  std::deque<std::function<void()>> jobs_;       // For the workers.
  std::deque<std::function<void()>> shed_jobs_;  // For the shed thread.
  size_t idle_workers_ = 0;                      // Workers not running a job.
  bool stopping_ = false;
  std::vector<std::thread> threads_;  // The workers, then the shed thread.
};

}  // namespace casebook::api

#endif  // CASEBOOK_API_HTTP_BOUNDED_TASK_QUEUE_H_
