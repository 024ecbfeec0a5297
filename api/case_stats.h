// The year's statistics as the office reports them, computed by scanning the
// store: totals by kind x role (主办/会办), by result, the on-time reply rate,
// the satisfaction rate, the share of multi-unit cases, by year and by unit.
// Used by GET /api/v1/stats and reusable by the CLI.
#ifndef CASEBOOK_API_CASE_STATS_H_
#define CASEBOOK_API_CASE_STATS_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "store/case_store.h"
#include "store/status.h"

namespace casebook::api {

// What to count.
struct CaseStatsOptions {
  int year = 0;       // Only this year; 0 = every year.
  std::string as_of;  // "YYYY-MM-DD"; "" = today (UTC). Unreplied cases past due count as late.
};

// A share: numerator of denominator (rate 0 when the denominator is 0).
struct Share {
  uint64_t numerator = 0;
  uint64_t denominator = 0;
  double Rate() const { return denominator == 0 ? 0.0 : double(numerator) / double(denominator); }
};

// Per-unit figures.
struct UnitStats {
  uint64_t lead = 0, co = 0, joint = 0;  // Cases where the unit has that part.
  uint64_t solved = 0;                   // Of those, cases with result solved.
};

// Figures over the counted cases. Unset enumerations count as "unknown".
struct CaseStats {
  uint64_t total = 0;
  std::map<std::string, std::map<std::string, uint64_t>> by_kind_role;  // kind -> role -> n.
  std::map<std::string, uint64_t> by_result;
  Share on_time_reply;  // First reply on or before reply_due, of cases with a reply_due that
                        // were replied to or are past due.
  Share satisfaction;   // Latest feedback satisfied/basically satisfied, of cases with feedback.
  Share multi_unit;     // Cases with more than one handling unit, of all cases.
  std::map<int, std::map<std::string, uint64_t>> by_year;  // year -> result -> n ("total" too).
  std::map<std::string, UnitStats> by_unit;
};

// Scans the store once. Errors: InvalidArgument for a bad as_of; scan errors.
// Thread-safe (reads only).
Result<CaseStats> ComputeCaseStats(const CaseStore& store, const CaseStatsOptions& options);

// The figures as JSON (rates as numbers in [0, 1] with their counts).
nlohmann::json CaseStatsToJson(const CaseStats& stats);

}  // namespace casebook::api

#endif  // CASEBOOK_API_CASE_STATS_H_
