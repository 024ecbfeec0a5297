#include "search/near_copy_order.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace casebook::search {

void OrderNearCopies(const std::vector<std::optional<Fingerprint>>& prints,
                     const NearCopyOrderOptions& options, std::vector<size_t>* order,
                     const std::vector<double>* precedence) {
  if (options.similarity > 1) return;
  const std::vector<size_t> ranked = *order;
  // leader[k]: the rank of the first member of the group of the hit at rank k.
  std::vector<size_t> leader(ranked.size());
  std::map<size_t, std::vector<size_t>> groups;  // leader rank -> member ranks, ascending
  for (size_t k = 0; k < ranked.size(); ++k) {
    leader[k] = k;
    const std::optional<Fingerprint>& print = prints[ranked[k]];
    for (size_t j = 0; print && j < k; ++j) {
      const std::optional<Fingerprint>& other = prints[ranked[j]];
      if (leader[j] == j && other && Similarity(*print, *other) >= options.similarity) {
        leader[k] = j;
        break;
      }
    }
    groups[leader[k]].push_back(k);
  }
  auto completeness = [&](size_t rank) {
    const std::optional<Fingerprint>& print = prints[ranked[rank]];
    return print ? print->shingles : 0;
  };
  for (const auto& [first, members] : groups) {
    if (members.size() < 2) continue;
    std::vector<size_t> by_completeness = members;
    std::stable_sort(by_completeness.begin(), by_completeness.end(), [&](size_t a, size_t b) {
      if (precedence != nullptr) {
        // Compared to 1e-9: equal shares summed in another order still tie.
        const long long pa = std::llround((*precedence)[ranked[a]] * 1e9);
        const long long pb = std::llround((*precedence)[ranked[b]] * 1e9);
        if (pa != pb) return pa > pb;
      }
      return completeness(a) > completeness(b);
    });
    for (size_t m = 0; m < members.size(); ++m) (*order)[members[m]] = ranked[by_completeness[m]];
  }
}

}  // namespace casebook::search
