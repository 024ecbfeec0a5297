// similar_quality: how well "similar cases" and the near-duplicate flag work
// on real appeal messages.
//
// 1. Reply -> case: the 9,943 appeal messages are indexed (title + body, no
//    replies); each substantive reply (>= 200 characters) of the development
//    pairs is the query; counted: its own message (or a byte-identical copy)
//    first, and within the top 10. Latency per lookup.
// 2. Exact duplicate groups: each group's first member is looked up; the group
//    is found when every other member is listed and flagged, similarity 1.0.
// 3. Perturbed copies (Traditional; full-width + a dropped sentence; two
//    inserted sentences + changed numbers; shuffled sentences) of messages:
//    the original must come first and be flagged (recall); flags on anything
//    but the original and its identical copies count against precision.
//
// usage: similar_quality [--corpus DIR] [--copies N] [--tune [--only TEXT] | --replies-only]
//                        [--keep DIR [--reuse]] [--queries N]   (only N reply queries)
//                        [--dump FILE]   (top 100 of each reply query, JSON Lines)
//                        [--features FILE]   (re-scoring features of the first stage's
//                                             top 200, JSON Lines; see DumpFeatures)
#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "bench/perturb.h"
#include "bench/search_corpus.h"
#include "search/case_document.h"
#include "search/chinese_analyzer.h"
#include "search/more_like_this.h"
#include "search/near_duplicate.h"
#include "search/search_index.h"
#include "search/similar_cases.h"

using namespace casebook;

