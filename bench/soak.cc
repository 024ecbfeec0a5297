// soak: a bounded soak of a running `casebook serve`. Builds a data
// directory of --cases demo cases (or reuses --data DIR), starts the server
// on loopback and drives it for --seconds with a mixed load from --clients
// threads, each on one keep-alive connection:
//   70% GET /api/v1/cases/{id}
//   15% GET /api/v1/search?q=... (half a few common words the result cache
//       keeps, half distinct pieces of stored titles, mostly new to it)
//   10% PUT /api/v1/cases/{id}: the GET that gives the case and its ETag
//       (counted among the GETs), then the case with its title changed, with
//       If-Match; a 412 (another writer came first) is counted, not an error
//    5% PATCH /api/v1/cases/{id}: a merge patch of its tags, no If-Match (a
//       409, five read-modify-writes lost to other writers, is counted too)
// Writes go to a hot set of 100 cases half the time, so writers meet. One
// more connection creates --new-per-second new cases each second
// (POST /api/v1/cases, JSON Lines), so the store grows.
// It prints a line every --report seconds (default a tenth of the run, at
// most 60 s) and at the end totals per kind and the server's memory, with
// what bounds it. Exit code 1 when any request got a 5xx, no answer or a 4xx
// other than those lost races, or the server did not stop cleanly (a
// temporary data directory is then kept); 2 when it could not start.
//
// usage: soak [--casebook PATH] [--data DIR] [--cases 20000] [--seconds 600]
//          [--clients 8] [--threads 64] [--port 0] [--new-per-second 10]
//          [--rate 0] [--report S] [--keywords 2000] [--key TOKEN]
// --data DIR: reuse (and grow) DIR; without it a fresh directory under /tmp,
// removed at the end. --rate R: at most R operations/s over all clients (a
// PUT is two requests; 0 = each client sends as soon as it has its answer).
#include <httplib.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "api/cli/demo_generator.h"
#include "bench/served_demo.h"
#include "bench/soak_memory.h"
#include "bench/soak_recorder.h"
#include "store/case_json.h"

namespace fs = std::filesystem;
using casebook::Case;
using casebook::bench::SoakFigures;
using casebook::bench::SoakKind;
using casebook::bench::SoakOutcome;
using casebook::bench::SoakRecorder;
using Clock = std::chrono::steady_clock;

namespace {

struct SoakOptions {
  std::string casebook = CASEBOOK_BINARY_DIR "/api/casebook";
  fs::path data;            // Empty: a fresh directory under /tmp, removed at the end.
  int cases = 20000;        // Demo cases stored before the server starts.
  int seconds = 600;        // Length of the run.
  int clients = 8;          // Client threads, one keep-alive connection each.
  int threads = 64;         // Server worker threads.
  int port = 0;             // 0 = any free port.
  int new_per_second = 10;  // Cases created each second through the bulk route.
  int rate = 0;             // Requests/s over all clients; 0 = closed loop.
  int report = 0;           // Seconds between lines; 0 = a tenth of the run, at most 60.
  int keywords = 2000;      // Distinct search words taken from stored titles.
  std::string key;          // X-API-Key, when the data directory has keys.
};

// Repeated searches: words a clerk types again and again (the cache keeps them).
const std::vector<std::string> kCommonWords = {
    "垃圾分类", "停车", "养老", "加装电梯", "公交",     "学校", "河道",    "社区医院",
    "菜市场",   "路灯", "绿化", "消防通道", "老旧小区", "噪音", "非机动车"};
constexpr size_t kHotCases = 100;  // Writes go to the first 100 ids half the time.

// The ids the clients pick from: the stored demo cases, then the created ones.
// Thread-safe.
class IdPool {
 public:
  explicit IdPool(std::vector<std::string> ids) : ids_(std::move(ids)) {}
  void Add(const std::vector<std::string>& more) {
    std::lock_guard<std::mutex> lock(mu_);
    ids_.insert(ids_.end(), more.begin(), more.end());
  }
  std::string Pick(std::mt19937& rng, bool hot) {
    std::lock_guard<std::mutex> lock(mu_);
    const size_t n = hot ? std::min(kHotCases, ids_.size()) : ids_.size();
    return ids_[rng() % n];
  }

