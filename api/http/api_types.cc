#include "api/http/api_types.h"

#include <cctype>

#include "api/review/review_params.h"

namespace casebook::api {

const char* ScopeName(Scope s) {
  switch (s) {
    case Scope::kRead:
      return "read";
    case Scope::kWrite:
      return "write";
    case Scope::kAdmin:
      return "admin";
    case Scope::kNone:
      break;
  }
  return "none";
}

std::string ApiRequest::PathParam(const std::string& name) const {
  auto it = path_params.find(name);
  return it == path_params.end() ? "" : it->second;
}

std::string ApiRequest::Query(const std::string& name, const std::string& fallback) const {
  params_read.insert(name);
  auto it = query.find(name);
  return it == query.end() ? fallback : it->second;
}

std::vector<std::string> ApiRequest::QueryAll(const std::string& name) const {
  params_read.insert(name);
  std::vector<std::string> values;
  auto [begin, end] = query.equal_range(name);
  for (auto it = begin; it != end; ++it) values.push_back(it->second);
  return values;
}

std::string ApiRequest::Header(const std::string& name) const {
  std::string lower;
  for (char ch : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto it = headers.find(lower);
  return it == headers.end() ? "" : it->second;
}

Result<long long> ApiRequest::QueryInt(const std::string& name, long long fallback, long long min,
                                       long long max) const {
  params_read.insert(name);
  auto it = query.find(name);
  if (it == query.end() || it->second.empty()) return fallback;
  const std::string& text = it->second;
  const std::optional<long long> v = review::ParseInteger(text, min, max);
  if (!v) {
    return Status::InvalidArgument("parameter '" + name + "': expected an integer in [" +
                                   std::to_string(min) + ", " + std::to_string(max) + "], got '" +
                                   text.substr(0, 40) + "'");
  }
  return *v;
}

ApiResponse ApiResponse::Json(int status, const nlohmann::json& j) {
  ApiResponse r;
  r.status = status;
  // Replace rather than throw on invalid UTF-8: a response must always go out.
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

ApiResponse ApiResponse::Text(int status, std::string body, std::string content_type) {
  ApiResponse r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

std::string RedactPaths(const std::string& message) {
  std::string out;
  out.reserve(message.size());
  for (size_t i = 0; i < message.size();) {
    const bool starts =
        message[i] == '/' &&
        (i == 0 || std::string_view(" '\"(=:").find(message[i - 1]) != std::string_view::npos);
    if (!starts) {
      out.push_back(message[i++]);
      continue;
    }
    size_t end = i;
    while (end < message.size() &&
           std::string_view(" '\"),;").find(message[end]) == std::string_view::npos) {
      ++end;
    }
    const std::string_view path(message.data() + i, end - i);
    const size_t last = path.find_last_of('/');
    if (path.find('/', 1) == std::string_view::npos || path.rfind("/api/", 0) == 0) {
      out.append(path);  // One segment, or a route: not a file path.
    } else {
      out.append("…").append(path.substr(last));
    }
    i = end;
  }
  return out;
}

ApiResponse ApiResponse::Error(int status, const std::string& code, const std::string& message) {
  // Messages from the store and the index can carry file paths: a client
  // learns which file, never where the data directory lives.
  const std::string shown = status >= 500 ? RedactPaths(message) : message;
  return Json(status, {{"error", {{"code", code}, {"message", shown}}}});
}

std::pair<int, const char*> HttpStatusFor(Status::Code code) {
  using C = Status::Code;
  switch (code) {
    case C::kOk:
      return {200, "ok"};
    case C::kNotFound:
      return {404, "not_found"};
    case C::kInvalidArgument:
      return {400, "invalid_argument"};
    case C::kAlreadyExists:
      return {409, "already_exists"};
    case C::kConflict:
      return {409, "conflict"};
    case C::kRuleViolation:
      return {409, "rule_violation"};
    case C::kFailedPrecondition:
      return {412, "precondition_failed"};
    case C::kResourceExhausted:
      return {413, "too_large"};
    case C::kUnavailable:
      return {503, "unavailable"};
    case C::kNoSpace:
      return {507, "insufficient_storage"};
    case C::kIndexMoved:
      return {503, "index_busy"};
    case C::kUnimplemented:
      return {501, "not_implemented"};
    case C::kIOError:
    case C::kCorruption:
    case C::kInternal:
      break;
  }
  return {500, "internal"};
}

ApiResponse ApiResponse::FromStatus(const Status& s) {
  auto [status, code] = HttpStatusFor(s.code());
  return Error(status, code, s.message());
}

}  // namespace casebook::api
