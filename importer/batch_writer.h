// BatchWriter: writes the importer's chunks of cases to the store on a thread
// of its own, so that the store's WAL fsync after each chunk overlaps the
// parsing and committing of the next chunks instead of stalling them.
// Internal to the importer.
#ifndef CASEBOOK_IMPORTER_BATCH_WRITER_H_
#define CASEBOOK_IMPORTER_BATCH_WRITER_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/case.h"
#include "store/case_store.h"
#include "store/status.h"

namespace casebook::importer {

class BatchWriter {
 public:
  // Where a case was read in this import.
  struct Where {
    std::string file;
    int64_t line = 0;
  };
  // A case the store refused (the rest of its chunk went in).
  struct Refused {
    Where where;       // Where it was read (Submit's `where`).
    std::string text;  // The case as JSON, so that nothing is lost.
    Status error;
  };
  // What the chunks written since the last Drain came to.
  struct Results {
    int64_t added = 0;
    int64_t updated = 0;
    int64_t unchanged = 0;
    std::vector<Refused> refused;
  };

  // `store` is borrowed and must outlive the writer. Each chunk is one
  // atomic PutBatch with PutOptions::validated (the importer validated every
  // case on its parsing threads); a chunk the store refuses as invalid is
  // written case by case so that only the bad cases are left out. At most
  // `max_waiting` chunks wait behind the one being written.
  explicit BatchWriter(CaseStore* store, size_t max_waiting = 1);
  // Writes what is queued, then stops the thread.
  ~BatchWriter();
  BatchWriter(const BatchWriter&) = delete;
  BatchWriter& operator=(const BatchWriter&) = delete;

  // Queues a chunk, waiting while max_waiting chunks are queued. `contents`
  // holds EncodeCaseContent of each case (encoded on the importer's parsing
  // threads, so this thread only stamps and writes). Returns the error that
  // stopped the writer (an IOError from the store; the chunk is then dropped
  // and so is every later one), else Ok.
  // `where` holds where each case was read, for refusals.
  Status Submit(std::vector<Case> chunk, std::vector<std::string> contents,
                std::vector<Where> where);

  // Waits until every queued chunk is written; returns what they came to
  // (and forgets it). `error` receives the error that stopped the writer.
  // Call from the thread that submits.
  Results Drain(Status* error);

 private:
  struct Chunk {
    std::vector<Case> cases;
    std::vector<std::string> contents;
    std::vector<Where> where;
  };
  void Run();
  void Write(const Chunk& chunk);  // Worker thread; takes mu_ to record.
  void WriteOneByOne(const Chunk& chunk);
  void CountLocked(PutOutcome outcome);  // REQUIRES: mu_ held.
  // Lists `c` as refused: the store holds a newer version. REQUIRES: mu_ held.
  void RefuseStaleLocked(const Case& c, const Where& where);

  CaseStore* store_;
  const size_t max_waiting_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<Chunk> queue_;  // Guarded by mu_.
  bool writing_ = false;     // Guarded by mu_: a chunk is being written.
  bool stopping_ = false;    // Guarded by mu_.
  Status error_;             // Guarded by mu_.
  Results results_;          // Guarded by mu_.
  std::thread thread_;       // Last: starts once the rest is set up.
};

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_BATCH_WRITER_H_