 private:
  std::mutex mu_;
  std::vector<std::string> ids_;
};

std::string UrlEncode(const std::string& s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

// What the clients share.
struct SoakRun {
  const SoakOptions& options;
  int port;
  IdPool& ids;
  const std::vector<std::string>& keywords;
  SoakRecorder& recorder;
  std::atomic<bool> stop{false};
};

std::unique_ptr<httplib::Client> Connect(const SoakRun& run) {
  auto c = std::make_unique<httplib::Client>("127.0.0.1", run.port);
  c->set_keep_alive(true);
  c->set_connection_timeout(5, 0);
  c->set_read_timeout(60, 0);  // A write waits for the index; a minute is a failure.
  if (!run.options.key.empty()) c->set_default_headers({{"X-API-Key", run.options.key}});
  return c;
}

// Records one request's answer; returns true on a 2xx. `race_status`: the
// status that means another writer came first (412 under If-Match, 409 for
// a PATCH), 0 for none.
bool Record(SoakRun& run, SoakKind kind, Clock::time_point start, const httplib::Result& r,
            int race_status = 0) {
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  SoakOutcome outcome = SoakOutcome::kOk;
  if (!r) {
    outcome = SoakOutcome::kTransportError;
  } else if (race_status != 0 && r->status == race_status) {
    outcome = SoakOutcome::kLostRace;
  } else if (r->status >= 500) {
    outcome = SoakOutcome::kServerError;
  } else if (r->status < 200 || r->status > 299) {
    outcome = SoakOutcome::kClientError;
  }
  run.recorder.Record(kind, ms, outcome);
  if (outcome == SoakOutcome::kTransportError) {
    run.recorder.NoteFailure(std::string(casebook::bench::kSoakKindNames[size_t(kind)]) +
                             ": no answer (" + httplib::to_string(r.error()) + ")");
  } else if (outcome != SoakOutcome::kOk && outcome != SoakOutcome::kLostRace) {
    run.recorder.NoteFailure(std::string(casebook::bench::kSoakKindNames[size_t(kind)]) + ": " +
                             std::to_string(r->status) + " " + r->body.substr(0, 200));
  }
  return outcome == SoakOutcome::kOk;
}

// GET of the case, then PUT of it with a new title and If-Match of its ETag.
void PutOne(SoakRun& run, httplib::Client& c, const std::string& path, int n) {
  auto start = Clock::now();
  auto got = c.Get(path.c_str());
  if (!Record(run, SoakKind::kGet, start, got)) return;
  nlohmann::json doc = nlohmann::json::parse(got->body, nullptr, false)["case"];
  if (!doc.is_object()) return;
  std::string title = doc.value("title", "");
  title = title.substr(0, title.find(" [soak ")) + " [soak " + std::to_string(n) + "]";
  doc["title"] = title;
  start = Clock::now();
  auto put = c.Put(path.c_str(), {{"If-Match", got->get_header_value("ETag")}}, doc.dump(),
                   "application/json");
  Record(run, SoakKind::kPut, start, put, 412);
}

// One client thread: the mix, until run.stop.
void Client(SoakRun& run, int index) {
  std::mt19937 rng(1000 + index);
  std::unique_ptr<httplib::Client> c = Connect(run);
  const auto pause =
      run.options.rate > 0
          ? std::chrono::duration<double>(double(run.options.clients) / run.options.rate)
          : std::chrono::duration<double>(0);
  auto due = Clock::now();
  for (int n = 0; !run.stop; ++n) {
    if (run.options.rate > 0) {
      due += std::chrono::duration_cast<Clock::duration>(pause);
      if (due < Clock::now() - std::chrono::seconds(1)) due = Clock::now();  // No bursts.
      std::this_thread::sleep_until(due);
    }
    const int pick = static_cast<int>(rng() % 100);
    const bool write = pick >= 85;
    const std::string path = "/api/v1/cases/" + run.ids.Pick(rng, write && rng() % 2 == 0);
    auto start = Clock::now();
    if (pick < 70) {
      Record(run, SoakKind::kGet, start, c->Get(path.c_str()));
    } else if (pick < 85) {
      const std::string& word = rng() % 2 == 0 ? kCommonWords[rng() % kCommonWords.size()]
                                               : run.keywords[rng() % run.keywords.size()];
      const std::string url = "/api/v1/search?q=" + UrlEncode(word) + "&limit=10";
      Record(run, SoakKind::kSearch, start, c->Get(url.c_str()));
    } else if (pick < 95) {
      PutOne(run, *c, path, n);
    } else {
      const nlohmann::json patch = {{"tags", {"soak", "soak-" + std::to_string(n % 50)}}};
      Record(run, SoakKind::kPatch, start,
             c->Patch(path.c_str(), patch.dump(), "application/merge-patch+json"), 409);
    }
  }
}

// The creating connection: each second, the next new_per_second cases of
// `fresh` (ids made unique to this run) in one bulk POST.
void Creator(SoakRun& run, const std::vector<Case>& fresh, const std::string& tag) {
  std::unique_ptr<httplib::Client> c = Connect(run);
  auto due = Clock::now();
  for (size_t next = 0; !run.stop && next < fresh.size();) {
    due += std::chrono::seconds(1);
    std::this_thread::sleep_until(due);
    std::string body;
    std::vector<std::string> ids;
    for (int k = 0; k < run.options.new_per_second && next < fresh.size(); ++k, ++next) {
      nlohmann::json j = casebook::CaseToJson(fresh[next]);
      j["id"] = fresh[next].id + "-" + tag;
      ids.push_back(j["id"]);
      body += j.dump() + "\n";
    }
    const auto start = Clock::now();
    auto r = c->Post("/api/v1/cases", body, "application/x-ndjson");
    if (!Record(run, SoakKind::kCreate, start, r)) continue;
    const int added = nlohmann::json::parse(r->body, nullptr, false).value("added", 0);
    if (added != static_cast<int>(ids.size())) {
      run.recorder.NoteFailure("bulk POST: " + std::to_string(added) + " of " +
                               std::to_string(ids.size()) + " added: " + r->body.substr(0, 200));
    }
    run.ids.Add(ids);
  }
}

// {cases, index lag} from /healthz; -1s when it does not answer.
std::pair<long, long> Health(const SoakRun& run) {
  httplib::Client c("127.0.0.1", run.port);
  c.set_read_timeout(10, 0);
  auto r = c.Get("/healthz");
  if (!r || r->status != 200) return {-1, -1};
  const nlohmann::json j = nlohmann::json::parse(r->body, nullptr, false);
  if (!j.is_object()) return {-1, -1};
  return {j.value("cases", -1L), j.contains("index") ? j["index"].value("lag", -1L) : -1L};
}

SoakOptions ParseOptions(int argc, char** argv) {
  auto flags = casebook::bench::ParseFlags(argc, argv);
  SoakOptions o;
  auto number = [&flags](const char* name, int* out) {
    if (flags.count(name)) *out = std::stoi(flags[name]);
  };
  if (flags.count("casebook")) o.casebook = flags["casebook"];
  if (flags.count("data")) o.data = flags["data"];
  if (flags.count("key")) o.key = flags["key"];
  number("cases", &o.cases);
  number("seconds", &o.seconds);
  number("clients", &o.clients);
  number("threads", &o.threads);
  number("port", &o.port);
  number("new-per-second", &o.new_per_second);
  number("rate", &o.rate);
  number("report", &o.report);
  number("keywords", &o.keywords);
  if (o.report <= 0) o.report = std::max(1, std::min(60, o.seconds / 10));
  return o;
}

// Prints the totals per kind and the first failures; returns the requests
// that failed the run: a 5xx, no answer, or a 4xx other than a lost race.
uint64_t PrintTotals(const SoakRecorder& recorder, double seconds) {
  std::printf("\n%-10s %9s %8s %9s %9s %9s %6s %6s\n", "kind", "requests", "req/s", "p50 ms",
              "p99 ms", "max ms", "races", "errors");
  uint64_t all = 0, server = 0, transport = 0, client = 0;
  for (size_t k = 0; k < casebook::bench::kSoakKindNames.size(); ++k) {
    SoakFigures f = recorder.Total(static_cast<SoakKind>(k));
    all += f.count();
    server += f.outcome(SoakOutcome::kServerError);
    transport += f.outcome(SoakOutcome::kTransportError);
    client += f.outcome(SoakOutcome::kClientError);
    std::printf("%-10s %9lu %8.1f %9.2f %9.2f %9.1f %6lu %6lu\n",
                casebook::bench::kSoakKindNames[k], static_cast<unsigned long>(f.count()),
                f.count() / seconds, f.Quantile(0.5), f.Quantile(0.99), f.Quantile(1.0),
                static_cast<unsigned long>(f.outcome(SoakOutcome::kLostRace)),
                static_cast<unsigned long>(f.errors()));
  }
  std::printf("%-10s %9lu %8.1f\n", "all", static_cast<unsigned long>(all), all / seconds);
  std::printf("failed requests: %lu with a 5xx, %lu with no answer, %lu with another 4xx\n",
              static_cast<unsigned long>(server), static_cast<unsigned long>(transport),
              static_cast<unsigned long>(client));
  for (const std::string& failure : recorder.failures()) {
    std::printf("  failed: %s\n", failure.c_str());
  }
  return server + transport + client;
}

// Runs the clients and the creator for o.seconds, printing a line each
// o.report seconds; returns the seconds it ran.
double RunLoad(SoakRun& run, const std::vector<Case>& fresh,
               casebook::bench::MemoryReport* memory) {
  const SoakOptions& o = run.options;
  std::printf("%8s %9s %9s %9s %7s %5s %8s %8s %9s %9s\n", "elapsed", "req/s", "p50 ms", "p99 ms",
              "errors", "races", "RSS MiB", "WAL MiB", "cases", "index lag");
  std::fflush(stdout);
  const auto start = Clock::now();
  const std::string tag = "S" + std::to_string(std::time(nullptr));
  std::vector<std::thread> threads;
  for (int i = 0; i < o.clients; ++i) threads.emplace_back(Client, std::ref(run), i);
  threads.emplace_back(Creator, std::ref(run), std::cref(fresh), std::cref(tag));
  for (int at = o.report; at - o.report < o.seconds; at += o.report) {
    const int until = std::min(at, o.seconds);
    std::this_thread::sleep_until(start + std::chrono::seconds(until));
    const double span = o.report - (at - until);
    SoakFigures f = run.recorder.TakeInterval();
    const long rss = memory->Sample();
    const auto h = Health(run);
    std::printf("%7ds %9.1f %9.2f %9.2f %7lu %5lu %8ld %8.1f %9ld %9ld\n", until, f.count() / span,
                f.Quantile(0.5), f.Quantile(0.99), static_cast<unsigned long>(f.errors()),
                static_cast<unsigned long>(f.outcome(SoakOutcome::kLostRace)), rss / 1024,
                casebook::bench::WalBytes(o.data) / 1048576.0, h.first, h.second);
    std::fflush(stdout);
  }
  run.stop = true;
  for (auto& t : threads) t.join();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  SoakOptions o = ParseOptions(argc, argv);
  const bool temporary = o.data.empty();
  if (temporary) {
    char dir[] = "/tmp/casebook-soak-XXXXXX";
    if (mkdtemp(dir) == nullptr) return 2;
    o.data = dir;
  }
  fs::create_directories(o.data);
  casebook::DemoOptions demo;
  demo.count = o.cases + o.seconds * o.new_per_second;
  const std::vector<Case> all = casebook::GenerateDemoCases(demo);
  if (!casebook::bench::StoreDemoCases(o.data, all, o.cases)) return 2;
  if (!casebook::bench::IndexIfAbsent(o.casebook, o.data)) return 2;
  std::vector<std::string> stored_ids;
  for (int i = 0; i < o.cases; ++i) stored_ids.push_back(all[i].id);
  IdPool ids(std::move(stored_ids));
  const std::vector<std::string> keywords =
      casebook::bench::TitleKeywords(all, o.cases, o.keywords);
  const std::vector<Case> fresh(all.begin() + o.cases, all.end());

  const casebook::bench::ServeChild server =
      casebook::bench::StartServe({o.casebook, o.data, o.port, o.threads});
  if (server.pid < 0) {
    std::cerr << "soak: the server did not start; see " << (o.data / "serve.log") << "\n";
    return 2;
  }
  SoakRecorder recorder;
  SoakRun run{o, server.port, ids, keywords, recorder};
  casebook::bench::MemoryReport memory(server.pid, o.data);
  std::printf(
      "soak: %ld cases, %d s, %d clients (%s), %d new cases/s, server threads %d, "
      "server RSS %.0f MiB\n",
      Health(run).first, o.seconds, o.clients,
      o.rate > 0 ? ("at most " + std::to_string(o.rate) + " req/s").c_str() : "closed loop",
      o.new_per_second, o.threads, memory.start_kb() / 1024.0);
  const double seconds = RunLoad(run, fresh, &memory);
  const uint64_t failed = PrintTotals(recorder, seconds);
  std::printf("\n%s", memory.Explain(Health(run).first, o.threads).c_str());
  const auto stop_start = Clock::now();
  const int exit_code = casebook::bench::StopServe(server.pid);
  std::printf("\nSIGTERM -> exit %d in %.2f s\n", exit_code,
              std::chrono::duration<double>(Clock::now() - stop_start).count());
  if (failed > 0 || exit_code != 0) {
    std::printf(
        "FAILED: %lu failed requests%s; the server's log: %s\n", static_cast<unsigned long>(failed),
        exit_code != 0 ? ", the server did not stop cleanly" : "", (o.data / "serve.log").c_str());
    return 1;
  }
  if (temporary) fs::remove_all(o.data);
  return 0;
}
