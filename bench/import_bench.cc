// import_bench: throughput of the importer alone (read + decode + parse +
// map + validate + store) on the appeal files of ../shared/corpus, recombined
// to N cases (default 100,000) with fresh ids, in one JSON Lines file.
// The store syncs its WAL on every batch (StoreOptions::sync = true).
//
//   import_bench [--cases N] [--batch N] [--input FILE] [--phase all|dry|import|hash]
//
// --input FILE: the scaled corpus is written to FILE when it does not exist
// and kept, else FILE is read as it is; --phase runs only the dry run, or only the import into
// an empty store (for profilers: nothing else in the process), or only the
// hashing of the records (source.sha256) by each path this CPU has.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "importer/bulk_memory.h"
#include "importer/importer.h"
#include "importer/sha256_many.h"
#include "store/case_store.h"

namespace fs = std::filesystem;
using casebook::importer::Importer;
using casebook::importer::ImportOptions;
using casebook::importer::ImportSummary;

namespace {

// Writes `cases` records cycling through the appeal files, each with a new id.
size_t WriteScaledCorpus(const fs::path& corpus, const fs::path& out_path, int64_t cases) {
  std::vector<nlohmann::json> records;
  for (const char* name :
       {"appeals-with-replies.jsonl", "appeals-more-a.jsonl", "appeals-more-b.jsonl"}) {
    std::ifstream in(corpus / name);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty()) records.push_back(nlohmann::json::parse(line));
    }
  }
  if (records.empty()) return 0;
  std::ofstream out(out_path, std::ios::binary);
  size_t bytes = 0;
  for (int64_t i = 0; i < cases; ++i) {
    nlohmann::json r = records[i % records.size()];
    r["id"] = r["id"].get<std::string>() + "-r" + std::to_string(i / records.size());
    std::string line = r.dump() + "\n";
    bytes += line.size();
    out << line;
  }
  return bytes;
}

double Run(const char* label, casebook::CaseStore* store, const fs::path& input, size_t bytes,
           ImportOptions options) {
  Importer importer(store, options);
  auto t0 = std::chrono::steady_clock::now();
  std::clock_t c0 = std::clock();
  auto summary = importer.Run({input});
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  if (!summary.ok()) {
    std::fprintf(stderr, "%s failed: %s\n", label, summary.status().ToString().c_str());
    return 0;
  }
  std::printf(
      "%-32s %7lld records %6.1f MB %6.2f s %7.0f records/s %6.1f MB/s"
      " | cpu %6.2f s (%.1f MB per cpu-s) | added %lld unchanged %lld rejected %lld\n",
      label, static_cast<long long>(summary->read), bytes / 1e6, secs, summary->read / secs,
      bytes / 1e6 / secs, cpu, bytes / 1e6 / cpu, static_cast<long long>(summary->added),
      static_cast<long long>(summary->unchanged), static_cast<long long>(summary->rejected));
  return bytes / 1e6 / secs;
}

// SHA-256 of every line of `input` by each path: MB/s of one thread.
void ReportHashing(const fs::path& input) {
  std::ifstream in(input, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string_view> lines;
  for (size_t pos = 0; pos < text.size();) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    lines.emplace_back(text.data() + pos, nl - pos);
    pos = nl + 1;
  }
  using casebook::importer::Sha256Path;
  const std::pair<Sha256Path, std::string> paths[] = {
      {Sha256Path::kOpenSsl, "OpenSSL, one at a time"},
      {Sha256Path::kAvx2, "eight lanes, AVX2"},
      {Sha256Path::kFastest,
       std::string("eight lanes, fastest (") + casebook::importer::Sha256ManyLanes() + ")"}};
  // The best of five rounds, the paths taking turns: this machine's speed
  // wanders, and the fastest round is the one least disturbed.
  double best[3] = {1e9, 1e9, 1e9};
  for (int round = 0; round < 5; ++round) {
    for (int k = 0; k < 3; ++k) {
      auto t0 = std::chrono::steady_clock::now();
      auto hashes = casebook::importer::Sha256HexMany(lines, paths[k].first);
      best[k] = std::min(
          best[k], std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
  }
  for (int k = 0; k < 3; ++k) {
    std::printf("record hashing, %-36s %7.1f MB/s (one thread, %zu records, best of 5)\n",
                paths[k].second.c_str(), text.size() / 1e6 / best[k], lines.size());
  }
}

}  // namespace

int main(int argc, char** argv) {
  int64_t cases = 100000;
  size_t batch = 1000;
  std::string given_input, phase = "all";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--cases")) cases = std::atoll(argv[i + 1]);
    if (!std::strcmp(argv[i], "--batch")) batch = std::strtoul(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--input")) given_input = argv[i + 1];
    if (!std::strcmp(argv[i], "--phase")) phase = argv[i + 1];
  }
  casebook::importer::KeepFreedMemoryForBulkWork();  // As `casebook import` does.
  fs::path corpus = CASEBOOK_CORPUS_DIR;
  if (const char* env = std::getenv("CASEBOOK_CORPUS")) corpus = env;
  fs::path dir = fs::temp_directory_path() / ("import_bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  fs::path input = given_input.empty() ? dir / "appeals-scaled.jsonl" : fs::path(given_input);
  std::error_code ec;
  size_t bytes = fs::exists(input) ? static_cast<size_t>(fs::file_size(input, ec))
                                   : WriteScaledCorpus(corpus, input, cases);
  if (bytes == 0 || ec) {
    std::fprintf(stderr, "no input: no appeal files under %s, or --input unreadable\n",
                 corpus.c_str());
    return 2;
  }
  if (phase == "all" || phase == "hash") ReportHashing(input);
  if (phase == "hash") return 0;
  ImportOptions options;
  options.batch_records = batch;
  options.dry_run = true;
  if (phase != "import") Run("parse+map+validate (dry run)", nullptr, input, bytes, options);
  if (phase == "dry") {
    fs::remove_all(dir);
    return 0;
  }
  auto store = casebook::CaseStore::Open(dir / "store");  // sync = true
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 2;
  }
  options.dry_run = false;
  double mbps = Run("import into empty store (sync)", store->get(), input, bytes, options);
  if (phase == "all") Run("re-import, all unchanged", store->get(), input, bytes, options);
  std::printf("target >= 50 MB/s: %s\n", mbps >= 50 ? "met" : "NOT met");
  store->reset();
  fs::remove_all(dir);
  return 0;
}
