#include "search/query_pruning.h"

#include <algorithm>
#include <unordered_set>
#include <vector>

namespace casebook::search {

namespace {

using Q = Xapian::Query;

bool MatchesNothing(const Q& q) { return q.get_type() == Q::LEAF_MATCH_NOTHING; }

// Operators whose subqueries must all match (for a document to match).
bool AllPartsNeeded(Q::op type) {
  return type == Q::OP_AND || type == Q::OP_PHRASE || type == Q::OP_NEAR || type == Q::OP_FILTER ||
         type == Q::OP_SCALE_WEIGHT;
}

// Operators that can be rebuilt from their subqueries alone (no window,
// factor or other parameter to carry over).
bool Rebuildable(Q::op type) {
  return type == Q::OP_AND || type == Q::OP_FILTER || type == Q::OP_OR || type == Q::OP_AND_NOT ||
         type == Q::OP_AND_MAYBE;
}

// AND_NOT / AND_MAYBE need their first part only; OR and SYNONYM any part.
bool FirstPartNeeded(Q::op type) { return type == Q::OP_AND_NOT || type == Q::OP_AND_MAYBE; }

// Whether Prune looks inside subqueries of this operator.
bool Descends(Q::op type) {
  return AllPartsNeeded(type) || FirstPartNeeded(type) || type == Q::OP_OR || type == Q::OP_SYNONYM;
}

// The non-empty terms Prune looks at ("" matches every document).
void CollectTerms(const Q& query, std::vector<std::string>* terms) {
  const Q::op type = query.get_type();
  if (type == Q::LEAF_TERM) {
    std::string term = *query.get_terms_begin();
    if (!term.empty()) terms->push_back(std::move(term));
  } else if (Descends(type)) {
    for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
      CollectTerms(query.get_subquery(i), terms);
    }
  }
}

// The terms of `query` that `db` does not hold. Looked up in key order: the
// B-tree cursor then mostly stays in blocks it has read (each block read is
// a system call; Xapian keeps no block cache).
std::unordered_set<std::string> AbsentTerms(const Q& query, const Xapian::Database& db) {
  std::vector<std::string> terms;
  CollectTerms(query, &terms);
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  std::unordered_set<std::string> absent;
  for (std::string& t : terms) {
    if (!db.term_exists(t)) absent.insert(std::move(t));
  }
  return absent;
}

Q Prune(const Q& query, const std::unordered_set<std::string>& absent, bool* changed) {
  const Q::op type = query.get_type();
  if (type == Q::LEAF_TERM) {
    if (absent.count(*query.get_terms_begin()) == 0) return query;
    *changed = true;
    return Q();
  }
  if (!Descends(type)) return query;
  const bool all_needed = AllPartsNeeded(type);
  const bool first_needed = FirstPartNeeded(type);
  std::vector<Q> kept;
  bool any_changed = false;
  for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
    Q part = Prune(query.get_subquery(i), absent, &any_changed);
    if (!MatchesNothing(part)) {
      kept.push_back(std::move(part));
    } else if (all_needed || (first_needed && i == 0)) {
      *changed = true;
      return Q();
    }
  }
  if (!any_changed) return query;
  *changed = true;
  if (kept.empty()) return Q();
  // A SYNONYM weighs its parts as one term, so it is only ever kept whole or
  // dropped; the same for operators carrying a parameter.
  if (!Rebuildable(type)) return query;
  if (kept.size() == 1) return kept[0];
  return Q(type, kept.begin(), kept.end());
}

}  // namespace

Xapian::Query PruneAbsentTerms(const Xapian::Query& query, const Xapian::Database& db) {
  const std::unordered_set<std::string> absent = AbsentTerms(query, db);
  if (absent.empty()) return query;
  bool changed = false;
  return Prune(query, absent, &changed);
}

std::optional<std::string> SingleTermOf(const Xapian::Query& query) {
  if (query.get_type() != Q::LEAF_TERM) return std::nullopt;
  std::string term = *query.get_terms_begin();
  if (term.empty()) return std::nullopt;
  return term;
}

}  // namespace casebook::search
