// The review process's keys, kept by the store with every write (a
// DerivedIndex, store/case_store.h), so the queue and the statistics read
// small entries instead of decoding every case.
//
// Each case contributes, in the store's `derived` column family:
//   "q" SECTION DATE \0 ID -> filter facts  one per queue section it belongs to
//   "s" YEAR(4 digits) \0 ID -> summary     for the statistics and queue items
//   "c" LATEST \0 ID -> ""                  its latest dated event
// (Section entries carry only what the filters read, so counting a section
// reads few bytes; the items shown fetch their summary by key.)
// A case's membership of a section does not depend on the day asked about;
// what does (is a reply overdue yet? how many days are left?) is decided at
// read time from the DATE in the key. A case whose latest event is after the
// day asked about ("as of") is read whole and seen as it was then
// (CaseAsOf), so nothing dated after as_of counts.
#ifndef CASEBOOK_API_REVIEW_REVIEW_INDEX_H_
#define CASEBOOK_API_REVIEW_REVIEW_INDEX_H_

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "store/case.h"
#include "store/case_store.h"

namespace casebook::review {

// The queue's sections, in the order the queue shows them.
enum class Section {
  kCommitments,         // 正在解决/计划解决 by commitment_due (countdown; overdue first).
  kCommitmentsUndated,  // 正在解决/计划解决 with no commitment date yet.
  kOverdueReplies,      // reply_due passed, no reply yet.
  kNoConsultation,      // 一次面商: a lead case with no consultation before its first reply.
  kUnsatisfied,         // latest feedback 不满意 and no second reply since.
  kAwaitingApproval,    // 留作参考 without a leader's approval.
  kRecheckReference,    // approved 留作参考 not looked back at within the re-check period.
  kVerifySolved,        // 已经解决 not yet confirmed by a look-back (回头看).
  kReopened,            // reopened by a look-back whose outcome is 重新办理.
  kRuleExceptions,      // imported records that break a rule (history as it happened).
};
inline constexpr int kSectionCount = 10;

// The section's name in JSON, e.g. "commitments_undated".
const char* SectionName(Section s);
// Its title in the office's words, e.g. "倒计时：正在解决/计划解决".
const char* SectionTitle(Section s);
// Parses a section name; nullopt when unknown.
std::optional<Section> ParseSection(std::string_view name);

// What the queue and the statistics need of one case.
struct CaseSummary {
  std::string id, title, session, received, reply_due, first_reply, commitment_due;
  std::string supervising_leader;
  std::string feedback_date;  // Of the latest rated feedback.
  int year = 0;
  CaseKind kind = CaseKind::kUnset;
  Level level = Level::kUnset;
  Role role = Role::kUnset;
  CaseResult result = CaseResult::kUnset;
  CaseStatus status = CaseStatus::kUnset;
  Satisfaction satisfaction = Satisfaction::kUnset;  // Latest rated feedback.
  bool disclosed = false;                            // Reply public on the portal.
  bool key_case = false;
  std::vector<std::string> lead, co, joint;
  std::vector<std::string> rules;  // Names of the rules the case breaks (exceptions).
};

// The summary of a case (its rules: CheckCaseRules, less reference_approval,
// which has a section of its own).
CaseSummary SummarizeCase(const Case& c);

// The sections a case belongs to, each with the date it is sorted by
// ("" = undated, listed first). Independent of any as-of day.
std::vector<std::pair<Section, std::string>> SectionsOf(const Case& c);

// The case as it stood at the end of day `as_of` ("YYYY-MM-DD"): replies,
// feedback, reviews, consultations and approvals dated after it dropped, and
// a disclosure dated after it not public. When replies were dropped, the
// result is the latest remaining formal reply's, and an answered case with
// no reply left is handling; a closed or reopened case that lost entries is
// replied. The case itself when nothing is dated after as_of; nullopt when
// it was received after as_of.
std::optional<Case> CaseAsOf(const Case& c, const std::string& as_of);

// The latest dated event of a case (received, assigned, entries, approvals,
// disclosure), "" when none.
std::string LatestEventDate(const Case& c);

// Calls fn with every case that has an event after `as_of` (read whole, for
// CaseAsOf), and puts its id in `ids` so the keyed path leaves it out; cases
// deleted meanwhile are skipped. Errors: the store's.
Status VisitCasesChangedAfter(const CaseStore& store, const std::string& as_of,
                              std::set<std::string, std::less<>>* ids,
                              const std::function<void(const Case&)>& fn);

// The DerivedIndex to open the store with (StoreOptions::derived).
std::shared_ptr<const DerivedIndex> ReviewDerivedIndex();

// Key layout, for the readers in review_queue.cc and case_stats.cc.
namespace review_keys {
std::string SectionPrefix(Section s);                 // "q" + section letter.
std::string StatsPrefix(int year);                    // "s" + year (0: every year -> "s").
std::string StatsKey(int year, std::string_view id);  // The "s" entry of a case.
inline constexpr char kLatestPrefix[] = "c";
// The date and id of a "q"/"c" key (after the prefix of `prefix_len` bytes).
std::string_view DateOfKey(std::string_view key, size_t prefix_len);
std::string_view IdOfKey(std::string_view key);
}  // namespace review_keys

// Summary <-> the bytes stored in the "s" entries.
std::string EncodeSummary(const CaseSummary& s);
// False when `bytes` is not an encoded summary.
bool DecodeSummary(std::string_view bytes, CaseSummary* s);

// What the filters read of a summary (year, kind, role, level, session,
// units) <-> the bytes of the "q" entries. Decoding sets only those fields.
std::string EncodeFilterFacts(const CaseSummary& s);
bool DecodeFilterFacts(std::string_view bytes, CaseSummary* s);

}  // namespace casebook::review

#endif  // CASEBOOK_API_REVIEW_REVIEW_INDEX_H_
