#include "api/review/case_rules.h"

#include <algorithm>
#include <optional>

#include "api/review/case_facts.h"

namespace casebook::review {
namespace {

struct RuleText {
  const char* name;
  const char* zh;
  const char* en;
  bool state;
};

const RuleText& TextOf(Rule rule) {
  static const RuleText kTexts[] = {
      {"date_order", "日期须先后有序", "dates must be in order", false},
      {"first_reply_once", "首次答复只有一次", "only one first reply", false},
      {"second_after_first", "二次答复须在首次答复之后", "a second reply comes after the first",
       false},
      {"feedback_after_reply", "反馈须在答复之后", "feedback comes after a reply", false},
      {"commitment_date", "正在解决、计划解决须有承诺期限（倒计时）",
       "solving/planned cases need a commitment date", true},
      {"reference_approval", "留作参考须经领导审批",
       "reference (留作参考) needs a leader's approval", true},
      {"unsatisfied_not_closed", "反馈不满意，不予结案",
       "unsatisfied feedback: case cannot be closed", true},
      {"lifecycle", "办理状态须按流程推进",
       "status follows received -> handling -> replied -> closed", true},
      {"reopen_by_look_back", "重新办理须经回头看",
       "a case is reopened only by a look-back review whose outcome is rehandle", true},
      {"entry_complete", "新录入的记录须注明日期，审批须有审批人",
       "an entry written now needs its date (an approval, its approver)", false},
  };
  return kTexts[static_cast<int>(rule)];
}

// The day part of an ISO date ("" stays "").
std::string Day(const std::string& iso) { return iso.substr(0, 10); }

bool IsFormal(const Reply& r) { return r.kind != ReplyKind::kInterim; }

// The earliest dated reply of `kind` (any kind when unset); "" when none.
std::string EarliestReply(const Case& c, ReplyKind kind) {
  std::string first;
  for (const Reply& r : c.replies) {
    if (kind != ReplyKind::kUnset && r.kind != kind) continue;
    if (!r.date.empty() && (first.empty() || Day(r.date) < first)) first = Day(r.date);
  }
  return first;
}

void Add(std::vector<RuleViolation>* out, Rule rule, std::string field, std::string detail) {
  out->push_back({rule, std::move(field), std::move(detail)});
}

void CheckDates(const Case& c, std::vector<RuleViolation>* out) {
  const std::string received = Day(c.received), assigned = Day(c.assigned);
  if (!received.empty() && !assigned.empty() && assigned < received) {
    Add(out, Rule::kDateOrder, "assigned",
        "assigned " + assigned + " is before received " + received);
  }
  if (!received.empty() && !c.reply_due.empty() && Day(c.reply_due) < received) {
    Add(out, Rule::kDateOrder, "reply_due",
        "reply due " + Day(c.reply_due) + " is before received " + received);
  }
  if (!c.commitment_due.empty()) {
    // The promise is made by the latest formal reply stating 正在解决 or
    // 计划解决; it cannot fall due before that reply.
    std::string promised;
    for (const Reply& r : c.replies) {
      const bool promises = r.result == CaseResult::kSolving || r.result == CaseResult::kPlanned;
      if (IsFormal(r) && promises && !r.date.empty() && Day(r.date) > promised) {
        promised = Day(r.date);
      }
    }
    if (!promised.empty() && Day(c.commitment_due) < promised) {
      Add(out, Rule::kDateOrder, "commitment_due",
          "commitment due " + Day(c.commitment_due) + " is before the reply of " + promised +
              " that promised it");
    }
  }
  const std::string start = assigned.empty() ? received : assigned;
  for (size_t i = 0; i < c.replies.size(); ++i) {
    const std::string d = Day(c.replies[i].date);
    if (!d.empty() && !start.empty() && d < start) {
      Add(out, Rule::kDateOrder, "replies[" + std::to_string(i) + "].date",
          "reply dated " + d + " is before the case was " +
              (assigned.empty() ? "received " : "assigned ") + start);
    }
  }
}

void CheckReplies(const Case& c, std::vector<RuleViolation>* out) {
  const std::string first = EarliestReply(c, ReplyKind::kFirst);
  bool seen_first = false;
  const bool has_first = std::any_of(c.replies.begin(), c.replies.end(),
                                     [](const Reply& r) { return r.kind == ReplyKind::kFirst; });
  for (size_t i = 0; i < c.replies.size(); ++i) {
    const Reply& r = c.replies[i];
    const std::string field = "replies[" + std::to_string(i) + "]";
    if (r.kind == ReplyKind::kFirst) {
      if (seen_first) {
        Add(out, Rule::kFirstReplyOnce, field + ".kind",
            "the case already has a first reply (首次答复); record this one as second (二次答复)");
      }
      seen_first = true;
    } else if (r.kind == ReplyKind::kSecond) {
      if (!has_first) {
        Add(out, Rule::kSecondAfterFirst, field + ".kind",
            "there is no first reply (首次答复) before this second reply");
      } else if (!r.date.empty() && !first.empty() && Day(r.date) < first) {
        Add(out, Rule::kSecondAfterFirst, field + ".date",
            "second reply dated " + Day(r.date) + " is before the first reply of " + first);
      }
    }
  }
  const std::string any_reply = EarliestReply(c, ReplyKind::kUnset);
  for (size_t i = 0; i < c.feedback.size(); ++i) {
    const Feedback& f = c.feedback[i];
    const std::string field = "feedback[" + std::to_string(i) + "]";
    if (c.replies.empty()) {
      Add(out, Rule::kFeedbackAfterReply, field, "the case has no reply to give feedback on");
    } else if (!f.date.empty() && !any_reply.empty() && Day(f.date) < any_reply) {
      Add(out, Rule::kFeedbackAfterReply, field + ".date",
          "feedback dated " + Day(f.date) + " is before the first reply of " + any_reply);
    }
  }
}

bool HasReferenceApproval(const Case& c) {
  return std::any_of(c.approvals.begin(), c.approvals.end(), [](const Approval& a) {
    return a.kind == ApprovalKind::kReference && !a.approver.empty();
  });
}

// Whether closing despite unsatisfied feedback dated `since` was allowed: a
// closure assessment that postponed closure (推迟结案) or a leader's closure
// exception, dated on or after the feedback (or undated).
bool ClosureExcused(const Case& c, const std::string& since) {
  auto on_or_after = [&](const std::string& date) {
    return date.empty() || since.empty() || Day(date) >= since;
  };
  for (const Review& r : c.reviews) {
    if (r.kind == ReviewKind::kClosureAssessment && r.outcome == ReviewOutcome::kPostponed &&
        on_or_after(r.date)) {
      return true;
    }
  }
  return std::any_of(c.approvals.begin(), c.approvals.end(), [&](const Approval& a) {
    return a.kind == ApprovalKind::kClosureException && !a.approver.empty() && on_or_after(a.date);
  });
}

void CheckState(const Case& c, std::vector<RuleViolation>* out) {
  if ((c.result == CaseResult::kSolving || c.result == CaseResult::kPlanned) &&
      c.commitment_due.empty()) {
    Add(out, Rule::kCommitmentDate, "commitment_due",
        std::string("result '") + ToString(c.result) +
            "' needs the date promised (commitment_due, YYYY-MM-DD)");
  }
  if (c.result == CaseResult::kReference && !HasReferenceApproval(c)) {
    Add(out, Rule::kReferenceApproval, "approvals",
        "record a leader's approval {kind: reference, approver, date} first");
  }
  if (c.status == CaseStatus::kClosed) {
    const Feedback* latest = LatestRatedFeedback(c);
    if (latest != nullptr && latest->satisfaction == Satisfaction::kUnsatisfied &&
        !ClosureExcused(c, Day(latest->date))) {
      Add(out, Rule::kUnsatisfiedNotClosed, "status",
          "the latest feedback" + (latest->date.empty() ? "" : " (" + Day(latest->date) + ")") +
              " is 不满意; record a closure assessment that postpones closure (推迟结案) or a "
              "leader's closure exception first");
    }
  }
}

int Rank(CaseStatus s) {
  switch (s) {
    case CaseStatus::kUnset:
      return 0;
    case CaseStatus::kReceived:
      return 1;
    case CaseStatus::kHandling:
      return 2;
    case CaseStatus::kReplied:
      return 3;
    case CaseStatus::kClosed:
      return 4;
    case CaseStatus::kReopened:
      return 2;  // Back in hand.
  }
  return 0;
}

size_t RehandleLookBacks(const Case& c) {
  return std::count_if(c.reviews.begin(), c.reviews.end(), [](const Review& r) {
    return r.kind == ReviewKind::kLookBack && r.outcome == ReviewOutcome::kRehandle;
  });
}

Status Refuse(const RuleViolation& v) {
  return IsStateRule(v.rule) ? Status::RuleViolation(v.Message())
                             : Status::InvalidArgument(v.Message());
}

// The transition from `before`'s status to `after`'s.
std::optional<RuleViolation> CheckTransition(const Case* before, const Case& after) {
  const CaseStatus from = before ? before->status : CaseStatus::kUnset;
  const CaseStatus to = after.status;
  if (from == to) return std::nullopt;
  auto violation = [&](Rule rule, std::string detail) {
    return RuleViolation{rule, "status", std::move(detail)};
  };
  const std::string move = std::string("'") + (*ToString(from) ? ToString(from) : "unset") +
                           "' -> '" + (*ToString(to) ? ToString(to) : "unset") + "'";
  if (to == CaseStatus::kReopened) {
    if (RehandleLookBacks(after) > (before ? RehandleLookBacks(*before) : 0)) return std::nullopt;
    return violation(
        Rule::kReopenByLookBack,
        move + ": add a look-back review (回头看) whose outcome is rehandle (重新办理)");
  }
  if (to == CaseStatus::kUnset)
    return violation(Rule::kLifecycle, move + ": status cannot be cleared");
  if (from == CaseStatus::kClosed) {
    return violation(Rule::kLifecycle,
                     move + ": a closed case (已办结) changes only when a look-back reopens it");
  }
  if (Rank(to) < Rank(from))
    return violation(Rule::kLifecycle, move + ": status moves forward only");
  if ((to == CaseStatus::kReplied || to == CaseStatus::kClosed) && after.replies.empty()) {
    return violation(Rule::kLifecycle, move + ": record a reply (答复) first");
  }
  return std::nullopt;
}

bool SameViolation(const RuleViolation& a, const RuleViolation& b) {
  return a.rule == b.rule && a.field == b.field;
}

// The result of the latest formal reply that states one (by date, then by
// position); kUnset when none does.
CaseResult LatestFormalResult(const Case& c) {
  const Reply* latest = nullptr;
  for (const Reply& r : c.replies) {
    if (!IsFormal(r) || r.result == CaseResult::kUnset) continue;
    if (latest == nullptr || Day(r.date) >= Day(latest->date)) latest = &r;
  }
  return latest ? latest->result : CaseResult::kUnset;
}

bool RepliesChanged(const Case* before, const Case& after) {
  if (before == nullptr) return !after.replies.empty();
  if (before->replies.size() != after.replies.size()) return true;
  for (size_t i = 0; i < after.replies.size(); ++i) {
    const Reply &a = before->replies[i], &b = after.replies[i];
    if (a.date != b.date || a.result != b.result || a.kind != b.kind) return true;
  }
  return false;
}

}  // namespace

const char* RuleName(Rule rule) { return TextOf(rule).name; }

std::string RuleWordsOf(std::string_view name) {
  for (int r = 0; r <= static_cast<int>(Rule::kEntryComplete); ++r) {
    const RuleText& t = TextOf(static_cast<Rule>(r));
    if (name == t.name) return t.zh;
  }
  return "";
}

std::string RuleTitle(Rule rule) {
  const RuleText& t = TextOf(rule);
  return std::string(t.zh) + " (" + t.en + ")";
}

bool IsStateRule(Rule rule) { return TextOf(rule).state; }

std::string RuleViolation::Message() const {
  return RuleTitle(rule) + ": field '" + field + "': " + detail;
}

std::vector<RuleViolation> CheckCaseRules(const Case& c) {
  std::vector<RuleViolation> out;
  CheckDates(c, &out);
  CheckReplies(c, &out);
  CheckState(c, &out);
  return out;
}

void ApplyProcessEffects(const Case* before, Case* after) {
  if (RepliesChanged(before, *after)) {
    CaseResult latest = LatestFormalResult(*after);
    if (latest != CaseResult::kUnset) after->result = latest;
  }
  const CaseStatus old_status = before ? before->status : CaseStatus::kUnset;
  if (after->status != old_status) return;  // The write set the status itself.
  if (before != nullptr && RehandleLookBacks(*after) > RehandleLookBacks(*before)) {
    after->status = CaseStatus::kReopened;
    return;
  }
  const bool new_reply = after->replies.size() > (before ? before->replies.size() : 0);
  if (new_reply && (old_status == CaseStatus::kReceived || old_status == CaseStatus::kHandling ||
                    old_status == CaseStatus::kReopened ||
                    (before != nullptr && old_status == CaseStatus::kUnset))) {
    after->status = CaseStatus::kReplied;
  }
}

// Entries a tracked write adds (those past `before`'s) without their date,
// or an approval without its approver: the rules that read dates would pass
// them by. Imported history may lack dates; what is written now may not.
std::optional<RuleViolation> CheckNewEntries(const Case* before, const Case& after) {
  std::optional<RuleViolation> out;
  auto check = [&](const auto& before_list, const auto& after_list, const char* list) {
    for (size_t i = before_list.size(); i < after_list.size() && !out; ++i) {
      if (after_list[i].date.empty()) {
        out = RuleViolation{Rule::kEntryComplete,
                            std::string(list) + "[" + std::to_string(i) + "].date",
                            "give the date (YYYY-MM-DD)"};
      }
    }
  };
  static const Case kEmpty;
  const Case& b = before ? *before : kEmpty;
  check(b.replies, after.replies, "replies");
  check(b.consultations, after.consultations, "consultations");
  check(b.feedback, after.feedback, "feedback");
  check(b.approvals, after.approvals, "approvals");
  check(b.reviews, after.reviews, "reviews");
  for (size_t i = b.approvals.size(); i < after.approvals.size() && !out; ++i) {
    if (after.approvals[i].approver.empty()) {
      out = RuleViolation{Rule::kEntryComplete, "approvals[" + std::to_string(i) + "].approver",
                          "name the approving leader"};
    }
  }
  return out;
}

Status CheckTrackedWrite(const Case* before, const Case& after) {
  if (auto transition = CheckTransition(before, after)) return Refuse(*transition);
  if (auto incomplete = CheckNewEntries(before, after)) return Refuse(*incomplete);
  const std::vector<RuleViolation> had =
      before ? CheckCaseRules(*before) : std::vector<RuleViolation>{};
  const bool closing = after.status == CaseStatus::kClosed &&
                       (before == nullptr || before->status != CaseStatus::kClosed);
  for (const RuleViolation& v : CheckCaseRules(after)) {
    bool old = std::any_of(had.begin(), had.end(),
                           [&](const RuleViolation& h) { return SameViolation(h, v); });
    // A 留作参考 the handling unit's reply proposes waits for approval in the
    // queue; setting it by hand, or closing without the approval, is refused.
    bool proposed_by_reply = v.rule == Rule::kReferenceApproval && !closing &&
                             RepliesChanged(before, after) &&
                             LatestFormalResult(after) == CaseResult::kReference;
    bool closure_rule =
        closing && (v.rule == Rule::kUnsatisfiedNotClosed || v.rule == Rule::kReferenceApproval);
    if ((old && !closure_rule) || proposed_by_reply) continue;
    return Refuse(v);
  }
  return Status::Ok();
}

}  // namespace casebook::review
