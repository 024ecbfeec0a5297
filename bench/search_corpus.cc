#include "bench/search_corpus.h"

#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "store/case_json.h"

namespace casebook::bench {

std::filesystem::path CorpusDirFromArgs(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--corpus")) return argv[i + 1];
  }
  return CASEBOOK_CORPUS_DIR;
}

namespace {

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
  for (const char* f : {"appeals-with-replies.jsonl", "appeals-more-a.jsonl", "appeals-more-b.jsonl"}) {
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

double MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace casebook::bench
