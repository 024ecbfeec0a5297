#include "importer/field_mapper.h"

#include <cctype>
#include <cmath>
#include <set>

#include "importer/value_normalizer.h"

namespace casebook::importer {
namespace {

using json = nlohmann::json;

const std::set<std::string, std::less<>>& CaseFields() {
  static const std::set<std::string, std::less<>> kFields = {
      "id",         "kind",           "level",  "year",    "session",       "number",   "title",
      "body",       "proposers",      "role",   "units",   "received",      "assigned", "reply_due",
      "result",     "commitment_due", "status", "replies", "consultations", "feedback", "reviews",
      "approvals",  "key_case",       "supervising_leader",          "disclosure", "tags",
      "source"};
  return kFields;
}

const std::set<std::string, std::less<>>& PseudoFields() {
  static const std::set<std::string, std::less<>> kFields = {
      "reply",      "reply_date", "reply_unit",  "reply_result", "proposer", "proposer_affiliation",
      "lead_units", "co_units",   "joint_units", "case_id"};
  return kFields;
}

// Built-in names: target -> the names that mean it.
const std::vector<std::pair<const char*, std::vector<const char*>>>& BuiltinNames() {
  static const std::vector<std::pair<const char*, std::vector<const char*>>> kNames = {
      {"id", {"唯一编号", "案件编号", "案件id"}},
      {"case_id", {"case_id", "关联案件", "所属案件", "对应案件", "案件标识"}},
      {"title", {"标题", "题目", "案由", "主题", "建议标题", "提案标题", "留言标题", "名称"}},
      {"body",
       {"内容", "正文", "全文", "建议内容", "提案内容", "留言内容", "留言详情", "text", "content"}},
      {"year", {"年度", "年份", "年"}},
      {"number",
       {"编号", "案号", "建议号", "提案号", "建议编号", "提案编号", "留言编号", "msg_no", "no"}},
      {"kind", {"类别", "类型", "案件类别", "案件类型", "种类", "type"}},
      {"session", {"届次", "会议", "届别", "会次"}},
      {"level", {"级别", "层级"}},
      {"lead_units", {"主办单位", "主办部门", "lead_units"}},
      {"co_units", {"会办单位", "协办单位", "co_units"}},
      {"joint_units", {"合办单位", "joint_units"}},
      {"units", {"承办单位", "办理单位", "承办部门", "责任单位"}},
      {"role", {"主办/会办", "主办会办", "办理类型", "承办类型", "承办方式"}},
      {"result", {"办理结果", "结果", "答复结果", "解决情况"}},
      {"reply",
       {"答复", "答复内容", "答复意见", "答复正文", "回复", "回复内容", "办理答复", "答复函",
        "reply_text"}},
      {"reply_date", {"答复日期", "答复时间", "回复日期", "回复时间", "reply_time"}},
      {"reply_unit", {"答复单位", "回复单位"}},
      {"reply_result", {"答复类别"}},
      {"proposer",
       {"代表", "委员", "代表/委员", "代表委员", "提出人", "提案人", "领衔人", "领衔代表",
        "领衔委员", "建议人", "留言人", "留言用户", "姓名", "author"}},
      {"proposer_affiliation", {"代表单位", "委员单位", "工作单位"}},
      {"received",
       {"收到日期", "收文日期", "登记日期", "留言时间", "留言日期", "提交时间", "提交日期",
        "提出日期", "提出时间", "created", "created_at"}},
      {"assigned", {"交办日期", "交办时间"}},
      {"reply_due", {"答复期限", "办理期限", "答复截止日期"}},
      {"commitment_due", {"承诺期限", "承诺解决时间", "承诺完成时间", "承诺日期"}},
      {"status", {"状态", "办理状态", "答复状态"}},
      {"tags", {"标签", "关键词", "主题词", "分类标签"}},
      {"supervising_leader", {"督办领导", "领导督办", "督办"}},
      {"key_case", {"重点件", "是否重点件", "重点督办件"}},
  };
  return kNames;
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

bool IsDateTarget(std::string_view t) {
  return t == "received" || t == "assigned" || t == "reply_due" || t == "commitment_due" ||
         t == "reply_date";
}

json StringList(const json& v) {
  if (v.is_string()) return SplitList(v.get_ref<const std::string&>());
  return v;
}

// Converts one value for its target; returns the converted value.
json ConvertValue(std::string_view target, json&& v) {
  if (!v.is_string()) {
    if (target == "number" && v.is_number_integer()) return std::to_string(v.get<int64_t>());
    if (target == "year" && v.is_number_float()) {
      double d = v.get<double>();
      if (std::floor(d) == d && d >= 1000 && d <= 9999) return static_cast<int>(d);
    }
    return std::move(v);
  }
  const std::string& s = v.get_ref<const std::string&>();
  std::string_view trimmed = TrimText(s);
  if (target == "year") {
    auto y = ParseYearText(trimmed);
    return y ? json(*y) : json(std::string(trimmed));
  }
  if (IsDateTarget(target)) {
    auto d = NormalizeDateText(trimmed);
    return json(d ? *d : std::string(trimmed));
  }
  std::optional<std::string> word;
  if (target == "level") word = CanonicalLevel(trimmed);
  if (target == "role") word = CanonicalRole(trimmed);
  if (target == "result" || target == "reply_result") word = CanonicalResult(trimmed);
  if (target == "status") word = CanonicalStatus(trimmed);
  if (word) return *word;
  if (target == "tags") return StringList(v);
  if (target == "id" || target == "case_id" || target == "number") {
    return std::string(trimmed);
  }
  return std::move(v);
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
bool TakePseudoField(const std::string& target, json& value, PendingParts* p) {
  if (target.rfind("reply", 0) == 0 && target != "reply_due") {
    static const std::map<std::string, std::string, std::less<>> kReplyKey = {
        {"reply", "text"},
        {"reply_date", "date"},
        {"reply_unit", "unit"},
        {"reply_result", "result"}};
    p->reply[kReplyKey.at(target)] = ConvertValue(target, std::move(value));
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

Result<FieldMapper> FieldMapper::Create(
    const std::vector<std::pair<std::string, std::string>>& overrides) {
  FieldMapper m;
  for (const auto& f : CaseFields()) m.targets_[NormalizeName(f)] = f;
  for (const auto& f : PseudoFields()) m.targets_[NormalizeName(f)] = f;
  for (const auto& [target, names] : BuiltinNames()) {
    for (const char* n : names) m.targets_[NormalizeName(n)] = target;
  }
  for (const auto& [name, target] : overrides) {
    if (!CaseFields().count(target) && !PseudoFields().count(target)) {
      return Status::InvalidArgument("--map " + name + "=" + target + ": '" + target +
                                     "' is not a case field (e.g. title, body, year, number, "
                                     "units, reply, reply_date, proposer)");
    }
    m.targets_[NormalizeName(name)] = target;
  }
  // Every name also as written ("msg_no", "reply_time"), so that FindTarget
  // finds it without folding; it maps to what its normal form maps to.
  std::vector<std::string> written(CaseFields().begin(), CaseFields().end());
  written.insert(written.end(), PseudoFields().begin(), PseudoFields().end());
  for (const auto& entry : BuiltinNames())
    written.insert(written.end(), entry.second.begin(), entry.second.end());
  for (const auto& entry : overrides) written.push_back(entry.first);
  for (const std::string& name : written) {
    std::string target = m.targets_.at(NormalizeName(name));
    m.targets_.emplace(name, std::move(target));
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

const std::string* FieldMapper::FindTarget(std::string_view name) const {
  // The keys are in normal form, which normalising leaves as it is: a name
  // found as written (most JSON keys) needs no folding.
  auto it = targets_.find(std::string(name));
  if (it == targets_.end()) it = targets_.find(NormalizeName(name));
  return it == targets_.end() ? nullptr : &it->second;
}

std::string FieldMapper::TargetOf(std::string_view name) const {
  const std::string* target = FindTarget(name);
  return target == nullptr ? std::string() : *target;
}

json FieldMapper::ToCaseJson(json fields) const {
  json out = json::object();
  if (!fields.is_object()) return out;
  PendingParts pending;
  for (auto& [name, value] : fields.items()) {
    const std::string* found = FindTarget(name);
    if (found == nullptr) {
      if (!out.contains(name)) out[name] = std::move(value);  // Unknown: kept verbatim.
      continue;
    }
    const std::string& target = *found;
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
    if (TakePseudoField(target, value, &pending)) continue;
    if (out.contains(target)) {
      out[name] = value;  // A second column for the same field: kept under its own name.
      continue;
    }
    out[target] = ConvertValue(target, std::move(value));
  }
  ApplyPending(pending, &out);
  return out;
}

}  // namespace casebook::importer
