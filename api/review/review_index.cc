#include "api/review/review_index.h"

#include <algorithm>
#include <cstdio>

#include "api/review/case_facts.h"
#include "api/review/case_rules.h"

namespace casebook::review {
namespace {

struct SectionText {
  const char* name;
  const char* title;
};

constexpr SectionText kSections[kSectionCount] = {
    {"commitments", "倒计时：正在解决、计划解决"},
    {"commitments_undated", "未定承诺期限的正在解决、计划解决件"},
    {"overdue_replies", "逾期未答复"},
    {"no_consultation", "主办件尚未面商（一次面商）"},
    {"unsatisfied", "反馈不满意、尚未二次答复"},
    {"reference_awaiting_approval", "留作参考待领导审批"},
    {"recheck_reference", "留作参考件待梳理（回头看）"},
    {"verify_solved", "已经解决件待核实（回头看）"},
    {"reopened", "回头看重新办理"},
    {"rule_exceptions", "导入记录不合办理规则"},
};

// Bumped whenever SectionsOf, SummarizeCase or the key layout changes: stores
// written under another version rebuild their entries at open.
constexpr char kIndexVersion[] = "review-2";

std::string Day(const std::string& iso) { return iso.substr(0, 10); }

// ---- summary bytes: varint-length strings and counts, one byte per enum.

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutStr(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s);
}

class SummaryReader {
 public:
  explicit SummaryReader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64 && pos_ < in_.size(); shift += 7) {
      const unsigned char b = in_[pos_++];
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    ok_ = false;
    return 0;
  }
  // Assigns into `out`, reusing its capacity.
  void Str(std::string* out) {
    const uint64_t n = Varint();
    if (!ok_ || n > in_.size() - pos_) {
      ok_ = false;
      return;
    }
    out->assign(in_.data() + pos_, n);
    pos_ += n;
  }
  void Strs(std::vector<std::string>* out) {
    const uint64_t n = Varint();
    if (!ok_ || n > in_.size() - pos_) {
      ok_ = false;
      return;
    }
    out->resize(n);
    for (auto& s : *out) Str(&s);
  }
  template <typename E>
  E Enum() {
    return static_cast<E>(Varint());
  }

