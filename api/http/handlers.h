// The API handlers named by the route table. Each is a plain function of
// (services, request) -> response; none throws; errors come back as
// {"error":{"code","message"}} responses. Thread-safe: they share only the
// thread-safe objects of Services.
#ifndef CASEBOOK_API_HTTP_HANDLERS_H_
#define CASEBOOK_API_HTTP_HANDLERS_H_

#include "api/http/api_types.h"
#include "api/http/services.h"

namespace casebook::api {

// case_read_handlers.cc
// GET /api/v1/cases/{id}: the dossier {"case", "history"} with an ETag.
ApiResponse GetCaseDossier(const Services& s, const ApiRequest& req);
// GET /api/v1/cases/{id}/history: every stored version, oldest first.
ApiResponse GetCaseHistory(const Services& s, const ApiRequest& req);

// case_write_handlers.cc — every write honours If-Match (-> 412 on a
// mismatch), calls the index hook, and answers with the stored case + ETag.
// PUT /api/v1/cases/{id}: create (201) or replace (200); If-None-Match: *
// refuses to replace.
ApiResponse PutCase(const Services& s, const ApiRequest& req);
// PATCH /api/v1/cases/{id}: JSON merge patch (RFC 7396) of the stored case.
ApiResponse PatchCase(const Services& s, const ApiRequest& req);
// DELETE /api/v1/cases/{id}: 204; history is kept.
ApiResponse DeleteCase(const Services& s, const ApiRequest& req);
// POST /api/v1/cases/{id}/replies|feedback|reviews|consultations: append one
// entry (validated as part of the case) and answer 201 with the case.
ApiResponse AddReply(const Services& s, const ApiRequest& req);
ApiResponse AddFeedback(const Services& s, const ApiRequest& req);
ApiResponse AddReview(const Services& s, const ApiRequest& req);
ApiResponse AddConsultation(const Services& s, const ApiRequest& req);
// POST /api/v1/cases/{id}/approvals: a leader's approval (留作参考, closure exception).
ApiResponse AddApproval(const Services& s, const ApiRequest& req);

// case_import_handler.cc
// POST /api/v1/cases: JSON Lines or a JSON array of cases; valid ones stored
// in one batch, bad ones listed as {"line","message"}; 200 with counts
// (400 when none was valid, 413 past ApiLimits::max_import_cases).
ApiResponse ImportCases(const Services& s, const ApiRequest& req);

// search_handlers.cc — validate parameters, then search (501 until wired).
ApiResponse SearchCases(const Services& s, const ApiRequest& req);
ApiResponse SimilarToCase(const Services& s, const ApiRequest& req);
ApiResponse SimilarToText(const Services& s, const ApiRequest& req);

// review_handlers.cc — the review routes; their filters are those of
// review::ParseCaseFilter (year, term, unit, kind, role, level).
// GET /api/v1/review/queue?as_of=YYYY-MM-DD&limit=&offset=&section=&<filters>
ApiResponse GetReviewQueue(const Services& s, const ApiRequest& req);
// GET /api/v1/stats?as_of=&<filters>
ApiResponse GetStats(const Services& s, const ApiRequest& req);
// GET /api/v1/export.csv?include_body=1&<filters>: UTF-8 CSV with BOM for Excel.
ApiResponse ExportCsv(const Services& s, const ApiRequest& req);
// GET /api/v1/cases/{id}/dossier: the printable dossier page (一案一册).
ApiResponse GetDossierPage(const Services& s, const ApiRequest& req);

// system_handlers.cc
// POST /api/v1/admin/backup {"to": "/path/to/new/folder"} (admin scope).
ApiResponse PostBackup(const Services& s, const ApiRequest& req);
// GET /healthz: {"status":"ok","cases":N,...}.
ApiResponse GetHealth(const Services& s, const ApiRequest& req);
// GET /metrics: Prometheus text.
ApiResponse GetMetrics(const Services& s, const ApiRequest& req);
// GET /api/v1/openapi.json: OpenAPI 3 generated from the route table.
ApiResponse GetOpenApi(const Services& s, const ApiRequest& req);
// GET /: the console page (api/web/index.html).
ApiResponse GetConsolePage(const Services& s, const ApiRequest& req);
// GET /web/{file}: the console's scripts and styles (api/web/), 404 otherwise.
ApiResponse GetWebAsset(const Services& s, const ApiRequest& req);

}  // namespace casebook::api

#endif  // CASEBOOK_API_HTTP_HANDLERS_H_
