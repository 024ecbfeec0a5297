// search_distinct: searches that are new to the result cache against
// repeated ones, in the same run. Indexes --docs cases recombined from the
// appeal messages (as search_speed does; --keep DIR keeps and reuses them),
// opens a Searcher with the result cache as `casebook serve` does, and runs
// from --threads threads (8 connections' worth):
//   distinct: --queries searches, every one different — a word or a pair of
//             words cut from the real appeal titles;
//   repeated: as many searches cycling over 15 of those words.
// Each is the default HTTP answer: top 10, exact total, facets, snippets.
// Prints searches/s, p50/p99 wall time and CPU per search for both, then the
// distinct ones without facets. With --http CASEBOOK it then serves the same
// directory with `casebook serve` and runs the same three over HTTP, one
// keep-alive connection per thread; CPU is then the server's.
//
// usage: search_distinct [--corpus DIR] [--docs N (10000)] [--threads N (8)]
//                        [--queries N (4000)] [--keep DIR] [--http build/api/casebook]
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <memory>
#include <random>
#include <set>
#include <thread>

#include "bench/search_corpus.h"
#include "bench/served_demo.h"
#include "search/search_index.h"
#include "search/searcher.h"

using namespace casebook;
using bench::IntArg;
using Clock = std::chrono::steady_clock;

namespace {

// The first `chars` code points of `s` from code point `from` (UTF-8).
std::string Cut(const std::string& s, size_t from, size_t chars) {
  size_t i = 0, cp = 0, start = std::string::npos;
  for (; i < s.size(); ++cp) {
    if (cp == from) start = i;
    if (cp == from + chars) break;
    unsigned char b = static_cast<unsigned char>(s[i]);
    i += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  }
  if (start == std::string::npos || cp < from + chars) return "";
  return s.substr(start, i - start);
}

bool AllCjk(const std::string& s) {
  for (size_t i = 0; i < s.size(); i += 3) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0xE4 || b > 0xE9) return false;  // U+4E00..U+9FFF lead bytes.
  }
  return !s.empty();
}

// `n` different queries: a 2-4 character word of a real title, or two.
std::vector<std::string> DistinctQueries(const std::vector<Case>& real, size_t n,
                                         const search::Searcher& searcher) {
  std::mt19937 rng(17);
  std::set<std::string> seen;
  std::vector<std::string> out;
  for (size_t tries = 0; out.size() < n && tries < n * 50; ++tries) {
    const std::string title = searcher.Normalize(real[rng() % real.size()].title);
    const size_t len = title.size() / 3;  // Roughly, in CJK characters.
    if (len < 6) continue;
    auto word = [&] {
      size_t chars = 2 + rng() % 3;
      return Cut(title, rng() % (len - chars), chars);
    };
    std::string q = word();
    if (!AllCjk(q)) continue;
    if (rng() % 2) {
      std::string second = word();
      if (!AllCjk(second) || second == q) continue;
      q += " " + second;
    }
    if (seen.insert(q).second) out.push_back(q);
  }
  return out;
}

struct RunFigures {
  double per_second = 0, p50 = 0, p99 = 0, cpu_ms = 0;
  size_t errors = 0;
  std::vector<std::pair<double, std::string>> slowest;  // The 3 slowest: ms, query.
};

// One search: the query, whether to count facets, the calling thread's
// index; true when it was answered.
using SearchFn = std::function<bool(const std::string& query, bool facets, int thread)>;
// CPU seconds used so far by whatever answers the searches.
using CpuFn = std::function<double()>;

RunFigures Run(const SearchFn& search, const CpuFn& cpu, const std::vector<std::string>& queries,
               int threads, bool facets) {
  std::vector<double> ms(queries.size());
  std::atomic<size_t> next{0}, errors{0};
  const double cpu0 = cpu();
  const auto t0 = Clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (size_t i; (i = next++) < queries.size();) {
        const auto s = Clock::now();
        if (!search(queries[i], facets, t)) ++errors;
        ms[i] = bench::MillisSince(s);
      }
    });
  }
  for (auto& t : pool) t.join();
  RunFigures f;
  const double seconds = bench::MillisSince(t0) / 1000;
  f.per_second = queries.size() / seconds;
  f.cpu_ms = (cpu() - cpu0) * 1000 / queries.size();
  for (size_t i = 0; i < ms.size(); ++i) f.slowest.emplace_back(ms[i], queries[i]);
  std::sort(f.slowest.rbegin(), f.slowest.rend());
  f.slowest.resize(std::min<size_t>(3, f.slowest.size()));
  f.p50 = bench::Percentile(ms, 0.5);
  f.p99 = bench::Percentile(ms, 0.99);
  f.errors = errors;
  return f;
}

