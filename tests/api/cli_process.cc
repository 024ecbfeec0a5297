#include "api/cli_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <thread>

#include "test_util.h"

namespace casebook::test {

int StartCasebook(const std::vector<std::string>& args, const std::string& out_path,
                  const std::string& err_path) {
  std::vector<std::string> words = {kCasebookBinary};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec (tests are threaded).
    int in = open("/dev/null", O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) _exit(126);
    dup2(in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

ProcessResult RunCasebook(const std::vector<std::string>& args) {
  ScopedTempDir dir;
  const std::string out_path = (dir / "out").string(), err_path = (dir / "err").string();
  ProcessResult r;
  const pid_t pid = StartCasebook(args, out_path, err_path);
  int status = 0;
  if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status);
  }
  r.out = ReadFile(out_path);
  r.err = ReadFile(err_path);
  return r;
}

ServeProcess::ServeProcess(const std::string& data_dir, std::vector<std::string> extra_args) {
  log_path_ = data_dir + ".serve.log";
  std::vector<std::string> words = {kCasebookBinary, "serve",       "--data",    data_dir,
                                    "--listen",      "127.0.0.1:0", "--threads", "4"};
  words.insert(words.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  // Emptied here, not only in the child: a restart on the same directory
  // must not read the previous run's "listening on" line.
  WriteFile(log_path_, "");
  pid_ = fork();
  if (pid_ == 0) {
    int in = open("/dev/null", O_RDONLY);
    int fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || fd < 0) _exit(126);
    dup2(in, STDIN_FILENO);
    dup2(fd, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  const std::regex listening("listening on http://127\\.0\\.0\\.1:([0-9]+)");
  for (int i = 0; i < 1000 && pid_ > 0; ++i) {
    std::smatch m;
    const std::string text = log();
    if (std::regex_search(text, m, listening)) {
      port_ = std::stoi(m[1]);
      return;
    }
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {  // It exited: say why in log().
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

ServeProcess::~ServeProcess() { Stop(); }

std::string ServeProcess::log() const { return ReadFile(log_path_); }

int ServeProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  const int pid = pid_;
  pid_ = -1;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

void ServeProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

}  // namespace casebook::test
