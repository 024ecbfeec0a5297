#include "api/http/case_etag.h"

#include <cctype>

#include "store/case_json.h"

namespace casebook::api {

std::string ETagFor(int64_t version) { return "\"" + std::to_string(version) + "\""; }

namespace {

Result<int64_t> ParseETag(const std::string& header_name, std::string v) {
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.pop_back();
  size_t start = 0;
  while (start < v.size() && std::isspace(static_cast<unsigned char>(v[start]))) ++start;
  v = v.substr(start);
  if (v.rfind("W/", 0) == 0) v = v.substr(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  bool digits = !v.empty() && v.size() <= 18;
  for (char ch : v) digits = digits && std::isdigit(static_cast<unsigned char>(ch));
  if (!digits || std::stoll(v) <= 0) {
    return Status::InvalidArgument("header '" + header_name +
                                   "': expected one ETag such as \"3\" (the case version)");
  }
  return std::stoll(v);
}

}  // namespace

Result<int64_t> ExpectedVersion(const ApiRequest& req) {
  std::string if_match = req.Header("If-Match");
  std::string if_none = req.Header("If-None-Match");
  if (!if_match.empty() && !if_none.empty()) {
    return Status::InvalidArgument("headers 'If-Match' and 'If-None-Match' cannot be combined");
  }
  if (!if_none.empty()) {
    if (if_none != "*") {
      return Status::InvalidArgument("header 'If-None-Match': only * is supported on writes");
    }
    return 0;
  }
  if (if_match.empty()) return -1;
  if (if_match == "*") return -2;
  return ParseETag("If-Match", if_match);
}

Result<std::string> CaseIdFromPath(const ApiRequest& req) {
  std::string id = req.PathParam("id");
  if (!IsValidCaseId(id)) {
    std::string shown = id.size() > 64 ? id.substr(0, 64) + "..." : id;
    return Status::InvalidArgument("path parameter 'id': '" + shown +
                                   "' is not a case id ([A-Za-z0-9._-]{1,64}, not . or ..)");
  }
  return id;
}

}  // namespace casebook::api
