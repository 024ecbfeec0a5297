// GET /api/v1/search, GET /api/v1/cases/{id}/similar, POST /api/v1/similar,
// over the search/ library's Searcher (501 when the server has none).
#include "api/http/case_etag.h"
#include "api/http/handlers.h"
#include "search/search_json.h"
#include "search/search_vocabulary.h"
#include "search/searcher.h"
#include "search/similar_cases.h"
#include "store/case_json.h"

namespace casebook::api {
namespace {

const char kNoSearch[] = "this server runs without a search index";
const char* const kFilterParams[] = {"year", "kind",   "result", "role",
                                     "unit", "status", "level",  "tag"};

Result<search::SortOrder> SortFrom(const ApiRequest& req) {
  std::optional<search::SortOrder> sort = search::SortOrderNamed(req.Query("sort", "relevance"));
  if (sort) return *sort;
  return Status::InvalidArgument(std::string("parameter 'sort': expected ") +
                                 search::kSortOrderWords);
}

Result<search::MatchMode> ModeFrom(const ApiRequest& req) {
  std::optional<search::MatchMode> mode = search::MatchModeNamed(req.Query("mode", "auto"));
  if (mode) return *mode;
  return Status::InvalidArgument(std::string("parameter 'mode': expected ") +
                                 search::kMatchModeWords);
}

// limit/offset/filters shared by every search route. `default_limit` when
// the request gives none.
Result<search::SearchRequest> PagedRequest(const Services& s, const ApiRequest& req,
                                           long long default_limit) {
  search::SearchRequest r;
  Result<long long> limit = req.QueryInt("limit", default_limit, 1, s.limits.max_page_size);
  if (!limit.ok()) return limit.status();
  Result<long long> offset = req.QueryInt("offset", 0, 0, s.limits.max_offset);
  if (!offset.ok()) return offset.status();
  r.limit = static_cast<size_t>(*limit);
  r.offset = static_cast<size_t>(*offset);
  for (const char* field : kFilterParams) {
    for (const std::string& value : req.QueryAll(field)) {
      if (!value.empty()) r.filters.emplace_back(field, value);
    }
  }
  return r;
}

ApiResponse Answer(const Result<search::SearchResponse>& res) {
  if (!res.ok()) return ApiResponse::FromStatus(res.status());
  return ApiResponse::Text(200, search::SearchResponseJson(*res),
                           "application/json; charset=utf-8");
}

// limit, earlier, before_year, exclude_copies and the filters of the similar
// routes.
Result<search::SimilarRequest> SimilarRequestFrom(const ApiRequest& req) {
  search::SimilarRequest r;
  Result<long long> limit = req.QueryInt("limit", 10, 1, 100);
  if (!limit.ok()) return limit.status();
  Result<long long> earlier = req.QueryInt("earlier", 0, 0, 1);
  if (!earlier.ok()) return earlier.status();
  Result<long long> before = req.QueryInt("before_year", 0, 0, 2200);
  if (!before.ok()) return before.status();
  Result<long long> copies = req.QueryInt("exclude_copies", 0, 0, 1);
  if (!copies.ok()) return copies.status();
  r.limit = static_cast<size_t>(*limit);
  r.before_year = static_cast<int>(*before);
  r.earlier_only = *earlier == 1 || r.before_year > 0;
  r.exclude_copies = *copies == 1;
  for (const char* field : kFilterParams) {
    for (const std::string& value : req.QueryAll(field)) {
      if (!value.empty()) r.filters.emplace_back(field, value);
    }
  }
  return r;
}

ApiResponse AnswerSimilar(const Result<std::vector<search::SimilarHit>>& hits) {
  if (!hits.ok()) return ApiResponse::FromStatus(hits.status());
  return ApiResponse::Json(200, search::SimilarHitsToJson(*hits));
}

}  // namespace

ApiResponse SearchCases(const Services& s, const ApiRequest& req) {
  Result<search::SearchRequest> r = PagedRequest(s, req, 20);
  if (!r.ok()) return ApiResponse::FromStatus(r.status());
  Result<search::SortOrder> sort = SortFrom(req);
  if (!sort.ok()) return ApiResponse::FromStatus(sort.status());
  Result<search::MatchMode> mode = ModeFrom(req);
  if (!mode.ok()) return ApiResponse::FromStatus(mode.status());
  if (s.searcher == nullptr) return ApiResponse::Error(501, "not_implemented", kNoSearch);
  Result<long long> facets = req.QueryInt("facets", 1, 0, 1);
  if (!facets.ok()) return ApiResponse::FromStatus(facets.status());
  Result<long long> snippets = req.QueryInt("snippets", 1, 0, 1);
  if (!snippets.ok()) return ApiResponse::FromStatus(snippets.status());
  r->query = req.Query("q");
  r->sort = *sort;
  r->mode = *mode;
  r->facets = *facets == 1;
  r->snippets = *snippets == 1;
  return Answer(s.searcher->Search(*r));
}

ApiResponse SimilarToCase(const Services& s, const ApiRequest& req) {
  Result<std::string> id = CaseIdFromPath(req);
  if (!id.ok()) return ApiResponse::FromStatus(id.status());
  Result<search::SimilarRequest> r = SimilarRequestFrom(req);
  if (!r.ok()) return ApiResponse::FromStatus(r.status());
  if (s.searcher == nullptr) return ApiResponse::Error(501, "not_implemented", kNoSearch);
  return AnswerSimilar(search::SimilarCases(s.searcher, s.store).ForCase(*id, *r));
}

ApiResponse SimilarToText(const Services& s, const ApiRequest& req) {
  Result<search::SimilarRequest> r = SimilarRequestFrom(req);
  if (!r.ok()) return ApiResponse::FromStatus(r.status());
  Result<nlohmann::json> body = ParseJsonText(req.body);
  if (!body.ok()) return ApiResponse::FromStatus(Status(body.status()).WithContext("request body"));
  auto text = body->is_object() ? body->find("text") : body->end();
  auto title = body->is_object() ? body->find("title") : body->end();
  if (!body->is_object() || text == body->end() || !text->is_string() ||
      text->get<std::string>().empty() || (title != body->end() && !title->is_string())) {
    return ApiResponse::Error(400, "invalid_argument",
                              "request body: expected {\"text\": non-empty string, "
                              "\"title\"?: string}");
  }
  const std::string title_text = title != body->end() ? title->get<std::string>() : "";
  const std::string body_text = text->get<std::string>();
  if (title_text.size() + body_text.size() > static_cast<size_t>(s.limits.max_text_bytes)) {
    return ApiResponse::Error(413, "too_large",
                              "fields 'title' + 'text': longer than " +
                                  std::to_string(s.limits.max_text_bytes) + " bytes");
  }
  if (s.searcher == nullptr) return ApiResponse::Error(501, "not_implemented", kNoSearch);
  return AnswerSimilar(
      search::SimilarCases(s.searcher, s.store).ForText(title_text, body_text, *r));
}

}  // namespace casebook::api
