// How case versions travel over HTTP: the ETag of a case is its version in
// quotes ("3"); If-Match / If-None-Match carry it back on writes. Also the
// check of the {id} path parameter shared by every case route.
#ifndef CASEBOOK_API_HTTP_CASE_ETAG_H_
#define CASEBOOK_API_HTTP_CASE_ETAG_H_

#include <cstdint>
#include <string>

#include "api/http/api_types.h"
#include "store/status.h"

namespace casebook::api {

// "\"<version>\"".
std::string ETagFor(int64_t version);

// The version a write expects, from If-Match / If-None-Match, in the terms of
// PutOptions::expected_version: -1 (no condition), 0 (If-None-Match: *, the
// case must not exist) or N (If-Match: "N"; W/"N" and unquoted N accepted).
// If-Match: * means "must exist" and is reported as -2.
// Errors: InvalidArgument naming the header.
Result<int64_t> ExpectedVersion(const ApiRequest& req);

// The {id} path parameter when it is a valid case id.
// Errors: InvalidArgument ("path parameter 'id': ...").
Result<std::string> CaseIdFromPath(const ApiRequest& req);

}  // namespace casebook::api

#endif  // CASEBOOK_API_HTTP_CASE_ETAG_H_
