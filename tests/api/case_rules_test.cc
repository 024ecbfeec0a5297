// The office's rules as pure functions: each rule breaks on a case built
// here, holds once its condition is met, and tracked writes refuse only what
// they newly break.
#include "api/review/case_rules.h"

#include <gtest/gtest.h>

#include "store/case_json.h"
#include "test_util.h"

namespace casebook::review {
namespace {

// A lead deputy suggestion, received and assigned, no reply yet.
Case Fresh() {
  Case c;
  c.id = "2021-RULE-0001";
  c.kind = CaseKind::kDeputySuggestion;
  c.role = Role::kLead;
  c.year = 2021;
  c.title = "关于增设社区卫生服务站的建议";
  c.received = "2021-02-01";
  c.assigned = "2021-02-20";
  c.reply_due = "2021-05-31";
  c.status = CaseStatus::kHandling;
  return c;
}

Reply MakeReply(ReplyKind kind, const std::string& date, CaseResult result) {
  Reply r;
  r.kind = kind;
  r.date = date;
  r.result = result;
  r.unit = "区卫生健康委";
  return r;
}

std::vector<std::string> Names(const std::vector<RuleViolation>& v) {
  std::vector<std::string> out;
  for (const auto& x : v) out.push_back(std::string(RuleName(x.rule)) + "@" + x.field);
  return out;
}

TEST(CaseRulesTest, AFreshCaseBreaksNothing) {
  EXPECT_TRUE(CheckCaseRules(Fresh()).empty());
  EXPECT_OK(CheckTrackedWrite(nullptr, Fresh()));
}

TEST(CaseRulesTest, DatesInOrder) {
  Case c = Fresh();
  c.assigned = "2021-01-15";  // Before received.
  c.reply_due = "2021-01-20";
  c.replies = {MakeReply(ReplyKind::kFirst, "2021-01-10", CaseResult::kSolved)};
  EXPECT_EQ(Names(CheckCaseRules(c)),
            (std::vector<std::string>{"date_order@assigned", "date_order@reply_due",
                                      "date_order@replies[0].date"}));
  // Shape rules are refused with InvalidArgument (400), naming the field.
  Status s = CheckTrackedWrite(nullptr, c);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("日期须先后有序"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("field 'assigned'"), std::string::npos) << s.message();
}

TEST(CaseRulesTest, OneFirstReplyAndTheSecondAfterIt) {
  Case c = Fresh();
  c.replies = {MakeReply(ReplyKind::kFirst, "2021-05-01", CaseResult::kSolving),
               MakeReply(ReplyKind::kFirst, "2021-05-02", CaseResult::kSolving)};
  c.commitment_due = "2021-12-31";
  EXPECT_EQ(Names(CheckCaseRules(c)),
            (std::vector<std::string>{"first_reply_once@replies[1].kind"}));
  c.replies[1].kind = ReplyKind::kSecond;
  c.replies[1].date = "2021-04-30";  // Before the first.
  EXPECT_EQ(Names(CheckCaseRules(c)),
            (std::vector<std::string>{"second_after_first@replies[1].date"}));
  c.replies[1].date = "2021-07-01";
  EXPECT_TRUE(CheckCaseRules(c).empty());
  c.replies.erase(c.replies.begin());  // A second reply with no first.
  EXPECT_EQ(Names(CheckCaseRules(c)),
            (std::vector<std::string>{"second_after_first@replies[0].kind"}));
}

TEST(CaseRulesTest, FeedbackComesAfterAReply) {
  Case c = Fresh();
  c.feedback = {{"2021-06-01", "代表", Satisfaction::kSatisfied, "", {}}};
  EXPECT_EQ(Names(CheckCaseRules(c)),
            (std::vector<std::string>{"feedback_after_reply@feedback[0]"}));
  c.replies = {MakeReply(ReplyKind::kFirst, "2021-06-10", CaseResult::kSolved)};
  EXPECT_EQ(Names(CheckCaseRules(c)),
            (std::vector<std::string>{"feedback_after_reply@feedback[0].date"}));
  c.replies[0].date = "2021-05-20";
  EXPECT_TRUE(CheckCaseRules(c).empty());
}

TEST(CaseRulesTest, APromiseFallsDueAfterTheReplyThatMadeIt) {
  Case c = Fresh();
  c.replies = {MakeReply(ReplyKind::kFirst, "2021-05-20", CaseResult::kPlanned)};
  c.result = CaseResult::kPlanned;
  c.status = CaseStatus::kReplied;
  c.commitment_due = "2001-01-01";
  EXPECT_EQ(Names(CheckCaseRules(c)), std::vector<std::string>{"date_order@commitment_due"});
  c.commitment_due = "2021-12-31";
  EXPECT_TRUE(CheckCaseRules(c).empty());
}

TEST(CaseRulesTest, SolvingAndPlannedNeedACommitmentDate) {
  for (CaseResult r : {CaseResult::kSolving, CaseResult::kPlanned}) {
    Case c = Fresh();
    c.result = r;
    EXPECT_EQ(Names(CheckCaseRules(c)),
              (std::vector<std::string>{"commitment_date@commitment_due"}));
    Status s = CheckTrackedWrite(nullptr, c);
    EXPECT_EQ(s.code(), Status::Code::kRuleViolation);
    EXPECT_NE(s.message().find("倒计时"), std::string::npos);
    c.commitment_due = "2022-06-30";
    EXPECT_OK(CheckTrackedWrite(nullptr, c));
  }
}

TEST(CaseRulesTest, ReferenceNeedsALeadersApproval) {
  Case before = Fresh();
  Case after = before;
  after.result = CaseResult::kReference;
  Status s = CheckTrackedWrite(&before, after);
  EXPECT_EQ(s.code(), Status::Code::kRuleViolation);
  EXPECT_NE(s.message().find("留作参考须经领导审批"), std::string::npos) << s.message();
  after.approvals = {{ApprovalKind::kReference, "王副区长", "2021-06-01", "同意留作参考", {}}};
  EXPECT_OK(CheckTrackedWrite(&before, after));
  // An approval with no approver is no approval.
  after.approvals[0].approver.clear();
  EXPECT_FALSE(CheckTrackedWrite(&before, after).ok());
}

TEST(CaseRulesTest, AReplyProposingReferenceWaitsForApprovalButCannotClose) {
  Case before = Fresh();
  Case after = before;
  after.replies = {MakeReply(ReplyKind::kFirst, "2021-05-20", CaseResult::kReference)};
  ApplyProcessEffects(&before, &after);
  EXPECT_EQ(after.result, CaseResult::kReference);
  EXPECT_EQ(after.status, CaseStatus::kReplied);
  EXPECT_OK(CheckTrackedWrite(&before, after));  // Awaits approval in the queue.
  Case closing = after;
  closing.status = CaseStatus::kClosed;
  EXPECT_EQ(CheckTrackedWrite(&after, closing).code(), Status::Code::kRuleViolation);
}

TEST(CaseRulesTest, UnsatisfiedFeedbackBlocksClosure) {
  Case before = Fresh();
  before.replies = {MakeReply(ReplyKind::kFirst, "2021-05-20", CaseResult::kSolved)};
  before.result = CaseResult::kSolved;
  before.status = CaseStatus::kReplied;
  before.feedback = {{"2021-06-01", "代表", Satisfaction::kUnsatisfied, "不满意", {}}};
  Case closed = before;
  closed.status = CaseStatus::kClosed;
  Status s = CheckTrackedWrite(&before, closed);
  EXPECT_EQ(s.code(), Status::Code::kRuleViolation);
  EXPECT_NE(s.message().find("反馈不满意，不予结案"), std::string::npos);
  EXPECT_NE(s.message().find("field 'status'"), std::string::npos);
  // A closure assessment before the feedback does not excuse it; one after does.
  closed.reviews = {
      {"2021-05-25", ReviewKind::kClosureAssessment, "", ReviewOutcome::kPostponed, "区府办", {}}};
  EXPECT_FALSE(CheckTrackedWrite(&before, closed).ok());
  closed.reviews[0].date = "2021-06-10";
  EXPECT_OK(CheckTrackedWrite(&before, closed));
  // So does a leader's closure exception.
  closed.reviews.clear();
  closed.approvals = {{ApprovalKind::kClosureException, "王副区长", "2021-06-15", "", {}}};
  EXPECT_OK(CheckTrackedWrite(&before, closed));
  // A later satisfied feedback clears it.
  closed.approvals.clear();
  closed.feedback.push_back({"2021-07-01", "代表", Satisfaction::kBasicallySatisfied, "", {}});
  EXPECT_OK(CheckTrackedWrite(&before, closed));
}

TEST(CaseRulesTest, StatusFollowsTheLifecycle) {
  Case before = Fresh();
  before.replies = {MakeReply(ReplyKind::kFirst, "2021-05-20", CaseResult::kSolved)};
  before.status = CaseStatus::kClosed;
  Case after = before;
  after.status = CaseStatus::kReceived;  // closed -> received
  Status s = CheckTrackedWrite(&before, after);
  EXPECT_EQ(s.code(), Status::Code::kRuleViolation);
  EXPECT_NE(s.message().find("办理状态须按流程推进"), std::string::npos);
  after.status = CaseStatus::kReopened;  // Without a look-back.
  s = CheckTrackedWrite(&before, after);
  EXPECT_EQ(s.code(), Status::Code::kRuleViolation);
  EXPECT_NE(s.message().find("重新办理须经回头看"), std::string::npos);
  // A look-back whose outcome is rehandle reopens it (ApplyProcessEffects).
  after.status = CaseStatus::kClosed;
  after.reviews = {
      {"2021-08-10", ReviewKind::kLookBack, "未落实", ReviewOutcome::kRehandle, "区府办", {}}};
  ApplyProcessEffects(&before, &after);
  EXPECT_EQ(after.status, CaseStatus::kReopened);
  EXPECT_OK(CheckTrackedWrite(&before, after));
  // Forward moves need their facts: replied needs a reply.
  Case handling = Fresh();
  Case replied = handling;
  replied.status = CaseStatus::kReplied;
  EXPECT_EQ(CheckTrackedWrite(&handling, replied).code(), Status::Code::kRuleViolation);
}

TEST(CaseRulesTest, TheLatestFormalReplyGivesTheResult) {
  Case before = Fresh();
  before.replies = {MakeReply(ReplyKind::kFirst, "2021-05-20", CaseResult::kPlanned)};
  before.result = CaseResult::kPlanned;
  before.commitment_due = "2022-01-01";
  Case after = before;
  after.replies.push_back(MakeReply(ReplyKind::kInterim, "2021-09-01", CaseResult::kSolving));
  after.replies.push_back(MakeReply(ReplyKind::kSecond, "2021-08-01", CaseResult::kSolved));
  ApplyProcessEffects(&before, &after);
  EXPECT_EQ(after.result, CaseResult::kSolved);  // The interim reply does not count.
}

TEST(CaseRulesTest, OldExceptionsDoNotBlockLaterWork) {
  Case before = Fresh();
  before.result = CaseResult::kSolving;  // Imported without a commitment date.
  Case after = before;
  after.consultations = {{"2021-03-01", ConsultationForm::kMeeting, {"代表"}, "", {}}};
  EXPECT_OK(CheckTrackedWrite(&before, after));
  // ... but a new breach is refused.
  after.assigned = "2021-01-01";
  EXPECT_EQ(CheckTrackedWrite(&before, after).code(), Status::Code::kInvalidArgument);
}

// An entry written now without its date would pass by every rule that reads
// dates: an undated 不满意 after a dated 满意 let a case close.
TEST(CaseRulesTest, EntriesWrittenNowNeedTheirDateAndApprovalsTheirApprover) {
  Case before = Fresh();
  before.replies = {MakeReply(ReplyKind::kFirst, "2021-05-20", CaseResult::kSolved)};
  before.result = CaseResult::kSolved;
  before.status = CaseStatus::kReplied;
  before.feedback = {{"2021-06-01", "代表", Satisfaction::kSatisfied, "满意", {}}};
  Case after = before;
  after.feedback.push_back({"", "代表", Satisfaction::kUnsatisfied, "不满意", {}});
  Status s = CheckTrackedWrite(&before, after);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("field 'feedback[1].date'"), std::string::npos) << s.message();
  after.feedback.back().date = "2021-06-20";
  EXPECT_OK(CheckTrackedWrite(&before, after));
  after.status = CaseStatus::kClosed;  // Now the rule sees it.
  EXPECT_EQ(CheckTrackedWrite(&before, after).code(), Status::Code::kRuleViolation);

