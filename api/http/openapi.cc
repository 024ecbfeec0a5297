#include "api/http/openapi.h"

#include <cctype>
#include <string>

namespace casebook::api {
namespace {

std::string ReasonFor(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No content";
    case 400:
      return "Bad input (the message names the parameter or field)";
    case 401:
      return "No or unknown API key";
    case 403:
      return "The key's scope does not allow this";
    case 404:
      return "No such case";
    case 409:
      return "Conflict with a concurrent write";
    case 412:
      return "If-Match does not name the current version";
    case 413:
      return "Body too large";
    case 414:
      return "Query string too long";
    case 429:
      return "Too many requests in flight";
    case 501:
      return "Not available in this build";
    default:
      return "Error";
  }
}

// "GET", "/api/v1/cases/{id}/history" -> "getCasesIdHistory".
std::string OperationId(const Route& r) {
  std::string id;
  for (char ch : r.method) id += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  bool upper = true;
  std::string path = r.pattern.rfind("/api/v1", 0) == 0 ? r.pattern.substr(7) : r.pattern;
  for (char ch : path) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) {
      upper = true;
      continue;
    }
    id += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch))) : ch;
    upper = false;
  }
  return id == "get" ? "getConsole" : id;
}

nlohmann::json Parameters(const Route& r) {
  nlohmann::json params = nlohmann::json::array();
  size_t open = r.pattern.find('{');
  while (open != std::string::npos) {
    size_t close = r.pattern.find('}', open);
    params.push_back({{"name", r.pattern.substr(open + 1, close - open - 1)},
                      {"in", "path"},
                      {"required", true},
                      {"schema", {{"type", "string"}, {"pattern", "^[A-Za-z0-9._-]{1,64}$"}}}});
    open = r.pattern.find('{', close);
  }
  for (const ParamDoc& p : r.query_params) {
    params.push_back({{"name", p.name},
                      {"in", "query"},
                      {"required", p.required},
                      {"description", p.description},
                      {"schema", {{"type", p.type}}}});
  }
  if (r.method == "PUT" || r.method == "PATCH" || r.method == "DELETE" || r.method == "POST") {
    if (r.pattern.find("{id}") != std::string::npos) {
      params.push_back({{"name", "If-Match"},
                        {"in", "header"},
                        {"required", false},
                        {"description", "The ETag (version) the write expects"},
                        {"schema", {{"type", "string"}}}});
    }
  }
  return params;
}

nlohmann::json Operation(const Route& r) {
  nlohmann::json op = {{"operationId", OperationId(r)}, {"summary", r.summary}};
  nlohmann::json params = Parameters(r);
  if (!params.empty()) op["parameters"] = params;
  if (!r.request_body.empty()) {
    op["requestBody"] = {{"required", true},
                         {"description", r.request_body},
                         {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
  }
  nlohmann::json responses = nlohmann::json::object();
  for (int status : r.statuses) {
    nlohmann::json resp = {{"description", ReasonFor(status)}};
    if (status >= 400) {
      resp["content"] = {
          {"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}};
    } else if (status != 204) {
      resp["content"] = {{r.response_type, nlohmann::json::object()}};
    }
    responses[std::to_string(status)] = resp;
  }
  if (r.scope != Scope::kNone) {
    for (int status : {401, 403}) {
      responses[std::to_string(status)] = {
          {"description", ReasonFor(status)},
          {"content",
           {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
    }
    op["security"] = {{{"bearer", nlohmann::json::array()}}, {{"apiKey", nlohmann::json::array()}}};
    op["x-casebook-scope"] = ScopeName(r.scope);
  }
  op["responses"] = responses;
  return op;
}

}  // namespace

nlohmann::json BuildOpenApi(const std::vector<Route>& routes) {
  nlohmann::json paths = nlohmann::json::object();
  for (const Route& r : routes) {
    std::string method;
    for (char ch : r.method)
      method += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    paths[r.pattern][method] = Operation(r);
  }
  nlohmann::json error_schema = {
      {"type", "object"},
      {"required", {"error"}},
      {"properties",
       {{"error",
         {{"type", "object"},
          {"required", {"code", "message"}},
          {"properties", {{"code", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}}}}}};
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "Casebook API"},
            {"version", "1"},
            {"description",
             "Cases of deputies' suggestions and CPPCC proposals with the replies: search, "
             "dossiers, similar cases and the review process."}}},
          {"paths", paths},
          {"components",
           {{"schemas", {{"Error", error_schema}}},
            {"securitySchemes",
             {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
              {"apiKey", {{"type", "apiKey"}, {"in", "header"}, {"name", "X-API-Key"}}}}}}}};
}

}  // namespace casebook::api
