// A fixed pool of worker threads for cpp-httplib with a bounded backlog.
// httplib hands it one job per accepted connection. When the backlog is
// full, the job still runs but is marked as shed: the request handler sees
// IsShedConnection() and answers 429 at once instead of doing the work, so an
// overload turns into quick refusals rather than a growing queue.
#ifndef CASEBOOK_API_BOUNDED_TASK_QUEUE_H_
#define CASEBOOK_API_BOUNDED_TASK_QUEUE_H_

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
  // `threads` workers (>= 1); a job is shed when, on arrival, the jobs
  // already waiting are at least `max_backlog` plus the idle workers.
  BoundedTaskQueue(size_t threads, size_t max_backlog);
  ~BoundedTaskQueue() override;

  void enqueue(std::function<void()> fn) override;
  // Runs every queued job, then joins the workers. Idempotent.
  void shutdown() override;

  // True inside a job that was queued past the backlog limit.
  static bool IsShedConnection();

 private:
  struct Job {
    std::function<void()> fn;
    bool shed = false;
  };
  void WorkerLoop();

  const size_t max_backlog_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  size_t idle_workers_ = 0;  // Workers waiting for a job.
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace casebook::api

#endif  // CASEBOOK_API_BOUNDED_TASK_QUEUE_H_
