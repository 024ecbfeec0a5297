// The year's statistics as the office reports them (../shared/seed: "共收到
// ……30件。其中，市人大代表建议19件（主办5件，会办14件），政协提案11件（主办3件，
// 会办8件）……8件主办件已全部……向社会公开"): headline totals per kind and role,
// results with shares, on-time first replies, satisfaction, multi-unit cases,
// portal disclosure, key cases (重点件 / 领导督办), by unit and by year.
//
// Computed from the review keys the store keeps with every write
// (review_index.h); ComputeCaseStatsByScan gives the same figures from every
// case (the reference). Used by GET /api/v1/stats and `casebook stats`.
#ifndef CASEBOOK_API_REVIEW_CASE_STATS_H_
#define CASEBOOK_API_REVIEW_CASE_STATS_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "api/review/review_queue.h"
#include "store/case_store.h"
#include "store/status.h"

namespace casebook::review {

// What to count.
struct CaseStatsOptions {
  int year = 0;       // Only this year; 0 = every year.
  std::string as_of;  // "YYYY-MM-DD"; "" = today (UTC). Nothing dated after it counts;
                      // unreplied cases past due count as late.
  CaseFilter filter;  // Further conditions (its year, when set, must agree).
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

// One kind's headline: its cases by this office's role.
struct KindTotals {
  uint64_t total = 0, lead = 0, co = 0, joint = 0, unknown = 0;
};

// Figures over the counted cases. Unset enumerations count as "unknown".
struct CaseStats {
  std::string as_of;
  uint64_t total = 0;
  std::map<std::string, KindTotals> by_kind;                            // kind -> headline.
  std::map<std::string, std::map<std::string, uint64_t>> by_kind_role;  // kind -> role -> n.
  std::map<std::string, uint64_t> by_result;
  std::map<std::string, uint64_t> by_status;
  Share on_time_reply;   // First reply on or before reply_due, of cases with a reply_due that
                         // were replied to or are past due.
  Share satisfaction;    // Latest feedback satisfied/basically satisfied, of cases with feedback.
  Share multi_unit;      // Cases with more than one handling unit, of all cases.
  Share lead_disclosed;  // Lead (主办) cases whose reply is public on the portal, of lead cases.
  Share disclosed;       // Any case whose reply is public, of all cases.
  uint64_t key_cases = 0;  // 重点件 or supervised by a leader (领导督办).
  std::map<std::string, uint64_t> by_supervising_leader;
  std::map<int, std::map<std::string, uint64_t>> by_year;  // year -> result -> n ("total" too).
  std::map<std::string, UnitStats> by_unit;
};

// Reads the review keys (and, whole, the cases with events after as_of).
// Errors: InvalidArgument for a bad as_of; FailedPrecondition when the store
// was opened without ReviewDerivedIndex(); read errors. Thread-safe.
Result<CaseStats> ComputeCaseStats(const CaseStore& store, const CaseStatsOptions& options);

// The same figures from decoding every case (the reference). Needs no keys.
Result<CaseStats> ComputeCaseStatsByScan(const CaseStore& store, const CaseStatsOptions& options);

// The figures as JSON (rates as numbers in [0, 1] with their counts; results
// with their shares; "summary": the headline sentence in the office's words).
nlohmann::json CaseStatsToJson(const CaseStats& stats);

// The headline as the office writes it, e.g. "共30件。其中，人大代表建议19件（主办5件，
// 会办14件），政协提案11件（主办3件，会办8件）。主办件8件，已公开8件。"
std::string HeadlineZh(const CaseStats& stats);

}  // namespace casebook::review

#endif  // CASEBOOK_API_REVIEW_CASE_STATS_H_
