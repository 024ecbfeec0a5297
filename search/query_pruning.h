// Query pruning: the parts of a Xapian query that cannot match in a given
// database are dropped before it runs, and a query left with one term has its
// exact match count in the term's statistics.
//
// Keyword queries search every text field (body, replies, proposers, units,
// tags, notes: an OR of six substring queries per keyword), and most of those
// field terms are absent from a given index (no unit name holds "幼儿"). Xapian
// opens a posting list and reads B-tree blocks for each of them on every
// query; pruning them first costs one term-frequency lookup each and leaves
// the match (documents, weights, order) unchanged.
#ifndef CASEBOOK_SEARCH_QUERY_PRUNING_H_
#define CASEBOOK_SEARCH_QUERY_PRUNING_H_

#include <xapian.h>

#include <optional>
#include <string>

namespace casebook::search {

// `query` without the subqueries that match no document of `db` because a
// term they need is absent: an absent term matches nothing, an AND / PHRASE /
// NEAR / FILTER / SCALE_WEIGHT with a part matching nothing matches nothing,
// an OR drops such parts, AND_NOT and AND_MAYBE drop such right-hand sides.
// Other operators are kept as they are. Matching documents and their BM25
// weights are unchanged (absent terms add no weight). Returns an empty Query
// when nothing can match. Throws Xapian errors (callers catch them).
// Thread safety: as `db` (one thread at a time).
Xapian::Query PruneAbsentTerms(const Xapian::Query& query, const Xapian::Database& db);

// The term when `query` is a single non-empty term (its documents are exactly
// the term's postings, so its exact match count is the term's frequency);
// nullopt otherwise.
std::optional<std::string> SingleTermOf(const Xapian::Query& query);

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_QUERY_PRUNING_H_
