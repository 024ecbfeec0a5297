// Case -> canonical JSON: empty and unset fields omitted, unknown fields kept.
#include "store/case_json.h"

namespace casebook {
namespace {

using nlohmann::json;

void SetStr(json& o, const char* key, const std::string& v) {
  if (!v.empty()) o[key] = v;
}

template <typename E>
void SetEnum(json& o, const char* key, E v) {
  const char* name = ToString(v);
  if (*name) o[key] = name;
}

void MergeExtra(json& o, const json& extra) {
  if (!extra.is_object()) return;
  for (auto it = extra.begin(); it != extra.end(); ++it) {
    if (!o.contains(it.key())) o[it.key()] = it.value();
  }
}

json EncodeReply(const Reply& r) {
  json o = json::object();
  if (r.seq) o["seq"] = r.seq;
  SetEnum(o, "kind", r.kind);
  SetStr(o, "date", r.date);
  SetStr(o, "unit", r.unit);
  SetStr(o, "text", r.text);
  SetEnum(o, "result", r.result);
  MergeExtra(o, r.extra);
  return o;
}

json EncodeConsultation(const Consultation& c) {
  json o = json::object();
  SetStr(o, "date", c.date);
  SetEnum(o, "form", c.form);
  if (!c.participants.empty()) o["participants"] = c.participants;
  SetStr(o, "notes", c.notes);
  MergeExtra(o, c.extra);
  return o;
}

json EncodeFeedback(const Feedback& f) {
  json o = json::object();
  SetStr(o, "date", f.date);
  SetStr(o, "from", f.from);
  SetEnum(o, "satisfaction", f.satisfaction);
  SetStr(o, "text", f.text);
  MergeExtra(o, f.extra);
  return o;
}

json EncodeReview(const Review& r) {
  json o = json::object();
  SetStr(o, "date", r.date);
  SetEnum(o, "kind", r.kind);
  SetStr(o, "finding", r.finding);
  SetEnum(o, "outcome", r.outcome);
  SetStr(o, "reviewer", r.reviewer);
  MergeExtra(o, r.extra);
  return o;
}

json EncodeApproval(const Approval& a) {
  json o = json::object();
  SetEnum(o, "kind", a.kind);
  SetStr(o, "approver", a.approver);
  SetStr(o, "date", a.date);
  SetStr(o, "note", a.note);
  MergeExtra(o, a.extra);
  return o;
}

template <typename T, typename F>
void SetList(json& o, const char* key, const std::vector<T>& items, F encode) {
  if (items.empty()) return;
  json a = json::array();
  for (const auto& x : items) a.push_back(encode(x));
  o[key] = std::move(a);
}

}  // namespace

nlohmann::json CaseToJson(const Case& c) {
  json o = json::object();
  o["id"] = c.id;
  SetEnum(o, "kind", c.kind);
  SetEnum(o, "level", c.level);
  if (c.year) o["year"] = c.year;
  SetStr(o, "session", c.session);
  SetStr(o, "number", c.number);
  SetStr(o, "title", c.title);
  SetStr(o, "body", c.body);
  SetList(o, "proposers", c.proposers, [](const Proposer& p) {
    json x = {{"name", p.name}};
    SetStr(x, "affiliation", p.affiliation);
    MergeExtra(x, p.extra);
    return x;
  });
  SetEnum(o, "role", c.role);
  if (!c.units.empty()) {
    json u = json::object();
    if (!c.units.lead.empty()) u["lead"] = c.units.lead;
    if (!c.units.co.empty()) u["co"] = c.units.co;
    if (!c.units.joint.empty()) u["joint"] = c.units.joint;
    o["units"] = std::move(u);
  }
  SetStr(o, "received", c.received);
  SetStr(o, "assigned", c.assigned);
  SetStr(o, "reply_due", c.reply_due);
  SetEnum(o, "result", c.result);
  SetStr(o, "commitment_due", c.commitment_due);
  SetEnum(o, "status", c.status);
  SetList(o, "replies", c.replies, EncodeReply);
  SetList(o, "consultations", c.consultations, EncodeConsultation);
  SetList(o, "feedback", c.feedback, EncodeFeedback);
  SetList(o, "reviews", c.reviews, EncodeReview);
  SetList(o, "approvals", c.approvals, EncodeApproval);
  if (c.key_case) o["key_case"] = true;
  SetStr(o, "supervising_leader", c.supervising_leader);
  if (c.disclosure.present) {
    json d = {{"public", c.disclosure.is_public}};
    SetStr(d, "date", c.disclosure.date);
    SetStr(d, "url", c.disclosure.url);
    o["disclosure"] = std::move(d);
  }
  if (!c.tags.empty()) o["tags"] = c.tags;
  if (c.source.present) {
    json s = json::object();
    SetStr(s, "file", c.source.file);
    if (c.source.line) s["line"] = c.source.line;
    SetStr(s, "sha256", c.source.sha256);
    SetStr(s, "imported_at", c.source.imported_at);
    o["source"] = std::move(s);
  }
  if (c.version) o["version"] = c.version;
  SetStr(o, "updated_at", c.updated_at);
  MergeExtra(o, c.extra);
  return o;
}

}  // namespace casebook
