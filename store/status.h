// Status and Result<T>: how every Casebook layer reports errors.
//
// No exception crosses a folder boundary: exceptions thrown by RocksDB, Xapian,
// ICU or nlohmann/json are caught where those libraries are called and turned
// into a Status. Only api/ maps a Status code to an HTTP status.
#ifndef CASEBOOK_STORE_STATUS_H_
#define CASEBOOK_STORE_STATUS_H_

#include <optional>
#include <string>
#include <utility>

namespace casebook {

// The outcome of an operation: ok, or an error code with a human message that
// names the file, line, field or parameter at fault. Cheap to copy.
class Status {
 public:
  enum class Code {
    kOk = 0,
    kNotFound,            // No such case / file / key.
    kInvalidArgument,     // Bad input: the message names the field.
    kAlreadyExists,       // Create of something that exists.
    kConflict,            // Version mismatch (optimistic concurrency).
    kRuleViolation,       // The case's state forbids this write (an office rule; the
                          // message names the rule and the field).
    kFailedPrecondition,  // The system is not in a state that allows this.
    kResourceExhausted,   // A size or count limit was exceeded.
    kIOError,             // The disk or the OS said no.
    kCorruption,          // Stored data could not be decoded.
    kUnimplemented,       // Not built yet; the message says what.
    kUnavailable,         // Held by another process (e.g. a store a server has open).
    kNoSpace,             // The disk is (nearly) full: refused before the write.
    kIndexMoved,          // The index changed under a reader: read again on its newest
                          // revision (the searcher retries; seen only once retries end).
    kInternal,            // A bug or an unexpected library exception.
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status InvalidArgument(std::string msg) {
    return Status(Code::kInvalidArgument, std::move(msg));
  }
  static Status AlreadyExists(std::string msg) {
    return Status(Code::kAlreadyExists, std::move(msg));
  }
  static Status Conflict(std::string msg) { return Status(Code::kConflict, std::move(msg)); }
  static Status RuleViolation(std::string msg) {
    return Status(Code::kRuleViolation, std::move(msg));
  }
  static Status FailedPrecondition(std::string msg) {
    return Status(Code::kFailedPrecondition, std::move(msg));
  }
  static Status ResourceExhausted(std::string msg) {
    return Status(Code::kResourceExhausted, std::move(msg));
  }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status Unimplemented(std::string msg) {
    return Status(Code::kUnimplemented, std::move(msg));
  }
  static Status Unavailable(std::string msg) { return Status(Code::kUnavailable, std::move(msg)); }
  static Status NoSpace(std::string msg) { return Status(Code::kNoSpace, std::move(msg)); }
  static Status IndexMoved(std::string msg) { return Status(Code::kIndexMoved, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(Code::kInternal, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }

  // Returns e.g. "InvalidArgument: field 'year': expected an integer".
  std::string ToString() const;
  // Returns the code's name, e.g. "NotFound".
  static const char* CodeName(Code code);

  // Returns a copy whose message is "<prefix>: <message>" (for adding context
  // such as a file name and line); an ok status stays ok.
  Status WithContext(const std::string& prefix) const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// Either a value of type T or a non-ok Status.
// REQUIRES: value() and operator* only when ok().
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design.
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design.
    if (status_.ok()) status_ = Status::Internal("Result built from an ok Status without value");
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const& { return status_; }
  // On a temporary, a copy: `Get(id).status()` must not outlive the Result.
  Status status() && { return std::move(status_); }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace casebook

// Returns early from the enclosing function if `expr` yields a non-ok Status.
#define CASEBOOK_RETURN_IF_ERROR(expr)       \
  do {                                       \
    ::casebook::Status _cb_status = (expr);  \
    if (!_cb_status.ok()) return _cb_status; \
  } while (0)

#endif  // CASEBOOK_STORE_STATUS_H_
