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
  std::map<std::string, size_t> first_of_id;  // Each id's place in `cases`.
  size_t repeats = 0;                         // Records identical to one read before: unchanged.
};

// One case of the body. As `casebook import` does, an identical repeat of a
// record counts as unchanged, and a different record of an id already read
// is set aside (which of the two is meant?).
void AddOne(const nlohmann::json& j, size_t line, Parsed* out) {
  Result<Case> c = CaseFromJson(j);
  if (!c.ok()) {
    out->rejected.push_back({{"line", line}, {"message", c.status().message()}});
    return;
  }
  auto [first, added] = out->first_of_id.try_emplace(c->id, out->cases.size());
  if (!added) {
    if (CaseToJson(out->cases[first->second]) == CaseToJson(*c)) {
      ++out->repeats;
    } else {
      out->rejected.push_back(
          {{"line", line},
           {"message", "duplicate id '" + c->id + "': already read at line " +
                           std::to_string(out->lines[first->second]) + " of this request"}});
    }
    return;
  }
  out->cases.push_back(std::move(*c));
  out->lines.push_back(line);
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
  std::map<std::string, size_t> counts = {
      {"added", 0}, {"updated", 0}, {"unchanged", parsed.repeats}};
  nlohmann::ordered_json exceptions = review::RuleExceptionsToJson({});
  if (!parsed.cases.empty()) {
    PutOptions options;
    options.skip_stale = true;
    Result<std::vector<PutOutcome>> put = s.store->PutBatch(parsed.cases, options);
    if (!put.ok()) return ApiResponse::FromStatus(put.status());
    std::vector<Case> stored;
    for (size_t i = 0; i < put->size(); ++i) {
      const PutOutcome o = (*put)[i];
      if (o == PutOutcome::kStale) {
        Result<Case> now = s.store->Get(parsed.cases[i].id);
        // The record was made from an older version (an export): storing
        // it would undo what was recorded since. The store set it aside.
        parsed.rejected.push_back(
            {{"line", parsed.lines[i]},
             {"message", StaleVersionMessage(parsed.cases[i], now.ok() ? now->version : 0)}});
        continue;
      }
      ++counts[o == PutOutcome::kAdded     ? "added"
               : o == PutOutcome::kUpdated ? "updated"
                                           : "unchanged"];
      // An unchanged record's rule exceptions were listed when it went in.
      if (o != PutOutcome::kUnchanged) stored.push_back(std::move(parsed.cases[i]));
    }
    parsed.cases = std::move(stored);
    Status level = BringIndexLevel(s);
    if (!level.ok()) return ApiResponse::Error(500, "index_lagging", level.message());
    // Records history as it happened: rule breaches are stored and listed.
    exceptions = review::RuleExceptionsToJson(review::RuleExceptionsOf(parsed.cases, 100));
  }
  nlohmann::json body = counts;
  body["rule_exceptions"] = nlohmann::json::parse(exceptions.dump());
  body["rejected"] = std::move(parsed.rejected);
  const bool none_taken = counts["added"] + counts["updated"] + counts["unchanged"] == 0;
  return ApiResponse::Json(none_taken && seen > 0 ? 400 : 200, body);
}

}  // namespace casebook::api