 private:
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

void PutStrs(std::string* out, const std::vector<std::string>& v) {
  PutVarint(out, v.size());
  for (const auto& s : v) PutStr(out, s);
}

// ---- section membership

bool HasReferenceApproval(const Case& c) {
  return std::any_of(c.approvals.begin(), c.approvals.end(), [](const Approval& a) {
    return a.kind == ApprovalKind::kReference && !a.approver.empty();
  });
}

// "一次面商": a consultation on or before the first reply (any, when none yet).
bool ConsultedBeforeFirstReply(const Case& c) {
  const std::string first = FirstReplyDate(c);
  return std::any_of(c.consultations.begin(), c.consultations.end(), [&](const Consultation& x) {
    return first.empty() || x.date.empty() || Day(x.date) <= Day(first);
  });
}

// A second reply dated on or after `since` (any second reply when undated).
bool SecondReplySince(const Case& c, const std::string& since) {
  return std::any_of(c.replies.begin(), c.replies.end(), [&](const Reply& r) {
    return r.kind == ReplyKind::kSecond && (since.empty() || Day(r.date) >= Day(since));
  });
}

std::string LastReviewDate(const Case& c, ReviewKind kind, ReviewOutcome outcome) {
  std::string last;
  for (const Review& r : c.reviews) {
    if (r.kind != kind) continue;
    if (outcome != ReviewOutcome::kUnset && r.outcome != outcome) continue;
    if (Day(r.date) > last) last = Day(r.date);
  }
  return last;
}

bool ConfirmedByLookBack(const Case& c) {
  return std::any_of(c.reviews.begin(), c.reviews.end(),
                     [](const Review& r) { return r.outcome == ReviewOutcome::kConfirmed; });
}

std::vector<std::string> BrokenRules(const Case& c) {
  std::vector<std::string> names;
  for (const RuleViolation& v : CheckCaseRules(c)) {
    if (v.rule == Rule::kReferenceApproval) continue;  // Its own section.
    const char* name = RuleName(v.rule);
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return names;
}

// Keys end with \0 and the id, so they are unique per case and dates sort
// before ids.
std::string Key(std::string prefix, std::string_view date, std::string_view id) {
  prefix.append(date);
  prefix.push_back('\0');
  prefix.append(id);
  return prefix;
}

void Entries(const Case& c, std::vector<DerivedEntry>* out) {
  const CaseSummary summary = SummarizeCase(c);
  const std::string facts = EncodeFilterFacts(summary);
  for (const auto& [section, date] : SectionsOf(c)) {
    out->emplace_back(Key(review_keys::SectionPrefix(section), date, c.id), facts);
  }
  out->emplace_back(review_keys::StatsKey(c.year, c.id), EncodeSummary(summary));
  out->emplace_back(Key(review_keys::kLatestPrefix, LatestEventDate(c), c.id), "");
}

}  // namespace

const char* SectionName(Section s) { return kSections[static_cast<int>(s)].name; }
const char* SectionTitle(Section s) { return kSections[static_cast<int>(s)].title; }

std::optional<Section> ParseSection(std::string_view name) {
  for (int i = 0; i < kSectionCount; ++i) {
    if (name == kSections[i].name) return static_cast<Section>(i);
  }
  return std::nullopt;
}

CaseSummary SummarizeCase(const Case& c) {
  CaseSummary s;
  s.id = c.id;
  s.title = c.title;
  s.session = c.session;
  s.received = Day(c.received);
  s.reply_due = Day(c.reply_due);
  s.first_reply = Day(FirstReplyDate(c));
  s.commitment_due = Day(c.commitment_due);
  s.supervising_leader = c.supervising_leader;
  s.year = c.year;
  s.kind = c.kind;
  s.level = c.level;
  s.role = c.role;
  s.result = c.result;
  s.status = c.status;
  if (const Feedback* f = LatestRatedFeedback(c)) {
    s.satisfaction = f->satisfaction;
    s.feedback_date = Day(f->date);
  }
  s.disclosed = c.disclosure.present && c.disclosure.is_public;
  s.key_case = c.key_case;
  s.lead = c.units.lead;
  s.co = c.units.co;
  s.joint = c.units.joint;
  s.rules = BrokenRules(c);
  return s;
}

std::vector<std::pair<Section, std::string>> SectionsOf(const Case& c) {
  std::vector<std::pair<Section, std::string>> out;
  const bool closed = c.status == CaseStatus::kClosed;
  const bool promised = c.result == CaseResult::kSolving || c.result == CaseResult::kPlanned;
  if (!closed && promised) {
    if (c.commitment_due.empty()) {
      out.emplace_back(Section::kCommitmentsUndated, Day(c.received));
    } else {
      out.emplace_back(Section::kCommitments, Day(c.commitment_due));
    }
  }
  if (!closed && !c.reply_due.empty() && c.replies.empty()) {
    out.emplace_back(Section::kOverdueReplies, Day(c.reply_due));
  }
  if (!closed && c.role == Role::kLead && !ConsultedBeforeFirstReply(c)) {
    out.emplace_back(Section::kNoConsultation, Day(c.received));
  }
  const Feedback* latest = LatestRatedFeedback(c);
  if (!closed && latest != nullptr && latest->satisfaction == Satisfaction::kUnsatisfied &&
      !SecondReplySince(c, latest->date)) {
    out.emplace_back(Section::kUnsatisfied, Day(latest->date));
  }
  if (c.result == CaseResult::kReference) {
    if (HasReferenceApproval(c)) {
      out.emplace_back(Section::kRecheckReference,
                       LastReviewDate(c, ReviewKind::kLookBack, ReviewOutcome::kUnset));
    } else {
      out.emplace_back(Section::kAwaitingApproval, Day(FirstReplyDate(c)));
    }
  }
  if (c.result == CaseResult::kSolved && !ConfirmedByLookBack(c)) {
    out.emplace_back(Section::kVerifySolved, Day(FirstReplyDate(c)));
  }
  if (c.status == CaseStatus::kReopened) {
    out.emplace_back(Section::kReopened,
                     LastReviewDate(c, ReviewKind::kLookBack, ReviewOutcome::kRehandle));
  }
  if (!BrokenRules(c).empty()) out.emplace_back(Section::kRuleExceptions, Day(c.received));
  return out;
}

std::string LatestEventDate(const Case& c) {
  std::string latest;
  auto see = [&](const std::string& date) {
    if (Day(date) > latest) latest = Day(date);
  };
  see(c.received);
  see(c.assigned);
  for (const Reply& r : c.replies) see(r.date);
  for (const Feedback& f : c.feedback) see(f.date);
  for (const Review& r : c.reviews) see(r.date);
  for (const Consultation& x : c.consultations) see(x.date);
  for (const Approval& a : c.approvals) see(a.date);
  if (c.disclosure.present) see(c.disclosure.date);
  return latest;
}

std::optional<Case> CaseAsOf(const Case& c, const std::string& as_of) {
  if (!c.received.empty() && Day(c.received) > as_of) return std::nullopt;
  Case v = c;
  bool dropped = false;
  auto keep_until = [&](auto& list) {
    const size_t before = list.size();
    list.erase(std::remove_if(list.begin(), list.end(),
                              [&](const auto& e) { return Day(e.date) > as_of; }),
               list.end());
    dropped |= list.size() != before;
    return list.size() != before;
  };
  const bool replies_dropped = keep_until(v.replies);
  keep_until(v.feedback);
  keep_until(v.reviews);
  keep_until(v.consultations);
  keep_until(v.approvals);
  if (v.disclosure.present && Day(v.disclosure.date) > as_of) v.disclosure.is_public = false;
  if (replies_dropped) {
    v.result = CaseResult::kUnset;
    std::string latest;
    for (const Reply& r : v.replies) {  // The latest remaining formal reply's result.
      if (r.kind == ReplyKind::kInterim || r.result == CaseResult::kUnset) continue;
      if (v.result == CaseResult::kUnset || Day(r.date) >= latest) {
        v.result = r.result;
        latest = Day(r.date);
      }
    }
  }
  if (!dropped) return v;  // Nothing happened after as_of: the case as it is.
  const bool answered = v.status == CaseStatus::kReplied || v.status == CaseStatus::kClosed ||
                        v.status == CaseStatus::kReopened;
  if (answered && replies_dropped && v.replies.empty()) {
    v.status = CaseStatus::kHandling;
  } else if (v.status == CaseStatus::kClosed || v.status == CaseStatus::kReopened) {
    v.status = CaseStatus::kReplied;
  }
  return v;
}

Status VisitCasesChangedAfter(const CaseStore& store, const std::string& as_of,
                              std::set<std::string, std::less<>>* ids,
                              const std::function<void(const Case&)>& fn) {
  const std::string after = std::string(review_keys::kLatestPrefix) + as_of + "\x01";
  CASEBOOK_RETURN_IF_ERROR(store.ScanDerived(review_keys::kLatestPrefix, after,
                                             [&](std::string_view key, std::string_view) {
                                               ids->emplace(review_keys::IdOfKey(key));
                                               return true;
                                             }));
  for (const std::string& id : *ids) {
    Result<Case> c = store.Get(id);
    if (c.status().IsNotFound()) continue;  // Deleted since the scan.
    if (!c.ok()) return c.status();
    fn(*c);
  }
  return Status::Ok();
}

std::shared_ptr<const DerivedIndex> ReviewDerivedIndex() {
  static const std::shared_ptr<const DerivedIndex> kIndex = [] {
    auto index = std::make_shared<DerivedIndex>();
    index->version = kIndexVersion;
    index->entries = Entries;
    return index;
  }();
  return kIndex;
}

namespace review_keys {

std::string SectionPrefix(Section s) {
  return std::string("q") + static_cast<char>('a' + static_cast<int>(s));
}

std::string StatsPrefix(int year) {
  if (year == 0) return "s";
  char buf[8];
  std::snprintf(buf, sizeof buf, "s%04d", year);
  return buf;
}

std::string StatsKey(int year, std::string_view id) {
  std::string key = StatsPrefix(year);
  if (year == 0) key += "0000";
  key.push_back('\0');
  key.append(id);
  return key;
}

std::string_view DateOfKey(std::string_view key, size_t prefix_len) {
  const size_t nul = key.find('\0', prefix_len);
  return key.substr(prefix_len, nul == std::string_view::npos ? 0 : nul - prefix_len);
}

std::string_view IdOfKey(std::string_view key) {
  const size_t nul = key.find('\0');
  return nul == std::string_view::npos ? std::string_view() : key.substr(nul + 1);
}

}  // namespace review_keys

std::string EncodeSummary(const CaseSummary& s) {
  std::string out;
  out.reserve(96 + s.title.size());
  for (const std::string* str :
       {&s.id, &s.title, &s.session, &s.received, &s.reply_due, &s.first_reply, &s.commitment_due,
        &s.supervising_leader, &s.feedback_date}) {
    PutStr(&out, *str);
  }
  PutVarint(&out, static_cast<uint64_t>(s.year));
  for (int e :
       {static_cast<int>(s.kind), static_cast<int>(s.level), static_cast<int>(s.role),
        static_cast<int>(s.result), static_cast<int>(s.status), static_cast<int>(s.satisfaction),
        static_cast<int>(s.disclosed), static_cast<int>(s.key_case)}) {
    PutVarint(&out, static_cast<uint64_t>(e));
  }
  for (const auto* list : {&s.lead, &s.co, &s.joint, &s.rules}) PutStrs(&out, *list);
  return out;
}

bool DecodeSummary(std::string_view bytes, CaseSummary* s) {
  SummaryReader r(bytes);
  for (std::string* str :
       {&s->id, &s->title, &s->session, &s->received, &s->reply_due, &s->first_reply,
        &s->commitment_due, &s->supervising_leader, &s->feedback_date}) {
    r.Str(str);
  }
  s->year = static_cast<int>(r.Varint());
  s->kind = r.Enum<CaseKind>();
  s->level = r.Enum<Level>();
  s->role = r.Enum<Role>();
  s->result = r.Enum<CaseResult>();
  s->status = r.Enum<CaseStatus>();
  s->satisfaction = r.Enum<Satisfaction>();
  s->disclosed = r.Varint() != 0;
  s->key_case = r.Varint() != 0;
  for (auto* list : {&s->lead, &s->co, &s->joint, &s->rules}) r.Strs(list);
  return r.ok();
}

std::string EncodeFilterFacts(const CaseSummary& s) {
  std::string out;
  out.reserve(64);
  PutVarint(&out, static_cast<uint64_t>(s.year));
  for (int e : {static_cast<int>(s.kind), static_cast<int>(s.role), static_cast<int>(s.level)}) {
    PutVarint(&out, static_cast<uint64_t>(e));
  }
  PutStr(&out, s.session);
  for (const auto* list : {&s.lead, &s.co, &s.joint}) PutStrs(&out, *list);
  return out;
}

bool DecodeFilterFacts(std::string_view bytes, CaseSummary* s) {
  SummaryReader r(bytes);
  s->year = static_cast<int>(r.Varint());
  s->kind = r.Enum<CaseKind>();
  s->role = r.Enum<Role>();
  s->level = r.Enum<Level>();
  r.Str(&s->session);
  for (auto* list : {&s->lead, &s->co, &s->joint}) r.Strs(list);
  return r.ok();
}

}  // namespace casebook::review
