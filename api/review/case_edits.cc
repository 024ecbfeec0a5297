#include "api/review/case_edits.h"

#include <optional>

#include "api/review/case_rules.h"
#include "store/case_json.h"

namespace casebook::review {
namespace {

constexpr int kEditAttempts = 5;  // Read-modify-write retries when another writer won.

const char* ListOf(EditKind kind) {
  switch (kind) {
    case EditKind::kAddReply:
      return "replies";
    case EditKind::kAddFeedback:
      return "feedback";
    case EditKind::kAddReview:
      return "reviews";
    case EditKind::kAddConsultation:
      return "consultations";
    case EditKind::kAddApproval:
      return "approvals";
    default:
      return nullptr;
  }
}

// A reply without a kind is the first (首次答复) when the case has none yet,
// the second otherwise; without a seq it is numbered after the others. A
// "commitment_due" in it is the case's (the countdown the reply promises).
void PrepareReply(nlohmann::json* reply, nlohmann::json* case_json) {
  nlohmann::json& list = (*case_json)["replies"];
  if (!reply->contains("kind")) {
    bool has_first = false;
    for (const auto& r : list) {
      auto k = r.find("kind");
      has_first |= k != r.end() && k->is_string() && *k == "first";
    }
    (*reply)["kind"] = has_first ? "second" : "first";
  }
  if (!reply->contains("seq")) (*reply)["seq"] = list.size() + 1;
  if (auto due = reply->find("commitment_due"); due != reply->end()) {
    (*case_json)["commitment_due"] = *due;
    reply->erase(due);
  }
}

// The case JSON the write asks for, from the stored case (null: none).
Result<nlohmann::json> EditedJson(const Case* current, const std::string& id,
                                  const CaseWrite& write) {
  if (write.kind == EditKind::kReplace) {
    nlohmann::json j = write.body;
    j["id"] = id;
    return j;
  }
  nlohmann::json j = CaseToJson(*current);
  j.erase("version");
  j.erase("updated_at");
  if (write.kind == EditKind::kMergePatch) {
    nlohmann::json patch = write.body;
    patch.erase("version");
    patch.erase("updated_at");
    j.merge_patch(patch);
    return j;
  }
  const char* list = ListOf(write.kind);
  nlohmann::json entry = write.body;
  if (j[list].is_null()) j[list] = nlohmann::json::array();
  if (write.kind == EditKind::kAddReply) PrepareReply(&entry, &j);
  j[list].push_back(std::move(entry));
  return j;
}

Status CheckBody(const std::string& id, const CaseWrite& write) {
  if (!write.body.is_object())
    return Status::InvalidArgument("request body: expected a JSON object");
  const bool only_id = write.body.empty() || (write.body.size() == 1 && write.body.contains("id"));
  if (write.kind == EditKind::kReplace && only_id) {
    return Status::InvalidArgument("request body: an empty case; give at least its title or body");
  }
  if (write.kind != EditKind::kReplace && write.kind != EditKind::kMergePatch) return Status::Ok();
  auto it = write.body.find("id");
  if (it != write.body.end() && (!it->is_string() || it->get<std::string>() != id)) {
    return Status::InvalidArgument("field 'id': must equal the case's id ('" + id + "')");
  }
  return Status::Ok();
}

Status CheckVersion(const std::string& id, const Case* current, const CaseWrite& write) {
  switch (write.check) {
    case VersionCheck::kAny:
      return Status::Ok();
    case VersionCheck::kMustNotExist:
      if (current == nullptr) return Status::Ok();
      return Status::FailedPrecondition("case '" + id + "' exists (If-None-Match: *)");
    case VersionCheck::kMustExist:
      if (current != nullptr) return Status::Ok();
      return Status::FailedPrecondition("case '" + id + "' does not exist (If-Match: *)");
    case VersionCheck::kExactly:
      if (current != nullptr && current->version == write.version) return Status::Ok();
      return Status::FailedPrecondition("case '" + id + "' is at version " +
                                        std::to_string(current ? current->version : 0) + ", not " +
                                        std::to_string(write.version) + " (If-Match)");
  }
  return Status::Ok();
}

}  // namespace

Result<WriteOutcome> ApplyCaseWrite(CaseStore& store, const std::string& id,
                                    const CaseWrite& write) {
  CASEBOOK_RETURN_IF_ERROR(CheckBody(id, write));
  for (int attempt = 0; attempt < kEditAttempts; ++attempt) {
    Result<Case> stored = store.Get(id);
    if (!stored.ok() && !stored.status().IsNotFound()) return stored.status();
    const Case* current = stored.ok() ? &*stored : nullptr;
    if (current == nullptr && write.kind != EditKind::kReplace) {
      return Status::NotFound("no case with id " + id);
    }
    CASEBOOK_RETURN_IF_ERROR(CheckVersion(id, current, write));
    Result<nlohmann::json> edited = EditedJson(current, id, write);
    if (!edited.ok()) return edited.status();
    Result<Case> after = CaseFromJson(std::move(*edited));
    if (!after.ok()) return after.status();
    ApplyProcessEffects(current, &*after);
    CASEBOOK_RETURN_IF_ERROR(CheckTrackedWrite(current, *after));
    PutOptions options;
    options.expected_version = current ? current->version : 0;
    Result<PutOutcome> put = store.Put(*after, options);
    if (put.ok()) {
      Result<Case> now = store.Get(id);
      if (!now.ok()) return now.status();
      return WriteOutcome{std::move(*now), current == nullptr, *put != PutOutcome::kUnchanged};
    }
    if (put.status().code() != Status::Code::kConflict) return put.status();
    if (write.check != VersionCheck::kAny)
      return Status::FailedPrecondition(put.status().message());
  }
  return Status::Conflict("case '" + id + "' kept changing under concurrent writes; retry");
}

}  // namespace casebook::review
