// IndexCatchUpThread: indexes the store's writes on one background thread at
// a lower CPU priority, for the server.
//
// A write route calls BringLevel() after its store write and returns only when
// the index holds it ("searchable on return"). The catch-up itself runs on
// this class's thread with nice +10, so that on a busy machine searches are
// served before writes are indexed, and writers that arrive while a catch-up
// runs share the next one (one Xapian commit for all of them).
#ifndef CASEBOOK_API_REVIEW_INDEX_CATCH_UP_THREAD_H_
#define CASEBOOK_API_REVIEW_INDEX_CATCH_UP_THREAD_H_

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "search/search_index.h"
#include "store/case_store.h"
#include "store/status.h"

namespace casebook::review {

class IndexCatchUpThread {
 public:
  // `store` and `index` must outlive this object. `nice_increment` is added to
  // the thread's CPU niceness (0 = same priority as the callers).
  IndexCatchUpThread(const CaseStore* store, search::SearchIndex* index, int nice_increment = 10);
  // Lets a running catch-up finish, then stops the thread. Waiting callers
  // get FailedPrecondition.
  ~IndexCatchUpThread();
  IndexCatchUpThread(const IndexCatchUpThread&) = delete;
  IndexCatchUpThread& operator=(const IndexCatchUpThread&) = delete;

  // Returns once a catch-up that started after this call has finished: the
  // index then holds every store write made before the call. Errors: those
  // of SearchIndex::CatchUp; FailedPrecondition when stopping.
  // Thread-safe.
  Status BringLevel();

 private:
  void Loop(int nice_increment);

  const CaseStore* store_;
  search::SearchIndex* index_;
  std::mutex mu_;
  std::condition_variable work_cv_, done_cv_;
  bool pending_ = false;
  bool stopping_ = false;
  uint64_t runs_started_ = 0;
  uint64_t runs_finished_ = 0;
  Status last_status_;
  std::thread thread_;
};

}  // namespace casebook::review

#endif  // CASEBOOK_API_REVIEW_INDEX_CATCH_UP_THREAD_H_
