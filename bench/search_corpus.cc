#include "bench/search_corpus.h"

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>

#include "store/case_json.h"

namespace casebook::bench {

std::filesystem::path CorpusDirFromArgs(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--corpus")) return argv[i + 1];
  }
  return CASEBOOK_CORPUS_DIR;
}

int IntArg(int argc, char** argv, const char* name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], name)) return std::atoi(argv[i + 1]);
  }
  return fallback;
}

bool HasFlag(int argc, char** argv, const char* name) {
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], name)) return true;
  }
  return false;
}

namespace {

// Splits text into sentences ending in 。！？!? or a line break.
std::vector<std::string> Sentences(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i < text.size();) {
    size_t len = 1;
    bool end = text[i] == '\n' || text[i] == '!' || text[i] == '?';
    for (const char* p : {"。", "！", "？"}) {
      if (text.compare(i, 3, p) == 0) {
        end = true;
        len = 3;
      }
    }
    i += len;
    if (end || i >= text.size()) {
      if (i - start > 6) out.push_back(text.substr(start, i - start));
      start = i;
    }
  }
  return out;
}

std::string StringField(const nlohmann::json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::vector<Case> ReadCorpusCases(const std::filesystem::path& file, CaseKind kind) {
  std::vector<Case> cases;
  std::ifstream in(file);
  if (!in) {
    std::cerr << "cannot read " << file << "\n";
    std::exit(2);
  }
  std::string line;
  while (std::getline(in, line)) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    Case c;
    c.id = StringField(j, "id");
    c.kind = kind;
    c.title = StringField(j, "title");
    c.body = StringField(j, "body");
    if (j.contains("year") && j["year"].is_number_integer()) c.year = j["year"].get<int>();
    std::string created = StringField(j, "created");
    if (created.size() >= 10) c.received = created.substr(0, 10);
    std::string proposer = StringField(j, "proposer");
    if (!proposer.empty()) c.proposers.push_back({proposer, ""});
    std::string reply = StringField(j, "reply");
    if (!reply.empty()) {
      Reply r;
      r.seq = 1;
      r.kind = ReplyKind::kFirst;
      r.text = reply;
      c.replies.push_back(r);
    }
    if (!IsValidCaseId(c.id)) continue;
    cases.push_back(std::move(c));
  }
  return cases;
}

std::vector<Case> ReadAppeals(const std::filesystem::path& dir) {
  std::vector<Case> all;
  for (const char* f :
       {"appeals-with-replies.jsonl", "appeals-more-a.jsonl", "appeals-more-b.jsonl"}) {
    for (Case& c : ReadCorpusCases(dir / f, CaseKind::kAppeal)) all.push_back(std::move(c));
  }
  return all;
}

void PutAllOrDie(CaseStore* store, const std::vector<Case>& cases) {
  for (size_t i = 0; i < cases.size(); i += 1000) {
    std::vector<Case> batch(cases.begin() + i, cases.begin() + std::min(cases.size(), i + 1000));
    auto r = store->PutBatch(batch);
    if (!r.ok()) {
      std::cerr << "store: " << r.status().ToString() << "\n";
      std::exit(2);
    }
  }
}

double ProcessCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

double MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// Cases made by recombining real sentences: each takes a real title and as
// many random sentences as a random real message has.
std::vector<Case> RecombinedCases(const std::vector<Case>& real, size_t n) {
  std::vector<std::string> pool;
  std::vector<size_t> lengths;
  for (const Case& c : real) {
    std::vector<std::string> s = Sentences(c.body);
    lengths.push_back(std::max<size_t>(1, s.size()));
    for (std::string& x : s) pool.push_back(std::move(x));
  }
  std::mt19937 rng(42);
  std::vector<Case> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const Case& model = real[rng() % real.size()];
    Case c;
    c.id = "S-" + std::to_string(i);
    c.kind = CaseKind::kAppeal;
    c.year = 2011 + static_cast<int>(rng() % 10);
    c.title = model.title;
    for (size_t k = lengths[rng() % lengths.size()]; k > 0; --k)
      c.body += pool[rng() % pool.size()];
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace casebook::bench
