// Shared by the search benchmarks: the shared corpus read as Cases, and
// their argument and timing helpers.
#ifndef CASEBOOK_BENCH_SEARCH_CORPUS_H_
#define CASEBOOK_BENCH_SEARCH_CORPUS_H_

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "store/case.h"
#include "store/case_store.h"

namespace casebook::bench {

// The corpus directory: argv "--corpus DIR", else CASEBOOK_CORPUS_DIR.
std::filesystem::path CorpusDirFromArgs(int argc, char** argv);

// The integer after argv `name`, else `fallback`; whether argv holds `name`.
int IntArg(int argc, char** argv, const char* name, int fallback);
bool HasFlag(int argc, char** argv, const char* name);

// Reads a JSON Lines file of the corpus ({id,title,body[,year,proposer,created,reply]})
// as Cases of `kind`; lines that do not parse are skipped.
std::vector<Case> ReadCorpusCases(const std::filesystem::path& file, CaseKind kind);

// The 9,943 appeal messages (appeals-with-replies + appeals-more-a/b).
std::vector<Case> ReadAppeals(const std::filesystem::path& corpus_dir);

// `n` cases made by recombining the sentences of `real` (ids S-0, S-1, ...;
// kind appeal; years 2011-2020): each takes a random real title and as many
// random sentences as a random real message has. Deterministic (fixed seed):
// search_speed and index_floor index the same documents.
std::vector<Case> RecombinedCases(const std::vector<Case>& real, size_t n);

// Writes cases in batches of 1,000; exits the process on error.
void PutAllOrDie(CaseStore* store, const std::vector<Case>& cases);

// CPU seconds used by this process so far (all threads): less load-dependent
// than wall time.
double ProcessCpuSeconds();
// The value at fraction `p` (0..1) of `v` once sorted; 0 when empty.
double Percentile(std::vector<double> v, double p);
// Milliseconds since `start`.
double MillisSince(std::chrono::steady_clock::time_point start);

}  // namespace casebook::bench

#endif  // CASEBOOK_BENCH_SEARCH_CORPUS_H_
