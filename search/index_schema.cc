#include "search/index_schema.h"

namespace casebook::search {

const std::vector<TextField>& TextFields() {
  static const std::vector<TextField> kFields = {
      {"body", kBodyPrefix, true},   {"title", kTitlePrefix, false},
      {"reply", kReplyPrefix, true}, {"proposer", kProposerPrefix, true},
      {"unit", kUnitPrefix, true},   {"tag", kTagPrefix, true},
      {"note", kNotePrefix, true}};
  return kFields;
}

}  // namespace casebook::search
