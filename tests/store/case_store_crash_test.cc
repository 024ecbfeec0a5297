// A child process writes cases and reports each acknowledged write through a
// pipe; the parent kills it with SIGKILL mid-stream and checks that every
// acknowledged case survives reopening.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "store/case_store.h"
#include "test_util.h"

namespace casebook {
namespace {

[[noreturn]] void WriteForever(const std::filesystem::path& dir, int fd) {
  auto store = CaseStore::Open(dir);
  if (!store.ok()) _exit(3);
  for (int i = 0;; ++i) {
    Case c = test::SampleCase("k-" + std::to_string(i));
    c.body += std::string(i % 7, 'x');
    bool batch = i % 3 == 0;
    Status s = batch ? (*store)->PutBatch({c}).status() : (*store)->Put(c).status();
    if (!s.ok()) _exit(4);
    uint32_t n = static_cast<uint32_t>(i);
    if (write(fd, &n, sizeof n) != sizeof n) _exit(5);
  }
}

TEST(CaseStoreCrashTest, SigkillLosesNoAcknowledgedWrite) {
  test::ScopedTempDir dir;
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    WriteForever(dir / "store", fds[1]);
  }
  close(fds[1]);
  std::vector<uint32_t> acked;
  uint32_t n;
  while (acked.size() < 300 && read(fds[0], &n, sizeof n) == sizeof n) acked.push_back(n);
  kill(pid, SIGKILL);
  // Drain acknowledgements that were already in the pipe when the child died.
  while (read(fds[0], &n, sizeof n) == sizeof n) acked.push_back(n);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early with " << WEXITSTATUS(status);
  ASSERT_GE(acked.size(), 300u);

  auto store = CaseStore::Open(dir / "store");
  ASSERT_OK(store);
  for (uint32_t i : acked) ASSERT_OK((*store)->Get("k-" + std::to_string(i)));
  EXPECT_GE((*store)->CaseCount(), acked.size());
  EXPECT_EQ((*store)->CaseCount(), (*store)->LastSequence());
}

}  // namespace
}  // namespace casebook
