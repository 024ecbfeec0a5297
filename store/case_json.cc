// Case <-> JSON. Decoding is strict about types and names the field at fault;
// enumerations accept English and Chinese words; unknown fields are kept.
#include "store/case_json.h"

#include <algorithm>
#include <functional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace casebook {
namespace {

using nlohmann::json;

// Walks a json value, recording the first error with the path of the field.
class Decoder {
 public:
  // `take`: the json being decoded is the caller's to consume, so strings
  // are moved out of it instead of copied.
  explicit Decoder(bool take = false) : take_(take) {}
  bool take() const { return take_; }

  const Status& status() const { return status_; }
  bool failed() const { return !status_.ok(); }

  void Fail(const std::string& path, const std::string& what) {
    if (status_.ok()) status_ = Status::InvalidArgument("field '" + path + "': " + what);
  }

  // The member `key` of `o`, or null when absent.
  static const json* Member(const json& o, const char* key) {
    auto it = o.find(key);
    return it == o.end() ? nullptr : &*it;
  }

  // A string field; numbers are accepted and written as text.
  void Str(const json& o, const char* key, const std::string& path, std::string* out) {
    Str(Member(o, key), key, path, out);
  }
  // The same for the member's value `it` (null: absent).
  void Str(const json* it, const char* key, const std::string& path, std::string* out) {
    if (it == nullptr || it->is_null()) return;
    if (it->is_string()) {
      *out = Text(*it);
    } else if (it->is_number_integer()) {
      *out = std::to_string(it->get<long long>());
    } else {
      Fail(Join(path, key), "expected a string, got " + std::string(it->type_name()));
    }
  }

  void Date(const json& o, const char* key, const std::string& path, std::string* out) {
    Date(Member(o, key), key, path, out);
  }
  void Date(const json* it, const char* key, const std::string& path, std::string* out) {
    Str(it, key, path, out);
    if (!out->empty() && !IsIsoDate(*out)) {
      Fail(Join(path, key), "expected an ISO 8601 date (YYYY-MM-DD), got '" + *out + "'");
    }
  }

  void StrList(const json& o, const char* key, const std::string& path,
               std::vector<std::string>* out) {
    StrList(Member(o, key), key, path, out);
  }
  void StrList(const json* it, const char* key, const std::string& path,
               std::vector<std::string>* out) {
    if (it == nullptr || it->is_null()) return;
    if (it->is_string()) {  // A single value is taken as a one-element list.
      out->push_back(Text(*it));
      return;
    }
    if (!it->is_array()) return Fail(Join(path, key), "expected an array of strings");
    for (size_t i = 0; i < it->size(); ++i) {
      const json& v = (*it)[i];
      if (!v.is_string()) {
        return Fail(Join(path, key) + "[" + std::to_string(i) + "]", "expected a string");
      }
      out->push_back(Text(v));
    }
  }

  // The text of a json string: moved out when the json is ours to consume.
  std::string Text(const json& v) {
    if (!take_) return v.get<std::string>();
    return std::move(const_cast<json&>(v).get_ref<std::string&>());
  }

  // Copies (or, when taking, moves) the members of `o` not named in `known`
  // into `extra`.
  void KeepUnknown(const json& o, std::initializer_list<std::string_view> known, json* extra) {
    for (auto it = o.begin(); it != o.end(); ++it) {
      const std::string& key = it.key();
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      if (take_) {
        (*extra)[key] = std::move(const_cast<json&>(it.value()));
      } else {
        (*extra)[key] = it.value();
      }
    }
  }

  template <typename E>
  void Enum(const json& o, const char* key, const std::string& path,
            std::optional<E> (*parse)(const std::string&), E* out) {
    Enum(Member(o, key), key, path, parse, out);
  }
  template <typename E>
  void Enum(const json* it, const char* key, const std::string& path,
            std::optional<E> (*parse)(const std::string&), E* out) {
    std::string word;
    Str(it, key, path, &word);
    if (word.empty()) return;
    auto v = parse(word);
    if (!v) return Fail(Join(path, key), "unknown value '" + word + "'");
    *out = *v;
  }

  // An array of objects decoded one by one with `each`.
  template <typename T>
  void Objects(const json* it, const char* key, std::vector<T>* out,
               const std::function<void(const json&, const std::string&, T*)>& each) {
    if (it == nullptr || it->is_null()) return;
    if (!it->is_array()) return Fail(key, "expected an array of objects");
    for (size_t i = 0; i < it->size() && !failed(); ++i) {
      std::string path = std::string(key) + "[" + std::to_string(i) + "]";
      if (!(*it)[i].is_object()) return Fail(path, "expected an object");
      T item;
      each((*it)[i], path, &item);
      out->push_back(std::move(item));
    }
  }

