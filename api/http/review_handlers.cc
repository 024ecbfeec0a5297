// The review routes: thin HTTP wrappers over the review library (queue,
// statistics, exports, dossier). Parameters are read by review_params.h, the
// same code the CLI uses, so both give the same answers.
#include "api/http/case_etag.h"
#include "api/http/handlers.h"
#include "api/review/case_export.h"
#include "api/review/case_stats.h"
#include "api/review/dossier.h"
#include "api/review/review_params.h"
#include "api/review/review_queue.h"

namespace casebook::api {
namespace {

review::ParamReader QueryReader(const ApiRequest& req) {
  return [&req](const std::string& name) -> std::optional<std::string> {
    if (!req.HasQuery(name)) return std::nullopt;
    return req.Query(name);
  };
}

}  // namespace

ApiResponse GetReviewQueue(const Services& s, const ApiRequest& req) {
  review::ReviewLimits limits;
  limits.max_section_items = static_cast<size_t>(s.limits.max_queue_section);
  limits.max_offset = static_cast<size_t>(s.limits.max_offset);
  Result<review::ReviewQueueOptions> options = review::ParseQueueOptions(QueryReader(req), limits);
  if (!options.ok()) return ApiResponse::FromStatus(options.status());
  Result<review::ReviewQueue> q = review::BuildReviewQueue(*s.store, *options);
  if (!q.ok()) return ApiResponse::FromStatus(q.status());
  return ApiResponse::Json(200, review::ReviewQueueToJson(*q));
}

ApiResponse GetStats(const Services& s, const ApiRequest& req) {
  Result<review::CaseStatsOptions> options = review::ParseStatsOptions(QueryReader(req));
  if (!options.ok()) return ApiResponse::FromStatus(options.status());
  Result<review::CaseStats> st = review::ComputeCaseStats(*s.store, *options);
  if (!st.ok()) return ApiResponse::FromStatus(st.status());
  return ApiResponse::Json(200, review::CaseStatsToJson(*st));
}

ApiResponse ExportCsv(const Services& s, const ApiRequest& req) {
  Result<review::CaseFilter> filter = review::ParseCaseFilter(QueryReader(req));
  if (!filter.ok()) return ApiResponse::FromStatus(filter.status());
  Result<long long> body = req.QueryInt("include_body", 0, 0, 1);
  if (!body.ok()) return ApiResponse::FromStatus(body.status());
  review::CsvExportOptions options;
  options.filter = std::move(*filter);
  options.include_body = *body == 1;
  std::string csv;
  Status written = review::WriteCasesCsv(*s.store, options, &csv);
  if (!written.ok()) return ApiResponse::FromStatus(written);
  ApiResponse r = ApiResponse::Text(200, std::move(csv), "text/csv; charset=utf-8");
  r.headers["Content-Disposition"] = "attachment; filename=\"casebook-export.csv\"";
  return r;
}

ApiResponse GetDossierPage(const Services& s, const ApiRequest& req) {
  Result<std::string> id = CaseIdFromPath(req);
  if (!id.ok()) return ApiResponse::FromStatus(id.status());
  Result<std::vector<Case>> history = s.store->History(*id);
  if (!history.ok()) return ApiResponse::FromStatus(history.status());
  Result<Case> current = s.store->Get(*id);
  if (!current.ok()) return ApiResponse::FromStatus(current.status());
  return ApiResponse::Text(200, review::DossierHtml(*current, *history),
                           "text/html; charset=utf-8");
}

}  // namespace casebook::api
