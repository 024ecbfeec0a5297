// The JSON form of a search response, shared by `casebook search --json` and
// GET /api/v1/search:
//   {"total": N, "ranked": bool,
//    "hits": [{"id","score","title","snippet","year","kind","result","status","received"}],
//    "facets": {"kind": [{"value": "appeal", "count": 3}, ...], "year": [...], ...}}
// Empty optional hit fields (year 0, "" strings) are omitted.
#ifndef CASEBOOK_SEARCH_SEARCH_JSON_H_
#define CASEBOOK_SEARCH_SEARCH_JSON_H_

#include <string>

#include "search/searcher.h"

namespace casebook::search {

// The response as JSON text, written directly (searches are the API's
// hottest path). Never throws; invalid UTF-8 (which the index never
// produces) becomes U+FFFD.
std::string SearchResponseJson(const SearchResponse& response);

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_SEARCH_JSON_H_
