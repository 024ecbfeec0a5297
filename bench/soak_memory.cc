#include "bench/soak_memory.h"

#include <algorithm>
#include <cstdio>

#include "api/http/http_server.h"
#include "bench/served_demo.h"
#include "search/result_cache.h"
#include "search/search_index.h"
#include "search/searcher.h"
#include "store/case_store.h"

namespace casebook::bench {

namespace fs = std::filesystem;

namespace {

// Constants without an options struct to read them from.
constexpr int kColumnFamilies = 7;       // store/case_store_internal.h StoreCf (default included).
constexpr int kServeCacheQueries = 256;  // api/cli/cli_serve_commands.cc result_cache.max_entries.

// The write-ahead log's cap (store/case_store.cc max_total_wal_size): past
// it RocksDB flushes the families holding the oldest log.
double WalCapBytes(const StoreOptions& store) {
  return std::max<double>(2.0 * store.write_buffer_bytes, 64 << 20);
}

double MiB(double bytes) { return bytes / (1 << 20); }

std::string Line(const char* format, double a = 0, double b = 0, double c = 0, double d = 0) {
  char buf[512];
  std::snprintf(buf, sizeof buf, format, a, b, c, d);
  return std::string(buf) + "\n";
}

}  // namespace

uint64_t WalBytes(const fs::path& data) {
  uint64_t bytes = 0;
  std::error_code ec;
  for (auto it = fs::directory_iterator(data / "store", ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    const fs::path& p = it->path();
    if (p.extension() == ".log" &&
        p.stem().string().find_first_not_of("0123456789") == std::string::npos) {
      bytes += it->file_size(ec);
    }
  }
  return bytes;
}

MemoryReport::MemoryReport(pid_t server, fs::path data)
    : server_(server), data_(std::move(data)), start_kb_(ProcStatusKb(server, "VmRSS")) {}

long MemoryReport::Sample() {
  last_kb_ = ProcStatusKb(server_, "VmRSS");
  if (first_kb_ < 0) first_kb_ = last_kb_;
  return last_kb_;
}

std::string MemoryReport::Explain(long cases, int server_threads) const {
  const StoreOptions store;
  const search::SearchResultCacheOptions cache;
  const search::SearchIndexOptions index;
  const api::HttpServerOptions http;
  std::string s = Line(
      "server memory: RSS %.0f MiB at the start, %.0f MiB at the first report, %.0f MiB at the "
      "end, peak %.0f MiB (VmHWM)",
      start_kb_ / 1024.0, first_kb_ / 1024.0, last_kb_ / 1024.0,
      ProcStatusKb(server_, "VmHWM") / 1024.0);
  s += Line("  growth %+.0f MiB over the run, %+.0f MiB after the first report",
            (last_kb_ - start_kb_) / 1024.0, (last_kb_ - first_kb_) / 1024.0);
  s += "what bounds it (the sizes configured in the code):\n  capped:\n";
  s += Line(
      "    RocksDB block cache %.0f MiB, one LRU for the store's %.0f column families "
      "(StoreOptions::block_cache_bytes)",
      MiB(store.block_cache_bytes), kColumnFamilies);
  s += Line(
      "    search result cache: %.0f queries (casebook serve), each with its matching document "
      "ids and at most %.0f kept hits, about %.0f MiB in all (SearchResultCacheOptions)",
      kServeCacheQueries, cache.top_hits, MiB(cache.max_bytes));
  s += Line(
      "    Xapian: no block cache of its own (it reads through the OS page cache, outside RSS); "
      "one pooled reader per concurrent search, at most %.0f (serve --threads); the writer holds "
      "at most %.0f changes before it commits (SearchIndexOptions::changes_per_commit)",
      server_threads, index.changes_per_commit);
  s += Line(
      "    HTTP: %.0f worker threads, a request body at most %.0f MiB "
      "(HttpServerOptions::max_body_bytes)",
      server_threads, MiB(http.max_body_bytes));
  s += "  grows with the writes until flushed to table files:\n";
  s += Line(
      "    RocksDB memtables: %.0f MiB per column family (StoreOptions::write_buffer_bytes) x %.0f "
      "families; they hold at most what the write-ahead log holds, and the log is capped at "
      "%.0f MiB (max_total_wal_size: past it the families holding its oldest part are flushed)",
      MiB(store.write_buffer_bytes), kColumnFamilies, MiB(WalCapBytes(store)));
  s += Line("    now: %.1f MiB of write-ahead log", MiB(WalBytes(data_)));
  s += "  grows with the data:\n";
  s += Line(
      "    RocksDB keeps every table file's index and bloom-filter blocks in memory, outside the "
      "block cache (all files open): the store is %.1f MiB on disk (log included) for %.0f "
      "cases",
      MiB(search::DirectoryBytes(data_ / "store")), cases);
  s += Line(
      "    the search facet table: %.0f bytes of codes per indexed document "
      "(search/facet_table.h), a copy per index revision still being read; the index itself "
      "(%.1f MiB on disk) is read through the page cache",
      double(sizeof(uint32_t) * search::kFacetNames.size()),
      MiB(search::DirectoryBytes(data_ / "index")));
  s += "  and memory glibc's malloc keeps in its per-thread arenas after it is freed.\n";
  return s;
}

}  // namespace casebook::bench
