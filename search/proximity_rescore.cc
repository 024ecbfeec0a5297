#include "search/proximity_rescore.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "search/chinese_terms.h"
#include "search/index_schema.h"

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

// Idf shares (of `total`) of the query terms in the best window of document
// `doc`, and anywhere in it.
std::pair<double, double> WindowAndCoverage(const Xapian::Database& db, Xapian::docid doc,
                                            const std::vector<QueryTerm>& terms, double total,
                                            Xapian::termpos window) {
  std::vector<std::pair<Xapian::termpos, size_t>> hits;  // (position, term index)
  double covered = 0;
  for (size_t k = 0; k < terms.size(); ++k) {
    auto it = db.positionlist_begin(doc, terms[k].term);
    if (it == db.positionlist_end(doc, terms[k].term)) continue;
    covered += terms[k].idf;
    for (; it != db.positionlist_end(doc, terms[k].term); ++it) hits.emplace_back(*it, k);
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
  return {best / total, covered / total};
}

// The main-text terms of `quote` at adjacent positions when the document
// holds it (its units' terms, SubstringQuery's phrase without the loose tail).
std::vector<std::string> PhraseTerms(std::string_view quote) {
  std::vector<TextUnit> units = ChineseAnalyzer::SplitUnits(quote);
  std::vector<std::string> terms;
  for (size_t i = 0; i < units.size(); ++i) {
    if (i + 1 < units.size() || units[i].kind == TextUnit::Kind::kWord) {
      terms.push_back(UnitTerm(quote, units, i, kBodyPrefix));
    }
  }
  return terms;
}

// Whether document `doc` holds `terms` at adjacent positions.
bool HoldsPhrase(const Xapian::Database& db, Xapian::docid doc,
                 const std::vector<std::string>& terms) {
  std::vector<std::vector<Xapian::termpos>> positions;
  for (const std::string& t : terms) {
    positions.emplace_back(db.positionlist_begin(doc, t), db.positionlist_end(doc, t));
    if (positions.back().empty()) return false;
  }
  for (Xapian::termpos start : positions[0]) {
    bool all = true;
    for (size_t k = 1; all && k < positions.size(); ++k) {
      all = std::binary_search(positions[k].begin(), positions[k].end(),
                               start + static_cast<Xapian::termpos>(k));
    }
    if (all) return true;
  }
  return false;
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

std::vector<double> ProximityRescore(const Xapian::Database& db, std::string_view normalized,
                                     const std::vector<Xapian::docid>& docs,
                                     const std::vector<double>& weights,
                                     const ProximityRescoreOptions& options) {
  std::vector<double> scores(weights);
  const std::vector<QueryTerm> terms = QueryTerms(db, normalized);
  double total = 0;
  for (const QueryTerm& t : terms) total += t.idf;
  const double best_weight =
      weights.empty() ? 0 : *std::max_element(weights.begin(), weights.end());
  if (terms.empty() || total <= 0 || best_weight <= 0) return scores;
  std::vector<std::vector<std::string>> phrases;
  if (options.quote_weight > 0) {
    for (std::string_view quote : QuotedStrings(normalized)) {
      std::vector<std::string> phrase = PhraseTerms(quote);
      if (!phrase.empty()) phrases.push_back(std::move(phrase));
    }
  }
  for (size_t i = 0; i < docs.size(); ++i) {
    auto [window, coverage] = WindowAndCoverage(db, docs[i], terms, total, options.window);
    scores[i] = weights[i] / best_weight + options.window_weight * window +
                options.coverage_weight * coverage +
                options.quote_weight * QuoteShare(db, docs[i], phrases);
  }
  return scores;
}

}  // namespace casebook::search
