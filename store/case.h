// The case model ("一案一册": one dossier per case) of ../shared/DESIGN.md.
//
// Plain value types. Enumerations are stored in English; the JSON codec
// (case_json.h) also accepts the Chinese words users write (已经解决, 主办,
// 政协提案 ...). Dates are ISO 8601 strings ("2021-03-16" or
// "2021-03-16T10:00:00"); an empty string means "not given". Fields this model
// does not know are kept in `extra` and written back unchanged.
#ifndef CASEBOOK_STORE_CASE_H_
#define CASEBOOK_STORE_CASE_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace casebook {

enum class CaseKind { kUnset, kDeputySuggestion, kCppccProposal, kNpcMotion, kAppeal, kOther };
enum class Level { kUnset, kNational, kProvincial, kMunicipal, kDistrict };
enum class Role { kUnset, kLead, kCo, kJoint };
enum class CaseResult { kUnset, kSolved, kSolving, kPlanned, kReference };
enum class CaseStatus { kUnset, kReceived, kHandling, kReplied, kClosed, kReopened };
enum class ReplyKind { kUnset, kFirst, kSecond, kInterim };
enum class ConsultationForm { kUnset, kMeeting, kPhone, kVideo, kWechat, kEmail, kSiteVisit };
enum class Satisfaction { kUnset, kSatisfied, kBasicallySatisfied, kUnsatisfied };
enum class ReviewKind { kUnset, kLookBack, kInspection, kClosureAssessment };
enum class ReviewOutcome { kUnset, kConfirmed, kRehandle, kPostponed };
enum class ApprovalKind { kUnset, kReference, kClosureException };

// A person or group who raised the case.
struct Proposer {
  std::string name;
  std::string affiliation;
  nlohmann::json extra = nlohmann::json::object();  // Unknown sub-fields, kept.
};

// Handling units (承办单位) by their part in the work.
struct Units {
  std::vector<std::string> lead;   // 主办
  std::vector<std::string> co;     // 会办
  std::vector<std::string> joint;  // 合办
  bool empty() const { return lead.empty() && co.empty() && joint.empty(); }
  // All units, lead first, without repeats.
  std::vector<std::string> All() const;
};

// One written reply ("两次答复": first, second, or an interim one).
struct Reply {
  int seq = 0;
  ReplyKind kind = ReplyKind::kUnset;
  std::string date;
  std::string unit;
  std::string text;
  CaseResult result = CaseResult::kUnset;
  nlohmann::json extra = nlohmann::json::object();  // Unknown sub-fields, kept.
};

// One consultation with the proposer ("一次面商").
struct Consultation {
  std::string date;
  ConsultationForm form = ConsultationForm::kUnset;
  std::vector<std::string> participants;
  std::string notes;
  nlohmann::json extra = nlohmann::json::object();  // Unknown sub-fields, kept.
};

// The proposer's feedback on a reply.
struct Feedback {
  std::string date;
  std::string from;
  Satisfaction satisfaction = Satisfaction::kUnset;
  std::string text;
  nlohmann::json extra = nlohmann::json::object();  // Unknown sub-fields, kept.
};

// A review of the case ("回头看" look-back, inspection, closure assessment).
struct Review {
  std::string date;
  ReviewKind kind = ReviewKind::kUnset;
  std::string finding;
  ReviewOutcome outcome = ReviewOutcome::kUnset;
  std::string reviewer;
  nlohmann::json extra = nlohmann::json::object();  // Unknown sub-fields, kept.
};

// A leader's approval recorded on the case: 留作参考 needs one (所有"留作参考"
// 件需经区政府领导审批), and closing a case against unsatisfied feedback needs
// one of kind kClosureException (or a closure assessment that postponed it).
struct Approval {
  ApprovalKind kind = ApprovalKind::kUnset;
  std::string approver;  // The approving leader.
  std::string date;
  std::string note;
  nlohmann::json extra = nlohmann::json::object();  // Unknown sub-fields, kept.
};

// Publication of the reply on the government portal.
struct Disclosure {
  bool is_public = false;  // JSON "public".
  std::string date;
  std::string url;
  bool present = false;  // Whether the input had a "disclosure" object at all.
};

// Where a case came from (set by the importer).
struct Source {
  std::string file;
  int64_t line = 0;
  std::string sha256;
  std::string imported_at;
  bool present = false;
};

// One case. `id` is required and matches [A-Za-z0-9._-]{1,64}.
struct Case {
  std::string id;
  CaseKind kind = CaseKind::kUnset;
  Level level = Level::kUnset;
  int year = 0;  // 0 = unknown.
  std::string session;
  std::string number;
  std::string title;
  std::string body;
  std::vector<Proposer> proposers;
  Role role = Role::kUnset;
  Units units;
  std::string received;
  std::string assigned;
  std::string reply_due;
  CaseResult result = CaseResult::kUnset;
  std::string commitment_due;
  CaseStatus status = CaseStatus::kUnset;
  std::vector<Reply> replies;
  std::vector<Consultation> consultations;
  std::vector<Feedback> feedback;
  std::vector<Review> reviews;
  std::vector<Approval> approvals;  // Leaders' approvals (留作参考, closure exceptions).
  bool key_case = false;            // 重点件: a case the government tracks as a priority.
  std::string supervising_leader;   // 领导督办: the leader who supervises it, "" = none.
  Disclosure disclosure;
  std::vector<std::string> tags;
  Source source;
  nlohmann::json extra = nlohmann::json::object();  // Unknown fields, kept verbatim.

  // Store-managed: the version this value is (1 for the first write), and
  // when it was written (ISO 8601 UTC). Ignored on input to CaseStore::Put.
  int64_t version = 0;
  std::string updated_at;
};

// English names of the enumerations, as stored ("deputy_suggestion" ...);
// "" for kUnset.
const char* ToString(CaseKind v);
const char* ToString(Level v);
const char* ToString(Role v);
const char* ToString(CaseResult v);
const char* ToString(CaseStatus v);
const char* ToString(ReplyKind v);
const char* ToString(ConsultationForm v);
const char* ToString(Satisfaction v);
const char* ToString(ReviewKind v);
const char* ToString(ReviewOutcome v);
const char* ToString(ApprovalKind v);

// Parse an enumeration from its English name or the Chinese words users write
// (e.g. "已经解决", "解决采纳" -> kSolved; "主办" -> kLead; "政协提案" ->
// kCppccProposal). Surrounding spaces are ignored. Returns nullopt when the
// word is not known.
std::optional<CaseKind> ParseCaseKind(const std::string& s);
std::optional<Level> ParseLevel(const std::string& s);
std::optional<Role> ParseRole(const std::string& s);
std::optional<CaseResult> ParseCaseResult(const std::string& s);
std::optional<CaseStatus> ParseCaseStatus(const std::string& s);
std::optional<ReplyKind> ParseReplyKind(const std::string& s);
std::optional<ConsultationForm> ParseConsultationForm(const std::string& s);
std::optional<Satisfaction> ParseSatisfaction(const std::string& s);
std::optional<ReviewKind> ParseReviewKind(const std::string& s);
std::optional<ReviewOutcome> ParseReviewOutcome(const std::string& s);
std::optional<ApprovalKind> ParseApprovalKind(const std::string& s);

}  // namespace casebook

#endif  // CASEBOOK_STORE_CASE_H_
