// casebook serve: the HTTP API over a data directory, until SIGTERM/SIGINT.
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "api/cli/cli_args.h"
#include "api/cli/cli_commands.h"
#include "api/cli/cli_data_dir.h"
#include "api/http/http_server.h"
#include "api/review/data_dir_backup.h"
#include "api/review/index_catch_up_thread.h"

namespace casebook::cli {
namespace {

constexpr char kServeUsage[] =
    "usage: casebook serve [--data DIR] [--listen HOST:PORT] [--threads N] [--keys FILE]\n"
    "                      [--max-body-bytes N]\n"
    "  --listen   address to bind (default 127.0.0.1:8080); non-loopback needs keys\n"
    "  --threads  worker threads = connections served at once (default 64)\n"
    "  --keys     keys file of 'name scope token' lines (default DIR/keys if present)\n";

// Splits "HOST:PORT", "[v6]:PORT" or ":PORT". Errors: InvalidArgument.
Status ParseListen(const std::string& text, std::string* host, int* port) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos) return Status::InvalidArgument("--listen: expected HOST:PORT");
  std::string h = text.substr(0, colon), p = text.substr(colon + 1);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h.empty()) h = "127.0.0.1";
  char* end = nullptr;
  long v = std::strtol(p.c_str(), &end, 10);
  if (p.empty() || *end != '\0' || v < 0 || v > 65535) {
    return Status::InvalidArgument("--listen: port '" + p + "' is not in 0..65535");
  }
  *host = h;
  *port = static_cast<int>(v);
  return Status::Ok();
}

// Loads --keys, or DIR/keys when present; an empty ring when neither.
Result<api::KeyRing> LoadKeys(const Args& args) {
  std::filesystem::path file = args.Get("keys");
  if (file.empty()) {
    std::filesystem::path fallback = std::filesystem::path(args.DataDir()) / "keys";
    std::error_code ec;
    if (!std::filesystem::exists(fallback, ec)) return api::KeyRing();
    file = fallback;
  }
  // Tokens are secrets: say so when others on the machine can read them.
  std::error_code ec;
  const auto perms = std::filesystem::status(file, ec).permissions();
  using P = std::filesystem::perms;
  if (!ec &&
      (perms & (P::group_read | P::others_read | P::group_write | P::others_write)) != P::none) {
    std::cerr << "casebook serve: warning: the keys file " << file.string()
              << " can be read by other users; chmod 600 " << file.string() << "\n";
  }
  return api::KeyRing::Load(file);
}

// Raises the soft limit on open files towards the hard one (every waiting
// connection is a file); returns the limit in force.
size_t RaiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  const rlim_t wanted = std::min<rlim_t>(limit.rlim_max, 65536);
  if (limit.rlim_cur < wanted) {
    limit.rlim_cur = wanted;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) getrlimit(RLIMIT_NOFILE, &limit);
  }
  return static_cast<size_t>(limit.rlim_cur);
}

Result<api::HttpServerOptions> ServerOptions(const Args& args) {
  api::HttpServerOptions options;
  // Room for the store's and the index's files beside the connections.
  const size_t files = RaiseOpenFileLimit();
  options.max_waiting_connections =
      std::min(options.max_waiting_connections, files > 1024 ? files - 512 : files / 2);
  CASEBOOK_RETURN_IF_ERROR(
      ParseListen(args.Get("listen", "127.0.0.1:8080"), &options.host, &options.port));
  Result<long long> threads = args.GetInt("threads", 64, 1, 256);
  if (!threads.ok()) return threads.status();
  options.threads = static_cast<int>(*threads);
  Result<long long> body = args.GetInt("max-body-bytes", 8 << 20, 1024, 1LL << 30);
  if (!body.ok()) return body.status();
  options.max_body_bytes = static_cast<size_t>(*body);
  return options;
}

// The services over an open data directory, with the index hook wired.
api::Services ServicesFor(review::DataDir& dir, review::IndexCatchUpThread* indexer) {
  api::Services services;
  services.store = &dir.store();
  services.searcher = dir.searcher();
  search::SearchIndex* index = dir.index();
  services.bring_index_level = [indexer] { return indexer->BringLevel(); };
  services.indexed_sequence = [index] { return index->AppliedSequence(); };
  services.backup = [&dir, indexer](const std::string& to) -> Result<nlohmann::json> {
    auto report = review::BackupDataDir(dir, to, [indexer] { return indexer->BringLevel(); });
    if (!report.ok()) return report.status();
    return nlohmann::json{{"to", report->to.string()},
                          {"cases", report->cases},
                          {"last_sequence", report->last_sequence},
                          {"bytes", report->bytes}};
  };
  return services;
}

}  // namespace

int RunServe(const Argv& argv) {
  Result<Args> args =
      Args::Parse(argv, {{"data", "listen", "threads", "keys", "max-body-bytes"}, {}});
  if (!args.ok()) {
    std::cerr << args.status().message() << "\n" << kServeUsage;
    return kExitUsage;
  }
  Result<api::HttpServerOptions> options = ServerOptions(*args);
  Result<api::KeyRing> keys = LoadKeys(*args);
  for (const Status& s : {options.status(), keys.status()}) {
    if (!s.ok()) {
      std::cerr << "casebook serve: " << s.message() << "\n";
      return kExitUsage;
    }
  }
  // Block the stop signals before any thread starts (RocksDB's included), so
  // only the watcher below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  // The store, the index brought level (which may take a while after an
  // import) and a searcher whose result cache keeps repeated searches cheap.
  review::DataDirOptions dir_options;
  dir_options.create_if_missing = true;  // Serving a new directory: cases come by POST.
  dir_options.write_index = true;
  dir_options.open_searcher = true;
  dir_options.searcher.result_cache.max_entries = 256;
  std::unique_ptr<review::DataDir> dir = OpenDataDir("serve", *args, dir_options);
  if (!dir) return kExitUsage;
  auto indexer = std::make_unique<review::IndexCatchUpThread>(&dir->store(), dir->index());
  api::HttpServer server(ServicesFor(*dir, indexer.get()), std::move(*keys), *options);
  Status bound = server.Bind();
  if (!bound.ok()) {
    std::cerr << "casebook serve: " << bound.message() << "\n";
    return kExitUsage;
  }
  const std::string url = "http://" + options->host + ":" + std::to_string(server.port());
  Status recorded =
      review::DataDir::RecordServer(args->DataDir(), {url, static_cast<long>(getpid())});
  if (!recorded.ok()) std::cerr << "casebook serve: " << recorded.message() << "\n";
  std::cerr << "casebook serve: listening on http://" << options->host << ":" << server.port()
            << " (" << options->threads << " threads, " << dir->store().CaseCount()
            << " cases, index at sequence " << dir->index()->AppliedSequence() << ")\n";
  std::thread watcher([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    std::cerr << "casebook serve: " << (sig == SIGINT ? "SIGINT" : "SIGTERM")
              << ": finishing requests in flight\n";
    server.Stop();
  });
  Status ran = server.Run();
  pthread_kill(watcher.native_handle(), SIGTERM);  // Wakes the watcher if Run ended otherwise.
  watcher.join();
  // Every write route already committed the index (CatchUp commits); close
  // the indexer thread, then the data directory (searcher, index, store).
  indexer.reset();
  dir.reset();
  review::DataDir::ForgetServer(args->DataDir());
  std::cerr << "casebook serve: stopped\n";
  return ran.ok() ? kExitOk : kExitFailed;
}

}  // namespace casebook::cli
