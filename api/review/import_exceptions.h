// Imports record history as it happened: a record that breaks one of the
// office's rules (case_rules.h) is stored as it is, never refused for it, and
// reported here as a rule exception (the import's summary, its --json, the
// queue's rule_exceptions section).
#ifndef CASEBOOK_API_REVIEW_IMPORT_EXCEPTIONS_H_
#define CASEBOOK_API_REVIEW_IMPORT_EXCEPTIONS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/review/case_rules.h"
#include "store/case_store.h"
#include "store/status.h"

namespace casebook::review {

// One stored case and the rules it breaks.
struct RuleException {
  std::string id;
  std::vector<RuleViolation> violations;
};

struct RuleExceptionReport {
  size_t cases = 0;                   // Cases written that break a rule.
  std::vector<RuleException> listed;  // The first of them, in id order.
};

// The cases written after change-log sequence `since` (as stored now) that
// break a rule; at most `max_listed` listed, all counted. Errors: the store's.
Result<RuleExceptionReport> FindRuleExceptions(const CaseStore& store, uint64_t since,
                                               size_t max_listed = 1000);

// The same for cases in hand (e.g. those a request stored).
RuleExceptionReport RuleExceptionsOf(const std::vector<Case>& cases, size_t max_listed = 1000);

// {"cases": N, "listed": [{"id", "rules": [{"rule", "field", "message"}]}]}.
nlohmann::ordered_json RuleExceptionsToJson(const RuleExceptionReport& report);

}  // namespace casebook::review

#endif  // CASEBOOK_API_REVIEW_IMPORT_EXCEPTIONS_H_