  static std::string Join(const std::string& path, const char* key) {
    return path.empty() ? key : path + "." + key;
  }

 private:
  Status status_;
  bool take_;
};

void DecodeReply(Decoder& d, const json& o, const std::string& p, Reply* r) {
  if (auto it = o.find("seq"); it != o.end() && !it->is_null()) {
    if (!it->is_number_integer()) return d.Fail(p + ".seq", "expected an integer");
    r->seq = it->get<int>();
  }
  d.Enum(o, "kind", p, ParseReplyKind, &r->kind);
  d.Date(o, "date", p, &r->date);
  d.Str(o, "unit", p, &r->unit);
  d.Str(o, "text", p, &r->text);
  d.Enum(o, "result", p, ParseCaseResult, &r->result);
  d.KeepUnknown(o, {"seq", "kind", "date", "unit", "text", "result"}, &r->extra);
}

void DecodeConsultation(Decoder& d, const json& o, const std::string& p, Consultation* c) {
  d.Date(o, "date", p, &c->date);
  d.Enum(o, "form", p, ParseConsultationForm, &c->form);
  d.StrList(o, "participants", p, &c->participants);
  d.Str(o, "notes", p, &c->notes);
  d.KeepUnknown(o, {"date", "form", "participants", "notes"}, &c->extra);
}

void DecodeFeedback(Decoder& d, const json& o, const std::string& p, Feedback* f) {
  d.Date(o, "date", p, &f->date);
  d.Str(o, "from", p, &f->from);
  d.Enum(o, "satisfaction", p, ParseSatisfaction, &f->satisfaction);
  d.Str(o, "text", p, &f->text);
  d.KeepUnknown(o, {"date", "from", "satisfaction", "text"}, &f->extra);
}

void DecodeReview(Decoder& d, const json& o, const std::string& p, Review* r) {
  d.Date(o, "date", p, &r->date);
  d.Enum(o, "kind", p, ParseReviewKind, &r->kind);
  d.Str(o, "finding", p, &r->finding);
  d.Enum(o, "outcome", p, ParseReviewOutcome, &r->outcome);
  d.Str(o, "reviewer", p, &r->reviewer);
  d.KeepUnknown(o, {"date", "kind", "finding", "outcome", "reviewer"}, &r->extra);
}

void DecodeApproval(Decoder& d, const json& o, const std::string& p, Approval* a) {
  d.Enum(o, "kind", p, ParseApprovalKind, &a->kind);
  d.Str(o, "approver", p, &a->approver);
  d.Date(o, "date", p, &a->date);
  d.Str(o, "note", p, &a->note);
  d.KeepUnknown(o, {"kind", "approver", "date", "note"}, &a->extra);
}

void DecodeKeyCase(Decoder& d, const json* it, Case* c) {
  if (it == nullptr || it->is_null()) return;
  if (it->is_boolean()) {
    c->key_case = it->get<bool>();
  } else if (it->is_number_integer() && (*it == 0 || *it == 1)) {
    c->key_case = *it == 1;
  } else if (it->is_string()) {
    const std::string& s = it->get_ref<const std::string&>();
    static const char* const kYes[] = {"true", "1", "是", "重点件", "yes"};
    static const char* const kNo[] = {"false", "0", "否", "", "no"};
    if (std::find(std::begin(kYes), std::end(kYes), s) != std::end(kYes)) {
      c->key_case = true;
    } else if (std::find(std::begin(kNo), std::end(kNo), s) == std::end(kNo)) {
      d.Fail("key_case", "expected true or false (是/否), got '" + s + "'");
    }
  } else {
    d.Fail("key_case", "expected true or false (是/否)");
  }
}

void DecodeProposers(Decoder& d, const json* it, Case* c) {
  if (it == nullptr || it->is_null()) return;
  if (!it->is_array()) return d.Fail("proposers", "expected an array");
  for (size_t i = 0; i < it->size(); ++i) {
    const json& v = (*it)[i];
    std::string p = "proposers[" + std::to_string(i) + "]";
    Proposer pr;
    if (v.is_string()) {
      pr.name = d.Text(v);
    } else if (v.is_object()) {
      d.Str(v, "name", p, &pr.name);
      d.Str(v, "affiliation", p, &pr.affiliation);
      d.KeepUnknown(v, {"name", "affiliation"}, &pr.extra);
    } else {
      return d.Fail(p, "expected an object {name, affiliation} or a string");
    }
    c->proposers.push_back(std::move(pr));
  }
}

void DecodeUnits(Decoder& d, const json* it, Case* c) {
  if (it == nullptr || it->is_null()) return;
  if (it->is_array() || it->is_string()) {  // A bare list: all lead units.
    d.StrList(it, "units", "", &c->units.lead);
    return;
  }
  if (!it->is_object()) return d.Fail("units", "expected an object {lead, co, joint}");
  d.StrList(*it, "lead", "units", &c->units.lead);
  d.StrList(*it, "co", "units", &c->units.co);
  d.StrList(*it, "joint", "units", &c->units.joint);
  for (auto u = it->begin(); u != it->end(); ++u) {
    if (u.key() != "lead" && u.key() != "co" && u.key() != "joint") {
      return d.Fail("units." + u.key(), "unknown unit role (use lead, co or joint)");
    }
  }
}

void DecodeYear(Decoder& d, const json* it, Case* c) {
  if (it == nullptr || it->is_null()) return;
  long long y = 0;
  if (it->is_number_integer()) {
    y = it->get<long long>();
  } else if (it->is_string()) {
    const std::string s = it->get<std::string>();
    if (s.empty() || s.size() > 4 || s.find_first_not_of("0123456789") != std::string::npos) {
      return d.Fail("year", "expected a year such as 2021, got '" + s + "'");
    }
    y = std::stoll(s);
  } else {
    return d.Fail("year", "expected an integer, got " + std::string(it->type_name()));
  }
  if (y < 1900 || y > 2200) return d.Fail("year", "out of range 1900..2200: " + std::to_string(y));
  c->year = static_cast<int>(y);
}

void DecodeDisclosure(Decoder& d, const json* it, Case* c) {
  if (it == nullptr || it->is_null()) return;
  if (!it->is_object()) return d.Fail("disclosure", "expected an object {public, date, url}");
  c->disclosure.present = true;
  if (auto p = it->find("public"); p != it->end() && !p->is_null()) {
    if (!p->is_boolean()) return d.Fail("disclosure.public", "expected true or false");
    c->disclosure.is_public = p->get<bool>();
  }
  d.Date(*it, "date", "disclosure", &c->disclosure.date);
  d.Str(*it, "url", "disclosure", &c->disclosure.url);
}

void DecodeSource(Decoder& d, const json* it, Case* c) {
  if (it == nullptr || it->is_null()) return;
  if (!it->is_object()) {  // Corpus files carry a provenance string; keep it.
    c->extra["source"] = d.take() ? std::move(const_cast<json&>(*it)) : *it;
    return;
  }
  c->source.present = true;
  d.Str(*it, "file", "source", &c->source.file);
  if (auto l = it->find("line"); l != it->end() && l->is_number_integer()) {
    c->source.line = l->get<int64_t>();
  }
  d.Str(*it, "sha256", "source", &c->source.sha256);
  d.Str(*it, "imported_at", "source", &c->source.imported_at);
}

// The top-level members DecodeCase reads, in the order it reads them.
enum CaseMember {
  kId,
  kKind,
  kLevel,
  kYear,
  kSession,
  kNumber,
  kTitle,
  kBody,
  kProposers,
  kRole,
  kUnits,
  kReceived,
  kAssigned,
  kReplyDue,
  kResult,
  kCommitmentDue,
  kStatus,
  kReplies,
  kConsultations,
  kFeedback,
  kReviews,
  kApprovals,
  kKeyCase,
  kSupervisingLeader,
  kDisclosure,
  kTags,
  kSource,
  kVersion,
  kUpdatedAt,
  kCaseMemberCount
};
constexpr const char* kCaseMemberNames[kCaseMemberCount] = {
    "id",         "kind",           "level",  "year",    "session",       "number",   "title",
    "body",       "proposers",      "role",   "units",   "received",      "assigned", "reply_due",
    "result",     "commitment_due", "status", "replies", "consultations", "feedback", "reviews",
    "approvals",  "key_case",       "supervising_leader",
    "disclosure", "tags",           "source", "version", "updated_at"};

// The members of a case object, found in one pass over it (instead of one
// lookup per known name): known ones by CaseMember, the others in order.
struct CaseMembers {
  explicit CaseMembers(const json& j) {
    static const std::unordered_map<std::string_view, int> kIndex = [] {
      std::unordered_map<std::string_view, int> m;
      for (int i = 0; i < kCaseMemberCount; ++i) m.emplace(kCaseMemberNames[i], i);
      return m;
    }();
    for (auto it = j.begin(); it != j.end(); ++it) {
      auto known = kIndex.find(it.key());
      if (known == kIndex.end()) {
        unknown.emplace_back(&it.key(), &it.value());
      } else {
        at[known->second] = &it.value();
      }
    }
  }
  const json* at[kCaseMemberCount] = {};
  std::vector<std::pair<const std::string*, const json*>> unknown;
};

// Decodes the object-valued parts of a case (proposers ... source).
void DecodeCaseParts(Decoder& d, const CaseMembers& m, Case& c) {
  DecodeProposers(d, m.at[kProposers], &c);
  d.Enum(m.at[kRole], "role", "", ParseRole, &c.role);
  DecodeUnits(d, m.at[kUnits], &c);
  d.Date(m.at[kReceived], "received", "", &c.received);
  d.Date(m.at[kAssigned], "assigned", "", &c.assigned);
  d.Date(m.at[kReplyDue], "reply_due", "", &c.reply_due);
  d.Enum(m.at[kResult], "result", "", ParseCaseResult, &c.result);
  d.Date(m.at[kCommitmentDue], "commitment_due", "", &c.commitment_due);
  d.Enum(m.at[kStatus], "status", "", ParseCaseStatus, &c.status);
  d.Objects<Reply>(m.at[kReplies], "replies", &c.replies,
                   [&](const json& o, const std::string& p, Reply* r) { DecodeReply(d, o, p, r); });
  d.Objects<Consultation>(m.at[kConsultations], "consultations", &c.consultations,
                          [&](const json& o, const std::string& p, Consultation* x) {
                            DecodeConsultation(d, o, p, x);
                          });
  d.Objects<Feedback>(
      m.at[kFeedback], "feedback", &c.feedback,
      [&](const json& o, const std::string& p, Feedback* f) { DecodeFeedback(d, o, p, f); });
  d.Objects<Review>(
      m.at[kReviews], "reviews", &c.reviews,
      [&](const json& o, const std::string& p, Review* r) { DecodeReview(d, o, p, r); });
  d.Objects<Approval>(
      m.at[kApprovals], "approvals", &c.approvals,
      [&](const json& o, const std::string& p, Approval* a) { DecodeApproval(d, o, p, a); });
  DecodeKeyCase(d, m.at[kKeyCase], &c);
  d.Str(m.at[kSupervisingLeader], "supervising_leader", "", &c.supervising_leader);
  DecodeDisclosure(d, m.at[kDisclosure], &c);
  d.StrList(m.at[kTags], "tags", "", &c.tags);
  DecodeSource(d, m.at[kSource], &c);
}

// Decodes `j` into a case; `d.take()` says whether strings may be moved out.
Result<Case> DecodeCase(const json& j, Decoder& d) {
  if (!j.is_object()) return Status::InvalidArgument("a case must be a JSON object");
  const CaseMembers m(j);
  Case c;
  d.Str(m.at[kId], "id", "", &c.id);
  d.Enum(m.at[kKind], "kind", "", ParseCaseKind, &c.kind);
  d.Enum(m.at[kLevel], "level", "", ParseLevel, &c.level);
  DecodeYear(d, m.at[kYear], &c);
  d.Str(m.at[kSession], "session", "", &c.session);
  d.Str(m.at[kNumber], "number", "", &c.number);
  d.Str(m.at[kTitle], "title", "", &c.title);
  d.Str(m.at[kBody], "body", "", &c.body);
  DecodeCaseParts(d, m, c);
  if (const json* v = m.at[kVersion]; v != nullptr && v->is_number_integer()) {
    c.version = v->get<int64_t>();
  }
  d.Str(m.at[kUpdatedAt], "updated_at", "", &c.updated_at);
  if (d.failed()) return d.status();
  for (const auto& [key, value] : m.unknown) {
    c.extra[*key] = d.take() ? std::move(const_cast<json&>(*value)) : *value;
  }
  CASEBOOK_RETURN_IF_ERROR(ValidateCase(c));
  return c;
}

}  // namespace

Result<Case> CaseFromJson(const json& j) {
  Decoder d;
  return DecodeCase(j, d);
}

Result<Case> CaseFromJson(json&& j) {
  Decoder d(/*take=*/true);
  return DecodeCase(j, d);
}

Result<Case> CaseFromJsonText(std::string_view text, const JsonLimits& limits) {
  auto j = ParseJsonText(text, limits);
  if (!j.ok()) return j.status();
  return CaseFromJson(std::move(*j));
}

}  // namespace casebook
