#include "search/proximity_rescore.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "search/chinese_terms.h"
#include "search/index_schema.h"
#include "search/query_particulars.h"

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

// Whether some position p of positions[0] has p + k in positions[k] for every
// k (each list ascending, none empty).
bool Adjacent(const std::vector<std::vector<Xapian::termpos>>& positions) {
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

// Whether document `doc` holds `terms` at adjacent positions.
bool HoldsPhrase(const Xapian::Database& db, Xapian::docid doc,
                 const std::vector<std::string>& terms) {
  std::vector<std::vector<Xapian::termpos>> positions;
  for (const std::string& t : terms) {
    positions.emplace_back(db.positionlist_begin(doc, t), db.positionlist_end(doc, t));
    if (positions.back().empty()) return false;
  }
  return Adjacent(positions);
}

// One particular of the query (a place, a figure) as the terms that hold it,
// one slot per unit position: a CJK pair's bigram covers both characters; a
// lone CJK character after a word ("年" of "2020年") is the last slot, held by
// any term that starts with it. Its run-end term ("年$") and the bigram it
// forms in the query ("项措" of "3项措施") are tried first; only when they
// fail is the document's term list walked for the others.
struct Particular {
  std::vector<std::string> slots;  // One term per position.
  std::string last_character;      // Set when the last slot is a lone CJK character.
  std::string last_in_query;       // The query's term at that slot, when another.
};

Particular ParticularOf(std::string_view normalized, const std::vector<TextUnit>& query_units,
                        std::string_view text) {
  const std::vector<TextUnit> units = ChineseAnalyzer::SplitUnits(text);
  Particular out;
  for (size_t i = 0; i < units.size(); ++i) {
    const bool last = i + 1 == units.size();
    const bool cjk = units[i].kind == TextUnit::Kind::kCjk;
    if (last && cjk && i > 0 && units[i - 1].kind == TextUnit::Kind::kCjk) break;
    out.slots.push_back(UnitTerm(text, units, i, kBodyPrefix));
    if (!(last && cjk)) continue;
    out.last_character = kBodyPrefix + std::string(units[i].In(text));
    const size_t offset = normalized.find(text);
    for (size_t j = 0; offset != std::string_view::npos && j < query_units.size(); ++j) {
      if (query_units[j].begin != offset + units[i].begin) continue;
      std::string in_query = UnitTerm(normalized, query_units, j, kBodyPrefix);
      if (in_query != out.slots.back()) out.last_in_query = std::move(in_query);
    }
  }
  return out;
}

// The positions in one candidate of the terms starting with each lone
// character the query's particulars end with ("年$", "年以", ... for "年"):
// one walk of the candidate's term list serves them all, taken only when a
// particular first needs it.
class LoneCharacters {
 public:
  // `characters`: the query's lone characters, sorted, distinct.
  // Candidates longer than `max_length` units are not walked: nothing found.
  LoneCharacters(const Xapian::Database& db, Xapian::docid doc,
                 const std::vector<std::string>& characters, Xapian::termcount max_length)
      : db_(db), doc_(doc), characters_(characters), max_length_(max_length) {}

  const std::vector<Xapian::termpos>& PositionsOf(const std::string& character) {
    if (!walked_) Walk();
    const size_t k = static_cast<size_t>(
        std::lower_bound(characters_.begin(), characters_.end(), character) - characters_.begin());
    return positions_[k];
  }

 private:
  // Term lists are sorted; the characters are too, so skip_to only moves on.
  void Walk() {
    walked_ = true;
    positions_.resize(characters_.size());
    if (db_.get_doclength(doc_) > max_length_) return;
    Xapian::TermIterator t = db_.termlist_begin(doc_);
    const Xapian::TermIterator end = db_.termlist_end(doc_);
    for (size_t k = 0; k < characters_.size() && t != end; ++k) {
      const std::string& c = characters_[k];
      t.skip_to(c);
      for (; t != end && (*t).compare(0, c.size(), c) == 0; ++t) {
        positions_[k].insert(positions_[k].end(), t.positionlist_begin(), t.positionlist_end());
      }
      std::sort(positions_[k].begin(), positions_[k].end());
    }
  }

  const Xapian::Database& db_;
  Xapian::docid doc_;
  const std::vector<std::string>& characters_;
  const Xapian::termcount max_length_;
  bool walked_ = false;
  std::vector<std::vector<Xapian::termpos>> positions_;  // Per character, once walked.
};

// Whether document `doc` holds `particular` verbatim in its main text.
bool HoldsParticular(const Xapian::Database& db, Xapian::docid doc, const Particular& particular,
                     LoneCharacters* lone) {
  if (particular.slots.empty()) return false;
  const bool expandable = !particular.last_character.empty();
  std::vector<std::vector<Xapian::termpos>> positions;
  for (size_t k = 0; k < particular.slots.size(); ++k) {
    const std::string& term = particular.slots[k];
    positions.emplace_back(db.positionlist_begin(doc, term), db.positionlist_end(doc, term));
    const bool last = k + 1 == particular.slots.size();
    if (positions.back().empty() && !(last && expandable)) return false;
  }
  if (!expandable) return Adjacent(positions);
  std::vector<Xapian::termpos>& last = positions.back();
  if (!particular.last_in_query.empty()) {
    last.insert(last.end(), db.positionlist_begin(doc, particular.last_in_query),
                db.positionlist_end(doc, particular.last_in_query));
    std::sort(last.begin(), last.end());
  }
  if (!last.empty() && Adjacent(positions)) return true;
  last = lone->PositionsOf(particular.last_character);
  return !last.empty() && Adjacent(positions);
}

// The share of `particulars` document `doc` holds; 0 for none.
double ParticularShare(const Xapian::Database& db, Xapian::docid doc,
                       const std::vector<Particular>& particulars, LoneCharacters* lone) {
  if (particulars.empty()) return 0;
  size_t held = 0;
  for (const Particular& p : particulars) held += HoldsParticular(db, doc, p, lone);
  return static_cast<double>(held) / static_cast<double>(particulars.size());
}

// The lone characters `particulars` end with, sorted, distinct.
std::vector<std::string> LoneCharactersOf(const std::vector<Particular>& a,
                                          const std::vector<Particular>& b) {
  std::vector<std::string> out;
  for (const auto* list : {&a, &b}) {
    for (const Particular& p : *list) {
      if (!p.last_character.empty()) out.push_back(p.last_character);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
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
  const std::vector<TextUnit> query_units = ChineseAnalyzer::SplitUnits(normalized);
  std::vector<Particular> places, figures;
  if (options.place_weight != 0) {
    for (const std::string& p : PlaceNames(normalized)) {
      places.push_back(ParticularOf(normalized, query_units, p));
    }
  }
  if (options.figure_weight != 0) {
    for (const std::string& f : Figures(normalized)) {
      figures.push_back(ParticularOf(normalized, query_units, f));
    }
  }
  const std::vector<std::string> lone_characters = LoneCharactersOf(places, figures);
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
    LoneCharacters lone(db, docs[i], lone_characters, options.walk_max_length);
    f.place = ParticularShare(db, docs[i], places, &lone);
    f.figure = ParticularShare(db, docs[i], figures, &lone);
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
                                     const ProximityRescoreOptions& options) {
  const std::vector<PassageFeatures> features =
      MeasureCandidates(db, normalized, docs, weights, options);
  if (features.empty()) return weights;
  std::vector<double> scores(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) scores[i] = RescoreOf(features[i], options);
  return scores;
}

}  // namespace casebook::search
