#include "importer/field_mapper.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "importer/value_normalizer.h"

namespace casebook::importer {
namespace {

using json = nlohmann::json;

// The importer's own targets, which build structured values (field_mapper.h),
// with the type of the value they take.
struct PseudoField {
  const char* name;
  FieldType type;
  std::vector<const char*> names;  // The names that mean it.
};

const std::vector<PseudoField>& PseudoFields() {
  static const std::vector<PseudoField> kFields = {
      {"case_id", FieldType::kId, {"关联案件", "所属案件", "对应案件", "案件标识"}},
      {"lead_units", FieldType::kTextList, {"主办单位", "主办部门"}},
      {"co_units", FieldType::kTextList, {"会办单位", "协办单位"}},
      {"joint_units", FieldType::kTextList, {"合办单位"}},
      {"reply",
       FieldType::kText,
       {"答复", "答复内容", "答复意见", "答复正文", "回复", "回复内容", "办理答复", "答复函",
        "reply_text"}},
      {"reply_date",
       FieldType::kDate,
       {"答复日期", "答复时间", "回复日期", "回复时间", "reply_time"}},
      {"reply_unit", FieldType::kText, {"答复单位", "回复单位"}},
      {"reply_result", FieldType::kEnum, {"答复类别"}},
      {"proposer",
       FieldType::kText,
       {"代表", "委员", "代表/委员", "代表委员", "提出人", "提案人", "领衔人", "领衔代表",
        "领衔委员", "建议人", "留言人", "留言用户", "姓名", "author"}},
      {"proposer_affiliation", FieldType::kText, {"代表单位", "委员单位", "工作单位"}},
  };
  return kFields;
}

// The office's words of an enumeration target, beyond the store's own
// (value_normalizer.h); null when the store's words are all there are.
auto OfficeWords(std::string_view target) -> std::optional<std::string> (*)(std::string_view) {
  if (target == "kind") return CanonicalKind;
  if (target == "level") return CanonicalLevel;
  if (target == "role") return CanonicalRole;
  if (target == "result" || target == "reply_result") return CanonicalResult;
  if (target == "status") return CanonicalStatus;
  return nullptr;
}

// Every built-in (name, target) pair, later ones taking precedence: the
// case fields and pseudo-fields by their own names, then the names of the
// fields the importer maps (label and names of CaseModel), then the
// pseudo-fields' names.
std::vector<std::pair<std::string, std::string>> BuiltinNames() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const FieldInfo& f : CaseModel::kFields) {
    if (!f.has(kStoreManaged)) out.emplace_back(f.name, f.name);
  }
  for (const PseudoField& p : PseudoFields()) out.emplace_back(p.name, p.name);
  for (const FieldInfo& f : CaseModel::kFields) {
    if (!f.has(kImported)) continue;
    out.emplace_back(f.label, f.name);
    for (std::string_view rest = f.names; !rest.empty();) {
      size_t bar = rest.find('|');
      out.emplace_back(std::string(rest.substr(0, bar)), f.name);
      rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
    }
  }
  for (const PseudoField& p : PseudoFields()) {
    for (const char* n : p.names) out.emplace_back(n, p.name);
  }
  return out;
}

