// PUT, PATCH, DELETE /api/v1/cases/{id} and the POSTs that add one entry:
// thin adapters over review::ApplyCaseWrite (the tracked write, with the
// office's rules). Every write is conditional on If-Match when given (-> 412
// on a mismatch), brings the index level through the Services hook, and
// answers with the stored case and its ETag.
#include <optional>

#include "api/http/case_etag.h"
#include "api/http/handlers.h"
#include "api/review/case_edits.h"
#include "store/case_json.h"

namespace casebook::api {
namespace {

// Brings the index level (services.h); an error response when that failed.
std::optional<ApiResponse> IndexLevelFailure(const Services& s) {
  Status level = BringIndexLevel(s);
  if (level.ok()) return std::nullopt;
  return ApiResponse::Error(500, "index_lagging",
                            "the write was stored but the index could not be brought level "
                            "(it catches up from the change log): " +
                                level.message());
}

// The request body as JSON. Errors: InvalidArgument / ResourceExhausted.
Result<nlohmann::json> BodyJson(const ApiRequest& req) {
  if (req.body.empty()) return Status::InvalidArgument("request body: expected a JSON object");
  Result<nlohmann::json> j = ParseJsonText(req.body);
  if (!j.ok()) return Status(j.status()).WithContext("request body");
  return j;
}

// The version condition of If-Match / If-None-Match. `existing_only`: the
// write changes a stored case, where If-None-Match makes no sense.
Result<std::pair<review::VersionCheck, int64_t>> VersionCondition(const ApiRequest& req,
                                                                  bool existing_only) {
  Result<int64_t> expected = ExpectedVersion(req);
  if (!expected.ok()) return expected.status();
  switch (*expected) {
    case -1:
      return std::make_pair(review::VersionCheck::kAny, int64_t{0});
    case -2:
      return std::make_pair(review::VersionCheck::kMustExist, int64_t{0});
    case 0:
      if (existing_only) {
        return Status::InvalidArgument("header 'If-None-Match': not allowed when changing a case");
      }
      return std::make_pair(review::VersionCheck::kMustNotExist, int64_t{0});
    default:
      return std::make_pair(review::VersionCheck::kExactly, *expected);
  }
}

ApiResponse Write(const Services& s, const ApiRequest& req, review::EditKind kind) {
  Result<std::string> id = CaseIdFromPath(req);
  if (!id.ok()) return ApiResponse::FromStatus(id.status());
  const bool replace = kind == review::EditKind::kReplace;
  auto condition = VersionCondition(req, !replace);
  if (!condition.ok()) return ApiResponse::FromStatus(condition.status());
  Result<nlohmann::json> body = BodyJson(req);
  if (!body.ok()) return ApiResponse::FromStatus(body.status());
  review::CaseWrite write{kind, std::move(*body), condition->first, condition->second};
  Result<review::WriteOutcome> done = review::ApplyCaseWrite(*s.store, *id, write);
  if (!done.ok()) return ApiResponse::FromStatus(done.status());
  if (auto failed = IndexLevelFailure(s)) return *failed;
  const int status =
      replace ? (done->created ? 201 : 200) : (kind == review::EditKind::kMergePatch ? 200 : 201);
  ApiResponse r = ApiResponse::Json(status, {{"case", CaseToJson(done->stored)}});
  r.headers["ETag"] = ETagFor(done->stored.version);
  return r;
}

}  // namespace

ApiResponse PutCase(const Services& s, const ApiRequest& req) {
  return Write(s, req, review::EditKind::kReplace);
}

ApiResponse PatchCase(const Services& s, const ApiRequest& req) {
  return Write(s, req, review::EditKind::kMergePatch);
}

ApiResponse DeleteCase(const Services& s, const ApiRequest& req) {
  Result<std::string> id = CaseIdFromPath(req);
  if (!id.ok()) return ApiResponse::FromStatus(id.status());
  Result<int64_t> expected = ExpectedVersion(req);
  if (!expected.ok()) return ApiResponse::FromStatus(expected.status());
  if (*expected == 0) {
    return ApiResponse::Error(400, "invalid_argument",
                              "header 'If-None-Match': not allowed when deleting a case");
  }
  Status deleted = s.store->Delete(*id, *expected == -2 ? -1 : *expected);
  if (!deleted.ok()) {
    if (deleted.code() == Status::Code::kConflict) {
      return ApiResponse::Error(412, "precondition_failed", deleted.message());
    }
    return ApiResponse::FromStatus(deleted);
  }
  if (auto failed = IndexLevelFailure(s)) return *failed;
  ApiResponse r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

ApiResponse AddReply(const Services& s, const ApiRequest& req) {
  return Write(s, req, review::EditKind::kAddReply);
}
ApiResponse AddFeedback(const Services& s, const ApiRequest& req) {
  return Write(s, req, review::EditKind::kAddFeedback);
}
ApiResponse AddReview(const Services& s, const ApiRequest& req) {
  return Write(s, req, review::EditKind::kAddReview);
}
ApiResponse AddConsultation(const Services& s, const ApiRequest& req) {
  return Write(s, req, review::EditKind::kAddConsultation);
}
ApiResponse AddApproval(const Services& s, const ApiRequest& req) {
  return Write(s, req, review::EditKind::kAddApproval);
}

}  // namespace casebook::api
