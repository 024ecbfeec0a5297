// search_quality: MRR@10 and recall@10 on the policy-qa development questions,
// with the 599 policy documents and the 9,943 appeal messages as distractors.
// Builds a store and an index in a temporary directory (the real pipeline:
// CaseStore -> SearchIndex::CatchUp -> Searcher), then runs each question
// under several query settings and prints one line per setting.
//
// usage: search_quality [--corpus DIR] [--keep DIR [--reuse]] [--grid] [--misses N]
//                       [--dump FILE]   (top 100 of each question, JSON Lines, for analysis)
//                       [--try "k1=0.5;b=0.3;stop+=的|了" ...] (extra settings, see ApplySpec)
//                       [--rr DIR]      (each setting's answer ranks, DIR/<n>.txt)
//                       [--features FILE] (second-stage features of each question's first-stage
//                                        candidates, JSON Lines, for fitting its weights)
//
// Each setting's line gives MRR@10 and R@10 over all questions and over each
// of two folds (the parity of the qid's last hex digit). The last lines are a
// 2-fold cross-validation over the settings run: the best setting on one
// fold scored on the other, both ways.
#include <chrono>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "bench/search_corpus.h"
#include "search/case_document.h"
#include "search/index_schema.h"
#include "search/near_duplicate.h"
#include "search/search_index.h"
#include "search/searcher.h"

using namespace casebook;

namespace {

struct Question {
  std::string text;
  std::string answer_doc;
  int fold = 0;  // 0 or 1: the parity of the qid's last hex digit (2-fold cross-validation).
};

// The fold of a question id: parity of its last hex digit (deterministic,
// independent of the file's order; 316 / 304 of the 620 dev questions).
int FoldOf(const std::string& qid) {
  if (qid.empty()) return 0;
  const char c = qid.back();
  const int digit = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
  return digit & 1;
}

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
    if (it != qrels.end()) out.push_back({j.value("query", ""), it->second, FoldOf(it->first)});
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

// One setting's answer rank of each question (0 = not in the top 10).
using Ranks = std::vector<size_t>;

// MRR@10 and R@10 of `ranks` over the questions of `fold` (-1 = all).
std::pair<double, double> Figures(const Ranks& ranks, const std::vector<Question>& questions,
                                  int fold) {
  double rr = 0;
  size_t found = 0, n = 0;
  for (size_t i = 0; i < questions.size(); ++i) {
    if (fold >= 0 && questions[i].fold != fold) continue;
    ++n;
    if (ranks[i] == 0) continue;
    rr += 1.0 / static_cast<double>(ranks[i]);
    ++found;
  }
  if (n == 0) return {0, 0};
  return {rr / static_cast<double>(n), static_cast<double>(found) / static_cast<double>(n)};
}

// Whether `text` holds an ASCII or full-width digit.
bool HasDigit(const std::string& text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] >= '0' && text[i] <= '9') return true;
    // U+FF10..U+FF19 (full-width digits): EF BC 90..99.
    if (i + 2 < text.size() && static_cast<unsigned char>(text[i]) == 0xEF &&
        static_cast<unsigned char>(text[i + 1]) == 0xBC &&
        static_cast<unsigned char>(text[i + 2]) >= 0x90 &&
        static_cast<unsigned char>(text[i + 2]) <= 0x99) {
      return true;
    }
  }
  return false;
}