// Lowercase ASCII, drop spaces, '_', '-' and a trailing colon (ASCII or full width).
std::string NormalizeName(std::string_view name) {
  std::string folded = FoldFullWidth(TrimText(name));
  std::string out;
  for (char c : folded) {
    if (c == ' ' || c == '_' || c == '-' || c == '\t') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  while (!out.empty() && out.back() == ':') out.pop_back();
  return out;
}

json StringList(const json& v) {
  if (v.is_string()) return SplitList(v.get_ref<const std::string&>());
  return v;
}

// Converts one value for its target by the target's type; returns the
// converted value.
json ConvertValue(const FieldTarget& t, json&& v) {
  if (!v.is_string()) {
    if (t.type == FieldType::kCode && v.is_number_integer()) {
      return std::to_string(v.get<int64_t>());
    }
    if (t.type == FieldType::kYear && v.is_number_float()) {
      double d = v.get<double>();
      if (std::floor(d) == d && d >= 1000 && d <= 9999) return static_cast<int>(d);
    }
    return std::move(v);
  }
  const std::string& s = v.get_ref<const std::string&>();
  std::string_view trimmed = TrimText(s);
  switch (t.type) {
    case FieldType::kYear: {
      auto y = ParseYearText(trimmed);
      return y ? json(*y) : json(std::string(trimmed));
    }
    case FieldType::kDate: {
      auto d = NormalizeDateText(trimmed);
      return json(d ? *d : std::string(trimmed));
    }
    case FieldType::kEnum:
      if (t.words != nullptr) {
        if (auto word = t.words(trimmed)) return *word;
      }
      return std::move(v);
    case FieldType::kTextList:
      return StringList(v);
    case FieldType::kId:
    case FieldType::kCode:
      return std::string(trimmed);
    default:
      return std::move(v);
  }
}

// Values gathered from pseudo-fields, applied once all fields are seen.
struct PendingParts {
  json reply = json::object();
  json proposer_names = json::array();
  std::string affiliation;
  json units = json::object();
};

void ApplyPending(PendingParts& p, json* out) {
  if (!p.reply.empty() && (p.reply.contains("text") || p.reply.contains("date"))) {
    json& replies = (*out)["replies"];
    if (!replies.is_array()) replies = json::array();
    bool present = false;
    for (const json& r : replies) {
      if (r.is_object() && r.contains("text") && p.reply.contains("text") &&
          r["text"] == p.reply["text"]) {
        present = true;
      }
    }
    if (!present) {
      p.reply["seq"] = static_cast<int>(replies.size()) + 1;
      p.reply["kind"] = replies.empty() ? "first" : "second";
      replies.push_back(std::move(p.reply));
    }
  }
  if (!p.proposer_names.empty()) {
    json& proposers = (*out)["proposers"];
    if (!proposers.is_array()) proposers = json::array();
    for (const json& name : p.proposer_names) proposers.push_back({{"name", name}});
  }
  if (!p.affiliation.empty() && out->contains("proposers") && (*out)["proposers"].is_array() &&
      !(*out)["proposers"].empty() && (*out)["proposers"][0].is_object()) {
    (*out)["proposers"][0]["affiliation"] = p.affiliation;
  }
  if (!p.units.empty()) {
    json& units = (*out)["units"];
    if (!units.is_object()) units = json::object();
    for (auto& [part, names] : p.units.items()) {
      json& list = units[part];
      if (!list.is_array()) list = json::array();
      for (const json& n : names) list.push_back(n);
    }
  }
}

// Handles a pseudo-field; returns false when `target` is not one.
bool TakePseudoField(const FieldTarget& t, json& value, PendingParts* p) {
  const std::string& target = t.name;
  if (target.rfind("reply", 0) == 0 && target != "reply_due") {
    static const std::map<std::string, std::string, std::less<>> kReplyKey = {
        {"reply", "text"},
        {"reply_date", "date"},
        {"reply_unit", "unit"},
        {"reply_result", "result"}};
    p->reply[kReplyKey.at(target)] = ConvertValue(t, std::move(value));
    return true;
  }
  if (target == "proposer") {
    if (value.is_string()) {
      for (auto& n : SplitList(value.get_ref<const std::string&>())) p->proposer_names.push_back(n);
    } else {
      p->proposer_names.push_back(value);
    }
    return true;
  }
  if (target == "proposer_affiliation" && value.is_string()) {
    p->affiliation = std::string(TrimText(value.get_ref<const std::string&>()));
    return true;
  }
  if (target == "lead_units" || target == "co_units" || target == "joint_units" ||
      (target == "units" && value.is_string())) {
    std::string part = target == "units" ? "lead" : target.substr(0, target.find('_'));
    json list = StringList(value);
    if (!list.is_array()) list = json::array({list});
    for (const json& n : list) p->units[part].push_back(n);
    return true;
  }
  return false;
}

}  // namespace

