// The review queue of the "回头看" process: what was promised by when (the
// countdown), which replies are overdue, which lead cases have had no
// consultation, which feedback was unsatisfied, which 留作参考 cases await a
// leader's approval or a re-check, which 已经解决 cases to verify, which
// cases a look-back reopened, and which imported records break a rule.
//
// Served from the review keys the store keeps with every write
// (review_index.h), not by decoding every case; BuildReviewQueueByScan is the
// same answer computed from every case, kept as the reference the tests and
// the benchmark compare against. Used by GET /api/v1/review/queue and
// `casebook queue`.
#ifndef CASEBOOK_API_REVIEW_REVIEW_QUEUE_H_
#define CASEBOOK_API_REVIEW_REVIEW_QUEUE_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/review/case_filter.h"
#include "api/review/review_dates.h"
#include "api/review/review_index.h"
#include "store/case_store.h"
#include "store/status.h"

namespace casebook::review {

// What to compute the queue for.
struct ReviewQueueOptions {
  std::string as_of;             // The day asked about, "YYYY-MM-DD"; "" = today (UTC).
  size_t max_per_section = 200;  // Items kept per section (totals count all).
  size_t offset = 0;             // Items skipped per section before those kept.
  int recheck_after_days = 365;  // Approved 留作参考 not looked back at within this.
  CaseFilter filter;
  std::optional<Section> only;  // One section instead of all.
};

// One case in one section of the queue.
struct QueueItem {
  std::string id;
  std::string title;
  int year = 0;
  std::string kind, role, result, status;  // English enum names, "" when unset.
  std::string lead_unit;                   // First lead unit, "" when none.
  std::string date;  // What the section sorts by ("" = undated, listed first).
  // For due dates (commitments, overdue replies): date - as_of in days,
  // negative when overdue.
  std::optional<int> days_left;
  bool key_case = false;
  std::string supervising_leader;
  std::vector<std::string> rules;  // rule_exceptions: the rules broken.
};

// One section: its items in the order to work through them (date, then id),
// and how many cases qualified in all.
struct QueueSection {
  Section section = Section::kCommitments;
  std::vector<QueueItem> items;
  size_t total = 0;
};

// The queue: every section in Section order (or the one asked for).
struct ReviewQueue {
  std::string as_of;
  std::vector<QueueSection> sections;
  // The section `s`, or null when it was not asked for.
  const QueueSection* Find(Section s) const {
    for (const QueueSection& q : sections) {
      if (q.section == s) return &q;
    }
    return nullptr;
  }
};

// Reads the review keys (plus, whole, the cases with events after as_of).
// Errors: InvalidArgument ("parameter 'as_of': ...") for a bad date;
// FailedPrecondition when the store was opened without ReviewDerivedIndex();
// the store's read errors. Thread-safe (reads only).
Result<ReviewQueue> BuildReviewQueue(const CaseStore& store, const ReviewQueueOptions& options);

// The same answer from decoding every case (the reference). Needs no keys.
Result<ReviewQueue> BuildReviewQueueByScan(const CaseStore& store,
                                           const ReviewQueueOptions& options);

// {"as_of", "order": [section names in the order to show them],
//  "sections": {"commitments": {"title", "total", "items": [...]}, ...}}.
nlohmann::json ReviewQueueToJson(const ReviewQueue& queue);

}  // namespace casebook::review

#endif  // CASEBOOK_API_REVIEW_REVIEW_QUEUE_H_
