#include "api/review/import_duplicates.h"

#include <cmath>
#include <set>

#include "search/similar_cases.h"

namespace casebook::review {

Result<std::vector<DuplicateReport>> FindImportDuplicates(const search::Searcher& searcher,
                                                          const CaseStore& store, uint64_t since) {
  std::set<std::string> added;
  CASEBOOK_RETURN_IF_ERROR(store.ScanChanges(since, [&added](const ChangeEntry& e) {
    if (e.op == ChangeEntry::Op::kPut && e.version == 1) added.insert(e.id);
    return true;
  }));
  std::vector<DuplicateReport> reports;
  if (added.empty()) return reports;
  search::SimilarCases similar(&searcher, &store);
  search::SimilarRequest req;
  req.limit = 5;
  for (const std::string& id : added) {
    auto hits = similar.ForCase(id, req);
    if (!hits.ok()) return hits.status();
    for (const search::SimilarHit& h : *hits) {
      if (!h.near_duplicate) continue;
      bool other_new = added.count(h.id) > 0;
      if (other_new && h.id > id) continue;  // Report a pair of new cases once.
      reports.push_back({id, h.id, h.similarity, other_new});
    }
  }
  return reports;
}

nlohmann::ordered_json DuplicatesToJson(const std::vector<DuplicateReport>& reports) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const DuplicateReport& r : reports) {
    out.push_back({{"id", r.id},
                   {"duplicate_of", r.duplicate_of},
                   {"similarity", std::round(r.similarity * 1000) / 1000},
                   {"new", r.duplicate_is_new}});
  }
  return out;
}

}  // namespace casebook::review