namespace {

size_t CharCount(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// id -> every id byte-identical to it (itself included).
std::map<std::string, std::set<std::string>> ReadGroups(const std::filesystem::path& file) {
  std::map<std::string, std::set<std::string>> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    std::set<std::string> ids;
    for (const auto& id : j["ids"]) ids.insert(id.get<std::string>());
    for (const auto& id : ids) out[id] = ids;
  }
  return out;
}

struct Latency {
  std::vector<double> ms;
  void Add(double v) { ms.push_back(v); }
  std::string Summary() {
    if (ms.empty()) return "n/a";
    std::sort(ms.begin(), ms.end());
    double total = 0;
    for (double v : ms) total += v;
    char buf[128];
    std::snprintf(buf, sizeof buf, "p50 %.1f ms, p99 %.1f ms, mean %.2f ms", ms[ms.size() / 2],
                  ms[ms.size() * 99 / 100], total / ms.size());
    return buf;
  }
};

// CPU time of the calling thread, in milliseconds (latency without the wait
// for a core on a loaded machine).
double ThreadCpuMillis() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

bool IsCopy(const std::string& hit, const std::string& original,
            const std::map<std::string, std::set<std::string>>& groups) {
  if (hit == original) return true;
  auto g = groups.find(original);
  return g != groups.end() && g->second.count(hit);
}

// --queries N: only the first N reply queries (a small run for callgrind); 0 = all.
int max_reply_queries = 0;

void ReplyToCase(const search::SimilarCases& sim, const std::vector<Case>& with_replies,
                 const std::set<std::string>& dev_ids,
                 const std::map<std::string, std::set<std::string>>& groups, const char* name,
                 search::SimilarRequest req) {
  int queries = 0, top1 = 0, top10 = 0;
  Latency lat, cpu;
  req.limit = 10;
  for (const Case& c : with_replies) {
    if (!dev_ids.count(c.id) || c.replies.empty()) continue;
    const std::string& reply = c.replies.front().text;
    if (CharCount(reply) < 200) continue;
    if (max_reply_queries > 0 && queries == max_reply_queries) break;
    ++queries;
    auto t = std::chrono::steady_clock::now();
    const double cpu_start = ThreadCpuMillis();
    auto hits = sim.ForText("", reply, req);
    lat.Add(bench::MillisSince(t));
    cpu.Add(ThreadCpuMillis() - cpu_start);
    if (!hits.ok()) continue;
    for (size_t i = 0; i < hits->size(); ++i) {
      if (IsCopy((*hits)[i].id, c.id, groups)) {
        top1 += i == 0;
        ++top10;
        break;
      }
    }
  }
  std::printf("reply -> case [%s]: %d queries, top-1 %.3f, top-10 %.3f, %s (CPU %s)\n", name,
              queries, static_cast<double>(top1) / queries, static_cast<double>(top10) / queries,
              lat.Summary().c_str(), cpu.Summary().c_str());
}

// First stage alone (no re-scoring): how often the reply's message is among
// the first 10 / 50 / 100 / 200 matches of the more-like-this query.
void FirstStageRecall(const search::Searcher& searcher, const std::vector<Case>& with_replies,
                      const std::set<std::string>& dev_ids,
                      const std::map<std::string, std::set<std::string>>& groups, const char* name,
                      search::SimilarRequest req) {
  const size_t depths[] = {10, 50, 100, 200};
  int queries = 0, found[4] = {0, 0, 0, 0};
  search::SearchRequest sr;
  sr.limit = 200;
  sr.facets = sr.snippets = false;
  sr.more_like_this = true;
  sr.more_like_this_options = req.more_like_this_options;
  sr.more_like_this_options.rerank_depth = 0;
  for (const Case& c : with_replies) {
    if (!dev_ids.count(c.id) || c.replies.empty()) continue;
    if (CharCount(c.replies.front().text) < 200) continue;
    ++queries;
    auto matched = searcher.SearchText("\n\n" + c.replies.front().text, sr, {});
    if (!matched.ok()) continue;
    for (size_t i = 0; i < matched->hits.size(); ++i) {
      if (!IsCopy(matched->hits[i].id, c.id, groups)) continue;
      for (int d = 0; d < 4; ++d) found[d] += i < depths[d];
      break;
    }
  }
  std::printf("first stage [%s]: in top 10 %.3f, 50 %.3f, 100 %.3f, 200 %.3f\n", name,
              found[0] * 1.0 / queries, found[1] * 1.0 / queries, found[2] * 1.0 / queries,
              found[3] * 1.0 / queries);
}

// Writes, for every reply query, the first stage's best 200 (default options)
// with their re-scoring features, as JSON Lines:
// {"id", "hits":[[is_target, bm25, cosine, title, coverage, word_cosine, shared_root, place],
//   ...],
//  "ids":[...]} (RescoreFeatures).
void DumpFeatures(const search::Searcher& searcher, const std::filesystem::path& index_dir,
                  const std::vector<Case>& with_replies, const std::set<std::string>& dev_ids,
                  const std::map<std::string, std::set<std::string>>& groups,
                  const std::string& file) {
  std::ofstream out(file);
  Xapian::Database db(index_dir.string());
  auto analyzer = search::ChineseAnalyzer::Create();
  if (!analyzer.ok()) return;
  search::SearchRequest sr;
  sr.limit = 200;
  sr.facets = sr.snippets = false;
  sr.more_like_this = true;
  sr.more_like_this_options.rerank_depth = 0;
  for (const Case& c : with_replies) {
    if (!dev_ids.count(c.id) || c.replies.empty()) continue;
    if (CharCount(c.replies.front().text) < 200) continue;
    const std::string text = "\n\n" + c.replies.front().text;
    auto matched = searcher.SearchText(text, sr, {});
    if (!matched.ok()) continue;
    std::vector<Xapian::docid> docs;
    std::vector<double> weights;
    std::vector<bool> target;
    std::vector<std::string> ids;
    for (const auto& h : matched->hits) {
      auto post = db.postlist_begin(search::IdTerm(h.id));
      if (post == db.postlist_end(search::IdTerm(h.id))) continue;
      docs.push_back(*post);
      weights.push_back(h.score);
      target.push_back(IsCopy(h.id, c.id, groups));
      ids.push_back(h.id);
    }
    search::MoreLikeThis similar(text, analyzer->get(), db, sr.more_like_this_options);
    auto features = similar.Features(docs, weights);
    nlohmann::json list = nlohmann::json::array();
    for (size_t i = 0; i < docs.size(); ++i) {
      const auto& f = features[i];
      list.push_back({target[i] ? 1 : 0, f.bm25, f.cosine, f.title, f.coverage, f.word_cosine,
                      f.shared_root, f.place});
    }
    out << nlohmann::json{{"id", c.id}, {"hits", list}, {"ids", ids}}.dump() << "\n";
  }
}

// Writes the top 100 hits of every reply query (defaults) as JSON Lines.
void DumpReplyCandidates(const search::SimilarCases& sim, const std::vector<Case>& with_replies,
                         const std::set<std::string>& dev_ids, const std::string& file) {
  std::ofstream out(file);
  search::SimilarRequest req;
  req.limit = 100;
  req.candidates = 100;
  for (const Case& c : with_replies) {
    if (!dev_ids.count(c.id) || c.replies.empty()) continue;
    if (CharCount(c.replies.front().text) < 200) continue;
    auto hits = sim.ForText("", c.replies.front().text, req);
    if (!hits.ok()) continue;
    nlohmann::json list = nlohmann::json::array();
    for (const auto& h : *hits) list.push_back({h.id, h.score});
    out << nlohmann::json{{"id", c.id}, {"hits", list}}.dump() << "\n";
  }
}

void DuplicateGroups(const search::SimilarCases& sim,
                     const std::map<std::string, std::set<std::string>>& groups) {
  std::set<std::set<std::string>> seen;
  int total = 0, found = 0;
  search::SimilarRequest req;
  req.limit = 10;
  for (const auto& [id, members] : groups) {
    if (!seen.insert(members).second) continue;
    ++total;
    auto hits = sim.ForCase(*members.begin(), req);
    if (!hits.ok()) continue;
    size_t flagged = 0;
    for (const auto& h : *hits)
      flagged += members.count(h.id) && h.near_duplicate && h.similarity > 0.999;
    found += flagged + 1 == members.size();
  }
  std::printf("exact duplicate groups: %d of %d found (every member flagged, similarity 1.0)\n",
              found, total);
}

}  // namespace

