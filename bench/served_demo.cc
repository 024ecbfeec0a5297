#include "bench/served_demo.h"

#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "store/case_store.h"

namespace casebook::bench {

namespace fs = std::filesystem;

std::map<std::string, std::string> ParseFlags(int argc, char** argv) {
  std::map<std::string, std::string> flags;
  for (int i = 1; i + 1 < argc; i += 2) flags[std::string(argv[i]).substr(2)] = argv[i + 1];
  return flags;
}

bool StoreDemoCases(const fs::path& data, const std::vector<Case>& cases, int count) {
  StoreOptions so;
  so.sync = false;
  auto store = CaseStore::Open(data / "store", so);
  if (!store.ok()) {
    std::cerr << "cannot open store: " << store.status().ToString() << "\n";
    return false;
  }
  if ((*store)->CaseCount() >= static_cast<uint64_t>(count)) return true;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < count; i += 5000) {
    std::vector<Case> batch(cases.begin() + i, cases.begin() + std::min(count, i + 5000));
    auto put = (*store)->PutBatch(batch);
    if (!put.ok()) {
      std::cerr << "PutBatch: " << put.status().ToString() << "\n";
      return false;
    }
  }
  std::printf("built data dir: %d cases in %.1f s\n", count,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return true;
}

bool IndexIfAbsent(const std::string& casebook, const fs::path& data) {
  if (fs::exists(data / "index")) return true;
  auto start = std::chrono::steady_clock::now();
  std::string cmd = casebook + " reindex --data " + data.string() + " >/dev/null";
  if (std::system(cmd.c_str()) != 0) {
    std::cerr << "reindex failed: " << cmd << "\n";
    return false;
  }
  std::printf("built index: %.1f s\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return true;
}

std::vector<std::string> TitleKeywords(const std::vector<Case>& cases, int stored, int n) {
  std::set<std::string> words;
  std::mt19937 rng(11);
  for (int tries = 0; static_cast<int>(words.size()) < n && tries < 50 * n; ++tries) {
    const std::string& title = cases[rng() % stored].title;
    std::vector<size_t> starts;  // Byte offsets of the title's characters.
    for (size_t i = 0; i < title.size(); ++i) {
      if ((static_cast<unsigned char>(title[i]) & 0xC0) != 0x80) starts.push_back(i);
    }
    starts.push_back(title.size());
    const size_t len = 2 + rng() % 3;
    if (starts.size() < len + 4) continue;
    const size_t first = 2 + rng() % (starts.size() - len - 3);
    std::string w = title.substr(starts[first], starts[first + len] - starts[first]);
    bool cjk = true;  // Three-byte UTF-8 characters only: CJK, no punctuation.
    for (size_t k = first; k < first + len; ++k) {
      cjk = cjk && starts[k + 1] - starts[k] == 3 &&
            static_cast<unsigned char>(title[starts[k]]) >= 0xE4;
    }
    if (cjk) words.insert(w);
  }
  return {words.begin(), words.end()};
}

namespace {

// The port of "listening on http://127.0.0.1:PORT" in the log; 0 if absent.
int ListeningPort(const fs::path& log) {
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  // The space after the port: a line still being written can end mid-number.
  static const std::regex listening("listening on http://127\\.0\\.0\\.1:([0-9]+) ");
  std::smatch m;
  const std::string s = text.str();
  return std::regex_search(s, m, listening) ? std::stoi(m[1]) : 0;
}

}  // namespace

ServeChild StartServe(const ServeOptions& o) {
  const std::string log = (o.data / "serve.log").string();
  const std::string listen = "127.0.0.1:" + std::to_string(o.port);
  const std::string threads = std::to_string(o.threads);
  const std::string data = o.data.string();
  // Removed before the fork: the child's own truncation can come after the
  // first look below, which would then read an earlier server's port.
  fs::remove(log);
  ServeChild child;
  child.pid = fork();
  if (child.pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) dup2(fd, STDERR_FILENO);
    execl(o.casebook.c_str(), o.casebook.c_str(), "serve", "--data", data.c_str(), "--listen",
          listen.c_str(), "--threads", threads.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 12000 && child.pid > 0; ++i) {  // Up to 10 min of index catch-up.
    if (child.port == 0) child.port = ListeningPort(log);
    if (child.port != 0) {
      httplib::Client c("127.0.0.1", child.port);
      auto r = c.Get("/healthz");
      if (r && r->status == 200) return child;
    }
    int status = 0;
    if (waitpid(child.pid, &status, WNOHANG) == child.pid) {  // The server gave up.
      if (WIFSIGNALED(status))
        std::cerr << "casebook serve: killed by signal " << WTERMSIG(status) << "\n";
      if (WIFEXITED(status)) std::cerr << "casebook serve: exited " << WEXITSTATUS(status) << "\n";
      return {};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (child.pid > 0) {
    kill(child.pid, SIGKILL);
    waitpid(child.pid, nullptr, 0);
  }
  return {};
}

int StopServe(pid_t pid) {
  kill(pid, SIGTERM);
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

double ProcCpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return -1;
  // Fields after the command name, which is in parentheses and may hold spaces.
  std::istringstream rest(line.substr(line.rfind(')') + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) / sysconf(_SC_CLK_TCK);
}

long ProcStatusKb(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

}  // namespace casebook::bench
