// index_floor: what Xapian alone costs per document, to set the indexing
// target (import+index >= 3,600 docs/s on 2 cores, issue 3) against the
// engine's floor.
//
// The documents search_speed indexes (recombined appeal messages) are built
// once in memory by the real BuildCaseDocument; then only Xapian's
// add_document and commit are timed, single-threaded, into a fresh glass
// database (no fsync, parts committed every --part-docs documents, no
// compaction: so each figure is a floor under the real rebuild). Variants:
//   as indexed       the real documents
//   no positions     the same terms and wdf, values and data, no positions
//   no termlist      the real documents, database opened with DB_NO_TERMLIST
//   neither          no positions and no termlist
//   char unigrams    the Sphinx-style alternative: one positional term per
//                    character (and per Latin word / number) instead of
//                    bigrams + dictionary words, with the same values and data
//   words only     no substring terms at all: the unpositioned terms alone
//                    (dictionary words, filters, id), values and data
// Each prints CPU ms per document (add + commit), documents per CPU-second,
// and the ceiling that implies on 2 fully used cores before any analysis,
// store reading or compaction, next to the 3,600 docs/s target.
//
// usage: index_floor [--corpus DIR] [--docs N (default 3000)] [--part-docs N (default 1000)]
#include <unistd.h>
#include <xapian.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bench/search_corpus.h"
#include "search/case_document.h"
#include "search/chinese_analyzer.h"

using namespace casebook;

namespace {

constexpr double kTargetDocsPerSecond = 3600;
constexpr double kCores = 2;

using bench::ProcessCpuSeconds;

// A document holding `doc`'s values and data, and no terms yet.
Xapian::Document ValuesAndDataOf(const Xapian::Document& doc) {
  Xapian::Document out;
  for (auto v = doc.values_begin(); v != doc.values_end(); ++v) out.add_value(v.get_valueno(), *v);
  out.set_data(doc.get_data());
  return out;
}

// The same document without positions (terms, wdf, values and data kept).
Xapian::Document WithoutPositions(const Xapian::Document& doc) {
  Xapian::Document out = ValuesAndDataOf(doc);
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) out.add_term(*t, t.get_wdf());
  return out;
}

// Only the terms without positions (dictionary words, filters, id): what
// an index without any substring terms would hold.
Xapian::Document UnpositionedTermsOnly(const Xapian::Document& doc) {
  Xapian::Document out = ValuesAndDataOf(doc);
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    if (t.positionlist_count() == 0) out.add_term(*t, t.get_wdf());
  }
  return out;
}

// One positional term per text unit (CJK character, Latin word, number) of
// the normalised title and body; values and data as in `indexed`.
Xapian::Document CharacterUnigrams(const Case& c, const search::ChineseAnalyzer& analyzer,
                                   const Xapian::Document& indexed) {
  Xapian::Document out = ValuesAndDataOf(indexed);
  const std::string text = analyzer.Normalize(c.title + "\n" + c.body);
  Xapian::termpos pos = 0;
  for (const search::TextUnit& unit : search::ChineseAnalyzer::SplitUnits(text)) {
    out.add_posting(std::string(unit.In(text)), ++pos);
  }
  out.add_boolean_term(search::IdTerm(c.id));
  return out;
}

struct Shape {
  double terms = 0;      // Distinct terms per document.
  double positions = 0;  // Positions per document.
};

Shape ShapeOf(const std::vector<Xapian::Document>& docs) {
  Shape s;
  for (const Xapian::Document& d : docs) {
    s.terms += d.termlist_count();
    for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t)
      s.positions += t.positionlist_count();
  }
  s.terms /= docs.size();
  s.positions /= docs.size();
  return s;
}

