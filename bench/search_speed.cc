// search_speed: import + index speed, index size and keyword-query latency on
// a corpus recombined from the appeal messages' sentences, next to SQLite FTS5
// (trigram tokenizer) on the same documents in the same run.
//
// usage: search_speed [--corpus DIR] [--docs N (default 100000)] [--threads N]
//                     [--queries N (default 1000)] [--keep DIR [--reuse]]
//                     [--part-docs N] [--merge-sources N] [--index-only]
//                     [--catch-up [--no-bulk] [--changes-per-commit N] [--no-analyse-ahead]]
// --reuse with --keep: only the casebook query latencies, on the kept index,
// with CPU per query over --cpu-rounds N passes (3); --check N: missed matches
// in the first N queries (substring scan); --totals FILE: every query's total
// and hits; --quick: without the estimated-total and facets passes.
// --part-docs: documents per RebuildIndex part; --merge-sources: parts merged
// at once; --index-only: stop after indexing.
// --catch-up: index through SearchIndex::CatchUp (as `casebook import` does)
// instead of RebuildIndex; --no-bulk: without its bulk load of an empty index;
// --changes-per-commit N, --no-analyse-ahead: CatchUp's settings (search_index.h).
// Prints: import docs/s, index docs/s (RebuildIndex, N threads), index bytes
// per input byte, query latency p50/p99 for 1-3 keyword queries (counts only;
// then with facets and snippets), missed matches against a brute-force scan,
// and the same figures for FTS5 with the ratios.
#include <sqlite3.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <random>

#include "bench/search_corpus.h"
#include "search/search_index.h"
#include "search/searcher.h"

using namespace casebook;
using bench::HasFlag;
using bench::IntArg;
using bench::Percentile;
using bench::ProcessCpuSeconds;
using bench::RecombinedCases;
using Clock = std::chrono::steady_clock;

