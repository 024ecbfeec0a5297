// The review process's request parameters, read one way for the HTTP routes
// and the CLI: the case filters (year, term, unit, kind, role, level), the
// queue's (as_of, limit, offset, section) and the statistics' (as_of). A
// caller passes a reader of named values (query parameters, --flags).
#ifndef CASEBOOK_API_REVIEW_REVIEW_PARAMS_H_
#define CASEBOOK_API_REVIEW_REVIEW_PARAMS_H_

#include <functional>
#include <optional>
#include <string>

#include "api/review/case_stats.h"
#include "api/review/review_queue.h"
#include "store/status.h"

namespace casebook::review {

// The value of parameter `name`, nullopt when it was not given.
using ParamReader = std::function<std::optional<std::string>(const std::string& name)>;

// Limits on what one request may ask for.
struct ReviewLimits {
  size_t max_section_items = 1000;  // Largest `limit` per queue section.
  size_t max_offset = 10000;        // Largest `offset` per queue section.
};

// `text` as an integer in [min, max]: digits (full-width ones too), a minus
// at most before them; nullopt for anything else (a space, a plus sign, a
// fraction, too large).
std::optional<long long> ParseInteger(const std::string& text, long long min, long long max);

// The names ParseCaseFilter reads, in the order documented.
inline constexpr const char* kCaseFilterParams[] = {"year", "term", "unit",
                                                    "kind", "role", "level"};

// Errors: InvalidArgument naming the parameter ("parameter 'kind': unknown
// value 'x'", "parameter 'year': expected a year 1949..2100").
Result<CaseFilter> ParseCaseFilter(const ParamReader& get);
// The filters plus as_of, limit (default 200), offset and section.
Result<ReviewQueueOptions> ParseQueueOptions(const ParamReader& get, const ReviewLimits& limits);
// The filters plus as_of.
Result<CaseStatsOptions> ParseStatsOptions(const ParamReader& get);

}  // namespace casebook::review

#endif  // CASEBOOK_API_REVIEW_REVIEW_PARAMS_H_
