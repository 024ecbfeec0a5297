// Names of the case model's enumerations, in English and in the Chinese words
// offices write.
#include "store/case.h"

#include <algorithm>
#include <utility>

namespace casebook {
namespace {

// One enumeration: its English names (index = enum value, 0 = unset) and the
// extra words (Chinese, variants) that map to a value.
template <typename E>
struct EnumTable {
  std::vector<const char*> names;
  std::vector<std::pair<const char*, E>> words;
};

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  std::string t = s.substr(b, e - b + 1);
  // Also strip ideographic spaces (U+3000, 3 bytes) at both ends.
  const std::string ideo = "\xE3\x80\x80";
  while (t.size() >= 3 && t.compare(0, 3, ideo) == 0) t.erase(0, 3);
  while (t.size() >= 3 && t.compare(t.size() - 3, 3, ideo) == 0) t.erase(t.size() - 3);
  return t;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return c < 128 ? std::tolower(c) : c; });
  return s;
}

template <typename E>
std::optional<E> Lookup(const EnumTable<E>& t, const std::string& raw) {
  std::string s = Lower(Trim(raw));
  if (s.empty()) return std::nullopt;
  for (size_t i = 1; i < t.names.size(); ++i) {
    if (s == t.names[i]) return static_cast<E>(i);
  }
  for (const auto& [word, value] : t.words) {
    if (s == word) return value;
  }
  return std::nullopt;
}

template <typename E>
const char* NameOf(const EnumTable<E>& t, E v) {
  size_t i = static_cast<size_t>(v);
  return i < t.names.size() ? t.names[i] : "";
}

const EnumTable<CaseKind> kKinds{
    {"", "deputy_suggestion", "cppcc_proposal", "npc_motion", "appeal", "other"},
    {{"人大代表建议", CaseKind::kDeputySuggestion},
     {"代表建议", CaseKind::kDeputySuggestion},
     {"人大代表建议、批评和意见", CaseKind::kDeputySuggestion},
     {"人大代表建议(批评和意见)", CaseKind::kDeputySuggestion},
     {"人大代表书面意见", CaseKind::kDeputySuggestion},
     {"建议", CaseKind::kDeputySuggestion},
     {"政协提案", CaseKind::kCppccProposal},
     {"提案", CaseKind::kCppccProposal},
     {"议案", CaseKind::kNpcMotion},
     {"人大议案", CaseKind::kNpcMotion},
     {"群众来信", CaseKind::kAppeal},
     {"群众留言", CaseKind::kAppeal},
     {"群众留言+答复", CaseKind::kAppeal},
     {"留言", CaseKind::kAppeal},
     {"来信", CaseKind::kAppeal},
     {"信访", CaseKind::kAppeal},
     {"其他", CaseKind::kOther}}};

const EnumTable<Level> kLevels{{"", "national", "provincial", "municipal", "district"},
                               {{"全国", Level::kNational},
                                {"国家", Level::kNational},
                                {"全国级", Level::kNational},
                                {"省", Level::kProvincial},
                                {"省级", Level::kProvincial},
                                {"市", Level::kMunicipal},
                                {"市级", Level::kMunicipal},
                                {"区", Level::kDistrict},
                                {"区级", Level::kDistrict},
                                {"县", Level::kDistrict},
                                {"区县", Level::kDistrict}}};

const EnumTable<Role> kRoles{{"", "lead", "co", "joint"},
                             {{"主办", Role::kLead},
                              {"主办件", Role::kLead},
                              {"会办", Role::kCo},
                              {"会办件", Role::kCo},
                              {"协办", Role::kCo},
                              {"合办", Role::kJoint},
                              {"合办件", Role::kJoint}}};

const EnumTable<CaseResult> kResults{{"", "solved", "solving", "planned", "reference"},
                                     {{"已经解决", CaseResult::kSolved},
                                      {"解决采纳", CaseResult::kSolved},
                                      {"已解决", CaseResult::kSolved},
                                      {"采纳", CaseResult::kSolved},
                                      {"a", CaseResult::kSolved},
                                      {"正在解决", CaseResult::kSolving},
                                      {"b", CaseResult::kSolving},
                                      {"计划解决", CaseResult::kPlanned},
                                      {"列入计划拟解决", CaseResult::kPlanned},
                                      {"列入计划", CaseResult::kPlanned},
                                      {"c", CaseResult::kPlanned},
                                      {"留作参考", CaseResult::kReference},
                                      {"d", CaseResult::kReference}}};

const EnumTable<CaseStatus> kStatuses{{"", "received", "handling", "replied", "closed", "reopened"},
                                      {{"已收到", CaseStatus::kReceived},
                                       {"已交办", CaseStatus::kReceived},
                                       {"办理中", CaseStatus::kHandling},
                                       {"已答复", CaseStatus::kReplied},
                                       {"已办结", CaseStatus::kClosed},
                                       {"办结", CaseStatus::kClosed},
                                       {"重新办理", CaseStatus::kReopened},
                                       {"重办", CaseStatus::kReopened}}};

