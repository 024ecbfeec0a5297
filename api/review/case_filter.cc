#include "api/review/case_filter.h"

#include <algorithm>

namespace casebook::review {

bool CaseFilter::Matches(const CaseSummary& s) const {
  if (year != 0 && s.year != year) return false;
  if (kind && s.kind != *kind) return false;
  if (role && s.role != *role) return false;
  if (level && s.level != *level) return false;
  if (!term.empty() && s.session.find(term) == std::string::npos) return false;
  if (!unit.empty()) {
    bool any = false;
    for (const auto* list : {&s.lead, &s.co, &s.joint}) {
      any |= std::find(list->begin(), list->end(), unit) != list->end();
    }
    if (!any) return false;
  }
  return true;
}

bool CaseFilter::empty() const {
  return year == 0 && term.empty() && unit.empty() && !kind && !role && !level;
}

}  // namespace casebook::review
