// Look-ups over the case model's table.
#include "store/case_fields.h"

#include <algorithm>
#include <iterator>

namespace casebook {

const FieldInfo* FindCaseField(std::string_view name) {
  for (const FieldInfo& f : CaseModel::kFields) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

std::optional<bool> ParseFlag(std::string_view s) {
  static constexpr std::string_view kYes[] = {"true", "1", "是", "重点件", "yes"};
  static constexpr std::string_view kNo[] = {"false", "0", "否", "", "no"};
  if (std::find(std::begin(kYes), std::end(kYes), s) != std::end(kYes)) return true;
  if (std::find(std::begin(kNo), std::end(kNo), s) != std::end(kNo)) return false;
  return std::nullopt;
}

}  // namespace casebook
