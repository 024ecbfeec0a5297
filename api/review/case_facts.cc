#include "api/review/case_facts.h"

namespace casebook::review {

std::string FirstReplyDate(const Case& c) {
  std::string first;
  for (const Reply& r : c.replies) {
    if (!r.date.empty() && (first.empty() || r.date < first)) first = r.date;
  }
  return first;
}

const Feedback* LatestRatedFeedback(const Case& c) {
  const Feedback* latest = nullptr;
  for (const Feedback& f : c.feedback) {
    if (f.satisfaction == Satisfaction::kUnset) continue;
    if (latest == nullptr || f.date >= latest->date) latest = &f;
  }
  return latest;
}

}  // namespace casebook::review
