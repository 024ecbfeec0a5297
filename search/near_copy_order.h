// Ordering of near-copies among ranked (sentence / question) results: when
// the same notice is reprinted (another title, a paragraph dropped or added),
// the most complete version is listed first (after any copy that holds
// more of what the question names, when the caller says which).
//
// Copies of one text score within a few percent of each other, so their
// order after BM25 and the proximity stage is a coin-flip. This step finds
// groups of near-copies among the best hits (MinHash similarity of their
// fingerprints, near_duplicate.h) and hands each group's rank slots to its
// members in order of completeness (distinct shingles of the text, most
// first); hits outside any group keep their places. Measured on
// bench/search_quality (docs/search.md, near-copy ordering).
#ifndef CASEBOOK_SEARCH_NEAR_COPY_ORDER_H_
#define CASEBOOK_SEARCH_NEAR_COPY_ORDER_H_

#include <optional>
#include <vector>

#include "search/near_duplicate.h"

namespace casebook::search {

// Tuning of the near-copy ordering (defaults measured in docs/search.md).
struct NearCopyOrderOptions {
  // Fingerprint Similarity() at or above which two hits are copies of one
  // text; > 1 turns the ordering off.
  double similarity = 0.8;
};

// Reorders `order` (indices into `prints`, best first) so that within each
// group of near-copies the hit with the most shingles comes first, keeping
// the slots the group held. A hit joins the group of the first earlier hit
// (a group's first member) it is a copy of. A hit without a fingerprint
// (nullopt) is in no group. With `precedence` (indexed like `prints`, as
// many entries), a copy of higher precedence (to 1e-9) comes first whatever
// its completeness (the copy naming the question's place: proximity_rescore.h's
// places and figures).
// Ties keep the incoming order. Pure; O(n²) similarity comparisons for n =
// order.size().
void OrderNearCopies(const std::vector<std::optional<Fingerprint>>& prints,
                     const NearCopyOrderOptions& options, std::vector<size_t>* order,
                     const std::vector<double>* precedence = nullptr);

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_NEAR_COPY_ORDER_H_
