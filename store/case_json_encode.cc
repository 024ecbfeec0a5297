// Case -> canonical JSON: empty and unset fields omitted, unknown fields kept.
// Every field is written by the type of its member (case_fields.h).
#include <type_traits>

#include "store/case_fields.h"
#include "store/case_json.h"

namespace casebook {
namespace {

using nlohmann::json;

void SetStr(json& o, const char* key, const std::string& v) {
  if (!v.empty()) o[key] = v;
}

void MergeExtra(json& o, const json& extra) {
  if (!extra.is_object()) return;
  for (auto it = extra.begin(); it != extra.end(); ++it) {
    if (!o.contains(it.key())) o[it.key()] = it.value();
  }
}

void Put(json& o, const FieldInfo& f, const std::string& v) {
  if (f.has(kAlways) || !v.empty()) o[f.name] = v;
}

template <typename E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
void Put(json& o, const FieldInfo& f, E v) {
  const char* name = ToString(v);
  if (*name) o[f.name] = name;
}

void Put(json& o, const FieldInfo& f, int v) {
  if (v) o[f.name] = v;
}

void Put(json& o, const FieldInfo& f, int64_t v) {
  if (v) o[f.name] = v;
}

void Put(json& o, const FieldInfo& f, bool v) {
  if (v) o[f.name] = true;
}

void Put(json& o, const FieldInfo& f, const std::vector<std::string>& v) {
  if (!v.empty()) o[f.name] = v;
}

template <typename T>
void Put(json& o, const FieldInfo& f, const std::vector<T>& items);
void Put(json& o, const FieldInfo& f, const Units& units);
void Put(json& o, const FieldInfo& f, const Disclosure& d);
void Put(json& o, const FieldInfo& f, const Source& s);

// One entry (Reply, Consultation ...): its fields, then its unknown ones.
template <typename T>
json EncodeEntry(const T& entry) {
  json o = json::object();
  Model<T>::Visit(entry, [&](const FieldInfo& f, const auto& member) { Put(o, f, member); });
  MergeExtra(o, entry.extra);
  return o;
}

template <typename T>
void Put(json& o, const FieldInfo& f, const std::vector<T>& items) {
  if (items.empty()) return;
  json a = json::array();
  for (const auto& x : items) a.push_back(EncodeEntry(x));
  o[f.name] = std::move(a);
}

void Put(json& o, const FieldInfo& f, const Units& units) {
  if (units.empty()) return;
  json u = json::object();
  if (!units.lead.empty()) u["lead"] = units.lead;
  if (!units.co.empty()) u["co"] = units.co;
  if (!units.joint.empty()) u["joint"] = units.joint;
  o[f.name] = std::move(u);
}

void Put(json& o, const FieldInfo& f, const Disclosure& d) {
  if (!d.present) return;
  json x = {{"public", d.is_public}};
  SetStr(x, "date", d.date);
  SetStr(x, "url", d.url);
  o[f.name] = std::move(x);
}

void Put(json& o, const FieldInfo& f, const Source& s) {
  if (!s.present) return;
  json x = json::object();
  SetStr(x, "file", s.file);
  if (s.line) x["line"] = s.line;
  SetStr(x, "sha256", s.sha256);
  SetStr(x, "imported_at", s.imported_at);
  o[f.name] = std::move(x);
}

}  // namespace

nlohmann::json CaseToJson(const Case& c) { return EncodeEntry(c); }

}  // namespace casebook
