// POST /api/v1/cases: bulk import while the server runs (the store's lock
// keeps `casebook import` out of a served data directory). The body is JSON
// Lines (one case a line) or a JSON array of cases. Each case is validated
// alone; bad ones are set aside with their line and message, the rest are
// written in one atomic batch (one fsync), then the index is brought level.
// Like `casebook import`, it records history as it happened: records that
// break an office rule are stored and listed under "rule_exceptions".
#include <map>
#include <sstream>

#include "api/http/handlers.h"
#include "api/review/import_exceptions.h"
#include "store/case_json.h"

namespace casebook::api {
namespace {

struct Parsed {
  std::vector<Case> cases;
  std::vector<size_t> lines;  // The line (or array position) of each case.
  nlohmann::json rejected = nlohmann::json::array();
};

void AddOne(const nlohmann::json& j, size_t line, Parsed* out) {
  Result<Case> c = CaseFromJson(j);
  if (c.ok()) {
    out->cases.push_back(std::move(*c));
    out->lines.push_back(line);
  } else {
    out->rejected.push_back({{"line", line}, {"message", c.status().message()}});
  }
}

// A record that carries its "version" (an export does) was made from that
// version: when the case has changed since, storing it would undo what was
// recorded after the export. Such records are set aside as stale.
void SetAsideStale(const CaseStore& store, Parsed* parsed) {
  std::vector<Case> kept;
  std::vector<size_t> kept_lines;
  for (size_t i = 0; i < parsed->cases.size(); ++i) {
    Case& c = parsed->cases[i];
    if (c.version > 0) {
      Result<Case> stored = store.Get(c.id);
      if (stored.ok() && stored->version != c.version) {
        parsed->rejected.push_back(
            {{"line", parsed->lines[i]},
             {"message", "field 'version': case '" + c.id + "' is at version " +
                             std::to_string(stored->version) + ", this record is version " +
                             std::to_string(c.version) +
                             " (an older export?); not stored. Leave out \"version\" to "
                             "replace it anyway"}});
        continue;
      }
    }
    kept.push_back(std::move(c));
    kept_lines.push_back(parsed->lines[i]);
  }
  parsed->cases = std::move(kept);
  parsed->lines = std::move(kept_lines);
}

// Splits the body into cases and rejects. Errors: InvalidArgument when the
// body is a JSON array that does not parse.
Status ParseBody(const std::string& body, Parsed* out) {
  size_t first = body.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && body[first] == '[') {
    Result<nlohmann::json> all = ParseJsonText(body);
    if (!all.ok()) return Status(all.status()).WithContext("request body");
    for (size_t i = 0; i < all->size(); ++i) AddOne((*all)[i], i + 1, out);
    return Status::Ok();
  }
  std::istringstream in(body);
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Result<nlohmann::json> j = ParseJsonText(line);
    if (j.ok()) {
      AddOne(*j, n, out);
    } else {
      out->rejected.push_back({{"line", n}, {"message", j.status().message()}});
    }
  }
  return Status::Ok();
}

}  // namespace

ApiResponse ImportCases(const Services& s, const ApiRequest& req) {
  Parsed parsed;
  Status ok = ParseBody(req.body, &parsed);
  if (!ok.ok()) return ApiResponse::FromStatus(ok);
  size_t seen = parsed.cases.size() + parsed.rejected.size();
  if (seen > static_cast<size_t>(s.limits.max_import_cases)) {
    return ApiResponse::Error(413, "too_large",
                              std::to_string(seen) + " cases in one request; the limit is " +
                                  std::to_string(s.limits.max_import_cases));
  }
  SetAsideStale(*s.store, &parsed);
  std::map<std::string, size_t> counts = {{"added", 0}, {"updated", 0}, {"unchanged", 0}};
  nlohmann::ordered_json exceptions = review::RuleExceptionsToJson({});
  if (!parsed.cases.empty()) {
    Result<std::vector<PutOutcome>> put = s.store->PutBatch(parsed.cases);
    if (!put.ok()) return ApiResponse::FromStatus(put.status());
    for (PutOutcome o : *put) {
      ++counts[o == PutOutcome::kAdded     ? "added"
               : o == PutOutcome::kUpdated ? "updated"
                                           : "unchanged"];
    }
    Status level = BringIndexLevel(s);
    if (!level.ok()) return ApiResponse::Error(500, "index_lagging", level.message());
    // Records history as it happened: rule breaches are stored and listed.
    exceptions = review::RuleExceptionsToJson(review::RuleExceptionsOf(parsed.cases, 100));
  }
  nlohmann::json body = counts;
  body["rule_exceptions"] = nlohmann::json::parse(exceptions.dump());
  body["rejected"] = std::move(parsed.rejected);
  return ApiResponse::Json(parsed.cases.empty() && seen > 0 ? 400 : 200, body);
}

}  // namespace casebook::api
