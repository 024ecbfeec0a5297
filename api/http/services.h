// Services: what the API handlers work on. Built once by the server (or a
// test), borrowed by every handler; the pointed-to objects outlive it.
#ifndef CASEBOOK_API_HTTP_SERVICES_H_
#define CASEBOOK_API_HTTP_SERVICES_H_

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "search/search_vocabulary.h"
#include "store/case_store.h"
#include "store/status.h"

namespace casebook::api {

class HttpMetrics;

}  // namespace casebook::api

namespace casebook::search {
class Searcher;
}  // namespace casebook::search

namespace casebook::api {

// Limits on what one request may ask for (page sizes -> 400 beyond them).
struct ApiLimits {
  int max_page_size = search::kMaxServedLimit;  // Largest `limit` for search and similar.
  int max_offset = search::kMaxServedOffset;    // Largest `offset` for search.
  int max_queue_section = 1000;                 // Largest `limit` per review-queue section.
  int max_text_bytes = 64 << 10;                // Longest `text` for POST /similar.
  int max_import_cases = 10000;                 // Most cases in one POST /api/v1/cases.
};

// The objects handlers use. Thread safety: the store (and the search objects
// once wired) are thread-safe; the hooks must be too.
struct Services {
  CaseStore* store = nullptr;            // Required.
  const HttpMetrics* metrics = nullptr;  // For GET /metrics; null = no HTTP figures.
  ApiLimits limits;

  // ---- Search (the search/ library). Null searcher: the search and
  // similar routes answer 501.
  const search::Searcher* searcher = nullptr;  // Thread-safe; borrowed.

  // INDEX HOOK: called after every successful write route, before the
  // response goes out, so the write is searchable on return. Null = no index.
  // An error makes the write route answer 500 (the write itself is stored and
  // the index catches up from the change log later).
  std::function<Status()> bring_index_level;
  // ADMIN HOOK: backs the data directory up into a new folder (POST
  // /api/v1/admin/backup). Null = the route answers 501.
  std::function<Result<nlohmann::json>(const std::string& to)> backup;

  // The last change-log sequence the index has committed (for the index-lag
  // figure of /metrics and /healthz). Null = no index.
  std::function<uint64_t()> indexed_sequence;
};

// INDEX HOOK: the one call every write route makes after storing, so the
// write is searchable (or gone from search) on return. Ok when the index is
// level or there is none; otherwise the hook's error.
inline Status BringIndexLevel(const Services& s) {
  return s.bring_index_level ? s.bring_index_level() : Status::Ok();
}

}  // namespace casebook::api

#endif  // CASEBOOK_API_HTTP_SERVICES_H_
