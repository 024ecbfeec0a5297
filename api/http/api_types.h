// ApiRequest and ApiResponse: the HTTP-free shapes every API handler takes and
// returns, so handlers are plain functions testable without a socket. Only
// api/ maps Status codes to HTTP statuses (ApiResponse::FromStatus).
#ifndef CASEBOOK_API_HTTP_API_TYPES_H_
#define CASEBOOK_API_HTTP_API_TYPES_H_

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "store/status.h"

namespace casebook::api {

// What a key (or the anonymous loopback user) may do; each scope includes
// the ones before it.
enum class Scope { kNone = 0, kRead = 1, kWrite = 2, kAdmin = 3 };

// "read", "write", "admin" ("none" for kNone).
const char* ScopeName(Scope s);

// One decoded HTTP request. Plain value; not thread-safe to mutate.
struct ApiRequest {
  std::string method;                              // "GET", "PUT", ...
  std::string path;                                // Decoded path, no query.
  std::map<std::string, std::string> path_params;  // From the route pattern, e.g. "id".
  std::multimap<std::string, std::string> query;   // Decoded query parameters.
  std::map<std::string, std::string> headers;      // Names in lower case.
  std::string body;
  std::string caller;          // Key name ("anonymous" without keys).
  Scope scope = Scope::kNone;  // What the caller may do.

  // The path parameter `name`, or "".
  std::string PathParam(const std::string& name) const;
  // The first value of query parameter `name`, or `fallback`.
  std::string Query(const std::string& name, const std::string& fallback = "") const;
  bool HasQuery(const std::string& name) const {
    params_read.insert(name);
    return query.count(name) > 0;
  }
  // Every value of a repeatable query parameter, in order.
  std::vector<std::string> QueryAll(const std::string& name) const;
  // The header `name` (any case), or "".
  std::string Header(const std::string& name) const;
  // An integer query parameter in [min, max]; `fallback` when absent.
  // Errors: InvalidArgument naming the parameter and the allowed range.
  Result<long long> QueryInt(const std::string& name, long long fallback, long long min,
                             long long max) const;

  // The names of the query parameters the handler asked about (through the
  // accessors above), so a test can check the route table documents them.
  mutable std::set<std::string> params_read;
};

// One response: a status, a content type, a body and extra headers.
struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::map<std::string, std::string> headers;

  // A JSON response.
  static ApiResponse Json(int status, const nlohmann::json& j);
  // A body of another type (text, CSV, HTML).
  static ApiResponse Text(int status, std::string body, std::string content_type);
  // {"error":{"code":code,"message":message}} with `status`.
  static ApiResponse Error(int status, const std::string& code, const std::string& message);
  // The error response that fits a non-ok Status (NotFound -> 404,
  // InvalidArgument -> 400, Conflict -> 409, ResourceExhausted -> 413,
  // Unimplemented -> 501, others -> 500).
  static ApiResponse FromStatus(const Status& s);
};

// `message` with each absolute file path cut to its last part
// ("…/LOCK" for "/srv/data/store/LOCK"); route paths such as "/api/v1/…"
// stay as they are. Applied to the messages of 5xx answers.
std::string RedactPaths(const std::string& message);

// The HTTP status and error code for a Status code, e.g. {404, "not_found"}.
std::pair<int, const char*> HttpStatusFor(Status::Code code);

}  // namespace casebook::api

#endif  // CASEBOOK_API_HTTP_API_TYPES_H_
