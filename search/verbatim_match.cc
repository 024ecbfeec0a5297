#include "search/verbatim_match.h"

#include <algorithm>
#include <utility>

#include "search/chinese_analyzer.h"
#include "search/chinese_terms.h"
#include "search/index_schema.h"

namespace casebook::search {

namespace {

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

}  // namespace

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

bool HoldsPhrase(const Xapian::Database& db, Xapian::docid doc,
                 const std::vector<std::string>& terms) {
  std::vector<std::vector<Xapian::termpos>> positions;
  for (const std::string& t : terms) {
    positions.emplace_back(db.positionlist_begin(doc, t), db.positionlist_end(doc, t));
    if (positions.back().empty()) return false;
  }
  return Adjacent(positions);
}

// One slot per unit position (a CJK pair's bigram covers both characters); a
// lone CJK character after a word is the last slot (see the class comment).
struct ParticularMatcher::Particular {
  std::vector<std::string> slots;  // One term per position.
  std::string last_character;      // Set when the last slot is a lone CJK character.
  std::string last_in_query;       // The query's term at that slot, when another.
};

namespace {

using Particular = ParticularMatcher::Particular;

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

}  // namespace

ParticularMatcher::ParticularMatcher(std::string_view normalized,
                                     const std::vector<std::string>& places,
                                     const std::vector<std::string>& figures,
                                     Xapian::termcount walk_max_length)
    : walk_max_length_(walk_max_length) {
  const std::vector<TextUnit> query_units = ChineseAnalyzer::SplitUnits(normalized);
  for (const std::string& p : places) places_.push_back(ParticularOf(normalized, query_units, p));
  for (const std::string& f : figures) {
    figures_.push_back(ParticularOf(normalized, query_units, f));
  }
  for (const auto* list : {&places_, &figures_}) {
    for (const Particular& p : *list) {
      if (!p.last_character.empty()) lone_characters_.push_back(p.last_character);
    }
  }
  std::sort(lone_characters_.begin(), lone_characters_.end());
  lone_characters_.erase(std::unique(lone_characters_.begin(), lone_characters_.end()),
                         lone_characters_.end());
}

ParticularMatcher::~ParticularMatcher() = default;

ParticularShares ParticularMatcher::Held(const Xapian::Database& db, Xapian::docid doc) const {
  LoneCharacters lone(db, doc, lone_characters_, walk_max_length_);
  return {ParticularShare(db, doc, places_, &lone), ParticularShare(db, doc, figures_, &lone)};
}

}  // namespace casebook::search
