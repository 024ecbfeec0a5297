// After an import: which newly added cases near-duplicate another case
// (reported, never merged).
#ifndef CASEBOOK_API_REVIEW_IMPORT_DUPLICATES_H_
#define CASEBOOK_API_REVIEW_IMPORT_DUPLICATES_H_

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "search/searcher.h"
#include "store/case_store.h"
#include "store/status.h"

namespace casebook::review {

// One new case and a case it near-duplicates.
struct DuplicateReport {
  std::string id;            // The new case.
  std::string duplicate_of;  // The case it copies (stored before, or earlier in this import).
  double similarity = 0;
  bool duplicate_is_new = false;  // `duplicate_of` came in the same import.
};

// Checks every case added after change-log sequence `since` (version 1
// entries) through `searcher`, whose index must be level with the store. A
// pair of new cases is reported once. Errors: those of a lookup.
Result<std::vector<DuplicateReport>> FindImportDuplicates(const search::Searcher& searcher,
                                                          const CaseStore& store, uint64_t since);

// [{"id","duplicate_of","similarity","new"}].
nlohmann::ordered_json DuplicatesToJson(const std::vector<DuplicateReport>& reports);

}  // namespace casebook::review

#endif  // CASEBOOK_API_REVIEW_IMPORT_DUPLICATES_H_
