// GET /api/v1/cases/{id} and /history.
#include "api/http/case_etag.h"
#include "api/http/handlers.h"
#include "api/review/dossier.h"
#include "store/case_json.h"

namespace casebook::api {

ApiResponse GetCaseDossier(const Services& s, const ApiRequest& req) {
  Result<std::string> id = CaseIdFromPath(req);
  if (!id.ok()) return ApiResponse::FromStatus(id.status());
  Result<Case> c = s.store->Get(*id);
  if (!c.ok()) return ApiResponse::FromStatus(c.status());
  Result<std::vector<Case>> versions = s.store->History(*id);
  if (!versions.ok()) return ApiResponse::FromStatus(versions.status());
  ApiResponse r = ApiResponse::Json(200, review::DossierJson(*c, *versions));
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
