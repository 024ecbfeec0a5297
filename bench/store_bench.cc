// store_bench: puts/s and get latency of CaseStore for 100,000 cases of the
// size of ../shared/corpus/appeals-with-replies.jsonl (its records, re-id'd).
//
// usage: store_bench [--cases N] [--batch B] [--corpus DIR]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "store/case_json.h"
#include "store/case_store.h"

namespace {

using Clock = std::chrono::steady_clock;
using casebook::Case;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

std::vector<Case> LoadTemplates(const std::filesystem::path& file, size_t* bytes) {
  std::vector<Case> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    auto c = casebook::CaseFromJsonText(line);
    if (c.ok()) {
      // The importer's mapping of the corpus shape: reply -> first reply,
      // created -> received (kept as extra fields otherwise).
      if (c->extra.contains("reply") && c->extra["reply"].is_string()) {
        casebook::Reply r;
        r.seq = 1;
        r.text = c->extra["reply"].get<std::string>();
        c->replies.push_back(r);
        c->extra.erase("reply");
      }
      out.push_back(*c);
      *bytes += line.size();
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = 100000, batch = 1000;
  casebook::StoreOptions options;
  std::string corpus = CASEBOOK_CORPUS_DIR;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--cases")) n = std::stoul(argv[i + 1]);
    if (!std::strcmp(argv[i], "--batch")) batch = std::stoul(argv[i + 1]);
    if (!std::strcmp(argv[i], "--corpus")) corpus = argv[i + 1];
    if (!std::strcmp(argv[i], "--write-buffer-mb")) {
      options.write_buffer_bytes = std::stoul(argv[i + 1]) << 20;
    }
  }
  size_t template_bytes = 0;
  auto templates =
      LoadTemplates(std::filesystem::path(corpus) / "appeals-with-replies.jsonl", &template_bytes);
  if (templates.empty()) {
    std::fprintf(stderr, "store_bench: no corpus at %s (pass --corpus DIR)\n", corpus.c_str());
    return 2;
  }
  std::printf("store_bench: %zu cases from %zu templates, mean record %zu bytes, batch %zu\n", n,
              templates.size(), template_bytes / templates.size(), batch);

  auto dir = std::filesystem::temp_directory_path() /
             ("casebook-store-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto store = casebook::CaseStore::Open(dir, options);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  std::vector<std::string> ids;
  auto t0 = Clock::now();
  std::vector<Case> chunk;
  for (size_t i = 0; i < n; ++i) {
    Case c = templates[i % templates.size()];
    c.id = "B-" + std::to_string(i);
    ids.push_back(c.id);
    chunk.push_back(std::move(c));
    if (chunk.size() == batch || i + 1 == n) {
      auto r = (*store)->PutBatch(chunk);
      if (!r.ok()) {
        std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
        return 1;
      }
      chunk.clear();
    }
  }
  double put_s = Seconds(t0, Clock::now());
  std::printf("batched puts: %.0f puts/s (%.2f s, fsync per batch of %zu)\n", n / put_s, put_s,
              batch);

  const size_t singles = 2000;
  t0 = Clock::now();
  for (size_t i = 0; i < singles; ++i) {
    Case c = templates[i % templates.size()];
    c.id = "S-" + std::to_string(i);
    if (!(*store)->Put(c).ok()) return 1;
  }
  double single_s = Seconds(t0, Clock::now());
  std::printf("single puts:  %.0f puts/s (fsync each)\n", singles / single_s);

  std::mt19937_64 rng(7);
  std::vector<double> lat;
  const size_t gets = 100000;
  lat.reserve(gets);
  auto g0 = Clock::now();
  for (size_t i = 0; i < gets; ++i) {
    const std::string& id = ids[rng() % ids.size()];
    auto t = Clock::now();
    auto c = (*store)->Get(id);
    lat.push_back(Seconds(t, Clock::now()) * 1e6);
    if (!c.ok()) return 1;
  }
  double get_s = Seconds(g0, Clock::now());
  std::sort(lat.begin(), lat.end());
  std::printf("gets (Get + decode): %.0f gets/s, p50 %.1f us, p99 %.1f us, max %.1f us\n",
              gets / get_s, lat[gets / 2], lat[gets * 99 / 100], lat.back());
  store->reset();
  std::filesystem::remove_all(dir);
  return 0;
}