Result<FieldTarget> FieldMapper::MakeTarget(const std::string& target) {
  FieldTarget t;
  t.name = target;
  t.field = FindCaseField(target);
  if (t.field != nullptr && !t.field->has(kStoreManaged)) {
    t.type = t.field->type;
  } else {
    t.field = nullptr;
    auto p = std::find_if(PseudoFields().begin(), PseudoFields().end(),
                          [&](const PseudoField& f) { return target == f.name; });
    if (p == PseudoFields().end()) {
      return Status::InvalidArgument("'" + target +
                                     "' is not a case field (e.g. title, body, year, number, "
                                     "units, reply, reply_date, proposer)");
    }
    t.type = p->type;
  }
  t.words = OfficeWords(target);
  t.flat_slot = FlatSlotOf(t);
  return t;
}

Result<FieldMapper> FieldMapper::Create(
    const std::vector<std::pair<std::string, std::string>>& overrides) {
  FieldMapper m;
  std::vector<std::pair<std::string, std::string>> names = BuiltinNames();
  for (const auto& [name, target] : names) {
    auto t = MakeTarget(target);
    if (!t.ok()) return t.status();
    m.targets_[NormalizeName(name)] = std::move(*t);
  }
  for (const auto& [name, target] : overrides) {
    auto t = MakeTarget(target);
    if (!t.ok())
      return Status::InvalidArgument("--map " + name + "=" + target + ": " + t.status().message());
    m.targets_[NormalizeName(name)] = std::move(*t);
    names.emplace_back(name, target);
  }
  // Every name also as written ("msg_no", "reply_time"), so that FindTarget
  // finds it without folding; it maps to what its normal form maps to.
  for (const auto& entry : names) {
    FieldTarget target = m.targets_.at(NormalizeName(entry.first));
    m.targets_.emplace(entry.first, std::move(target));
  }
  return m;
}

Result<std::pair<std::string, std::string>> FieldMapper::ParseMapping(std::string_view text) {
  size_t eq = text.rfind('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == text.size()) {
    return Status::InvalidArgument("--map expects NAME=FIELD (e.g. 建议标题=title), got '" +
                                   std::string(text) + "'");
  }
  return std::make_pair(std::string(TrimText(text.substr(0, eq))),
                        std::string(TrimText(text.substr(eq + 1))));
}

const FieldTarget* FieldMapper::FindTarget(std::string_view name) const {
  // The keys are in normal form, which normalising leaves as it is: a name
  // found as written (most JSON keys) needs no folding.
  auto it = targets_.find(std::string(name));
  if (it == targets_.end()) it = targets_.find(NormalizeName(name));
  return it == targets_.end() ? nullptr : &it->second;
}

std::string FieldMapper::TargetOf(std::string_view name) const {
  const FieldTarget* target = FindTarget(name);
  return target == nullptr ? std::string() : target->name;
}

json FieldMapper::ToCaseJson(json fields) const {
  json out = json::object();
  if (!fields.is_object()) return out;
  PendingParts pending;
  for (auto& [name, value] : fields.items()) {
    const FieldTarget* found = FindTarget(name);
    if (found == nullptr) {
      if (!out.contains(name)) out[name] = std::move(value);  // Unknown: kept verbatim.
      continue;
    }
    const std::string& target = found->name;
    if (value.is_null()) continue;
    if (value.is_string() && TrimText(value.get_ref<const std::string&>()).empty()) continue;
    if (target == "source" && !value.is_object()) {
      out["origin"] = std::move(value);  // The corpus names its origin as a string.
      continue;
    }
    if (target == "kind" && value.is_string()) {
      auto kind = CanonicalKind(value.get_ref<const std::string&>());
      if (!kind) out["kind_text"] = value;
      out["kind"] = kind ? *kind : "other";
      continue;
    }
    if (TakePseudoField(*found, value, &pending)) continue;
    if (out.contains(target)) {
      out[name] = value;  // A second column for the same field: kept under its own name.
      continue;
    }
    out[target] = ConvertValue(*found, std::move(value));
  }
  ApplyPending(pending, &out);
  return out;
}

}  // namespace casebook::importer
