// The OpenAPI 3 document of the HTTP API, generated from the route table so
// the two cannot drift apart.
#ifndef CASEBOOK_API_HTTP_OPENAPI_H_
#define CASEBOOK_API_HTTP_OPENAPI_H_

#include <nlohmann/json.hpp>
#include <vector>

#include "api/http/route_table.h"

namespace casebook::api {

// An OpenAPI 3.0.3 document: one operation per route, path parameters from
// the pattern, query parameters and statuses from the route's documentation,
// the error schema, and the two API-key security schemes (Bearer, X-API-Key).
nlohmann::json BuildOpenApi(const std::vector<Route>& routes);

}  // namespace casebook::api

#endif  // CASEBOOK_API_HTTP_OPENAPI_H_
