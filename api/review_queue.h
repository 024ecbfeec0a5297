// The review queue of the "回头看" process, computed by scanning the store:
// what is overdue, what was promised by when, which 留作参考 cases to re-check,
// which 已经解决 cases to verify, which cases have unsatisfied feedback, and
// which replies are past their due date. Used by GET /api/v1/review/queue and
// reusable by the CLI.
#ifndef CASEBOOK_API_REVIEW_QUEUE_H_
#define CASEBOOK_API_REVIEW_QUEUE_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/case_store.h"
#include "store/status.h"

namespace casebook::api {

// What to compute the queue for.
struct ReviewQueueOptions {
  std::string as_of;             // The day counted from, "YYYY-MM-DD"; "" = today (UTC).
  size_t max_per_section = 200;  // Items kept per section (totals count all).
  int recheck_after_days = 365;  // 留作参考 cases not looked back at within this many days.
};

// One case in one section of the queue.
struct QueueItem {
  std::string id;
  std::string title;
  int year = 0;
  std::string result;  // English enum name, "" when unset.
  std::string status;
  std::string lead_unit;  // First lead unit, "" when none.
  // The section's date: commitment_due (commitments), reply_due (overdue
  // replies), last look-back (recheck), first reply (verify), feedback date.
  std::string date;
  // For the due dates only (commitments, overdue replies): date - as_of in
  // days, negative when overdue.
  std::optional<int> days_left;
};

// One section: its items in the order to work through them, and how many
// cases qualified in all (items may be cut at max_per_section).
struct QueueSection {
  std::vector<QueueItem> items;
  size_t total = 0;
};

// The whole queue.
struct ReviewQueue {
  std::string as_of;
  QueueSection commitments;  // solving/planned by commitment_due, overdue first; undated last.
  QueueSection recheck_reference;  // reference, no look-back within recheck_after_days;
                                   // never looked back at first, then the oldest.
  QueueSection verify_solved;      // solved, no review confirming it.
  QueueSection unsatisfied;        // latest feedback unsatisfied (not to be closed).
  QueueSection overdue_replies;    // reply_due before as_of and no reply yet.
};

// Scans every case once. Errors: InvalidArgument ("parameter 'as_of': ...")
// for a bad date; the store's scan errors. Thread-safe (reads only).
Result<ReviewQueue> BuildReviewQueue(const CaseStore& store, const ReviewQueueOptions& options);

// {"as_of", "sections": {"commitments": {"total", "items": [...]}, ...}}.
nlohmann::json ReviewQueueToJson(const ReviewQueue& queue);

// Days from 1970-01-01 to the date at the start of `iso` ("YYYY-MM-DD...");
// nullopt when it does not start with a valid date.
std::optional<long> DayNumber(const std::string& iso);

// Today's date in UTC as "YYYY-MM-DD".
std::string TodayUtc();

}  // namespace casebook::api

#endif  // CASEBOOK_API_REVIEW_QUEUE_H_
