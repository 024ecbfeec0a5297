// The one route table of the HTTP API: method, path pattern, scope, handler
// and the documentation the OpenAPI document is generated from (so the
// document always matches the routes).
#ifndef CASEBOOK_API_HTTP_ROUTE_TABLE_H_
#define CASEBOOK_API_HTTP_ROUTE_TABLE_H_

#include <map>
#include <string>
#include <vector>

#include "api/http/api_types.h"
#include "api/http/services.h"

namespace casebook::api {

// A handler: a plain function of (services, request). Must not throw (the
// server still catches and answers 500 if one does).
using Handler = ApiResponse (*)(const Services&, const ApiRequest&);

// Documentation of one query parameter.
struct ParamDoc {
  std::string name;
  std::string type;  // OpenAPI type: "string", "integer".
  std::string description;
  bool required = false;
};

// One route. `pattern` segments in braces ("{id}") match one path segment.
struct Route {
  std::string method;          // "GET", "PUT", "PATCH", "POST", "DELETE".
  std::string pattern;         // e.g. "/api/v1/cases/{id}".
  Scope scope = Scope::kRead;  // Least scope needed; kNone = open to all.
  Handler handler = nullptr;
  std::string summary;
  std::vector<ParamDoc> query_params;
  std::string request_body;  // What the body holds; "" = no body.
  std::string response_type = "application/json";
  std::vector<int> statuses;  // Documented statuses besides errors common to all.

  // "GET /api/v1/cases/{id}": the route's label in logs and metrics.
  std::string Label() const { return method + " " + pattern; }
};

// The routes of Casebook's API, in documentation order.
std::vector<Route> BuildRouteTable();

// The outcome of matching a request against the table.
struct RouteMatch {
  const Route* route = nullptr;  // Null when nothing matched.
  std::map<std::string, std::string> path_params;
  bool path_known = false;  // The path matched some route with another method (-> 405).
  std::string allowed;      // The methods that path allows, "GET, PUT" (for 405).
};

// Finds the route for (method, decoded path). Thread-safe (reads only).
RouteMatch MatchRoute(const std::vector<Route>& routes, const std::string& method,
                      const std::string& path);

}  // namespace casebook::api

#endif  // CASEBOOK_API_HTTP_ROUTE_TABLE_H_
