// http_load: the HTTP API under load. Builds (once) a data directory holding
// --cases demo cases, starts `casebook serve` on loopback, and for each
// connection count runs wrk (bench/http_load.lua) for --seconds while
// --import more cases are posted through the API's bulk import route.
// Prints req/s, p50/p99, wrk errors, writer errors, and the server's RSS.
//
// usage: http_load --casebook build/api/casebook [--data DIR] [--cases N]
//          [--import N] [--seconds S] [--connections 8,64] [--mode get|search]
//          [--threads T] [--port P] [--facets 0|1] [--keywords N] [--warmup S]
// --keywords N: search N distinct keywords (pieces of stored titles) instead
// of the script's 15 common words, so that most searches are new to the cache.
// --warmup S (default 5): search mode runs S unmeasured seconds first, as a
// server that has been up a while (its result cache holds recent searches).
// The import goes through POST /api/v1/cases (JSON Lines, 50 a request,
// paced over 80% of each run):
// the served store is locked against a second process such as casebook import.
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "api/cli/demo_generator.h"
#include "bench/served_demo.h"
#include "store/case_json.h"

namespace fs = std::filesystem;
using casebook::Case;

namespace {

struct LoadOptions {
  std::string casebook;  // Path of the casebook binary.
  fs::path data = "/tmp/casebook-http-load";
  int cases = 100000;  // Cases stored before the server starts.
  int import = 10000;  // Cases imported during each wrk run.
  int seconds = 30;    // Length of each wrk run.
  std::vector<int> connections = {8, 64};
  std::string mode = "get";  // wrk requests: get (dossiers) or search.
  std::string facets = "1";  // Search mode: 0 = searches skip facet counting.
  int threads = 80;          // Server workers (>= connections + writers).
  int port = 18080;
  std::string lua = CASEBOOK_SOURCE_DIR "/bench/http_load.lua";
  int warmup = 5;    // Search mode: seconds of unmeasured searches first (0 = none).
  int keywords = 0;  // Search mode: 0 = the script's 15 common words; N = N distinct keywords.
};

struct ImportResult {
  int ok = 0, errors = 0;
  double seconds = 0;
};

// POSTs cases[first, first+count) to /api/v1/cases in JSON Lines batches of
// `batch` cases over one connection, paced to last about 80% of the wrk run
// (so the searches meet the import throughout); a case counts as an error
// unless added.
ImportResult ImportOverHttp(const LoadOptions& o, const std::vector<Case>& all, int first,
                            int count, const std::string& run_tag, int batch = 50) {
  ImportResult result;
  auto start = std::chrono::steady_clock::now();
  double spread_seconds = 0.8 * o.seconds;
  httplib::Client c("127.0.0.1", o.port);
  c.set_keep_alive(true);
  c.set_read_timeout(60, 0);
  for (int i = first; i < first + count; i += batch) {
    int n = std::min(batch, first + count - i);
    std::string body;
    for (int k = i; k < i + n; ++k) {
      nlohmann::json j = casebook::CaseToJson(all[k]);
      j["id"] = all[k].id + "-" + run_tag;  // New ids on every run of the bench.
      body += j.dump() + "\n";
    }
    auto r = c.Post("/api/v1/cases", body, "application/x-ndjson");
    int added = 0;
    if (r && r->status == 200) added = nlohmann::json::parse(r->body).value("added", 0);
    result.ok += added;
    result.errors += n - added;
    auto due = start + std::chrono::duration<double>(spread_seconds * (i - first + n) / count);
    std::this_thread::sleep_until(due);
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

std::string RunWrk(const LoadOptions& o, int connections) {
  std::string words;
  if (o.keywords > 0) words = " CASEBOOK_WORDS=" + (o.data / "keywords.txt").string();
  std::string cmd = "CASEBOOK_FACETS=" + o.facets + words + " CASEBOOK_MODE=" + o.mode +
                    " CASEBOOK_IDS=" + (o.data / "ids.txt").string() + " wrk -t2 -c" +
                    std::to_string(connections) + " -d" + std::to_string(o.seconds) +
                    "s --timeout 5s --latency -s " + o.lua +
                    " http://127.0.0.1:" + std::to_string(o.port) + " 2>&1";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  while (p && std::fgets(buf, sizeof(buf), p)) out += buf;
  if (p) pclose(p);
  return out;
}

// The first number after `label` in wrk's output, with its unit word.
std::string After(const std::string& text, const std::string& label) {
  size_t at = text.find(label);
  if (at == std::string::npos) return "-";
  std::istringstream in(text.substr(at + label.size()));
  std::string v;
  in >> v;
  return v;
}

// The server's result-cache counters, from /metrics.
std::string CacheCounters(const LoadOptions& o) {
  httplib::Client c("127.0.0.1", o.port);
  auto r = c.Get("/metrics");
  if (!r || r->status != 200) return "-";
  std::string out;
  for (const char* outcome : {"level", "updated", "full"}) {
    const std::string label =
        std::string("casebook_search_cache_total{outcome=\"") + outcome + "\"}";
    out += std::string(out.empty() ? "" : " ") + outcome + " " + After(r->body, label);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  auto flags = casebook::bench::ParseFlags(argc, argv);
  LoadOptions o;
  o.casebook = flags.count("casebook") ? flags["casebook"] : CASEBOOK_BINARY_DIR "/api/casebook";
  if (flags.count("data")) o.data = flags["data"];
  if (flags.count("cases")) o.cases = std::stoi(flags["cases"]);
  if (flags.count("import")) o.import = std::stoi(flags["import"]);
  if (flags.count("seconds")) o.seconds = std::stoi(flags["seconds"]);
  if (flags.count("mode")) o.mode = flags["mode"];
  if (flags.count("facets")) o.facets = flags["facets"];
  if (flags.count("threads")) o.threads = std::stoi(flags["threads"]);
  if (flags.count("port")) o.port = std::stoi(flags["port"]);
  if (flags.count("keywords")) o.keywords = std::stoi(flags["keywords"]);
  if (flags.count("warmup")) o.warmup = std::stoi(flags["warmup"]);
  if (flags.count("connections")) {
    o.connections.clear();
    std::istringstream in(flags["connections"]);
    for (std::string n; std::getline(in, n, ',');) o.connections.push_back(std::stoi(n));
  }
  int total = o.cases + o.import * static_cast<int>(o.connections.size());
  casebook::DemoOptions demo;
  demo.count = total;
  std::vector<Case> all = casebook::GenerateDemoCases(demo);
  fs::create_directories(o.data);
  if (!casebook::bench::StoreDemoCases(o.data, all, o.cases)) return 2;
  {
    std::ofstream ids(o.data / "ids.txt");
    for (int i = 0; i < o.cases; ++i) ids << all[i].id << "\n";
  }
  if (o.mode == "search" && !casebook::bench::IndexIfAbsent(o.casebook, o.data)) return 2;
  if (o.keywords > 0) {
    std::ofstream out(o.data / "keywords.txt");
    for (const std::string& w : casebook::bench::TitleKeywords(all, o.cases, o.keywords)) {
      out << w << "\n";
    }
  }
  const casebook::bench::ServeChild child =
      casebook::bench::StartServe({o.casebook, o.data, o.port, o.threads});
  if (child.pid < 0) {
    std::cerr << "server did not start; see " << (o.data / "serve.log") << "\n";
    return 2;
  }
  const pid_t server = child.pid;
  o.port = child.port;
  std::printf(
      "mode %s (facets %s, %s), %d cases stored, server threads %d, wrk -t2, %d s per run\n",
      o.mode.c_str(), o.facets.c_str(),
      o.keywords > 0 ? (std::to_string(o.keywords) + " distinct keywords").c_str()
                     : "15 common keywords",
      o.cases, o.threads, o.seconds);
  if (o.mode == "search" && o.warmup > 0) {  // A server that has run a while: caches warm.
    LoadOptions warm = o;
    warm.seconds = o.warmup;
    RunWrk(warm, 8);
    std::printf("warm-up: %d s of the same searches before the measured runs\n", o.warmup);
  }
  int next = o.cases;
  std::string run_tag = "L" + std::to_string(std::time(nullptr));
  for (int conns : o.connections) {
    ImportResult imported;
    std::thread importer([&] { imported = ImportOverHttp(o, all, next, o.import, run_tag); });
    std::string out = RunWrk(o, conns);
    importer.join();
    next += o.import;
    std::printf(
        "c=%-3d req/s %s  p50 %s  p99 %s  non-2xx %s  socket errors: %s  | import %d ok, %d "
        "errors, %.1f s (%.0f cases/s)  | server RSS %ld MiB (peak %ld MiB)\n",
        conns, After(out, "Requests/sec:").c_str(), After(out, " 50%").c_str(),
        After(out, " 99%").c_str(),
        out.find("Non-2xx") == std::string::npos ? "0" : After(out, "responses:").c_str(),
        out.find("Socket errors") == std::string::npos
            ? "none"
            : out.substr(out.find("Socket errors"),
                         out.find('\n', out.find("Socket errors")) - out.find("Socket errors"))
                  .c_str(),
        imported.ok, imported.errors, imported.seconds, imported.ok / imported.seconds,
        casebook::bench::ProcStatusKb(server, "VmRSS") / 1024,
        casebook::bench::ProcStatusKb(server, "VmHWM") / 1024);
    if (o.mode == "search")
      std::printf("      result cache so far: %s\n", CacheCounters(o).c_str());
    std::fflush(stdout);
  }
  auto stop_start = std::chrono::steady_clock::now();
  const int exit_code = casebook::bench::StopServe(server);
  std::printf("SIGTERM -> exit %d in %.2f s\n", exit_code,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - stop_start).count());
  return 0;
}
