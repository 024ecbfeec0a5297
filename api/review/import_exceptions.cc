#include "api/review/import_exceptions.h"

#include <set>

namespace casebook::review {
namespace {

void Add(const Case& c, size_t max_listed, RuleExceptionReport* report) {
  std::vector<RuleViolation> broken = CheckCaseRules(c);
  if (broken.empty()) return;
  ++report->cases;
  if (report->listed.size() < max_listed) report->listed.push_back({c.id, std::move(broken)});
}

}  // namespace

Result<RuleExceptionReport> FindRuleExceptions(const CaseStore& store, uint64_t since,
                                               size_t max_listed) {
  std::set<std::string> written;
  CASEBOOK_RETURN_IF_ERROR(store.ScanChanges(since, [&written](const ChangeEntry& e) {
    if (e.op == ChangeEntry::Op::kPut) written.insert(e.id);
    return true;
  }));
  RuleExceptionReport report;
  for (const std::string& id : written) {
    Result<Case> c = store.Get(id);
    if (c.status().IsNotFound()) continue;  // Deleted since.
    if (!c.ok()) return c.status();
    Add(*c, max_listed, &report);
  }
  return report;
}

RuleExceptionReport RuleExceptionsOf(const std::vector<Case>& cases, size_t max_listed) {
  RuleExceptionReport report;
  for (const Case& c : cases) Add(c, max_listed, &report);
  return report;
}

nlohmann::ordered_json RuleExceptionsToJson(const RuleExceptionReport& report) {
  nlohmann::ordered_json listed = nlohmann::ordered_json::array();
  for (const RuleException& e : report.listed) {
    nlohmann::ordered_json rules = nlohmann::ordered_json::array();
    for (const RuleViolation& v : e.violations) {
      rules.push_back({{"rule", RuleName(v.rule)}, {"field", v.field}, {"message", v.Message()}});
    }
    listed.push_back({{"id", e.id}, {"rules", std::move(rules)}});
  }
  return {{"cases", report.cases}, {"listed", std::move(listed)}};
}

}  // namespace casebook::review
