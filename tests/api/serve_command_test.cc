// `casebook serve` as a process: it answers, and a real SIGTERM while
// requests run lets them finish and exits 0.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "test_util.h"

namespace casebook::test {
namespace {

const char kCasebook[] = CASEBOOK_BINARY_DIR "/api/casebook";

// Waits for "listening on http://127.0.0.1:PORT" in the log; -1 on timeout.
int WaitForPort(const std::filesystem::path& log) {
  std::regex listening("listening on http://127\\.0\\.0\\.1:([0-9]+)");
  for (int i = 0; i < 400; ++i) {
    std::smatch m;
    std::string text = ReadFile(log);
    if (std::regex_search(text, m, listening)) return std::stoi(m[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

TEST(ServeCommandTest, SigtermWhileRequestsRunExitsCleanly) {
  if (!std::filesystem::exists(kCasebook)) GTEST_SKIP() << "build the casebook binary first";
  ScopedTempDir dir;
  std::filesystem::path log = dir / "serve.log";
  std::string log_path = log.string();
  std::string data = (dir / "data").string();
  pid_t pid = fork();
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec (the test is threaded).
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) dup2(fd, STDERR_FILENO);
    execl(kCasebook, kCasebook, "serve", "--data", data.c_str(), "--listen", "127.0.0.1:0",
          "--threads", "4", static_cast<char*>(nullptr));
    _exit(127);
  }
  int port = WaitForPort(log);
  ASSERT_GT(port, 0) << ReadFile(log);
  std::atomic<bool> go{true};
  std::atomic<int> served{0}, bad{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 3; ++i) {
    clients.emplace_back([&, i] {
      httplib::Client c("127.0.0.1", port);
      for (int n = 0; go; ++n) {
        std::string id = "T" + std::to_string(i) + "-" + std::to_string(n);
        std::string body = "{\"title\": \"关于增加社区健身设施的建议\", \"year\": 2023}";
        auto r = c.Put(("/api/v1/cases/" + id).c_str(), body, "application/json");
        if (!r) break;
        (r->status == 201) ? ++served : ++bad;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  go = false;
  for (auto& t : clients) t.join();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << ReadFile(log);
  EXPECT_GT(served, 0);
  EXPECT_EQ(bad, 0);
  std::string text = ReadFile(log);
  EXPECT_NE(text.find("SIGTERM: finishing requests in flight"), std::string::npos) << text;
  EXPECT_NE(text.find("casebook serve: stopped"), std::string::npos) << text;
}

}  // namespace
}  // namespace casebook::test
