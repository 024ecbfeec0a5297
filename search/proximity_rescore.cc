#include "search/proximity_rescore.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "search/chinese_terms.h"
#include "search/index_schema.h"
#include "search/query_particulars.h"
#include "search/verbatim_match.h"

namespace casebook::search {

namespace {

struct QueryTerm {
  std::string term;
  double idf = 0;
};

// The distinct main-text terms of the query that the index holds, with a
// BM25-style idf (at least 0.01 so that every term counts a little).
std::vector<QueryTerm> QueryTerms(const Xapian::Database& db, std::string_view normalized) {
  std::vector<std::string> terms = RankingTerms(normalized, kBodyPrefix);
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  const double n = static_cast<double>(db.get_doccount());
  std::vector<QueryTerm> out;
  for (std::string& t : terms) {
    const double df = static_cast<double>(db.get_termfreq(t));
    if (df == 0) continue;
    out.push_back({std::move(t), std::max(0.01, std::log((n - df + 0.5) / (df + 0.5)))});
  }
  return out;
}

// The query's units in order as indices into `terms` (-1: a unit whose term
// is not among them, e.g. the end of a CJK run, which breaks a stretch).
std::vector<int> QuerySequence(std::string_view normalized, const std::vector<QueryTerm>& terms) {
  std::vector<TextUnit> units = ChineseAnalyzer::SplitUnits(normalized);
  std::vector<int> out;
  out.reserve(units.size());
  for (size_t i = 0; i < units.size(); ++i) {
    const std::string term = UnitTerm(normalized, units, i, kBodyPrefix);
    auto it = std::lower_bound(terms.begin(), terms.end(), term,
                               [](const QueryTerm& t, const std::string& s) { return t.term < s; });
    out.push_back(it != terms.end() && it->term == term ? static_cast<int>(it - terms.begin())
                                                        : -1);
  }
  return out;
}

// Idf (of `total`) of the longest stretch of `sequence` found at adjacent
// positions in `positions` (per term, ascending).
double LongestRun(const std::vector<int>& sequence,
                  const std::vector<std::vector<Xapian::termpos>>& positions,
                  const std::vector<QueryTerm>& terms, double total) {
  // runs: (document position of the stretch's last unit, idf so far) for the
  // stretches ending at the previous query unit.
  std::vector<std::pair<Xapian::termpos, double>> runs, next;
  double best = 0;
  for (int k : sequence) {
    next.clear();
    if (k >= 0) {
      for (Xapian::termpos p : positions[static_cast<size_t>(k)]) {
        auto it = std::lower_bound(runs.begin(), runs.end(), std::make_pair(p - 1, 0.0));
        const double before = it != runs.end() && it->first == p - 1 ? it->second : 0;
        next.emplace_back(p, before + terms[static_cast<size_t>(k)].idf);
        best = std::max(best, next.back().second);
      }
    }
    runs.swap(next);
  }
  return best / total;
}

// Idf shares (of `total`) of the query terms in the best window of document
// `doc`, anywhere in it, and in its longest verbatim stretch of the query.
void MeasureText(const Xapian::Database& db, Xapian::docid doc, const std::vector<QueryTerm>& terms,
                 const std::vector<int>& sequence, double total, Xapian::termpos window,
                 PassageFeatures* f) {
  std::vector<std::vector<Xapian::termpos>> positions(terms.size());
  std::vector<std::pair<Xapian::termpos, size_t>> hits;  // (position, term index)
  double covered = 0;
  for (size_t k = 0; k < terms.size(); ++k) {
    positions[k].assign(db.positionlist_begin(doc, terms[k].term),
                        db.positionlist_end(doc, terms[k].term));
    if (positions[k].empty()) continue;
    covered += terms[k].idf;
    for (Xapian::termpos p : positions[k]) hits.emplace_back(p, k);
  }
  std::sort(hits.begin(), hits.end());
  std::vector<int> in_window(terms.size(), 0);
  double current = 0, best = 0;
  size_t first = 0;
  for (const auto& [pos, k] : hits) {
    if (in_window[k]++ == 0) current += terms[k].idf;
    while (hits[first].first + window <= pos) {
      if (--in_window[hits[first].second] == 0) current -= terms[hits[first].second].idf;
      ++first;
    }
    best = std::max(best, current);
  }
  f->window = best / total;
  f->coverage = covered / total;
  if (!sequence.empty()) f->run = LongestRun(sequence, positions, terms, total);
}

// Idf share (of `total`) of the query terms in the title of `doc`.
double TitleShare(const Xapian::Database& db, Xapian::docid doc,
                  const std::vector<QueryTerm>& terms, double total) {
  double held = 0;
  for (const QueryTerm& t : terms) {
    const std::string title_term = kTitlePrefix + t.term;
    if (db.positionlist_begin(doc, title_term) != db.positionlist_end(doc, title_term)) {
      held += t.idf;
    }
  }
  return held / total;
}

// The share of `phrases` (term lists of the query's quotes) document `doc` holds.
double QuoteShare(const Xapian::Database& db, Xapian::docid doc,
                  const std::vector<std::vector<std::string>>& phrases) {
  if (phrases.empty()) return 0;
  size_t held = 0;
  for (const auto& terms : phrases) held += HoldsPhrase(db, doc, terms);
  return static_cast<double>(held) / static_cast<double>(phrases.size());
}

}  // namespace

std::vector<std::string_view> QuotedStrings(std::string_view normalized) {
  static constexpr std::pair<std::string_view, std::string_view> kMarks[] = {
      {"《", "》"}, {"“", "”"}, {"「", "」"}, {"『", "』"}};
  std::vector<std::string_view> out;
  size_t at = 0;
  while (at < normalized.size()) {
    size_t open = std::string_view::npos;
    std::string_view open_mark, close;
    for (const auto& [o, c] : kMarks) {
      const size_t found = normalized.find(o, at);
      if (found < open) open = found, open_mark = o, close = c;
    }
    if (open == std::string_view::npos) break;
    const size_t start = open + open_mark.size();
    const size_t end = normalized.find(close, start);
    if (end == std::string_view::npos) break;
    if (end > start) out.push_back(normalized.substr(start, end - start));
    at = end + close.size();
  }
  return out;
}

std::vector<PassageFeatures> MeasureCandidates(const Xapian::Database& db,
                                               std::string_view normalized,
                                               const std::vector<Xapian::docid>& docs,
                                               const std::vector<double>& weights,
                                               const ProximityRescoreOptions& options) {
  const std::vector<QueryTerm> terms = QueryTerms(db, normalized);
  double total = 0;
  for (const QueryTerm& t : terms) total += t.idf;
  const double best_weight =
      weights.empty() ? 0 : *std::max_element(weights.begin(), weights.end());
  if (terms.empty() || total <= 0 || best_weight <= 0) return {};
  std::vector<std::vector<std::string>> phrases;
  if (options.quote_weight != 0) {
    for (std::string_view quote : QuotedStrings(normalized)) {
      std::vector<std::string> phrase = PhraseTerms(quote);
      if (!phrase.empty()) phrases.push_back(std::move(phrase));
    }
  }
  const std::vector<int> sequence =
      options.run_weight != 0 ? QuerySequence(normalized, terms) : std::vector<int>();
  const ParticularMatcher particulars(
      normalized, options.place_weight != 0 ? PlaceNames(normalized) : std::vector<std::string>(),
      options.figure_weight != 0 ? Figures(normalized) : std::vector<std::string>(),
      options.walk_max_length);
  const double average_length = std::max(1.0, db.get_avlength());
  std::vector<PassageFeatures> out(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    PassageFeatures& f = out[i];
    f.first_stage = weights[i] / best_weight;
    MeasureText(db, docs[i], terms, sequence, total, options.window, &f);
    f.quote = QuoteShare(db, docs[i], phrases);
    if (options.title_weight != 0) f.title = TitleShare(db, docs[i], terms, total);
    if (options.length_weight != 0) {
      f.length =
          std::log2(std::max(1.0, static_cast<double>(db.get_doclength(docs[i]))) / average_length);
    }
    const ParticularShares held = particulars.Held(db, docs[i]);
    f.place = held.places;
    f.figure = held.figures;
  }
  return out;
}

double ParticularsOf(const PassageFeatures& f, const ProximityRescoreOptions& options) {
  return options.place_weight * f.place + options.figure_weight * f.figure;
}

double RescoreOf(const PassageFeatures& f, const ProximityRescoreOptions& options) {
  return f.first_stage + options.window_weight * f.window + options.coverage_weight * f.coverage +
         options.quote_weight * f.quote + options.title_weight * f.title +
         options.run_weight * f.run + options.length_weight * f.length + ParticularsOf(f, options);
}

std::vector<double> ProximityRescore(const Xapian::Database& db, std::string_view normalized,
                                     const std::vector<Xapian::docid>& docs,
                                     const std::vector<double>& weights,
                                     const ProximityRescoreOptions& options,
                                     std::vector<double>* particulars) {
  const std::vector<PassageFeatures> features =
      MeasureCandidates(db, normalized, docs, weights, options);
  if (particulars != nullptr) particulars->clear();
  if (features.empty()) return weights;
  std::vector<double> scores(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    scores[i] = RescoreOf(features[i], options);
    if (particulars != nullptr) particulars->push_back(ParticularsOf(features[i], options));
  }
  return scores;
}

}  // namespace casebook::search
