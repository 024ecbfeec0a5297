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

}  // namespace

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
  for (size_t i = 0; i < docs.size(); ++i) {
    auto [window, coverage] = WindowAndCoverage(db, docs[i], terms, total, options.window);
    scores[i] = weights[i] / best_weight + options.window_weight * window +
                options.coverage_weight * coverage;
  }
  return scores;
}

}  // namespace casebook::search