void Print(const std::string& what, const RunFigures& f) {
  std::printf("%-41s %8.0f searches/s  p50 %6.2f ms  p99 %6.2f ms  CPU %5.2f ms/search%s\n",
              what.c_str(), f.per_second, f.p50, f.p99, f.cpu_ms, f.errors ? "  ERRORS" : "");
  for (const auto& [ms, q] : f.slowest) std::printf("    slowest: %-24s %7.2f ms\n", q.c_str(), ms);
}

// The three figures of one way of searching: distinct (after 200 untimed
// ones that warm the readers and the OS cache), repeated, distinct without
// facets. `label` prefixes each line.
void RunAll(const std::string& label, const std::vector<std::string>& distinct, int threads,
            const SearchFn& search, const CpuFn& cpu) {
  Run(search, cpu, std::vector<std::string>(distinct.begin(), distinct.begin() + 200), threads,
      true);
  std::vector<std::string> timed(distinct.begin() + 200, distinct.end());  // Not cached above.
  std::vector<std::string> repeated;
  for (size_t i = 0; i < timed.size(); ++i) repeated.push_back(timed[i % 15]);
  Print(label + "distinct (new to the cache), facets", Run(search, cpu, timed, threads, true));
  Print(label + "repeated (15 words), facets", Run(search, cpu, repeated, threads, true));
  std::vector<std::string> fresh;
  for (const std::string& q : timed) fresh.push_back(q + " ");  // New cache keys, same query.
  Print(label + "distinct, no facets", Run(search, cpu, fresh, threads, false));
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const size_t n = static_cast<size_t>(IntArg(argc, argv, "--docs", 10000));
  const int threads = IntArg(argc, argv, "--threads", 8);
  const size_t count = static_cast<size_t>(IntArg(argc, argv, "--queries", 4000));
  std::filesystem::path work =
      std::filesystem::temp_directory_path() / ("casebook-search-distinct-" + std::to_string(n));
  std::string casebook_binary;  // --http: also run the searches through `casebook serve`.
  for (int i = 1; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--keep")) work = argv[i + 1];
    if (!std::strcmp(argv[i], "--http")) casebook_binary = argv[i + 1];
  }
  const std::vector<Case> real = bench::ReadAppeals(bench::CorpusDirFromArgs(argc, argv));
  if (real.empty()) {
    std::cerr << "no appeal messages under the corpus directory (--corpus DIR)\n";
    return 2;
  }
  auto store = CaseStore::Open(work / "store");
  if (!store.ok()) {
    std::cerr << store.status().ToString() << "\n";
    return 2;
  }
  if ((*store)->CaseCount() < n || !std::filesystem::exists(work / "index")) {
    bench::PutAllOrDie(store->get(), bench::RecombinedCases(real, n));
    std::filesystem::remove_all(work / "index");
    auto built = search::RebuildIndex(**store, work / "index", {});
    if (!built.ok()) {
      std::cerr << built.status().ToString() << "\n";
      return 2;
    }
  }
  std::vector<std::string> distinct;
  {
    search::SearcherOptions options;
    options.result_cache.max_entries = 256;  // As `casebook serve`.
    auto searcher = search::Searcher::Open(work / "index", store->get(), options);
    if (!searcher.ok()) return 2;
    distinct = DistinctQueries(real, count, **searcher);
    if (distinct.size() < 400) {
      std::cerr << "only " << distinct.size() << " distinct queries; ask for more --queries\n";
      return 2;
    }
    std::printf("search_distinct: %zu cases, %d threads, %zu searches each way\n", n, threads,
                distinct.size() - 200);
    const search::Searcher& in_process = **searcher;
    RunAll(
        "", distinct, threads,
        [&](const std::string& q, bool facets, int) {
          search::SearchRequest r;
          r.query = q;
          r.facets = facets;
          return in_process.Search(r).ok();
        },
        bench::ProcessCpuSeconds);
  }
  if (casebook_binary.empty()) return 0;
  store->reset();  // `casebook serve` takes the store's lock.
  const bench::ServeChild child = bench::StartServe({casebook_binary, work, 0, 64});
  if (child.pid < 0) {
    std::cerr << "server did not start; see " << (work / "serve.log") << "\n";
    return 2;
  }
  std::printf(
      "over HTTP: casebook serve (64 workers), %d keep-alive connections, GET "
      "/api/v1/search?q=...&limit=10\n",
      threads);
  std::vector<std::unique_ptr<httplib::Client>> clients;
  for (int t = 0; t < threads; ++t) {
    clients.push_back(std::make_unique<httplib::Client>("127.0.0.1", child.port));
    clients.back()->set_keep_alive(true);
  }
  RunAll(
      "HTTP ", distinct, threads,
      [&](const std::string& q, bool facets, int t) {
        const std::string target = "/api/v1/search?q=" + httplib::detail::encode_query_param(q) +
                                   "&limit=10" + (facets ? "" : "&facets=0");
        auto r = clients[t]->Get(target);
        return r && r->status == 200;
      },
      [&] { return bench::ProcCpuSeconds(child.pid); });
  clients.clear();
  return bench::StopServe(child.pid) == 0 ? 0 : 1;
}
