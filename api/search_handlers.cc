// GET /api/v1/search, GET /api/v1/cases/{id}/similar, POST /api/v1/similar.
//
// Parameters are validated here (page-size limits -> 400). The search itself
// belongs to the search/ library; until it is wired into Services these
// routes answer 501 with a message saying so.
#include "api/case_etag.h"
#include "api/handlers.h"
#include "store/case_json.h"

namespace casebook::api {
namespace {

const char kSearchMissing[] =
    "search is not wired into this server yet (the search/ library is not in this build)";

Status CheckChoice(const ApiRequest& req, const std::string& name,
                   const std::vector<std::string>& allowed) {
  if (!req.HasQuery(name)) return Status::Ok();
  std::string v = req.Query(name);
  for (const std::string& a : allowed) {
    if (v == a) return Status::Ok();
  }
  std::string list;
  for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
  return Status::InvalidArgument("parameter '" + name + "': expected one of " + list);
}

}  // namespace

ApiResponse SearchCases(const Services& s, const ApiRequest& req) {
  Result<long long> limit = req.QueryInt("limit", 20, 1, s.limits.max_page_size);
  if (!limit.ok()) return ApiResponse::FromStatus(limit.status());
  Result<long long> offset = req.QueryInt("offset", 0, 0, s.limits.max_offset);
  if (!offset.ok()) return ApiResponse::FromStatus(offset.status());
  Status sort = CheckChoice(req, "sort", {"relevance", "date", "-date", "year", "-year"});
  if (!sort.ok()) return ApiResponse::FromStatus(sort);
  return ApiResponse::Error(501, "not_implemented", kSearchMissing);
}

ApiResponse SimilarToCase(const Services& s, const ApiRequest& req) {
  Result<std::string> id = CaseIdFromPath(req);
  if (!id.ok()) return ApiResponse::FromStatus(id.status());
  Result<long long> limit = req.QueryInt("limit", 10, 1, s.limits.max_page_size);
  if (!limit.ok()) return ApiResponse::FromStatus(limit.status());
  Result<Case> c = s.store->Get(*id);
  if (!c.ok()) return ApiResponse::FromStatus(c.status());
  return ApiResponse::Error(501, "not_implemented", kSearchMissing);
}

ApiResponse SimilarToText(const Services& s, const ApiRequest& req) {
  Result<long long> limit = req.QueryInt("limit", 10, 1, s.limits.max_page_size);
  if (!limit.ok()) return ApiResponse::FromStatus(limit.status());
  Result<nlohmann::json> body = ParseJsonText(req.body);
  if (!body.ok()) return ApiResponse::FromStatus(Status(body.status()).WithContext("request body"));
  auto text = body->find("text");
  if (!body->is_object() || text == body->end() || !text->is_string() ||
      text->get<std::string>().empty()) {
    return ApiResponse::Error(400, "invalid_argument",
                              "request body: expected {\"text\": non-empty string, "
                              "\"title\"?: string}");
  }
  if (text->get<std::string>().size() > static_cast<size_t>(s.limits.max_text_bytes)) {
    return ApiResponse::Error(
        413, "too_large",
        "field 'text': longer than " + std::to_string(s.limits.max_text_bytes) + " bytes");
  }
  return ApiResponse::Error(501, "not_implemented", kSearchMissing);
}

}  // namespace casebook::api
