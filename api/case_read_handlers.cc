// GET /api/v1/cases/{id} and /history.
#include "api/case_etag.h"
#include "api/handlers.h"
#include "store/case_json.h"

namespace casebook::api {
namespace {

// One line of a history summary: which version, when, and the state it had.
nlohmann::json VersionSummary(const Case& c) {
  nlohmann::json j = {{"version", c.version}, {"updated_at", c.updated_at}};
  if (c.result != CaseResult::kUnset) j["result"] = ToString(c.result);
  if (c.status != CaseStatus::kUnset) j["status"] = ToString(c.status);
  j["replies"] = c.replies.size();
  j["feedback"] = c.feedback.size();
  j["reviews"] = c.reviews.size();
  return j;
}

}  // namespace

ApiResponse GetCaseDossier(const Services& s, const ApiRequest& req) {
  Result<std::string> id = CaseIdFromPath(req);
  if (!id.ok()) return ApiResponse::FromStatus(id.status());
  Result<Case> c = s.store->Get(*id);
  if (!c.ok()) return ApiResponse::FromStatus(c.status());
  nlohmann::json history = nlohmann::json::array();
  Result<std::vector<Case>> versions = s.store->History(*id);
  if (versions.ok()) {
    for (const Case& v : *versions) history.push_back(VersionSummary(v));
  }
  nlohmann::json body = {
      {"case", CaseToJson(*c)},
      {"history", {{"versions", history.size()}, {"changes", std::move(history)}}},
  };
  ApiResponse r = ApiResponse::Json(200, body);
  r.headers["ETag"] = ETagFor(c->version);
  return r;
}

ApiResponse GetCaseHistory(const Services& s, const ApiRequest& req) {
  Result<std::string> id = CaseIdFromPath(req);
  if (!id.ok()) return ApiResponse::FromStatus(id.status());
  Result<std::vector<Case>> versions = s.store->History(*id);
  if (!versions.ok()) return ApiResponse::FromStatus(versions.status());
  nlohmann::json list = nlohmann::json::array();
  for (const Case& v : *versions) list.push_back(CaseToJson(v));
  return ApiResponse::Json(200, {{"id", *id}, {"versions", std::move(list)}});
}

}  // namespace casebook::api
