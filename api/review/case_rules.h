// The office's rules for handling a case (../shared/seed: 一次面商，两次答复;
// 所有"留作参考"件需经领导审批; 实行倒计时; 反馈不满意……不予结案或推迟结案), as
// pure functions of case values: no store, no HTTP.
//
// Two uses:
//   - a tracked write (API PUT/PATCH/entry POSTs, `casebook put`) goes
//     through ApplyProcessEffects and then CheckTrackedWrite, and is refused
//     with the first rule it breaks;
//   - an import records history as it happened: CheckCaseRules lists what a
//     stored record breaks (a "rule exception"), and nothing is refused.
#ifndef CASEBOOK_API_REVIEW_CASE_RULES_H_
#define CASEBOOK_API_REVIEW_CASE_RULES_H_

#include <string>
#include <string_view>
#include <vector>

#include "store/case.h"
#include "store/status.h"

namespace casebook::review {

// One rule of the process. The first four are about the shape of the record
// (a refusal is 400), the rest about the case's state (a refusal is 409).
enum class Rule {
  kDateOrder,           // 日期先后: received <= assigned <= replies; received <= reply_due.
  kFirstReplyOnce,      // 首次答复只有一次.
  kSecondAfterFirst,    // 二次答复在首次答复之后.
  kFeedbackAfterReply,  // 反馈在答复之后.
  kCommitmentDate,      // 正在解决/计划解决须有承诺期限 (the countdown).
  kReferenceApproval,   // 留作参考须经领导审批.
  kUnsatisfiedNotClosed,  // 反馈不满意，不予结案 (unless 推迟结案 or an approved exception).
  kLifecycle,             // 状态按流程推进: received -> handling -> replied -> closed.
  kReopenByLookBack,  // 重新办理须经回头看.
  kEntryComplete,  // 新录入的答复、面商、反馈、审批、回头看须注明日期（审批须有审批人）. Keep last.
};

// The rule's stable name, e.g. "unsatisfied_not_closed" (used in JSON and in
// the queue's keys).
const char* RuleName(Rule rule);
// The rule in the office's words and in English, e.g.
// "反馈不满意，不予结案 (unsatisfied feedback: case cannot be closed)".
std::string RuleTitle(Rule rule);
// The office's words for the rule named `name` ("unsatisfied_not_closed" ->
// "反馈不满意，不予结案"), "" when no rule has that name.
std::string RuleWordsOf(std::string_view name);
// True for the rules about the case's state (refusal 409), false for the
// shape rules (refusal 400).
bool IsStateRule(Rule rule);

// One broken rule on one field.
struct RuleViolation {
  Rule rule;
  std::string field;   // e.g. "status", "replies[1].date", "commitment_due".
  std::string detail;  // What is wrong and how to put it right.
  // "<RuleTitle>: field '<field>': <detail>".
  std::string Message() const;
};

// Every rule `c` breaks as it stands (none about transitions). Thread-safe.
std::vector<RuleViolation> CheckCaseRules(const Case& c);

// What a tracked write implies beyond the edit itself, applied to `after`
// (`before` is the stored case, null for a new one):
//   - when the replies changed, the latest formal reply (first/second) that
//     states a result gives the case its result;
//   - a new reply moves a received/handling/reopened case to replied, and a
//     new look-back review whose outcome is rehandle (重新办理) reopens it,
//     unless the same write set the status itself.
void ApplyProcessEffects(const Case* before, Case* after);

// Checks a tracked write from `before` (null: a new case) to `after`, once
// ApplyProcessEffects ran: status transitions, and the rules `after` breaks
// that `before` did not already break (an imported exception does not block
// later work on the case; closing always checks the closure rules).
// Returns Ok, or the first refusal: RuleViolation (state rules) or
// InvalidArgument (shape rules), whose message names the rule and the field.
Status CheckTrackedWrite(const Case* before, const Case& after);

}  // namespace casebook::review

#endif  // CASEBOOK_API_REVIEW_CASE_RULES_H_
