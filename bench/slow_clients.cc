// slow_clients: what slow and idle connections cost everyone else. Serves
// --cases demo cases in-process (a real HttpServer on loopback, --threads
// workers), then for each count in --slow (e.g. 0,50,500,2000) opens that
// many connections that send their headers a line every second (slowloris)
// plus as many idle keep-alive connections, and meanwhile times --requests
// dossier GETs (one keep-alive client) and /healthz (a new connection each
// time). Prints p50/p99/max of each, the connections waiting in the header
// gate, and how many slow ones were answered instead (503 over the
// per-address cap — all of them come from 127.0.0.1 — or 408).
//
// usage: slow_clients [--cases N] [--threads T] [--slow 0,50,500,2000]
//          [--requests N]
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "api/cli/demo_generator.h"
#include "api/http/http_server.h"
#include "api/review/data_dir.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

int Connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

struct Figures {
  double p50 = 0, p99 = 0, max = 0;
  int failed = 0;
};

Figures Time(httplib::Client& client, const std::vector<std::string>& paths) {
  std::vector<double> ms;
  Figures f;
  for (const std::string& path : paths) {
    const auto t0 = Clock::now();
    auto r = client.Get(path.c_str());
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (!r || r->status != 200) ++f.failed;
  }
  std::sort(ms.begin(), ms.end());
  f.p50 = ms[ms.size() / 2];
  f.p99 = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  f.max = ms.back();
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> flags;
  for (int i = 1; i + 1 < argc; i += 2) flags[std::string(argv[i]).substr(2)] = argv[i + 1];
  const int cases = flags.count("cases") ? std::stoi(flags["cases"]) : 2000;
  const int threads = flags.count("threads") ? std::stoi(flags["threads"]) : 64;
  const int requests = flags.count("requests") ? std::stoi(flags["requests"]) : 500;
  std::vector<int> slow_counts;
  std::istringstream in(flags.count("slow") ? flags["slow"] : "0,50,500,2000");
  for (std::string n; std::getline(in, n, ',');) slow_counts.push_back(std::stoi(n));

  const fs::path dir =
      fs::temp_directory_path() / ("casebook-slow-clients-" + std::to_string(::getpid()));
  casebook::review::DataDirOptions dir_options;
  dir_options.create_if_missing = true;
  dir_options.write_index = true;
  dir_options.open_searcher = true;
  auto data = casebook::review::DataDir::Open(dir, dir_options);
  if (!data.ok()) {
    std::fprintf(stderr, "cannot open %s: %s\n", dir.c_str(), data.status().ToString().c_str());
    return 2;
  }
  casebook::DemoOptions demo;
  demo.count = cases;
  std::vector<casebook::Case> all = casebook::GenerateDemoCases(demo);
  if (auto put = (*data)->store().PutBatch(all); !put.ok()) {
    std::fprintf(stderr, "PutBatch: %s\n", put.status().ToString().c_str());
    return 2;
  }
  casebook::api::Services services;
  services.store = &(*data)->store();
  services.searcher = (*data)->searcher();
  casebook::api::HttpServerOptions options;
  options.port = 0;
  options.threads = threads;
  options.log_line = [](const std::string&) {};
  casebook::api::HttpServer server(services, {}, options);
  if (!server.Bind().ok()) return 2;
  std::thread runner([&] { server.Run(); });
  while (!server.IsRunning()) std::this_thread::sleep_for(std::chrono::milliseconds(5));

  std::vector<std::string> dossiers, health(requests, "/healthz");
  for (int i = 0; i < requests; ++i) {
    dossiers.push_back("/api/v1/cases/" + all[static_cast<size_t>(i) % all.size()].id);
  }
  std::printf("slow_clients: %d cases, %d workers, %d timed requests of each kind\n", cases,
              threads, requests);
  for (int slow : slow_counts) {
    std::vector<int> fds;
    std::vector<std::unique_ptr<httplib::Client>> idle;
    for (int i = 0; i < slow; ++i) {
      int fd = Connect(server.port());
      if (fd < 0) break;
      const char start[] = "GET /api/v1/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n";
      (void)!::send(fd, start, sizeof start - 1, MSG_NOSIGNAL);
      fds.push_back(fd);
      idle.push_back(std::make_unique<httplib::Client>("127.0.0.1", server.port()));
      idle.back()->set_keep_alive(true);
      idle.back()->Get("/healthz");  // Now open and idle.
    }
    std::atomic<bool> drip{true};
    std::thread dripper([&] {
      for (int n = 0; drip; ++n) {
        for (int fd : fds) {
          std::string line = "X-Drip-" + std::to_string(n) + ": 1\r\n";
          (void)!::send(fd, line.data(), line.size(), MSG_NOSIGNAL);
        }
        for (int i = 0; i < 10 && drip; ++i)
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
    httplib::Client client("127.0.0.1", server.port());
    client.set_keep_alive(true);
    Figures get = Time(client, dossiers);
    httplib::Client fresh("127.0.0.1", server.port());  // A new connection each time.
    Figures hz = Time(fresh, health);
    drip = false;
    dripper.join();
    int refused = 0;  // Answered 503 (over the per-address cap) or 408.
    for (int fd : fds) {
      char head[16] = {0};
      if (::recv(fd, head, sizeof head - 1, MSG_DONTWAIT | MSG_PEEK) > 0) ++refused;
    }
    std::printf(
        "slow %5d + idle %5d  (waiting in the gate: %5zu, slow ones refused: %5d)  dossier GET p50 "
        "%.2f ms p99 %.2f "
        "ms max %.1f ms  |  /healthz p50 %.2f ms p99 %.2f ms max %.1f ms  |  failed %d\n",
        static_cast<int>(fds.size()), static_cast<int>(idle.size()), server.waiting_connections(),
        refused, get.p50, get.p99, get.max, hz.p50, hz.p99, hz.max, get.failed + hz.failed);
    std::fflush(stdout);
    for (int fd : fds) ::close(fd);
    for (auto& c : idle) c->stop();
  }
  server.Stop();
  runner.join();
  data->reset();
  fs::remove_all(dir);
  return 0;
}