// Adds `docs` to a fresh database in `dir`, committing every `part` documents;
// returns CPU seconds of add_document and of commit.
std::pair<double, double> TimeXapian(const std::vector<Xapian::Document>& docs,
                                     const std::filesystem::path& dir, int extra_flags,
                                     size_t part) {
  std::filesystem::remove_all(dir);
  Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC |
                                                Xapian::DB_BACKEND_GLASS | extra_flags);
  double add = 0, commit = 0;
  for (size_t i = 0; i < docs.size(); ++i) {
    double t0 = ProcessCpuSeconds();
    db.add_document(docs[i]);
    add += ProcessCpuSeconds() - t0;
    if ((i + 1) % part == 0 || i + 1 == docs.size()) {
      t0 = ProcessCpuSeconds();
      db.commit();
      commit += ProcessCpuSeconds() - t0;
    }
  }
  db.close();
  std::filesystem::remove_all(dir);
  return {add, commit};
}

}  // namespace

int main(int argc, char** argv) {
  const size_t n = static_cast<size_t>(bench::IntArg(argc, argv, "--docs", 3000));
  const size_t part = static_cast<size_t>(bench::IntArg(argc, argv, "--part-docs", 1000));
  if (n == 0 || part == 0) {
    std::fprintf(stderr, "index_floor: --docs and --part-docs must be at least 1\n");
    return 2;
  }
  const std::vector<Case> real = bench::ReadAppeals(bench::CorpusDirFromArgs(argc, argv));
  if (real.empty()) {
    std::fprintf(stderr, "index_floor: no appeal messages found (--corpus DIR)\n");
    return 2;
  }
  std::vector<Case> cases = bench::RecombinedCases(real, n);
  auto analyzer = search::ChineseAnalyzer::Create();
  if (!analyzer.ok()) {
    std::fprintf(stderr, "index_floor: %s\n", analyzer.status().ToString().c_str());
    return 2;
  }
  std::vector<Xapian::Document> indexed;
  indexed.reserve(n);
  const double t0 = ProcessCpuSeconds();
  for (const Case& c : cases) indexed.push_back(search::BuildCaseDocument(c, analyzer->get()));
  const double analysis = ProcessCpuSeconds() - t0;
  std::vector<Xapian::Document> bare, unigrams, words;
  for (size_t i = 0; i < n; ++i) {
    bare.push_back(WithoutPositions(indexed[i]));
    unigrams.push_back(CharacterUnigrams(cases[i], **analyzer, indexed[i]));
    words.push_back(UnpositionedTermsOnly(indexed[i]));
  }
  std::printf(
      "%zu recombined appeal cases; parts of %zu documents; budget for %.0f docs/s on %.0f "
      "cores: %.3f CPU ms per document, everything included\n",
      n, part, kTargetDocsPerSecond, kCores, 1000 * kCores / kTargetDocsPerSecond);
  std::printf("our analysis (BuildCaseDocument): %.3f CPU ms per document\n", 1000 * analysis / n);
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("casebook-index-floor-" + std::to_string(getpid()));
  struct Variant {
    const char* name;
    const std::vector<Xapian::Document>* docs;
    int flags;
  };
  const Variant variants[] = {{"as indexed", &indexed, 0},
                              {"no positions", &bare, 0},
                              {"no termlist", &indexed, Xapian::DB_NO_TERMLIST},
                              {"neither", &bare, Xapian::DB_NO_TERMLIST},
                              {"char unigrams", &unigrams, 0},
                              {"words only", &words, 0}};
  for (const Variant& v : variants) {
    const Shape shape = ShapeOf(*v.docs);
    const auto [add, commit] = TimeXapian(*v.docs, dir, v.flags, part);
    const double ms = 1000 * (add + commit) / n;
    std::printf(
        "%-14s %5.0f terms, %5.0f positions per doc: add %.3f + commit %.3f = %.3f CPU ms "
        "per doc = %4.0f docs per CPU-second; ceiling on %.0f cores %5.0f docs/s (%.2fx the "
        "target)\n",
        v.name, shape.terms, shape.positions, 1000 * add / n, 1000 * commit / n, ms, 1000 / ms,
        kCores, kCores * 1000 / ms, kCores * 1000 / ms / kTargetDocsPerSecond);
  }
  return 0;
}
