// search_quality: MRR@10 and recall@10 on the policy-qa development questions,
// with the 599 policy documents and the 9,943 appeal messages as distractors.
// Builds a store and an index in a temporary directory (the real pipeline:
// CaseStore -> SearchIndex::CatchUp -> Searcher), then runs each question
// under several query settings and prints one line per setting.
//
// usage: search_quality [--corpus DIR] [--keep DIR]
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "bench/search_corpus.h"
#include "search/search_index.h"
#include "search/searcher.h"

using namespace casebook;

namespace {

struct Question {
  std::string text;
  std::string answer_doc;
};

std::vector<Question> ReadQuestions(const std::filesystem::path& dir) {
  std::map<std::string, std::string> qrels;
  std::ifstream q(dir / "policy-qa-qrels-dev.tsv");
  std::string qid, zero, doc, rel;
  while (q >> qid >> zero >> doc >> rel) qrels[qid] = doc;
  std::vector<Question> out;
  std::ifstream in(dir / "policy-qa-queries-dev.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    auto it = qrels.find(j.value("qid", ""));
    if (it != qrels.end()) out.push_back({j.value("query", ""), it->second});
  }
  return out;
}

struct Setting {
  const char* name;
  search::QueryBuildOptions options;
};

void Evaluate(const search::Searcher& searcher, const std::vector<Question>& questions,
              const Setting& setting) {
  double rr_sum = 0;
  int found = 0;
  auto start = std::chrono::steady_clock::now();
  for (const Question& q : questions) {
    search::SearchRequest r;
    r.query = q.text;
    r.limit = 10;
    r.facets = false;
    r.snippets = false;
    r.mode = setting.options.mode;
    auto res = searcher.Search(r);
    if (!res.ok()) {
      std::cerr << "query failed: " << res.status().ToString() << "\n";
      continue;
    }
    for (size_t i = 0; i < res->hits.size(); ++i) {
      if (res->hits[i].id == q.answer_doc) {
        rr_sum += 1.0 / static_cast<double>(i + 1);
        ++found;
        break;
      }
    }
  }
  double ms = bench::MillisSince(start) / static_cast<double>(questions.size());
  std::printf("%-34s MRR@10 %.4f  R@10 %.4f  (%.2f ms/query)\n", setting.name,
              rr_sum / questions.size(), static_cast<double>(found) / questions.size(), ms);
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path corpus = bench::CorpusDirFromArgs(argc, argv);
  std::filesystem::path work;
  for (int i = 1; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--keep")) work = argv[i + 1];
  }
  bool temp = work.empty();
  if (temp) work = std::filesystem::temp_directory_path() / "casebook-search-quality";
  std::filesystem::remove_all(work);
  std::filesystem::create_directories(work);
  auto store = CaseStore::Open(work / "store");
  if (!store.ok()) {
    std::cerr << store.status().ToString() << "\n";
    return 2;
  }
  std::vector<Case> docs = bench::ReadCorpusCases(corpus / "policy-qa-docs.jsonl", CaseKind::kOther);
  std::vector<Case> appeals = bench::ReadAppeals(corpus);
  bench::PutAllOrDie(store->get(), docs);
  bench::PutAllOrDie(store->get(), appeals);
  auto start = std::chrono::steady_clock::now();
  auto index = search::SearchIndex::Open(work / "index");
  if (!index.ok()) {
    std::cerr << index.status().ToString() << "\n";
    return 2;
  }
  auto applied = (*index)->CatchUp(**store);
  if (!applied.ok()) {
    std::cerr << applied.status().ToString() << "\n";
    return 2;
  }
  double ms = bench::MillisSince(start);
  std::printf("indexed %zu policy docs + %zu appeals in %.1f s (%.0f docs/s, one thread)\n",
              docs.size(), appeals.size(), ms / 1000, (docs.size() + appeals.size()) / (ms / 1000));
  auto searcher = search::Searcher::Open(work / "index", store->get());
  if (!searcher.ok()) {
    std::cerr << searcher.status().ToString() << "\n";
    return 2;
  }
  std::vector<Question> questions = ReadQuestions(corpus);
  std::printf("%zu questions\n", questions.size());
  std::vector<Setting> settings;
  settings.push_back({"auto (default)", {}});
  search::QueryBuildOptions o;
  o.mode = search::MatchMode::kRanked;
  settings.push_back({"ranked", o});
  o.ranked_phrase_boost = false;
  settings.push_back({"ranked, no phrase boost", o});
  o.ranked_phrase_boost = true;
  o.word_weight = 0;
  settings.push_back({"ranked, no dictionary words", o});
  o.word_weight = 1;
  o.title_weight = 1;
  settings.push_back({"ranked, title weight 1", o});
  o.mode = search::MatchMode::kAll;
  settings.push_back({"all terms (AND)", o});
  for (const Setting& s : settings) {
    auto tuned = search::Searcher::Open(work / "index", store->get(), [&] {
      search::SearcherOptions so;
      so.query = s.options;
      return so;
    }());
    if (!tuned.ok()) return 2;
    Evaluate(**tuned, questions, s);
  }
  if (temp) std::filesystem::remove_all(work);
  return 0;
}
