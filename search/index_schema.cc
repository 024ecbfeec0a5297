#include "search/index_schema.h"

namespace casebook::search {

const std::vector<TextField>& TextFields() {
  static const std::vector<TextField> kFields = {
      {"body", kBodyPrefix},   {"title", kTitlePrefix}, {"reply", kReplyPrefix},
      {"proposer", kProposerPrefix}, {"unit", kUnitPrefix}, {"tag", kTagPrefix},
      {"note", kNotePrefix}};
  return kFields;
}

}  // namespace casebook::search
