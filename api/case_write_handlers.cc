// PUT, PATCH, DELETE /api/v1/cases/{id} and the POSTs that add one entry.
// Every write is conditional on If-Match when given (-> 412 on a mismatch),
// brings the index level through the Services hook, and answers with the
// stored case and its ETag.
#include <functional>
#include <optional>

#include "api/case_etag.h"
#include "api/handlers.h"
#include "store/case_json.h"

namespace casebook::api {
namespace {

constexpr int kEditAttempts = 5;  // Read-modify-write retries when another writer won.

ApiResponse PreconditionFailed(const std::string& message) {
  return ApiResponse::Error(412, "precondition_failed", message);
}

// Brings the index level (services.h); an error response when that failed.
std::optional<ApiResponse> IndexLevelFailure(const Services& s) {
  Status level = BringIndexLevel(s);
  if (level.ok()) return std::nullopt;
  return ApiResponse::Error(500, "index_lagging",
                            "the write was stored but the index could not be brought level "
                            "(it catches up from the change log): " +
                                level.message());
}

// Runs the index hook, then answers with the case as stored now.
ApiResponse AnswerStored(const Services& s, const std::string& id, int status) {
  if (auto failed = IndexLevelFailure(s)) return *failed;
  Result<Case> stored = s.store->Get(id);
  if (!stored.ok()) return ApiResponse::FromStatus(stored.status());
  ApiResponse r = ApiResponse::Json(status, {{"case", CaseToJson(*stored)}});
  r.headers["ETag"] = ETagFor(stored->version);
  return r;
}

// The request body as a JSON object. Errors: InvalidArgument / ResourceExhausted.
Result<nlohmann::json> BodyObject(const ApiRequest& req) {
  if (req.body.empty()) return Status::InvalidArgument("request body: expected a JSON object");
  Result<nlohmann::json> j = ParseJsonText(req.body);
  if (!j.ok()) return Status(j.status()).WithContext("request body");
  if (!j->is_object()) return Status::InvalidArgument("request body: expected a JSON object");
  return j;
}

// Checks that a body's "id", if any, is the path's id.
Status CheckBodyId(const nlohmann::json& body, const std::string& id) {
  auto it = body.find("id");
  if (it == body.end()) return Status::Ok();
  if (!it->is_string() || it->get<std::string>() != id) {
    return Status::InvalidArgument("field 'id': must equal the id in the path ('" + id + "')");
  }
  return Status::Ok();
}

// The If-Match version of a write to an existing case; If-None-Match (create
// only) makes no sense there: InvalidArgument naming the header.
Result<int64_t> ExpectedVersionOfExisting(const ApiRequest& req, const char* doing) {
  Result<int64_t> expected = ExpectedVersion(req);
  if (expected.ok() && *expected == 0) {
    return Status::InvalidArgument(std::string("header 'If-None-Match': not allowed when ") +
                                   doing + " a case");
  }
  return expected;
}

// Read-modify-write of one case: `edit` changes its JSON; the result is
// validated and stored if nobody wrote in between (retried otherwise, unless
// the client pinned a version with If-Match).
using CaseEdit = std::function<Status(nlohmann::json* case_json)>;

ApiResponse EditCase(const Services& s, const ApiRequest& req, const CaseEdit& edit,
                     int ok_status) {
  Result<std::string> id = CaseIdFromPath(req);
  if (!id.ok()) return ApiResponse::FromStatus(id.status());
  Result<int64_t> expected = ExpectedVersionOfExisting(req, "changing");
  if (!expected.ok()) return ApiResponse::FromStatus(expected.status());
  for (int attempt = 0; attempt < kEditAttempts; ++attempt) {
    Result<Case> current = s.store->Get(*id);
    if (!current.ok()) return ApiResponse::FromStatus(current.status());
    if (*expected > 0 && current->version != *expected) {
      return PreconditionFailed("case '" + *id + "' is at version " +
                                std::to_string(current->version) + ", not " +
                                std::to_string(*expected) + " (If-Match)");
    }
    nlohmann::json j = CaseToJson(*current);
    j.erase("version");
    j.erase("updated_at");
    Status edited = edit(&j);
    if (!edited.ok()) return ApiResponse::FromStatus(edited);
    Result<Case> changed = CaseFromJson(j);
    if (!changed.ok()) return ApiResponse::FromStatus(changed.status());
    PutOptions options;
    options.expected_version = current->version;
    Result<PutOutcome> put = s.store->Put(*changed, options);
    if (put.ok()) return AnswerStored(s, *id, ok_status);
    if (put.status().code() != Status::Code::kConflict) {
      return ApiResponse::FromStatus(put.status());
    }
    if (*expected != -1) return PreconditionFailed(put.status().message());
  }
  return ApiResponse::Error(409, "conflict",
                            "case '" + *id + "' kept changing under concurrent writes; retry");
}

// Appends the body (one object) to the case's array `field`.
ApiResponse AddEntry(const Services& s, const ApiRequest& req, const std::string& field) {
  Result<nlohmann::json> entry = BodyObject(req);
  if (!entry.ok()) return ApiResponse::FromStatus(entry.status());
  return EditCase(
      s, req,
      [&](nlohmann::json* j) {
        nlohmann::json& list = (*j)[field];
        if (list.is_null()) list = nlohmann::json::array();
        nlohmann::json item = *entry;
        if (field == "replies" && !item.contains("seq")) item["seq"] = list.size() + 1;
        list.push_back(std::move(item));
        return Status::Ok();
      },
      201);
}

}  // namespace

ApiResponse PutCase(const Services& s, const ApiRequest& req) {
  Result<std::string> id = CaseIdFromPath(req);
  if (!id.ok()) return ApiResponse::FromStatus(id.status());
  Result<int64_t> expected = ExpectedVersion(req);
  if (!expected.ok()) return ApiResponse::FromStatus(expected.status());
  Result<nlohmann::json> body = BodyObject(req);
  if (!body.ok()) return ApiResponse::FromStatus(body.status());
  Status id_ok = CheckBodyId(*body, *id);
  if (!id_ok.ok()) return ApiResponse::FromStatus(id_ok);
  (*body)["id"] = *id;
  Result<Case> c = CaseFromJson(*body);
  if (!c.ok()) return ApiResponse::FromStatus(c.status());

  PutOptions options;
  options.expected_version = *expected;
  if (*expected == -2) {  // If-Match: * -> the case must exist.
    Result<Case> current = s.store->Get(*id);
    if (!current.ok()) {
      if (current.status().IsNotFound())
        return PreconditionFailed("case '" + *id + "' does not exist (If-Match: *)");
      return ApiResponse::FromStatus(current.status());
    }
    options.expected_version = current->version;
  }
  Result<PutOutcome> put = s.store->Put(*c, options);
  if (!put.ok()) {
    if (put.status().code() == Status::Code::kConflict && *expected != -1) {
      return PreconditionFailed(put.status().message());
    }
    return ApiResponse::FromStatus(put.status());
  }
  return AnswerStored(s, *id, *put == PutOutcome::kAdded ? 201 : 200);
}

ApiResponse PatchCase(const Services& s, const ApiRequest& req) {
  Result<nlohmann::json> patch = BodyObject(req);
  if (!patch.ok()) return ApiResponse::FromStatus(patch.status());
  Status id_ok = CheckBodyId(*patch, req.PathParam("id"));
  if (!id_ok.ok()) return ApiResponse::FromStatus(id_ok);
  patch->erase("version");
  patch->erase("updated_at");
  return EditCase(
      s, req,
      [&](nlohmann::json* j) {
        j->merge_patch(*patch);
        return Status::Ok();
      },
      200);
}

ApiResponse DeleteCase(const Services& s, const ApiRequest& req) {
  Result<std::string> id = CaseIdFromPath(req);
  if (!id.ok()) return ApiResponse::FromStatus(id.status());
  Result<int64_t> expected = ExpectedVersionOfExisting(req, "deleting");
  if (!expected.ok()) return ApiResponse::FromStatus(expected.status());
  Status deleted = s.store->Delete(*id, *expected == -2 ? -1 : *expected);
  if (!deleted.ok()) {
    if (deleted.code() == Status::Code::kConflict) return PreconditionFailed(deleted.message());
    return ApiResponse::FromStatus(deleted);
  }
  if (auto failed = IndexLevelFailure(s)) return *failed;
  ApiResponse r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

ApiResponse AddReply(const Services& s, const ApiRequest& req) {
  return AddEntry(s, req, "replies");
}
ApiResponse AddFeedback(const Services& s, const ApiRequest& req) {
  return AddEntry(s, req, "feedback");
}
ApiResponse AddReview(const Services& s, const ApiRequest& req) {
  return AddEntry(s, req, "reviews");
}
ApiResponse AddConsultation(const Services& s, const ApiRequest& req) {
  return AddEntry(s, req, "consultations");
}

}  // namespace casebook::api