namespace {

struct Perturbation {
  const char* name;
  std::string (*make)(const std::string& text, uint64_t seed);
};

const Perturbation kPerturbations[] = {
    {"traditional", [](const std::string& t, uint64_t) { return perturb::ToTraditional(t); }},
    {"full-width + dropped sentence",
     [](const std::string& t, uint64_t s) {
       return perturb::ToFullWidth(perturb::DropSentence(t, s));
     }},
    {"2 inserted sentences + changed numbers",
     [](const std::string& t, uint64_t) { return perturb::InsertTwoAndChangeNumbers(t); }},
    {"shuffled sentences",
     [](const std::string& t, uint64_t s) { return perturb::ShuffleSentences(t, s); }},
};

void PerturbedCopies(const search::SimilarCases& sim, const std::vector<Case>& appeals,
                     const std::map<std::string, std::set<std::string>>& groups, int copies) {
  int flags_right = 0, flags_wrong = 0, all_queries = 0, all_found = 0;
  search::SimilarRequest req;
  req.limit = 10;
  for (const Perturbation& p : kPerturbations) {
    int queries = 0, first_and_flagged = 0;
    Latency lat;
    for (size_t i = 0; i < appeals.size() && queries < copies; i += 7) {
      const Case& c = appeals[i];
      if (perturb::Sentences(c.body).size() < 3) continue;
      ++queries;
      auto t = std::chrono::steady_clock::now();
      auto hits = sim.ForText(c.title, p.make(c.body, i), req);
      lat.Add(bench::MillisSince(t));
      if (!hits.ok() || hits->empty()) continue;
      first_and_flagged += IsCopy((*hits)[0].id, c.id, groups) && (*hits)[0].near_duplicate;
      for (const auto& h : *hits) {
        if (!h.near_duplicate) continue;
        (IsCopy(h.id, c.id, groups) ? flags_right : flags_wrong)++;
      }
    }
    std::printf("  %-40s original first and flagged: %d of %d (%.3f), %s\n", p.name,
                first_and_flagged, queries, static_cast<double>(first_and_flagged) / queries,
                lat.Summary().c_str());
    all_queries += queries;
    all_found += first_and_flagged;
  }
  std::printf(
      "near-duplicate flag on perturbed copies: recall %.3f, precision %.3f "
      "(%d right flags, %d wrong), threshold %.2f\n",
      static_cast<double>(all_found) / all_queries,
      static_cast<double>(flags_right) / std::max(1, flags_right + flags_wrong), flags_right,
      flags_wrong, search::kNearDuplicateThreshold);
}

// Near-duplicate flags among real messages that are not byte-identical: how
// often a different message is flagged (read the pairs: some are real
// resubmissions with small edits).
void FlagsOnOthers(const search::SimilarCases& sim, const std::vector<Case>& appeals,
                   const std::map<std::string, std::set<std::string>>& groups, int samples) {
  int queries = 0, flagged = 0;
  search::SimilarRequest req;
  req.limit = 10;
  for (size_t i = 3; i < appeals.size() && queries < samples; i += 13) {
    ++queries;
    auto hits = sim.ForCase(appeals[i].id, req);
    if (!hits.ok()) continue;
    for (const auto& h : *hits) flagged += h.near_duplicate && !IsCopy(h.id, appeals[i].id, groups);
  }
  std::printf("flags on non-identical messages: %d among the top 10 of %d messages\n", flagged,
              queries);
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::filesystem::path corpus = bench::CorpusDirFromArgs(argc, argv);
  int copies = 250;
  bool tune = false;          // --tune: only the reply -> case grid.
  bool replies_only = false;  // --replies-only: only the default reply -> case line.
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--copies") && i + 1 < argc) copies = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--queries") && i + 1 < argc) {
      max_reply_queries = std::atoi(argv[i + 1]);
    }
    if (!std::strcmp(argv[i], "--tune")) tune = true;
    if (!std::strcmp(argv[i], "--replies-only")) replies_only = true;
  }
  std::string only;  // --only TEXT: only the --tune lines whose name holds TEXT.
  for (int i = 1; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--only")) only = argv[i + 1];
  }
  std::filesystem::path work;
  bool reuse = false;
  std::string dump;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--keep") && i + 1 < argc) work = argv[i + 1];
    if (!std::strcmp(argv[i], "--dump") && i + 1 < argc) dump = argv[i + 1];
    reuse = reuse || !std::strcmp(argv[i], "--reuse");
  }
  const bool temp = work.empty();
  if (temp) work = std::filesystem::temp_directory_path() / "casebook-similar-quality";
  reuse = reuse && std::filesystem::exists(work / "index");
  if (!reuse) std::filesystem::remove_all(work);
  auto store = CaseStore::Open(work / "store");
  if (!store.ok()) return std::cerr << store.status().ToString() << "\n", 2;
  std::vector<Case> appeals = bench::ReadAppeals(corpus);
  std::vector<Case> with_replies = appeals;  // Replies are the queries, not indexed.
  for (Case& c : appeals) c.replies.clear();
  if (!reuse) bench::PutAllOrDie(store->get(), appeals);
  auto index = search::SearchIndex::Open(work / "index");
  if (!index.ok()) return std::cerr << index.status().ToString() << "\n", 2;
  auto t = std::chrono::steady_clock::now();
  if (auto a = (*index)->CatchUp(**store); !a.ok()) return std::cerr << a.status().ToString(), 2;
  std::printf("indexed %zu appeal messages in %.1f s\n", appeals.size(),
              bench::MillisSince(t) / 1000);
  auto searcher = search::Searcher::Open(work / "index", store->get());
  if (!searcher.ok()) return std::cerr << searcher.status().ToString() << "\n", 2;
  search::SimilarCases sim(searcher->get(), store->get());

  auto groups = ReadGroups(corpus / "appeal-exact-duplicate-groups.jsonl");
  std::set<std::string> dev_ids;
  {
    std::ifstream in(corpus / "appeal-reply-pairs-dev.tsv");
    std::string id;
    while (in >> id) dev_ids.insert(id);
  }
  if (!dump.empty()) DumpReplyCandidates(sim, with_replies, dev_ids, dump);
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--features")) continue;
    DumpFeatures(**searcher, work / "index", with_replies, dev_ids, groups, argv[i + 1]);
    return 0;
  }
  search::SimilarRequest all_terms;
  all_terms.more_like_this = false;
  if (!replies_only && !tune) {
    ReplyToCase(sim, with_replies, dev_ids, groups, "all terms (RankedTextQuery)", all_terms);
  }
  if (!tune || only.empty()) ReplyToCase(sim, with_replies, dev_ids, groups, "default", {});
  if (replies_only) return 0;
  if (tune) {
    auto wanted = [&](const char* name) {
      return only.empty() || std::string(name).find(only) != std::string::npos;
    };
    auto vary = [&](const char* name, auto change) {
      if (!wanted(name)) return;
      search::SimilarRequest r;
      change(&r.more_like_this_options);
      ReplyToCase(sim, with_replies, dev_ids, groups, name, r);
    };
    auto recall = [&](const char* name, auto change) {
      if (!wanted(name)) return;
      search::SimilarRequest r;
      change(&r.more_like_this_options);
      FirstStageRecall(**searcher, with_replies, dev_ids, groups, name, r);
    };
    recall("recall: default", [](auto*) {});
    recall("recall: the earlier defaults (60 terms, titles x1)",
           [](auto* o) { o->max_terms = 60, o->title_weight = 1; });
    recall("recall: 60 terms", [](auto* o) { o->max_terms = 60; });
    recall("recall: 200 terms", [](auto* o) { o->max_terms = 200; });
    recall("recall: titles x1", [](auto* o) { o->title_weight = 1; });
    recall("recall: titles x3", [](auto* o) { o->title_weight = 3; });
    recall("recall: no titles", [](auto* o) { o->title_weight = 0; });
    recall("recall: words x1", [](auto* o) { o->word_weight = 1.0; });
    recall("recall: no words", [](auto* o) { o->word_weight = 0; });
    recall("recall: no lead boost", [](auto* o) { o->lead_boost = 1; });
    recall("recall: lead 300", [](auto* o) { o->lead_chars = 300; });
    recall("recall: no place codes", [](auto* o) { o->place_codes = false; });
    vary("no re-scoring", [](auto* o) { o->rerank_depth = 0; });
    vary("re-score top 50", [](auto* o) { o->rerank_depth = 50; });
    vary("re-score top 70", [](auto* o) { o->rerank_depth = 70; });
    vary("re-score top 150", [](auto* o) { o->rerank_depth = 150; });
    vary("60 query terms", [](auto* o) { o->max_terms = 60; });
    vary("titles x1", [](auto* o) { o->title_weight = 1; });
    vary("lead 300", [](auto* o) { o->lead_chars = 300; });
    vary("lead 100", [](auto* o) { o->lead_chars = 100; });
    vary("words x0.75", [](auto* o) { o->word_weight = 0.75; });
    vary("no place codes", [](auto* o) { o->place_codes = false; });
    vary("no place feature", [](auto* o) { o->rerank_place = 0; });
    vary("re-score: the earlier features and weights", [](auto* o) {
      o->rerank_cosine = 1.85, o->rerank_title = 1.75, o->rerank_coverage = 1.5;
      o->rerank_word_cosine = o->rerank_shared_root = 0;
    });
    vary("re-score: no word cosine", [](auto* o) { o->rerank_word_cosine = 0; });
    vary("re-score: no shared-root", [](auto* o) { o->rerank_shared_root = 0; });
  }
  if (tune) return 0;
  DuplicateGroups(sim, groups);
  PerturbedCopies(sim, appeals, groups, copies);
  FlagsOnOthers(sim, appeals, groups, 300);
  searcher->reset();
  index->reset();
  store->reset();
  if (temp) std::filesystem::remove_all(work);
  return 0;
}
