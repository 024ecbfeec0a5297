// FieldMapper: from the names an input uses (CSV column headers, TXT header
// keys, the shapes of ../shared/corpus) to the case model of DESIGN.md.
//
// Known names, Chinese or English (标题/title, 内容/正文/body, 年度/year,
// 编号/number, 类别/kind, 承办单位, 主办/会办, 办理结果, 答复, 答复日期,
// 代表/委员 ...), map to a target: a case field ("title") or one of the
// importer's pseudo-fields that build structured values:
//   reply, reply_date, reply_unit, reply_result -> the first entry of replies
//   proposer (a name or a list of names)        -> proposers[{name}]
//   proposer_affiliation                        -> proposers[0].affiliation
//   lead_units, co_units, joint_units           -> units.{lead,co,joint}
//   case_id                                     -> the case a reply belongs to
// Unknown names are kept as they are (the store keeps them in Case::extra).
#ifndef CASEBOOK_IMPORTER_FIELD_MAPPER_H_
#define CASEBOOK_IMPORTER_FIELD_MAPPER_H_

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "importer/json_members.h"
#include "store/case.h"
#include "store/case_fields.h"
#include "store/status.h"

namespace casebook::importer {

// What an input name maps to (internal to FieldMapper).
struct FieldTarget {
  std::string name;                   // The case field or pseudo-field.
  const FieldInfo* field = nullptr;   // The case field's row; null for a pseudo-field.
  FieldType type = FieldType::kText;  // How values are converted.
  // The office's words of an enumeration target (value_normalizer.h), or null.
  std::optional<std::string> (*words)(std::string_view) = nullptr;
  int flat_slot = -1;  // What MapFlatRecord does with a string value.
};

// The FieldTarget::flat_slot of `t` (field_mapper_flat.cc).
int FlatSlotOf(const FieldTarget& t);

class FieldMapper {
 public:
  // `overrides` are the user's --map NAME=TARGET pairs; they take precedence
  // over the built-in names. Errors: InvalidArgument naming a TARGET that is
  // neither a case field nor a pseudo-field.
  static Result<FieldMapper> Create(
      const std::vector<std::pair<std::string, std::string>>& overrides = {});

  // Parses "列名=field" (the --map syntax). Errors: InvalidArgument.
  static Result<std::pair<std::string, std::string>> ParseMapping(std::string_view text);

  // The target of an input name, or "" when the name is unknown.
  // Names are compared without case, spaces, '_' '-' and a trailing colon.
  std::string TargetOf(std::string_view name) const;

  // Builds case JSON in the model's field names from `fields` (input name ->
  // value; strings from CSV/TXT or typed JSON values). Converts what offices
  // write (dates, years, Chinese enumeration words, lists, a reply string, a
  // proposer string, msg_no numbers); null values of known fields are dropped;
  // an unknown kind word becomes "other" with the word kept as "kind_text".
  // Values it cannot convert are left for validation to reject by field name.
  // Never throws.
  nlohmann::json ToCaseJson(nlohmann::json fields) const;

  enum class FlatResult {
    kMapped,   // `c` holds the case.
    kNotFlat,  // Not a record the fast path takes; `members` untouched.
    kRefused,  // A value the general path would reject; `members` partly taken.
  };
  // The fast path of JSON Lines import: maps a flat record (top-level strings
  // and integers under the names of the corpus shapes and the case model's
  // scalar fields; anything under unknown names) straight into `c`, which
  // must be a default Case, as CaseFromJson(ToCaseJson(object)) would, minus
  // `source` and ValidateCase (the caller's). Records with nested known
  // fields, two names for one field, no id, or no title and no body are not
  // flat; the caller then maps MembersToObject(members) with ToCaseJson.
  // After kRefused the caller parses the text again for the general path's
  // error message. Never throws; thread-safe (const).
  FlatResult MapFlatRecord(JsonMembers& members, Case* c) const;

 private:
  // The target named `target` (a case field or pseudo-field). Errors:
  // InvalidArgument when it is neither.
  static Result<FieldTarget> MakeTarget(const std::string& target);

  // The target of `name`, or null when it is unknown.
  const FieldTarget* FindTarget(std::string_view name) const;

  // Normalised name -> target. Hashed: one lookup per field of every record.
  std::unordered_map<std::string, FieldTarget> targets_;
};

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_FIELD_MAPPER_H_
