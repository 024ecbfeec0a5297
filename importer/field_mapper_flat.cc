// FieldMapper::MapFlatRecord: the fast path of JSON Lines import. A flat
// record (the shapes of ../shared/corpus: strings and numbers at the top
// level) is mapped straight into a Case, with no intermediate json. Anything
// else, and any value that would be an error, is left to ToCaseJson +
// CaseFromJson, which name the field at fault; the result of the fast path
// is the case those would build (checked by FlatRecordTest and fuzz_jsonl).
#include <string_view>
#include <unordered_map>

#include "importer/field_mapper.h"
#include "importer/value_normalizer.h"
#include "store/case_json.h"

namespace casebook::importer {
namespace {

using json = nlohmann::json;

// What the fast path does with a member.
enum class Slot {
  kExtra,  // Unknown name: kept in Case::extra as it is.
  kSkip,   // Known name with a null or blank value: dropped.
  kId,
  kTitle,
  kBody,
  kSession,
  kNumber,
  kYear,
  kKind,
  kStatus,
  kReceived,
  kAssigned,
  kReplyDue,
  kCommitmentDue,
  kReply,
  kReplyDate,
  kReplyUnit,
  kProposer,
  kUnits,
  kOrigin,
  kCount
};

const std::unordered_map<std::string_view, Slot>& TextTargets() {
  static const std::unordered_map<std::string_view, Slot> kTargets = {
      {"id", Slot::kId},
      {"title", Slot::kTitle},
      {"body", Slot::kBody},
      {"session", Slot::kSession},
      {"number", Slot::kNumber},
      {"year", Slot::kYear},
      {"kind", Slot::kKind},
      {"status", Slot::kStatus},
      {"received", Slot::kReceived},
      {"assigned", Slot::kAssigned},
      {"reply_due", Slot::kReplyDue},
      {"commitment_due", Slot::kCommitmentDue},
      {"reply", Slot::kReply},
      {"reply_date", Slot::kReplyDate},
      {"reply_unit", Slot::kReplyUnit},
      {"proposer", Slot::kProposer},
      {"units", Slot::kUnits},
      {"source", Slot::kOrigin}};
  return kTargets;
}

// The slot of a known target holding `v`; kCount when the fast path does not
// handle that target or that type of value.
Slot SlotOf(const std::string& target, const json& v) {
  if (v.is_null()) return Slot::kSkip;
  if (v.is_number_integer() && (target == "number" || target == "year")) {
    return target == "number" ? Slot::kNumber : Slot::kYear;
  }
  if (!v.is_string()) return Slot::kCount;
  if (TrimText(v.get_ref<const std::string&>()).empty()) return Slot::kSkip;
  auto it = TextTargets().find(target);
  return it == TextTargets().end() ? Slot::kCount : it->second;
}

// Names the general path may write into its case JSON besides the targets;
// an input member of that name makes the record not flat.
bool CollidesWithOutput(std::string_view name) {
  return name == "origin" || name == "kind_text" || name == "version" || name == "updated_at";
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

bool TakeStatus(json& v, Case* c) {
  std::string& s = v.get_ref<std::string&>();
  auto word = CanonicalStatus(TrimText(s));
  auto parsed = ParseCaseStatus(word ? *word : s);
  if (!parsed) return false;
  c->status = *parsed;
  return true;
}

// Takes one member's value into the case (the reply's parts into `reply`).
// False when the general path would report an error.
bool TakeMember(Slot slot, std::string&& name, json& v, Case* c, Reply* reply) {
  auto text = [&v]() -> std::string&& { return std::move(v.get_ref<std::string&>()); };
  switch (slot) {
    case Slot::kExtra:
      if (c->extra.contains(name)) return false;  // A repeated name.
      c->extra[std::move(name)] = std::move(v);
      return true;
    case Slot::kId:
      c->id = std::string(TrimText(v.get_ref<const std::string&>()));
      return true;
    case Slot::kTitle:
      c->title = text();
      return true;
    case Slot::kBody:
      c->body = text();
      return true;
    case Slot::kSession:
      c->session = text();
      return true;
    case Slot::kNumber:
      c->number = v.is_string() ? std::string(TrimText(v.get_ref<const std::string&>()))
                                : std::to_string(v.get<int64_t>());
      return true;
    case Slot::kYear:
      return TakeYear(v, &c->year);
    case Slot::kKind:
      return TakeKind(v, c);
    case Slot::kStatus:
      return TakeStatus(v, c);
    case Slot::kReceived:
      return TakeDate(text(), &c->received);
    case Slot::kAssigned:
      return TakeDate(text(), &c->assigned);
    case Slot::kReplyDue:
      return TakeDate(text(), &c->reply_due);
    case Slot::kCommitmentDue:
      return TakeDate(text(), &c->commitment_due);
    case Slot::kReply:
      reply->text = text();
      return true;
    case Slot::kReplyDate:
      return TakeDate(text(), &reply->date);
    case Slot::kReplyUnit:
      reply->unit = text();
      return true;
    case Slot::kProposer:
      for (std::string& n : SplitList(v.get_ref<const std::string&>())) {
        c->proposers.push_back(Proposer{std::move(n), {}, json::object()});
      }
      return true;
    case Slot::kUnits:
      c->units.lead = SplitList(v.get_ref<const std::string&>());
      return true;
    case Slot::kOrigin:
      c->extra["origin"] = std::move(v);
      return true;
    case Slot::kSkip:
    case Slot::kCount:
      break;
  }
  return true;
}

}  // namespace

FieldMapper::FlatResult FieldMapper::MapFlatRecord(JsonMembers& members, Case* c) const {
  // First pass, consuming nothing: is the record flat?
  std::vector<Slot> slots(members.size(), Slot::kExtra);
  bool seen[static_cast<int>(Slot::kCount)] = {};
  for (size_t i = 0; i < members.size(); ++i) {
    const std::string* target = FindTarget(members[i].first);
    if (target == nullptr) {
      if (CollidesWithOutput(members[i].first)) return FlatResult::kNotFlat;
      continue;
    }
    Slot slot = SlotOf(*target, members[i].second);
    if (slot == Slot::kCount) return FlatResult::kNotFlat;
    if (slot != Slot::kSkip && std::exchange(seen[static_cast<int>(slot)], true)) {
      return FlatResult::kNotFlat;  // Two names for one field: their order decides.
    }
    slots[i] = slot;
  }
  // Without an id, or without a title and a body, the general path assigns
  // an id or takes the record for a reply to another case.
  if (!seen[static_cast<int>(Slot::kId)] ||
      !(seen[static_cast<int>(Slot::kTitle)] || seen[static_cast<int>(Slot::kBody)])) {
    return FlatResult::kNotFlat;
  }
  Reply reply;
  for (size_t i = 0; i < members.size(); ++i) {
    if (slots[i] == Slot::kSkip) continue;
    if (!TakeMember(slots[i], std::move(members[i].first), members[i].second, c, &reply)) {
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