const EnumTable<ReplyKind> kReplyKinds{{"", "first", "second", "interim"},
                                       {{"首次答复", ReplyKind::kFirst},
                                        {"第一次答复", ReplyKind::kFirst},
                                        {"二次答复", ReplyKind::kSecond},
                                        {"第二次答复", ReplyKind::kSecond},
                                        {"再次答复", ReplyKind::kSecond},
                                        {"中期答复", ReplyKind::kInterim},
                                        {"阶段性答复", ReplyKind::kInterim}}};

const EnumTable<ConsultationForm> kForms{
    {"", "meeting", "phone", "video", "wechat", "email", "site_visit"},
    {{"面商", ConsultationForm::kMeeting},
     {"座谈", ConsultationForm::kMeeting},
     {"会议", ConsultationForm::kMeeting},
     {"电话", ConsultationForm::kPhone},
     {"视频", ConsultationForm::kVideo},
     {"微信", ConsultationForm::kWechat},
     {"邮件", ConsultationForm::kEmail},
     {"电子邮件", ConsultationForm::kEmail},
     {"走访", ConsultationForm::kSiteVisit},
     {"实地走访", ConsultationForm::kSiteVisit},
     {"现场调研", ConsultationForm::kSiteVisit}}};

const EnumTable<Satisfaction> kSatisfactions{
    {"", "satisfied", "basically_satisfied", "unsatisfied"},
    {{"满意", Satisfaction::kSatisfied},
     {"基本满意", Satisfaction::kBasicallySatisfied},
     {"不满意", Satisfaction::kUnsatisfied}}};

const EnumTable<ReviewKind> kReviewKinds{{"", "look_back", "inspection", "closure_assessment"},
                                         {{"回头看", ReviewKind::kLookBack},
                                          {"督查", ReviewKind::kInspection},
                                          {"检查", ReviewKind::kInspection},
                                          {"办结评估", ReviewKind::kClosureAssessment}}};

const EnumTable<ReviewOutcome> kOutcomes{{"", "confirmed", "rehandle", "postponed"},
                                         {{"确认", ReviewOutcome::kConfirmed},
                                          {"属实", ReviewOutcome::kConfirmed},
                                          {"重新办理", ReviewOutcome::kRehandle},
                                          {"重办", ReviewOutcome::kRehandle},
                                          {"延期", ReviewOutcome::kPostponed},
                                          {"推迟", ReviewOutcome::kPostponed},
                                          {"推迟结案", ReviewOutcome::kPostponed}}};

const EnumTable<ApprovalKind> kApprovalKinds{{"", "reference", "closure_exception"},
                                             {{"留作参考", ApprovalKind::kReference},
                                              {"留作参考审批", ApprovalKind::kReference},
                                              {"结案例外", ApprovalKind::kClosureException},
                                              {"同意结案", ApprovalKind::kClosureException}}};

}  // namespace

std::vector<std::string> Units::All() const {
  std::vector<std::string> out;
  for (const auto* list : {&lead, &co, &joint}) {
    for (const auto& u : *list) {
      if (std::find(out.begin(), out.end(), u) == out.end()) out.push_back(u);
    }
  }
  return out;
}

const char* ToString(CaseKind v) { return NameOf(kKinds, v); }
const char* ToString(Level v) { return NameOf(kLevels, v); }
const char* ToString(Role v) { return NameOf(kRoles, v); }
const char* ToString(CaseResult v) { return NameOf(kResults, v); }
const char* ToString(CaseStatus v) { return NameOf(kStatuses, v); }
const char* ToString(ReplyKind v) { return NameOf(kReplyKinds, v); }
const char* ToString(ConsultationForm v) { return NameOf(kForms, v); }
const char* ToString(Satisfaction v) { return NameOf(kSatisfactions, v); }
const char* ToString(ReviewKind v) { return NameOf(kReviewKinds, v); }
const char* ToString(ReviewOutcome v) { return NameOf(kOutcomes, v); }
const char* ToString(ApprovalKind v) { return NameOf(kApprovalKinds, v); }

std::optional<CaseKind> ParseCaseKind(const std::string& s) { return Lookup(kKinds, s); }
std::optional<Level> ParseLevel(const std::string& s) { return Lookup(kLevels, s); }
std::optional<Role> ParseRole(const std::string& s) { return Lookup(kRoles, s); }
std::optional<CaseResult> ParseCaseResult(const std::string& s) { return Lookup(kResults, s); }
std::optional<CaseStatus> ParseCaseStatus(const std::string& s) { return Lookup(kStatuses, s); }
std::optional<ReplyKind> ParseReplyKind(const std::string& s) { return Lookup(kReplyKinds, s); }
std::optional<ConsultationForm> ParseConsultationForm(const std::string& s) {
  return Lookup(kForms, s);
}
std::optional<Satisfaction> ParseSatisfaction(const std::string& s) {
  return Lookup(kSatisfactions, s);
}
std::optional<ReviewKind> ParseReviewKind(const std::string& s) { return Lookup(kReviewKinds, s); }
std::optional<ReviewOutcome> ParseReviewOutcome(const std::string& s) {
  return Lookup(kOutcomes, s);
}
std::optional<ApprovalKind> ParseApprovalKind(const std::string& s) {
  return Lookup(kApprovalKinds, s);
}

}  // namespace casebook
