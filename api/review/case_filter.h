// Which cases a queue, a statistic or an export covers: year, term (届次),
// handling unit, kind, this office's role, level.
#ifndef CASEBOOK_API_REVIEW_CASE_FILTER_H_
#define CASEBOOK_API_REVIEW_CASE_FILTER_H_

#include <optional>
#include <string>

#include "api/review/review_index.h"
#include "store/case.h"

namespace casebook::review {

// Which cases to count (every field optional; all given must hold).
struct CaseFilter {
  int year = 0;      // 0 = every year.
  std::string term;  // 届次: cases whose session text contains it.
  std::string unit;  // A handling unit in any role.
  std::optional<CaseKind> kind;
  std::optional<Role> role;
  std::optional<Level> level;
  // True when the summary passes.
  bool Matches(const CaseSummary& s) const;
  bool empty() const;
};

}  // namespace casebook::review

#endif  // CASEBOOK_API_REVIEW_CASE_FILTER_H_