namespace {

// Keyword queries of 1-3 keywords, each a random 2-4 character CJK substring.
std::vector<std::vector<std::string>> KeywordQueries(const std::vector<Case>& cases, size_t n,
                                                     const search::Searcher& searcher) {
  std::mt19937 rng(7);
  std::vector<std::vector<std::string>> out;
  while (out.size() < n) {
    std::vector<std::string> q;
    size_t want = 1 + out.size() % 3;
    const Case& c = cases[rng() % cases.size()];  // Keywords of one case: they co-occur.
    std::string text = searcher.Normalize(c.body);
    auto units = search::ChineseAnalyzer::SplitUnits(text);
    for (int attempt = 0; attempt < 20 && q.size() < want && units.size() > 8; ++attempt) {
      size_t len = 2 + rng() % 3;
      size_t s = rng() % (units.size() - len);
      bool cjk = true;
      for (size_t k = s; k < s + len; ++k) {
        cjk = cjk && units[k].kind == search::TextUnit::Kind::kCjk &&
              (k + 1 == s + len || !units[k].run_end);
      }
      if (cjk) q.push_back(text.substr(units[s].begin, units[s + len - 1].end - units[s].begin));
    }
    if (q.size() == want) out.push_back(q);
  }
  return out;
}

std::string Join(const std::vector<std::string>& words) {
  std::string s;
  for (const std::string& w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

}  // namespace

namespace {

// SQLite FTS5 with the trigram tokenizer on the same texts (title + body in
// one column), bulk-loaded in one transaction; keywords as LIKE '%kw%'
// (exact substrings; FTS5 uses its trigram index for patterns of >= 3 chars).
struct Fts5Run {
  double index_seconds = 0;
  double index_cpu_seconds = 0;
  uint64_t bytes = 0;
  std::vector<double> latencies_ms;  // Queries whose keywords all have >= 3 characters.
  std::vector<size_t> answered;      // Their indexes.
  std::vector<int64_t> reference;    // Exact substring counts (full scan), first queries only.
};

// UTF-8 characters in s.
size_t Chars(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

int64_t CountWhere(sqlite3* db, const char* table, const char* test,
                   const std::vector<std::string>& q) {
  std::string sql = std::string("SELECT count(*) FROM ") + table + " WHERE ";
  for (size_t i = 0; i < q.size(); ++i) sql += std::string(i ? " AND " : "") + test;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    std::cerr << "sqlite: " << sqlite3_errmsg(db) << "\n";
    std::exit(2);
  }
  for (size_t i = 0; i < q.size(); ++i) {
    std::string v = std::string(table) == "t" ? "%" + q[i] + "%" : q[i];
    sqlite3_bind_text(st, static_cast<int>(i + 1), v.data(), static_cast<int>(v.size()),
                      SQLITE_TRANSIENT);
  }
  sqlite3_step(st);
  int64_t n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

void CheckSqlite(int rc, sqlite3* db, const char* what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
  std::cerr << "sqlite " << what << ": " << sqlite3_errmsg(db) << "\n";
  std::exit(2);
}

Fts5Run RunFts5(const std::vector<Case>& cases,
                const std::vector<std::vector<std::string>>& queries,
                const std::filesystem::path& file) {
  Fts5Run run;
  std::filesystem::remove(file);
  sqlite3* db = nullptr;
  CheckSqlite(sqlite3_open(file.c_str(), &db), db, "open");
  CheckSqlite(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(text, tokenize='trigram')",
                           nullptr, nullptr, nullptr),
              db, "create");
  auto start = Clock::now();
  const double cpu0 = ProcessCpuSeconds();
  CheckSqlite(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
  sqlite3_stmt* insert = nullptr;
  CheckSqlite(sqlite3_prepare_v2(db, "INSERT INTO t(text) VALUES (?)", -1, &insert, nullptr), db,
              "prepare");
  for (const Case& c : cases) {
    std::string text = c.title + "\n" + c.body;
    sqlite3_bind_text(insert, 1, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    CheckSqlite(sqlite3_step(insert), db, "insert");
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  CheckSqlite(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  run.index_seconds = bench::MillisSince(start) / 1000;
  run.index_cpu_seconds = ProcessCpuSeconds() - cpu0;
  run.bytes = std::filesystem::file_size(file);
  for (size_t k = 0; k < queries.size(); ++k) {
    bool trigram_ok = true;
    for (const std::string& w : queries[k]) trigram_ok = trigram_ok && Chars(w) >= 3;
    if (!trigram_ok) continue;  // FTS5 trigram returns no rows for 2-character patterns.
    auto t0 = Clock::now();
    CountWhere(db, "t", "text LIKE ?", queries[k]);
    run.latencies_ms.push_back(bench::MillisSince(t0));
    run.answered.push_back(k);
  }
  // The reference: exact substring counts by a full scan of a plain table.
  CheckSqlite(
      sqlite3_exec(db, "CREATE TABLE plain AS SELECT text FROM t", nullptr, nullptr, nullptr), db,
      "plain table");
  for (size_t k = 0; k < std::min<size_t>(200, queries.size()); ++k) {
    run.reference.push_back(CountWhere(db, "plain", "instr(text, ?) > 0", queries[k]));
  }
  sqlite3_close(db);
  return run;
}

// CPU milliseconds used by the calling thread so far: load-independent.
double ThreadCpuMillis() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + ts.tv_nsec / 1e6;
}

// Runs the queries; returns latencies (ms) and totals, each query's CPU
// time (ms) in *cpu_ms and its hits ("id score" ...) in *pages when given.
std::vector<double> RunQueries(const search::Searcher& searcher,
                               const std::vector<std::vector<std::string>>& queries, bool full,
                               std::vector<uint64_t>* totals, bool exact_total = true,
                               std::vector<double>* cpu_ms = nullptr,
                               std::vector<std::string>* pages = nullptr) {
  std::vector<double> ms;
  for (const auto& q : queries) {
    search::SearchRequest r;
    r.query = Join(q);
    r.mode = search::MatchMode::kAll;
    r.facets = full;
    r.snippets = full;
    r.exact_total = exact_total;
    const double cpu0 = ThreadCpuMillis();
    auto t0 = Clock::now();
    auto res = searcher.Search(r);
    ms.push_back(bench::MillisSince(t0));
    if (cpu_ms) cpu_ms->push_back(ThreadCpuMillis() - cpu0);
    if (!res.ok()) {
      std::cerr << r.query << ": " << res.status().ToString() << "\n";
      std::exit(2);
    }
    if (totals) totals->push_back(res->total);
    if (pages) {
      std::string page;
      char score[32];
      for (const search::SearchHit& h : res->hits) {
        std::snprintf(score, sizeof score, " %.9g ", h.score);
        page += h.id + score;
      }
      pages->push_back(page);
    }
  }
  return ms;
}

// Indexes the store through SearchIndex::CatchUp, the path of `casebook import`.
Result<search::RebuildStats> IndexByCatchUp(const CaseStore& store,
                                            const std::filesystem::path& dir,
                                            const search::SearchIndexOptions& options) {
  const auto start = Clock::now();
  auto index = search::SearchIndex::Open(dir, options);
  if (!index.ok()) return index.status();
  auto applied = (*index)->CatchUp(store);
  if (!applied.ok()) return applied.status();
  search::RebuildStats stats;
  stats.documents = (*index)->DocumentCount();
  stats.sequence = (*index)->AppliedSequence();
  stats.seconds = bench::MillisSince(start) / 1000;
  stats.index_bytes = search::DirectoryBytes(dir);
  return stats;
}

void PrintLatency(const char* what, const std::vector<double>& ms) {
  std::printf("%-44s p50 %.3f ms  p99 %.3f ms\n", what, Percentile(ms, 0.5), Percentile(ms, 0.99));
}

// Cases whose title + body contain every keyword as is (no normalisation):
// the exact count a substring scan gives, for the first `n` queries.
std::vector<uint64_t> ScanCounts(const std::vector<Case>& cases,
                                 const std::vector<std::vector<std::string>>& queries, size_t n) {
  std::vector<std::string> texts;
  texts.reserve(cases.size());
  for (const Case& c : cases) texts.push_back(c.title + "\n" + c.body);
  std::vector<uint64_t> counts;
  for (size_t k = 0; k < std::min(n, queries.size()); ++k) {
    uint64_t count = 0;
    for (const std::string& t : texts) {
      bool all = true;
      for (const std::string& w : queries[k]) all = all && t.find(w) != std::string::npos;
      count += all;
    }
    counts.push_back(count);
  }
  return counts;
}

// Per-query CPU time over `rounds` passes of the queries (top 10 + exact
// total): the load-independent measure. Prints p50, p99 and the mean.
void PrintCpu(const search::Searcher& searcher,
              const std::vector<std::vector<std::string>>& queries, int rounds) {
  std::vector<double> cpu;
  for (int r = 0; r < rounds; ++r) RunQueries(searcher, queries, false, nullptr, true, &cpu);
  double sum = 0;
  for (double c : cpu) sum += c;
  std::printf("%-44s p50 %.3f ms  p99 %.3f ms  mean %.3f ms (%d rounds)\n",
              "  CPU per query (same queries)", Percentile(cpu, 0.5), Percentile(cpu, 0.99),
              cpu.empty() ? 0 : sum / cpu.size(), rounds);
}

// Writes each query, its total and its hits, one per line, to the file
// after --totals.
int WriteTotals(int argc, char** argv, const std::vector<std::vector<std::string>>& queries,
                const std::vector<uint64_t>& totals, const std::vector<std::string>& pages) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--totals") != 0) continue;
    FILE* f = std::fopen(argv[i + 1], "w");
    if (f == nullptr) return 2;
    for (size_t k = 0; k < queries.size(); ++k) {
      std::fprintf(f, "%s\t%llu\t%s\n", Join(queries[k]).c_str(),
                   static_cast<unsigned long long>(totals[k]), pages[k].c_str());
    }
    std::fclose(f);
  }
  return 0;
}

// --reuse: query latencies only, on the index a previous --keep run left.
int QueriesOnly(const CaseStore& store, const std::filesystem::path& work,
                const std::vector<Case>& cases, size_t query_count, int argc, char** argv) {
  auto searcher = search::Searcher::Open(work / "index", &store);
  if (!searcher.ok()) return 2;
  auto queries = KeywordQueries(cases, query_count, **searcher);
  RunQueries(**searcher, queries, false, nullptr);  // Warm the caches.
  std::vector<uint64_t> totals;
  std::vector<std::string> pages;
  std::vector<double> exact =
      RunQueries(**searcher, queries, false, &totals, true, nullptr, &pages);
  PrintLatency("casebook 1-3 keywords, top 10 + exact total", exact);
  PrintCpu(**searcher, queries, IntArg(argc, argv, "--cpu-rounds", 3));
  if (WriteTotals(argc, argv, queries, totals, pages) != 0) return 2;
  const std::vector<uint64_t> scan =
      ScanCounts(cases, queries, static_cast<size_t>(IntArg(argc, argv, "--check", 0)));
  size_t missed = 0, extra = 0;
  for (size_t k = 0; k < scan.size(); ++k) {
    missed += totals[k] < scan[k];
    extra += totals[k] > scan[k];
  }
  if (!scan.empty()) {
    std::printf(
        "match counts vs an exact substring scan (%zu queries): %zu missed, %zu more "
        "(Traditional/full-width forms found)\n",
        scan.size(), missed, extra);
  }
  std::vector<size_t> order(queries.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return exact[a] > exact[b]; });
  for (size_t i = 0; i < 5 && i < order.size(); ++i) {
    std::printf("  slow: %-24s %.2f ms, %llu matches\n", Join(queries[order[i]]).c_str(),
                exact[order[i]], static_cast<unsigned long long>(totals[order[i]]));
  }
  if (HasFlag(argc, argv, "--quick")) return 0;
  PrintLatency("casebook 1-3 keywords, top 10 (total estimated)",
               RunQueries(**searcher, queries, false, nullptr, false));
  PrintLatency("casebook ... + facets + snippets", RunQueries(**searcher, queries, true, nullptr));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // Figures appear as they are measured.
  const size_t n = static_cast<size_t>(IntArg(argc, argv, "--docs", 100000));
  const int threads = IntArg(argc, argv, "--threads", 2);
  const size_t query_count = static_cast<size_t>(IntArg(argc, argv, "--queries", 1000));
  std::filesystem::path work = std::filesystem::temp_directory_path() / "casebook-search-speed";
  for (int i = 1; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--keep")) work = argv[i + 1];
  }
  const bool reuse = HasFlag(argc, argv, "--reuse") && std::filesystem::exists(work / "index");
  if (!reuse) {
    std::filesystem::remove_all(work);
    std::filesystem::create_directories(work);
  }
  std::vector<Case> cases =
      RecombinedCases(bench::ReadAppeals(bench::CorpusDirFromArgs(argc, argv)), n);
  uint64_t input_bytes = 0;
  for (const Case& c : cases) input_bytes += c.title.size() + c.body.size();
  std::printf("corpus: %zu recombined appeal cases, %.1f MB of text\n", n, input_bytes / 1e6);

  auto store = CaseStore::Open(work / "store");
  if (!store.ok()) return 2;
  if (reuse) return QueriesOnly(**store, work, cases, query_count, argc, argv);
  auto t0 = Clock::now();
  bench::PutAllOrDie(store->get(), cases);
  double import_s = bench::MillisSince(t0) / 1000;
  search::SearchIndexOptions options;
  options.rebuild_threads = threads;
  options.rebuild_part_docs = static_cast<size_t>(
      IntArg(argc, argv, "--part-docs", static_cast<int>(options.rebuild_part_docs)));
  options.rebuild_merge_sources = static_cast<size_t>(
      IntArg(argc, argv, "--merge-sources", static_cast<int>(options.rebuild_merge_sources)));
  const bool catch_up = HasFlag(argc, argv, "--catch-up");
  if (HasFlag(argc, argv, "--no-bulk")) options.bulk_catch_up_changes = UINT64_MAX;
  if (HasFlag(argc, argv, "--no-analyse-ahead")) options.analyse_ahead = false;
  options.changes_per_commit = static_cast<size_t>(
      IntArg(argc, argv, "--changes-per-commit", static_cast<int>(options.changes_per_commit)));
  const double cpu0 = ProcessCpuSeconds();
  auto stats = catch_up ? IndexByCatchUp(**store, work / "index", options)
                        : search::RebuildIndex(**store, work / "index", options);
  const double index_cpu = ProcessCpuSeconds() - cpu0;
  if (!stats.ok()) {
    std::cerr << stats.status().ToString() << "\n";
    return 2;
  }
  std::printf("store import: %.0f docs/s (%.1f s)\n", n / import_s, import_s);
  std::printf("index (%s, %d threads): %.0f docs/s (%.1f s)\n",
              catch_up ? "SearchIndex::CatchUp" : "RebuildIndex", threads, n / stats->seconds,
              stats->seconds);
  if (stats->merge_seconds > 0) {
    std::printf("  of which merging the parts (one thread): %.1f s\n", stats->merge_seconds);
  }
  std::printf("import+index: %.0f docs/s; index CPU %.1f s = %.0f docs per CPU-second\n",
              n / (import_s + stats->seconds), index_cpu, n / index_cpu);
  std::printf("index size: %.1f MiB, %.2f bytes per input byte\n", stats->index_bytes / 1048576.0,
              static_cast<double>(stats->index_bytes) / input_bytes);
  if (HasFlag(argc, argv, "--index-only")) return 0;

  auto searcher = search::Searcher::Open(work / "index", store->get());
  if (!searcher.ok()) return 2;
  auto queries = KeywordQueries(cases, query_count, **searcher);
  std::vector<uint64_t> totals;
  RunQueries(**searcher, queries, false, nullptr);  // Warm the caches.
  auto plain = RunQueries(**searcher, queries, false, &totals);
  auto full = RunQueries(**searcher, queries, true, nullptr);
  PrintLatency("casebook 1-3 keywords, top 10 + exact total", plain);
  PrintLatency("casebook 1-3 keywords, top 10 (total estimated)",
               RunQueries(**searcher, queries, false, nullptr, false));
  PrintLatency("casebook ... + facets + snippets", full);

  Fts5Run fts = RunFts5(cases, queries, work / "fts5.db");
  std::printf(
      "FTS5 trigram index: %.0f docs/s (%.1f s; %.0f docs per CPU-second), %.1f MiB, "
      "%.2f bytes per input byte\n",
      n / fts.index_seconds, fts.index_seconds, n / fts.index_cpu_seconds, fts.bytes / 1048576.0,
      static_cast<double>(fts.bytes) / input_bytes);
  std::vector<double> ours_answered;
  for (size_t k : fts.answered) ours_answered.push_back(plain[k]);
  std::printf(
      "keywords of >= 3 characters only (%zu of %zu queries; FTS5 trigram finds nothing "
      "for 2-character keywords):\n",
      fts.answered.size(), queries.size());
  PrintLatency("  casebook", ours_answered);
  PrintLatency("  FTS5 trigram count(*) ... LIKE '%kw%'", fts.latencies_ms);
  size_t missed = 0, extra = 0;
  for (size_t k = 0; k < fts.reference.size(); ++k) {
    if (totals[k] < static_cast<uint64_t>(fts.reference[k])) ++missed;
    if (totals[k] > static_cast<uint64_t>(fts.reference[k])) ++extra;
  }
  std::printf(
      "match counts vs an exact substring scan (%zu queries): %zu with fewer matches "
      "(missed), %zu with more (Traditional/full-width forms found)\n",
      fts.reference.size(), missed, extra);
  std::printf(
      "ratios casebook/FTS5: index speed %.2fx (per CPU-second %.2fx), size %.2fx, "
      "p50 %.2fx, p99 %.2fx\n",
      fts.index_seconds / stats->seconds, fts.index_cpu_seconds / index_cpu,
      static_cast<double>(stats->index_bytes) / fts.bytes,
      Percentile(ours_answered, 0.5) / Percentile(fts.latencies_ms, 0.5),
      Percentile(ours_answered, 0.99) / Percentile(fts.latencies_ms, 0.99));
  return 0;
}
