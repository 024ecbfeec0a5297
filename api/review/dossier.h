// 一案一册: one case's whole dossier, as JSON (the case and a summary of its
// versions; GET /api/v1/cases/{id}, `casebook dossier`) and as a printable
// HTML page (proposal,
// proposers, units, dates, consultations, replies, feedback, reviews,
// approvals, disclosure, and the history of its versions). Self-contained:
// no script, no remote font or style; print rules for A4.
#ifndef CASEBOOK_API_REVIEW_DOSSIER_H_
#define CASEBOOK_API_REVIEW_DOSSIER_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "store/case.h"

namespace casebook::review {

// {"case": canonical JSON, "history": {"versions": N, "changes": [{version,
// updated_at, result, status, replies, feedback, reviews}, ...]}}; `history`
// as CaseStore::History returns it (oldest first).
nlohmann::json DossierJson(const Case& c, const std::vector<Case>& history);

// The page for `c` (the current version) and `history` (every stored version,
// oldest first, as CaseStore::History returns it). Every text is escaped.
std::string DossierHtml(const Case& c, const std::vector<Case>& history);

// `text` with &, <, >, " and ' escaped for HTML.
std::string EscapeHtml(std::string_view text);

}  // namespace casebook::review

#endif  // CASEBOOK_API_REVIEW_DOSSIER_H_
