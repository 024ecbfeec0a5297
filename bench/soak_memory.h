// MemoryReport: the server's resident memory over a soak run, and what bounds
// it (the sizes configured in store/, search/ and api/, read from their
// option structs where they have one). Not thread-safe: the soak's reporting
// thread owns it.
#ifndef CASEBOOK_BENCH_SOAK_MEMORY_H_
#define CASEBOOK_BENCH_SOAK_MEMORY_H_

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>

namespace casebook::bench {

// Bytes of RocksDB's write-ahead logs (NNNNNN.log) in DATA/store: the
// writes not yet flushed to table files, so what the memtables hold is at
// most this.
uint64_t WalBytes(const std::filesystem::path& data);

class MemoryReport {
 public:
  // Reads the server's RSS now (the start of the run).
  MemoryReport(pid_t server, std::filesystem::path data);

  // Reads VmRSS now (kB; -1 when the server is gone) and keeps it as the
  // latest sample (the first sample is kept too).
  long Sample();
  long start_kb() const { return start_kb_; }

  // Several lines: RSS at the start, first and last sample, peak (VmHWM),
  // growth; then what is capped (with its size), what grows with the writes
  // until flushed, what grows with the data (the store's and the index's
  // size on disk now, `cases` cases). `server_threads`: serve's --threads.
  std::string Explain(long cases, int server_threads) const;

 private:
  pid_t server_;
  std::filesystem::path data_;
  long start_kb_ = -1, first_kb_ = -1, last_kb_ = -1;
};

}  // namespace casebook::bench

#endif  // CASEBOOK_BENCH_SOAK_MEMORY_H_
