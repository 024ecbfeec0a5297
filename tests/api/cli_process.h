// Runs the casebook binary as a separate process, as a person would, and
// captures its exit code, stdout and stderr.
#ifndef CASEBOOK_TESTS_API_CLI_PROCESS_H_
#define CASEBOOK_TESTS_API_CLI_PROCESS_H_

#include <string>
#include <vector>

namespace casebook::test {

// The built binary (build/api/casebook).
inline constexpr char kCasebookBinary[] = CASEBOOK_BINARY_DIR "/api/casebook";

struct ProcessResult {
  int exit_code = -1;  // -1 when it did not exit normally.
  std::string out, err;
};

// Runs `casebook args...` with no standard input; waits for it.
ProcessResult RunCasebook(const std::vector<std::string>& args);

// Starts `casebook args...` with no standard input, its stdout written to
// `out_path` and stderr to `err_path` (truncated); does not wait. Returns the
// child's pid (the caller reaps it with waitpid), -1 when fork failed.
int StartCasebook(const std::vector<std::string>& args, const std::string& out_path,
                  const std::string& err_path);

// `casebook serve --data DIR --listen 127.0.0.1:0` as a child process: started
// on construction (port() is 0 when it did not come up; log() says why),
// stopped with SIGTERM on destruction.
class ServeProcess {
 public:
  explicit ServeProcess(const std::string& data_dir, std::vector<std::string> extra_args = {});
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;
  int port() const { return port_; }
  std::string log() const;
  // Sends SIGTERM and waits; the exit code (-1 when killed by a signal).
  int Stop();
  // Sends SIGKILL and reaps the process: nothing of its shutdown runs (its
  // DIR/server.json stays; the store's and the index's locks go with it).
  void Kill();

 private:
  std::string log_path_;
  int pid_ = -1;
  int port_ = 0;
};

}  // namespace casebook::test

#endif  // CASEBOOK_TESTS_API_CLI_PROCESS_H_
