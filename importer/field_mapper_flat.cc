// FieldMapper::MapFlatRecord: the fast path of JSON Lines import. A flat
// record (the shapes of ../shared/corpus: strings and numbers at the top
// level) is mapped straight into a Case, with no intermediate json. Anything
// else, and any value that would be an error, is left to ToCaseJson +
// CaseFromJson, which name the field at fault; the result of the fast path
// is the case those would build (checked by FlatRecordTest and fuzz_jsonl).
#include <string_view>
#include <type_traits>

#include "importer/field_mapper.h"
#include "importer/value_normalizer.h"
#include "store/case_json.h"

namespace casebook::importer {
namespace {

using json = nlohmann::json;

// What the fast path does with a member: a slot below CaseModel::kCount
// takes a string (or, for kCode and kYear, an integer) into that case field;
// the others are these.
enum Slot : int {
  kExtra = CaseModel::kCount,  // Unknown name: kept in Case::extra as it is.
  kSkip,                       // Known name with a null or blank value: dropped.
  kReply,
  kReplyDate,
  kReplyUnit,
  kProposer,
  kUnits,
  kOrigin,
  kNotFlat,  // A value the fast path does not take.
  kSlotCount = kNotFlat
};

// The types of case field a flat string value maps into.
bool IsFlatType(FieldType type) {
  switch (type) {
    case FieldType::kId:
    case FieldType::kText:
    case FieldType::kCode:
    case FieldType::kDate:
    case FieldType::kYear:
    case FieldType::kEnum:
    case FieldType::kFlag:
    case FieldType::kTextList:
      return true;
    default:
      return false;
  }
}

// The slot of a known target holding `v`; kNotFlat when the fast path does
// not handle that target or that type of value.
int SlotOf(const FieldTarget& t, const json& v) {
  if (v.is_null()) return kSkip;
  if (v.is_number_integer() && (t.type == FieldType::kCode || t.type == FieldType::kYear) &&
      t.field != nullptr) {
    return t.flat_slot;
  }
  if (!v.is_string()) return kNotFlat;
  if (TrimText(v.get_ref<const std::string&>()).empty()) return kSkip;
  return t.flat_slot;
}

// Names the general path may write into its case JSON besides the targets;
// an input member of that name makes the record not flat.
bool CollidesWithOutput(std::string_view name) {
  if (name == "origin" || name == "kind_text") return true;
  const FieldInfo* f = FindCaseField(name);  // The store-managed ones.
  return f != nullptr && f->has(kStoreManaged);
}

// A date as the general path converts and checks it; false when invalid.
bool TakeDate(const std::string& v, std::string* out) {
  std::string_view trimmed = TrimText(v);
  auto normal = NormalizeDateText(trimmed);
  *out = normal ? *normal : std::string(trimmed);
  return IsIsoDate(*out);
}

bool TakeYear(const json& v, int* out) {
  long long y = 0;
  if (v.is_number_integer()) {
    y = v.get<long long>();
  } else {
    auto parsed = ParseYearText(TrimText(v.get_ref<const std::string&>()));
    if (!parsed) return false;
    y = *parsed;
  }
  if (y < 1900 || y > 2200) return false;
  *out = static_cast<int>(y);
  return true;
}

bool TakeKind(json& v, Case* c) {
  auto kind = CanonicalKind(v.get_ref<const std::string&>());
  auto parsed = ParseCaseKind(kind ? *kind : "other");
  if (!parsed) return false;
  if (!kind) c->extra["kind_text"] = std::move(v);
  c->kind = *parsed;
  return true;
}

// Takes a string value (or an integer, for kCode and kYear) into a case
// field, as ToCaseJson's conversion and CaseFromJson would. False when the
// general path would report an error.
bool TakeValue(const FieldTarget& t, const FieldInfo& f, json& v, std::string* out) {
  if (f.type == FieldType::kCode && v.is_number_integer()) {
    *out = std::to_string(v.get<int64_t>());
    return true;
  }
  std::string& s = v.get_ref<std::string&>();
  switch (f.type) {
    case FieldType::kId:
    case FieldType::kCode:
      *out = std::string(TrimText(s));
      return true;
    case FieldType::kDate:
      return TakeDate(s, out);
    default:
      *out = std::move(s);
      return true;
  }
}

bool TakeValue(const FieldTarget&, const FieldInfo&, json& v, int* out) { return TakeYear(v, out); }

bool TakeValue(const FieldTarget&, const FieldInfo&, json& v, bool* out) {
  auto flag = ParseFlag(v.get_ref<const std::string&>());
  if (flag) *out = *flag;
  return flag.has_value();
}

bool TakeValue(const FieldTarget&, const FieldInfo&, json& v, std::vector<std::string>* out) {
  *out = SplitList(v.get_ref<const std::string&>());
  return true;
}

template <typename E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
bool TakeValue(const FieldTarget& t, const FieldInfo&, json& v, E* out) {
  const std::string& s = v.get_ref<const std::string&>();
  std::optional<std::string> word;
  if (t.words != nullptr) word = t.words(TrimText(s));
  auto parsed = ParseWord(word ? *word : s, E{});
  if (!parsed) return false;
  *out = *parsed;
  return true;
}

// Structured fields never get a flat slot (IsFlatType).
template <typename T, std::enable_if_t<!std::is_enum_v<T>, int> = 0>
bool TakeValue(const FieldTarget&, const FieldInfo&, json&, T*) {
  return false;
}

// Takes one member's value into the case (the reply's parts into `reply`).
// False when the general path would report an error.
bool TakeMember(int slot, const FieldTarget* t, std::string&& name, json& v, Case* c,
                Reply* reply) {
  auto text = [&v]() -> std::string&& { return std::move(v.get_ref<std::string&>()); };
  if (slot == CaseModel::kind) return TakeKind(v, c);
  if (slot < CaseModel::kCount) {
    return CaseModel::VisitAt(
        *c, slot, [&](const FieldInfo& f, auto& member) { return TakeValue(*t, f, v, &member); });
  }
  switch (slot) {
    case kExtra:
      if (c->extra.contains(name)) return false;  // A repeated name.
      c->extra[std::move(name)] = std::move(v);
      return true;
    case kReply:
      reply->text = text();
      return true;
    case kReplyDate:
      return TakeDate(text(), &reply->date);
    case kReplyUnit:
      reply->unit = text();
      return true;
    case kProposer:
      for (std::string& n : SplitList(v.get_ref<const std::string&>())) {
        c->proposers.push_back(Proposer{std::move(n), {}, json::object()});
      }
      return true;
    case kUnits:
      c->units.lead = SplitList(v.get_ref<const std::string&>());
      return true;
    case kOrigin:
      c->extra["origin"] = std::move(v);
      return true;
    default:
      return true;
  }
}

}  // namespace

int FlatSlotOf(const FieldTarget& t) {
  if (t.name == "units") return kUnits;    // A string: the lead units.
  if (t.name == "source") return kOrigin;  // A string: where the record came from.
  if (t.field != nullptr) return IsFlatType(t.type) ? CaseFieldIndex(*t.field) : kNotFlat;
  if (t.name == "reply") return kReply;
  if (t.name == "reply_date") return kReplyDate;
  if (t.name == "reply_unit") return kReplyUnit;
  if (t.name == "proposer") return kProposer;
  return kNotFlat;
}

FieldMapper::FlatResult FieldMapper::MapFlatRecord(JsonMembers& members, Case* c) const {
  // First pass, consuming nothing: is the record flat?
  std::vector<int> slots(members.size(), kExtra);
  std::vector<const FieldTarget*> targets(members.size());
  bool seen[kSlotCount] = {};
  for (size_t i = 0; i < members.size(); ++i) {
    const FieldTarget* target = FindTarget(members[i].first);
    if (target == nullptr) {
      if (CollidesWithOutput(members[i].first)) return FlatResult::kNotFlat;
      continue;
    }
    int slot = SlotOf(*target, members[i].second);
    if (slot == kNotFlat) return FlatResult::kNotFlat;
    if (slot != kSkip && std::exchange(seen[slot], true)) {
      return FlatResult::kNotFlat;  // Two names for one field: their order decides.
    }
    slots[i] = slot;
    targets[i] = target;
  }
  // Without an id, or without a title and a body, the general path assigns
  // an id or takes the record for a reply to another case.
  if (!seen[CaseModel::id] || !(seen[CaseModel::title] || seen[CaseModel::body])) {
    return FlatResult::kNotFlat;
  }
  Reply reply;
  for (size_t i = 0; i < members.size(); ++i) {
    if (slots[i] == kSkip) continue;
    if (!TakeMember(slots[i], targets[i], std::move(members[i].first), members[i].second, c,
                    &reply)) {
      return FlatResult::kRefused;
    }
  }
  if (!reply.text.empty() || !reply.date.empty()) {
    reply.seq = 1;
    reply.kind = ReplyKind::kFirst;
    c->replies.push_back(std::move(reply));
  }
  return FlatResult::kMapped;
}

}  // namespace casebook::importer
