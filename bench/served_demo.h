// A data directory of demo cases served by `casebook serve` as a child
// process: what the HTTP benchmarks (bench/http_load, bench/soak) share.
// Not thread-safe unless a function says so; the benchmarks call these from
// their main thread.
#ifndef CASEBOOK_BENCH_SERVED_DEMO_H_
#define CASEBOOK_BENCH_SERVED_DEMO_H_

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "store/case.h"

namespace casebook::bench {

// "--name value" pairs of the command line as name -> value.
std::map<std::string, std::string> ParseFlags(int argc, char** argv);

// Stores cases[0, count) in DATA/store (no fsync per batch) unless the store
// already holds at least `count` cases. Prints the time taken. Returns false
// (after printing why) when the store cannot be opened or written.
// REQUIRES: count <= cases.size().
bool StoreDemoCases(const std::filesystem::path& data, const std::vector<Case>& cases, int count);

// Runs `casebook reindex --data DATA` when DATA/index is absent (two threads
// rebuild a whole store faster than `serve` catches the index up). Returns
// false when the reindex fails.
bool IndexIfAbsent(const std::string& casebook, const std::filesystem::path& data);

// `n` distinct search keywords: 2-4 character CJK pieces of the titles of
// cases[0, stored), deterministic (fixed seed). Fewer when the titles run out.
std::vector<std::string> TitleKeywords(const std::vector<Case>& cases, int stored, int n);

// How to start the server.
struct ServeOptions {
  std::string casebook;        // Path of the casebook binary.
  std::filesystem::path data;  // The data directory; the log goes to DATA/serve.log.
  int port = 0;                // 0 = any free port (read back from the log).
  int threads = 64;            // --threads: worker threads = connections served at once.
};

// A started server.
struct ServeChild {
  pid_t pid = -1;  // -1 when it did not come up (DATA/serve.log says why).
  int port = 0;
};

// Starts `casebook serve` on loopback and waits until GET /healthz answers
// 200: up to 10 minutes, as serve first brings the index level with the
// store. On a timeout the child is killed and pid is -1.
ServeChild StartServe(const ServeOptions& options);

// Sends SIGTERM and waits; the exit code, or -1 when it did not exit normally.
int StopServe(pid_t pid);

// CPU seconds (user + system) used so far by process `pid`; -1 when absent.
double ProcCpuSeconds(pid_t pid);

// Kilobytes of a /proc/PID/status field such as "VmRSS" or "VmHWM"; -1 when
// the process or the field is absent.
long ProcStatusKb(pid_t pid, const std::string& field);

}  // namespace casebook::bench

#endif  // CASEBOOK_BENCH_SERVED_DEMO_H_