Ranks Evaluate(const search::Searcher& searcher, const std::vector<Question>& questions,
               const Setting& setting, int verbose_misses,
               const std::map<std::string, std::string>& duplicates, std::ostream* rr_out) {
  Ranks ranks(questions.size(), 0);
  double rr_dup_sum = 0;
  int shown = 0;
  auto start = std::chrono::steady_clock::now();
  // Questions with digits ("2020年2月", "3项") also look up their figures.
  double figure_ms = 0;
  size_t figure_questions = 0;
  for (size_t k = 0; k < questions.size(); ++k) {
    const Question& q = questions[k];
    search::SearchRequest r = QuestionRequest(q.text, 10);
    r.mode = setting.options.query.mode;
    const auto asked = std::chrono::steady_clock::now();
    auto res = searcher.Search(r);
    if (HasDigit(q.text)) {
      figure_ms += bench::MillisSince(asked);
      ++figure_questions;
    }
    if (!res.ok()) {
      std::cerr << "query failed: " << res.status().ToString() << "\n";
      continue;
    }
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
    for (size_t i = 0; i < res->hits.size() && ranks[k] == 0; ++i) {
      if (res->hits[i].id == q.answer_doc) ranks[k] = i + 1;
    }
    if (rr_out) *rr_out << ranks[k] << "\n";
    if (ranks[k] == 0 && shown++ < verbose_misses) {
      std::printf("MISS %s (want %s)\n", q.text.c_str(), q.answer_doc.c_str());
      for (size_t i = 0; i < res->hits.size() && i < 3; ++i) {
        std::printf("   %s %.1f %s\n", res->hits[i].id.c_str(), res->hits[i].score,
                    res->hits[i].title.c_str());
      }
    }
  }
  double ms = bench::MillisSince(start) / static_cast<double>(questions.size());
  const auto [mrr, recall] = Figures(ranks, questions, -1);
  const auto [mrr0, recall0] = Figures(ranks, questions, 0);
  const auto [mrr1, recall1] = Figures(ranks, questions, 1);
  std::printf(
      "%-44s MRR@10 %.4f  R@10 %.4f  fold 0 / 1: MRR@10 %.4f / %.4f  R@10 %.4f / %.4f  "
      "(%.2f ms/query, %.2f with digits; MRR@10 %.4f if a byte-identical copy of the answer "
      "counts)\n",
      setting.name.c_str(), mrr, recall, mrr0, mrr1, recall0, recall1, ms,
      figure_questions ? figure_ms / static_cast<double>(figure_questions) : 0.0,
      rr_dup_sum / static_cast<double>(questions.size()));
  return ranks;
}

// 2-fold cross-validation over the settings run: the setting with the best
// MRR@10 on one fold (ties: the earlier setting) is scored on the other fold,
// both ways. With one setting this is the defaults' own fold figures.
void PrintCrossValidation(const std::vector<Setting>& settings, const std::vector<Ranks>& ranks,
                          const std::vector<Question>& questions) {
  double held_out_sum = 0;
  for (int tuned = 0; tuned < 2; ++tuned) {
    const int held = 1 - tuned;
    size_t best = 0;
    for (size_t k = 1; k < settings.size(); ++k) {
      if (Figures(ranks[k], questions, tuned).first > Figures(ranks[best], questions, tuned).first)
        best = k;
    }
    const auto [mrr, recall] = Figures(ranks[best], questions, held);
    const auto [base_mrr, base_recall] = Figures(ranks[0], questions, held);
    held_out_sum += mrr;
    std::printf(
        "2-fold CV: tuned on fold %d (best: %s, MRR@10 %.4f) -> held-out fold %d MRR@10 %.4f "
        "R@10 %.4f (defaults there: %.4f / %.4f)\n",
        tuned, settings[best].name.c_str(), Figures(ranks[best], questions, tuned).first, held, mrr,
        recall, base_mrr, base_recall);
  }
  std::printf("2-fold CV: mean held-out MRR@10 %.4f over %zu setting(s)\n", held_out_sum / 2,
              settings.size());
}

// Pairs (i, j, similarity) of `prints` at least 0.5 similar (near_duplicate.h).
nlohmann::json NearCopyPairs(const std::vector<std::optional<search::Fingerprint>>& prints) {
  nlohmann::json pairs = nlohmann::json::array();
  for (size_t i = 0; i < prints.size(); ++i) {
    for (size_t j = i + 1; j < prints.size(); ++j) {
      if (!prints[i] || !prints[j]) continue;
      const double s = search::Similarity(*prints[i], *prints[j]);
      if (s >= 0.5) pairs.push_back({i, j, s});
    }
  }
  return pairs;
}

