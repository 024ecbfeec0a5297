#include "search/query_pruning.h"

#include <vector>

namespace casebook::search {

namespace {

using Q = Xapian::Query;

bool MatchesNothing(const Q& q) { return q.get_type() == Q::LEAF_MATCH_NOTHING; }

// Operators whose subqueries must all match (for a document to match).
bool AllPartsNeeded(Q::op type) {
  return type == Q::OP_AND || type == Q::OP_PHRASE || type == Q::OP_NEAR ||
         type == Q::OP_FILTER || type == Q::OP_SCALE_WEIGHT;
}

// Operators that can be rebuilt from their subqueries alone (no window,
// factor or other parameter to carry over).
bool Rebuildable(Q::op type) {
  return type == Q::OP_AND || type == Q::OP_FILTER || type == Q::OP_OR ||
         type == Q::OP_AND_NOT || type == Q::OP_AND_MAYBE;
}

Q Prune(const Q& query, const Xapian::Database& db, bool* changed) {
  const Q::op type = query.get_type();
  if (type == Q::LEAF_TERM) {
    const std::string term = *query.get_terms_begin();
    if (term.empty() || db.term_exists(term)) return query;  // "" matches every document.
    *changed = true;
    return Q();
  }
  const bool all_needed = AllPartsNeeded(type);
  // AND_NOT / AND_MAYBE need their first part only; OR and SYNONYM any part.
  const bool first_needed = type == Q::OP_AND_NOT || type == Q::OP_AND_MAYBE;
  if (!all_needed && !first_needed && type != Q::OP_OR && type != Q::OP_SYNONYM) return query;
  std::vector<Q> kept;
  bool any_changed = false;
  for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
    Q part = Prune(query.get_subquery(i), db, &any_changed);
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
  bool changed = false;
  return Prune(query, db, &changed);
}

std::optional<std::string> SingleTermOf(const Xapian::Query& query) {
  if (query.get_type() != Q::LEAF_TERM) return std::nullopt;
  std::string term = *query.get_terms_begin();
  if (term.empty()) return std::nullopt;
  return term;
}

}  // namespace casebook::search
