// casebook serve: the HTTP API over a data directory, until SIGTERM/SIGINT.
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "api/cli_args.h"
#include "api/cli_commands.h"
#include "api/http_server.h"
#include "search/search_index.h"
#include "search/searcher.h"
#include "store/case_store.h"

namespace casebook::cli {
namespace {

constexpr char kServeUsage[] =
    "usage: casebook serve [--data DIR] [--listen HOST:PORT] [--threads N] [--keys FILE]\n"
    "                      [--max-body-bytes N]\n"
    "  --listen   address to bind (default 127.0.0.1:8080); non-loopback needs keys\n"
    "  --threads  worker threads (default 8)\n"
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
  return api::KeyRing::Load(file);
}

Result<api::HttpServerOptions> ServerOptions(const Args& args) {
  api::HttpServerOptions options;
  CASEBOOK_RETURN_IF_ERROR(
      ParseListen(args.Get("listen", "127.0.0.1:8080"), &options.host, &options.port));
  Result<long long> threads = args.GetInt("threads", 8, 1, 256);
  if (!threads.ok()) return threads.status();
  options.threads = static_cast<int>(*threads);
  Result<long long> body = args.GetInt("max-body-bytes", 8 << 20, 1024, 1LL << 30);
  if (!body.ok()) return body.status();
  options.max_body_bytes = static_cast<size_t>(*body);
  return options;
}

// What the server works on; members are destroyed searcher first, store last.
struct ServeContext {
  std::unique_ptr<CaseStore> store;
  std::unique_ptr<search::SearchIndex> index;
  std::unique_ptr<search::Searcher> searcher;
};

// Opens the store and the index, brings the index level (which may take a
// while after an import), and opens the searcher. Errors name the part.
Status OpenServeContext(const std::filesystem::path& data, ServeContext* ctx) {
  Result<std::unique_ptr<CaseStore>> store = CaseStore::Open(data / "store");
  if (!store.ok()) return Status(store.status()).WithContext("cannot open the store");
  ctx->store = std::move(*store);
  Result<search::SearchIndexOptions> index_options = search::IndexOptionsForDataDir(data);
  if (!index_options.ok()) return index_options.status();
  auto index = search::SearchIndex::Open(search::IndexDirOf(data), *index_options);
  if (!index.ok()) return Status(index.status()).WithContext("cannot open the index");
  ctx->index = std::move(*index);
  uint64_t behind = ctx->store->LastSequence() -
                    std::min(ctx->store->LastSequence(), ctx->index->AppliedSequence());
  if (behind > 0) {
    std::cerr << "casebook serve: bringing the index level (" << behind << " changes)...\n";
  }
  Result<uint64_t> applied = ctx->index->CatchUp(*ctx->store);
  if (!applied.ok()) return Status(applied.status()).WithContext("index catch-up failed");
  search::SearcherOptions searcher_options;
  searcher_options.analyzer = index_options->analyzer;
  searcher_options.result_cache.max_entries = 256;  // Repeated searches stay cheap and exact.
  auto searcher =
      search::Searcher::Open(search::IndexDirOf(data), ctx->store.get(), searcher_options);
  if (!searcher.ok()) return Status(searcher.status()).WithContext("cannot open the searcher");
  ctx->searcher = std::move(*searcher);
  return Status::Ok();
}

// The services over an open context, with the index hook wired.
api::Services ServicesFor(const ServeContext& ctx) {
  api::Services services;
  services.store = ctx.store.get();
  services.searcher = ctx.searcher.get();
  CaseStore* store = ctx.store.get();
  search::SearchIndex* index = ctx.index.get();
  services.bring_index_level = [store, index] { return index->CatchUp(*store).status(); };
  services.indexed_sequence = [index] { return index->AppliedSequence(); };
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

  ServeContext ctx;
  Status opened = OpenServeContext(args->DataDir(), &ctx);
  if (!opened.ok()) {
    std::cerr << "casebook serve: " << opened.message() << "\n";
    return kExitUsage;
  }
  api::HttpServer server(ServicesFor(ctx), std::move(*keys), *options);
  Status bound = server.Bind();
  if (!bound.ok()) {
    std::cerr << "casebook serve: " << bound.message() << "\n";
    return kExitUsage;
  }
  std::cerr << "casebook serve: listening on http://" << options->host << ":" << server.port()
            << " (" << options->threads << " threads, " << ctx.store->CaseCount()
            << " cases, index at sequence " << ctx.index->AppliedSequence() << ")\n";
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
  // the searcher, then the index, then the store.
  ctx.searcher.reset();
  ctx.index.reset();
  ctx.store.reset();
  std::cerr << "casebook serve: stopped\n";
  return ran.ok() ? kExitOk : kExitFailed;
}

}  // namespace casebook::cli