  Case approved = before;
  approved.approvals = {{ApprovalKind::kReference, "", "2021-06-02", "", {}}};
  s = CheckTrackedWrite(&before, approved);
  EXPECT_NE(s.message().find("field 'approvals[0].approver'"), std::string::npos) << s.message();
  approved.approvals[0] = {ApprovalKind::kReference, "王副区长", "", "", {}};
  s = CheckTrackedWrite(&before, approved);
  EXPECT_NE(s.message().find("field 'approvals[0].date'"), std::string::npos) << s.message();
  Case replied = before;
  replied.replies.push_back(MakeReply(ReplyKind::kSecond, "", CaseResult::kSolved));
  EXPECT_FALSE(CheckTrackedWrite(&before, replied).ok());
  // Entries already stored without a date (imported history) stay acceptable.
  Case history = before;
  history.consultations.push_back({});
  Case edited = history;
  edited.title += "（修改）";
  EXPECT_OK(CheckTrackedWrite(&history, edited));
}

TEST(CaseRulesTest, EveryRuleHasItsWords) {
  for (Rule r :
       {Rule::kDateOrder, Rule::kFirstReplyOnce, Rule::kSecondAfterFirst, Rule::kFeedbackAfterReply,
        Rule::kCommitmentDate, Rule::kReferenceApproval, Rule::kUnsatisfiedNotClosed,
        Rule::kLifecycle, Rule::kReopenByLookBack, Rule::kEntryComplete}) {
    const std::string title = RuleTitle(r);
    EXPECT_NE(title.find(" ("), std::string::npos) << title;  // Chinese (English).
    EXPECT_FALSE(std::string(RuleName(r)).empty());
    EXPECT_EQ(title.rfind(RuleWordsOf(RuleName(r)) + " (", 0), 0u) << title;  // Found by name.
  }
  EXPECT_EQ(RuleWordsOf("unsatisfied_not_closed"), "反馈不满意，不予结案");
  EXPECT_EQ(RuleWordsOf("no_such_rule"), "");
}

TEST(IsoDateTest, RealCalendarDaysOnly) {
  EXPECT_TRUE(IsIsoDate("2024-02-29"));
  EXPECT_FALSE(IsIsoDate("2023-02-29"));
  EXPECT_FALSE(IsIsoDate("2021-06-31"));
  EXPECT_FALSE(IsIsoDate("2024-02-31"));
  EXPECT_TRUE(IsIsoDate("2000-02-29"));
  EXPECT_FALSE(IsIsoDate("1900-02-29"));
  EXPECT_TRUE(IsIsoDate("2021-12-31T23:59:59+08:00"));
  auto c = CaseFromJson({{"id", "D-1"}, {"received", "2021-06-31"}});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("received"), std::string::npos);
}

}  // namespace
}  // namespace casebook::review
