// Tracked writes: every change a person makes to one case (replace it, patch
// it, add a reply, feedback, review, consultation or approval) goes through
// here, from the HTTP API and the CLI alike. Each is validated, has its
// process effects applied (case_rules.h: a reply's result becomes the case's,
// a look-back that orders 重新办理 reopens it ...), is checked against the
// office's rules, and is stored as a new version (the old one kept as
// history). No HTTP in it.
#ifndef CASEBOOK_API_REVIEW_CASE_EDITS_H_
#define CASEBOOK_API_REVIEW_CASE_EDITS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "store/case_store.h"
#include "store/status.h"

namespace casebook::review {

// What a tracked write does.
enum class EditKind {
  kReplace,          // `body` is the whole case (created when absent).
  kMergePatch,       // `body` is a JSON merge patch (RFC 7396) of the stored case.
  kAddReply,         // `body` is one reply; it may carry "commitment_due" for the case.
  kAddFeedback,      // `body` is one feedback entry.
  kAddReview,        // `body` is one review.
  kAddConsultation,  // `body` is one consultation.
  kAddApproval,      // `body` is one approval {kind, approver, date, note}.
};

// Which stored version the write applies to.
enum class VersionCheck {
  kAny,           // Whatever is stored (retried if another writer wins meanwhile).
  kMustNotExist,  // Create only (If-None-Match: *).
  kMustExist,     // Replace only (If-Match: *).
  kExactly,       // The stored version must be `version` (If-Match: "N").
};

struct CaseWrite {
  EditKind kind = EditKind::kReplace;
  nlohmann::json body;
  VersionCheck check = VersionCheck::kAny;
  int64_t version = 0;  // For kExactly.
};

// What a tracked write did.
struct WriteOutcome {
  Case stored;           // The case as stored now (with its version).
  bool created = false;  // The case did not exist before.
  bool changed = true;   // False when the write changed nothing.
};

// Applies `write` to case `id`. Errors: InvalidArgument (the body, naming the
// field; shape rules), NotFound (no such case, for all but kReplace),
// FailedPrecondition (the version check failed: the message says which
// version is stored), RuleViolation (a state rule, naming it and the field),
// Conflict (the case kept changing under concurrent writers), the store's
// errors. Thread-safe (the store serialises writers; versions are checked).
Result<WriteOutcome> ApplyCaseWrite(CaseStore& store, const std::string& id,
                                    const CaseWrite& write);

}  // namespace casebook::review

#endif  // CASEBOOK_API_REVIEW_CASE_EDITS_H_
