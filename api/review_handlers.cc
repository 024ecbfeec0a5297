// GET /api/v1/review/queue, /api/v1/stats, /api/v1/export.csv: thin HTTP
// wrappers over review_queue.h, case_stats.h and case_export_csv.h.
#include "api/case_export_csv.h"
#include "api/case_stats.h"
#include "api/handlers.h"
#include "api/review_queue.h"

namespace casebook::api {
namespace {

constexpr int kMinYear = 1949;
constexpr int kMaxYear = 2100;

}  // namespace

ApiResponse GetReviewQueue(const Services& s, const ApiRequest& req) {
  Result<long long> limit = req.QueryInt("limit", 200, 1, s.limits.max_queue_section);
  if (!limit.ok()) return ApiResponse::FromStatus(limit.status());
  ReviewQueueOptions options;
  options.as_of = req.Query("as_of");
  options.max_per_section = static_cast<size_t>(*limit);
  if (req.HasQuery("as_of") && options.as_of.empty()) {
    return ApiResponse::Error(400, "invalid_argument", "parameter 'as_of': empty");
  }
  Result<ReviewQueue> q = BuildReviewQueue(*s.store, options);
  if (!q.ok()) return ApiResponse::FromStatus(q.status());
  return ApiResponse::Json(200, ReviewQueueToJson(*q));
}

ApiResponse GetStats(const Services& s, const ApiRequest& req) {
  Result<long long> year = req.QueryInt("year", 0, kMinYear, kMaxYear);
  if (!year.ok()) return ApiResponse::FromStatus(year.status());
  CaseStatsOptions options;
  options.year = static_cast<int>(*year);
  options.as_of = req.Query("as_of");
  Result<CaseStats> st = ComputeCaseStats(*s.store, options);
  if (!st.ok()) return ApiResponse::FromStatus(st.status());
  return ApiResponse::Json(200, CaseStatsToJson(*st));
}

ApiResponse ExportCsv(const Services& s, const ApiRequest& req) {
  Result<long long> year = req.QueryInt("year", 0, kMinYear, kMaxYear);
  if (!year.ok()) return ApiResponse::FromStatus(year.status());
  Result<long long> body = req.QueryInt("include_body", 0, 0, 1);
  if (!body.ok()) return ApiResponse::FromStatus(body.status());
  CsvExportOptions options;
  options.year = static_cast<int>(*year);
  options.include_body = *body == 1;
  std::string csv;
  Status written = WriteCasesCsv(*s.store, options, &csv);
  if (!written.ok()) return ApiResponse::FromStatus(written);
  ApiResponse r = ApiResponse::Text(200, std::move(csv), "text/csv; charset=utf-8");
  r.headers["Content-Disposition"] = "attachment; filename=\"casebook-export.csv\"";
  return r;
}

}  // namespace casebook::api
