// search_quality: MRR@10 and recall@10 on the policy-qa development questions,
// with the 599 policy documents and the 9,943 appeal messages as distractors.
// Builds a store and an index in a temporary directory (the real pipeline:
// CaseStore -> SearchIndex::CatchUp -> Searcher), then runs each question
// under several query settings and prints one line per setting.
//
// usage: search_quality [--corpus DIR] [--keep DIR [--reuse]] [--grid] [--misses N]
//                       [--dump FILE]   (top 100 of each question, JSON Lines, for analysis)
//                       [--try "k1=0.5;b=0.3;stop+=的|了" ...] (extra settings, see ApplySpec)
//                       [--rr DIR]      (each setting's answer ranks, DIR/<n>.txt, for
//                                        cross-validation)
#include <chrono>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bench/search_corpus.h"
#include "search/search_index.h"
#include "search/searcher.h"

using namespace casebook;

namespace {

struct Question {
  std::string text;
  std::string answer_doc;
};

// Documents whose body is byte-identical to another's (the corpus has copies
// of some notices): id -> the smallest id with the same body.
std::map<std::string, std::string> DuplicateGroups(const std::vector<Case>& docs) {
  std::map<std::string, std::string> first_by_body;
  std::map<std::string, std::string> group;
  for (const Case& c : docs) {
    auto [it, added] = first_by_body.emplace(c.body, c.id);
    if (!added && c.id < it->second) it->second = c.id;
  }
  for (const Case& c : docs) group[c.id] = first_by_body[c.body];
  return group;
}

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

// The request a question runs as: its text, no facets or snippets.
search::SearchRequest QuestionRequest(const std::string& text, size_t limit) {
  search::SearchRequest r;
  r.query = text;
  r.limit = limit;
  r.facets = false;
  r.snippets = false;
  return r;
}

// Writes the top 100 hits of every question (defaults) as JSON Lines.
void DumpCandidates(const search::Searcher& searcher, const std::vector<Question>& questions,
                    const std::string& file) {
  std::ofstream out(file);
  for (const Question& q : questions) {
    auto res = searcher.Search(QuestionRequest(q.text, 100));
    if (!res.ok()) continue;
    nlohmann::json hits = nlohmann::json::array();
    for (const auto& h : res->hits) hits.push_back({h.id, h.score});
    out << nlohmann::json{{"query", q.text}, {"answer", q.answer_doc}, {"hits", hits}}.dump()
        << "\n";
  }
}

struct Setting {
  std::string name;
  search::SearcherOptions options;
};

void Evaluate(const search::Searcher& searcher, const std::vector<Question>& questions,
              const Setting& setting, int verbose_misses,
              const std::map<std::string, std::string>& duplicates, std::ostream* rr_out) {
  double rr_sum = 0, rr_dup_sum = 0;
  int found = 0;
  int shown = 0;
  auto start = std::chrono::steady_clock::now();
  for (const Question& q : questions) {
    search::SearchRequest r = QuestionRequest(q.text, 10);
    r.mode = setting.options.query.mode;
    auto res = searcher.Search(r);
    if (!res.ok()) {
      std::cerr << "query failed: " << res.status().ToString() << "\n";
      continue;
    }
    bool hit = false;
    auto group = [&](const std::string& id) {
      auto it = duplicates.find(id);
      return it == duplicates.end() ? id : it->second;
    };
    for (size_t i = 0; i < res->hits.size(); ++i) {
      if (group(res->hits[i].id) == group(q.answer_doc)) {
        rr_dup_sum += 1.0 / static_cast<double>(i + 1);
        break;
      }
    }
    for (size_t i = 0; i < res->hits.size(); ++i) {
      if (res->hits[i].id == q.answer_doc) {
        if (rr_out) *rr_out << i + 1 << "\n";
        rr_sum += 1.0 / static_cast<double>(i + 1);
        ++found;
        hit = true;
        break;
      }
    }
    if (!hit && rr_out) *rr_out << "0\n";
    if (!hit && shown++ < verbose_misses) {
      std::printf("MISS %s (want %s)\n", q.text.c_str(), q.answer_doc.c_str());
      for (size_t i = 0; i < res->hits.size() && i < 3; ++i) {
        std::printf("   %s %.1f %s\n", res->hits[i].id.c_str(), res->hits[i].score,
                    res->hits[i].title.c_str());
      }
    }
  }
  double ms = bench::MillisSince(start) / static_cast<double>(questions.size());
  std::printf(
      "%-44s MRR@10 %.4f  R@10 %.4f  (%.2f ms/query; MRR@10 %.4f if a byte-identical "
      "copy of the answer counts)\n",
      setting.name.c_str(), rr_sum / questions.size(),
      static_cast<double>(found) / questions.size(), ms, rr_dup_sum / questions.size());
}

// Applies "key=value;key=value" to `o`: numbers k1 b word reply title trigram,
// proximity stage depth window near cover quote, near-copy similarity copies (> 1 =
// off); stop (replace) and stop+ (add) question-word lists joined by '|'. An
// unknown key exits.
void ApplySpec(const std::string& spec, search::SearcherOptions* o) {
  using Setter = std::function<void(double)>;
  const std::map<std::string, Setter> numbers = {
      {"k1", [o](double v) { o->bm25_k1 = v; }},
      {"b", [o](double v) { o->bm25_b = v; }},
      {"word", [o](double v) { o->query.word_weight = v; }},
      {"reply", [o](double v) { o->query.reply_weight = v; }},
      {"title", [o](double v) { o->query.title_weight = v; }},
      {"trigram", [o](double v) { o->query.trigram_weight = v; }},
      {"depth", [o](double v) { o->proximity.depth = static_cast<size_t>(v); }},
      {"window", [o](double v) { o->proximity.window = static_cast<Xapian::termpos>(v); }},
      {"near", [o](double v) { o->proximity.window_weight = v; }},
      {"cover", [o](double v) { o->proximity.coverage_weight = v; }},
      {"copies", [o](double v) { o->near_copies.similarity = v; }},
      {"quote", [o](double v) { o->proximity.quote_weight = v; }}};
  std::stringstream items(spec);
  for (std::string item; std::getline(items, item, ';');) {
    const size_t eq = item.find('=');
    const std::string key = item.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
    std::vector<std::string> list;
    std::stringstream parts(value);
    for (std::string p; std::getline(parts, p, '|');) list.push_back(p);
    auto number = numbers.find(key);
    if (number != numbers.end()) {
      number->second(std::stod(value));
    } else if (key == "stop" || key == "stop+") {
      if (key == "stop") o->query.ranked_stop_phrases.clear();
      for (std::string& p : list) o->query.ranked_stop_phrases.push_back(p);
    } else {
      std::fprintf(stderr, "--try: unknown key '%s'\n", key.c_str());
      std::exit(2);
    }
  }
}

// The default settings, then variations (with --grid) that justify them, and
// any --try SPEC (see ApplySpec).
std::vector<Setting> Settings(int argc, char** argv) {
  std::vector<Setting> out;
  search::SearcherOptions o;
  out.push_back({"auto (defaults)", o});
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--try")) continue;
    search::SearcherOptions t = o;
    ApplySpec(argv[i + 1], &t);
    out.push_back({argv[i + 1], t});
  }
  bool grid = false;
  for (int i = 1; i < argc; ++i) grid = grid || !std::strcmp(argv[i], "--grid");
  if (!grid) return out;
  auto vary = [&](const std::string& name, auto change) {
    search::SearcherOptions v = o;
    v.query.mode = search::MatchMode::kRanked;
    change(&v);
    out.push_back({name, v});
  };
  vary("ranked, no question-word stop list", [](auto* v) { v->query.ranked_stop_phrases.clear(); });
  for (double k1 : {0.3, 0.45, 0.6}) {
    for (double b : {0.2, 0.3}) {
      vary("ranked, k1 " + std::to_string(k1) + " b " + std::to_string(b), [=](auto* v) {
        v->bm25_k1 = k1;
        v->bm25_b = b;
      });
      vary("ranked, k1 " + std::to_string(k1) + " b " + std::to_string(b) + " trigram 0.5",
           [=](auto* v) {
             v->bm25_k1 = k1;
             v->bm25_b = b;
             v->query.trigram_weight = 0.5;
           });
    }
  }
  if (std::getenv("QUICK_GRID")) return out;
  vary("ranked, no phrase boost", [](auto* v) { v->query.ranked_phrase_boost = false; });
  vary("ranked, no dictionary words", [](auto* v) { v->query.word_weight = 0; });
  for (double w : {0.5, 1.0}) {
    vary("ranked, title weight " + std::to_string(w), [w](auto* v) { v->query.title_weight = w; });
  }
  for (double w : {0.0, 0.5}) {
    vary("ranked, reply weight " + std::to_string(w), [w](auto* v) { v->query.reply_weight = w; });
  }
  for (double w : {0.5, 1.0, 2.0}) {
    vary("ranked, trigram weight " + std::to_string(w),
         [w](auto* v) { v->query.trigram_weight = w; });
  }
  for (double w : {0.5, 2.0}) {
    vary("ranked, word weight " + std::to_string(w), [w](auto* v) { v->query.word_weight = w; });
  }
  for (double k1 : {0.8, 1.2, 1.6}) {
    for (double b : {0.5, 0.75}) {
      vary("ranked, k1 " + std::to_string(k1) + " b " + std::to_string(b), [=](auto* v) {
        v->bm25_k1 = k1;
        v->bm25_b = b;
      });
    }
  }
  vary("all terms (AND)", [](auto* v) { v->query.mode = search::MatchMode::kAll; });
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::filesystem::path corpus = bench::CorpusDirFromArgs(argc, argv);
  std::filesystem::path work;
  for (int i = 1; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--keep")) work = argv[i + 1];
  }
  bool temp = work.empty();
  if (temp) work = std::filesystem::temp_directory_path() / "casebook-search-quality";
  bool reuse = false;
  for (int i = 1; i < argc; ++i) reuse = reuse || !std::strcmp(argv[i], "--reuse");
  reuse = reuse && std::filesystem::exists(work / "index");
  if (!reuse) {
    std::filesystem::remove_all(work);
    std::filesystem::create_directories(work);
  }
  auto store = CaseStore::Open(work / "store");
  if (!store.ok()) {
    std::cerr << store.status().ToString() << "\n";
    return 2;
  }
  std::vector<Case> docs =
      bench::ReadCorpusCases(corpus / "policy-qa-docs.jsonl", CaseKind::kOther);
  std::vector<Case> appeals = bench::ReadAppeals(corpus);
  const std::map<std::string, std::string> duplicates = DuplicateGroups(docs);
  if (!reuse) {
    bench::PutAllOrDie(store->get(), docs);
    bench::PutAllOrDie(store->get(), appeals);
  }
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
  std::vector<Setting> settings = Settings(argc, argv);
  int verbose_misses = 0;
  for (int i = 1; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--misses")) verbose_misses = std::atoi(argv[i + 1]);
  }
  for (int i = 1; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--dump")) DumpCandidates(**searcher, questions, argv[i + 1]);
  }
  std::string rr_dir;  // --rr DIR: each setting's answer ranks (0 = not in the top 10).
  for (int i = 1; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--rr")) rr_dir = argv[i + 1];
  }
  for (size_t k = 0; k < settings.size(); ++k) {
    auto tuned = search::Searcher::Open(work / "index", store->get(), settings[k].options);
    if (!tuned.ok()) return 2;
    std::ofstream rr;
    if (!rr_dir.empty()) rr.open(rr_dir + "/" + std::to_string(k) + ".txt");
    Evaluate(**tuned, questions, settings[k], verbose_misses, duplicates,
             rr_dir.empty() ? nullptr : &rr);
  }
  if (temp) std::filesystem::remove_all(work);
  return 0;
}
