// Calendar days for the review process: day numbers, today, and the as-of
// day every queue and statistic is computed for.
#ifndef CASEBOOK_API_REVIEW_REVIEW_DATES_H_
#define CASEBOOK_API_REVIEW_REVIEW_DATES_H_

#include <optional>
#include <string>

#include "store/status.h"

namespace casebook::review {

// Days from 1970-01-01 to the date at the start of `iso` ("YYYY-MM-DD...");
// nullopt when it does not start with a valid date.
std::optional<long> DayNumber(const std::string& iso);

// Today's date in UTC as "YYYY-MM-DD".
std::string TodayUtc();

// `as_of` itself, or today when empty; InvalidArgument naming the parameter
// when it is not a real date YYYY-MM-DD.
Result<std::string> ResolveAsOf(const std::string& as_of);

}  // namespace casebook::review

#endif  // CASEBOOK_API_REVIEW_REVIEW_DATES_H_