// Writes, for each question, the first stage's best `depth` candidates with
// the second stage's features (proximity_rescore.h; "f": first_stage window
// coverage quote title run length, then the window share at windows 9 and
// 39; empty for keyword questions, which are not re-scored), completeness
// ("shingles") and near-copy similarities, as JSON Lines: the input of
// bench/fit_second_stage.py.
void DumpFeatures(const std::filesystem::path& index_dir, const search::Searcher& first_stage,
                  const std::vector<Question>& questions, const std::string& file) {
  Xapian::Database db(index_dir.string());
  auto analyzer = search::ChineseAnalyzer::Create({});
  if (!analyzer.ok()) return;
  search::SearcherOptions defaults;
  search::ProximityRescoreOptions all = defaults.proximity;
  all.title_weight = all.run_weight = all.length_weight = 1;
  all.place_weight = all.figure_weight = 1;
  std::ofstream out(file);
  for (size_t k = 0; k < questions.size(); ++k) {
    const Question& q = questions[k];
    auto res = first_stage.Search(QuestionRequest(q.text, defaults.proximity.depth));
    if (!res.ok()) continue;
    std::vector<Xapian::docid> docs;
    std::vector<double> weights;
    std::vector<std::optional<search::Fingerprint>> prints;
    for (const search::SearchHit& h : res->hits) {
      docs.push_back(*db.postlist_begin(search::IdTerm(h.id)));
      weights.push_back(h.score);
      prints.push_back(search::Fingerprint::Parse(
          db.get_document(docs.back()).get_value(search::kFingerprintSlot)));
    }
    const std::string text = search::RankedQueryText(q.text, **analyzer, defaults.query);
    std::vector<std::vector<search::PassageFeatures>> measured;
    // Keyword (all-mode) questions are not re-scored: their hits get no features.
    for (Xapian::termpos window : {19, 9, 39}) {
      all.window = window;
      if (res->ranked) measured.push_back(search::MeasureCandidates(db, text, docs, weights, all));
    }
    nlohmann::json hits = nlohmann::json::array();
    for (size_t i = 0; i < docs.size(); ++i) {
      nlohmann::json f = nlohmann::json::array();
      if (!measured.empty() && !measured[0].empty()) {
        const search::PassageFeatures& m = measured[0][i];
        f = {m.first_stage,
             m.window,
             m.coverage,
             m.quote,
             m.title,
             m.run,
             m.length,
             measured[1][i].window,
             measured[2][i].window,
             m.place,
             m.figure};
      }
      hits.push_back(
          {{"id", res->hits[i].id}, {"f", f}, {"shingles", prints[i] ? prints[i]->shingles : 0}});
    }
    out << nlohmann::json{{"q", k},
                          {"fold", q.fold},
                          {"answer", q.answer_doc},
                          {"hits", hits},
                          {"similar", NearCopyPairs(prints)}}
               .dump()
        << "\n";
  }
}

// Applies "key=value;key=value" to `o`: numbers k1 b word reply title trigram,
// proximity stage depth window near cover quote ptitle run length place figure walk, near-copy
// similarity copies (> 1 = off); stop (replace) and stop+ (add) question-word lists joined by '|'.
// An unknown key exits.
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
      {"quote", [o](double v) { o->proximity.quote_weight = v; }},
      {"ptitle", [o](double v) { o->proximity.title_weight = v; }},
      {"run", [o](double v) { o->proximity.run_weight = v; }},
      {"length", [o](double v) { o->proximity.length_weight = v; }},
      {"place", [o](double v) { o->proximity.place_weight = v; }},
      {"figure", [o](double v) { o->proximity.figure_weight = v; }},
      {"walk",
       [o](double v) { o->proximity.walk_max_length = static_cast<Xapian::termcount>(v); }}};
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
      char* end = nullptr;
      const double v = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0') {
        std::fprintf(stderr, "--try: '%s' needs a number, got '%s'\n", key.c_str(), value.c_str());
        std::exit(2);
      }
      number->second(v);
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
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--features")) continue;
    search::SearcherOptions first_stage_only;
    first_stage_only.proximity.depth = 0;
    auto first_stage = search::Searcher::Open(work / "index", store->get(), first_stage_only);
    if (!first_stage.ok()) return 2;
    DumpFeatures(work / "index", **first_stage, questions, argv[i + 1]);
  }
  std::vector<Ranks> ranks;
  for (size_t k = 0; k < settings.size(); ++k) {
    auto tuned = search::Searcher::Open(work / "index", store->get(), settings[k].options);
    if (!tuned.ok()) return 2;
    std::ofstream rr;
    if (!rr_dir.empty()) rr.open(rr_dir + "/" + std::to_string(k) + ".txt");
    ranks.push_back(Evaluate(**tuned, questions, settings[k], verbose_misses, duplicates,
                             rr_dir.empty() ? nullptr : &rr));
  }
  PrintCrossValidation(settings, ranks, questions);
  if (temp) std::filesystem::remove_all(work);
  return 0;
}
