// Facts derived from one case that the review queue, the statistics and the
// CSV export all need, computed one way.
#ifndef CASEBOOK_API_REVIEW_CASE_FACTS_H_
#define CASEBOOK_API_REVIEW_CASE_FACTS_H_

#include <string>

#include "store/case.h"

namespace casebook::review {

// The earliest dated reply's date, or "" when no reply has a date.
std::string FirstReplyDate(const Case& c);

// The latest feedback that states a satisfaction (by date; the later entry
// wins a tie), or null.
const Feedback* LatestRatedFeedback(const Case& c);

}  // namespace casebook::review

#endif  // CASEBOOK_API_REVIEW_CASE_FACTS_H_
