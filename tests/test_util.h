// Shared test helpers: temporary directories, the shared corpus, sample cases.
#ifndef CASEBOOK_TESTS_TEST_UTIL_H_
#define CASEBOOK_TESTS_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "store/case.h"
#include "store/status.h"

#define ASSERT_OK(expr)                                                                            \
  do {                                                                                             \
    auto&& _s = (expr);                                                                            \
    ASSERT_TRUE(::casebook::test::StatusOf(_s).ok()) << ::casebook::test::StatusOf(_s).ToString(); \
  } while (0)
#define EXPECT_OK(expr)                                                                            \
  do {                                                                                             \
    auto&& _s = (expr);                                                                            \
    EXPECT_TRUE(::casebook::test::StatusOf(_s).ok()) << ::casebook::test::StatusOf(_s).ToString(); \
  } while (0)

namespace casebook::test {

inline const Status& StatusOf(const Status& s) { return s; }
template <typename T>
const Status& StatusOf(const Result<T>& r) {
  return r.status();
}

// A fresh directory under the system temp dir, removed with its contents on
// destruction.
class ScopedTempDir {
 public:
  ScopedTempDir();
  ~ScopedTempDir();
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// The shared corpus directory (../shared/corpus beside the source tree), or
// "" when it is absent (a user's machine).
std::filesystem::path CorpusDir();

// The path of a corpus file; calls GTEST_SKIP-friendly: returns "" when absent.
std::filesystem::path CorpusFile(const std::string& name);

// Reads a whole file; "" when unreadable.
std::string ReadFile(const std::filesystem::path& p);
void WriteFile(const std::filesystem::path& p, const std::string& content);

// Reads the first `max` lines of a JSON Lines file.
std::vector<std::string> ReadLines(const std::filesystem::path& p, size_t max = SIZE_MAX);

// A complete case with every field set, Chinese text included.
Case SampleCase(const std::string& id);

}  // namespace casebook::test

// Skips the current test when the shared corpus is absent.
#define SKIP_WITHOUT_CORPUS()                                           \
  do {                                                                  \
    if (::casebook::test::CorpusDir().empty())                          \
      GTEST_SKIP() << "shared corpus not found at " CASEBOOK_CORPUS_DIR \
                   << " (present in CI; absent on a user's machine)";   \
  } while (0)

#endif  // CASEBOOK_TESTS_TEST_UTIL_H_
