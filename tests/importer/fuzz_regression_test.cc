// Replays every saved fuzz input (seeds and fixed crashes) through the same
// harness as the libFuzzer targets of bench/fuzz/: none may crash or throw.
#include <gtest/gtest.h>

#include "bench/fuzz/fuzz_harness.h"
#include "test_util.h"

namespace casebook::fuzz {
namespace {

void ReplayDir(const char* target, void (*run)(std::string_view)) {
  // Not __FILE__: compiled through ccache (scripts/build.sh) it is relative
  // to the build directory, not to where the tests run.
  auto dir = std::filesystem::path(CASEBOOK_TESTS_DIR) / "importer" / "fuzz_regressions" / target;
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  int replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    SCOPED_TRACE(entry.path().string());
    EXPECT_NO_THROW(run(test::ReadFile(entry.path())));
    ++replayed;
  }
  EXPECT_GT(replayed, 0);
}

TEST(FuzzRegressionTest, JsonlInputs) { ReplayDir("jsonl", RunJsonlInput); }
TEST(FuzzRegressionTest, CsvInputs) { ReplayDir("csv", RunCsvInput); }
TEST(FuzzRegressionTest, TxtHeaderInputs) { ReplayDir("txt_header", RunTxtInput); }

}  // namespace
}  // namespace casebook::fuzz
