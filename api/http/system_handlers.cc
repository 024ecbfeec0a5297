// GET /healthz, /metrics, /api/v1/openapi.json and the console page at /.
#include "api/http/handlers.h"
#include "api/http/http_metrics.h"
#include "api/http/openapi.h"
#include "api/http/route_table.h"
#include "api/http/web_assets.h"
#include "search/searcher.h"
#include "store/case_json.h"

namespace casebook::api {

ApiResponse GetHealth(const Services& s, const ApiRequest& req) {
  uint64_t last = s.store->LastSequence();
  nlohmann::json j = {{"status", "ok"}, {"cases", s.store->CaseCount()}, {"last_sequence", last}};
  if (s.indexed_sequence) {
    uint64_t indexed = s.indexed_sequence();
    j["index"] = {{"sequence", indexed}, {"lag", last > indexed ? last - indexed : 0}};
  } else {
    j["index"] = nullptr;
  }
  return ApiResponse::Json(200, j);
}

ApiResponse GetMetrics(const Services& s, const ApiRequest& req) {
  std::string out = s.metrics ? s.metrics->Render() : "";
  uint64_t last = s.store->LastSequence();
  out += "# HELP casebook_cases Cases in the store.\n# TYPE casebook_cases gauge\n";
  out += "casebook_cases " + std::to_string(s.store->CaseCount()) + "\n";
  out +=
      "# HELP casebook_store_last_sequence Last change-log sequence of the store.\n"
      "# TYPE casebook_store_last_sequence gauge\n";
  out += "casebook_store_last_sequence " + std::to_string(last) + "\n";
  if (s.indexed_sequence) {
    uint64_t indexed = s.indexed_sequence();
    out +=
        "# HELP casebook_index_lag Change-log entries the search index has not applied.\n"
        "# TYPE casebook_index_lag gauge\n";
    out += "casebook_index_lag " + std::to_string(last > indexed ? last - indexed : 0) + "\n";
  }
  if (s.searcher) {
    const search::SearchCacheStats c = s.searcher->CacheStats();
    out +=
        "# HELP casebook_search_cache_total Searches by how the result cache answered: level "
        "(as cached), updated (re-run on changed cases only), full (run in full).\n"
        "# TYPE casebook_search_cache_total counter\n";
    out += "casebook_search_cache_total{outcome=\"level\"} " + std::to_string(c.level) + "\n";
    out += "casebook_search_cache_total{outcome=\"updated\"} " + std::to_string(c.updated) + "\n";
    out += "casebook_search_cache_total{outcome=\"full\"} " + std::to_string(c.full) + "\n";
  }
  return ApiResponse::Text(200, std::move(out), "text/plain; version=0.0.4; charset=utf-8");
}

ApiResponse GetOpenApi(const Services& s, const ApiRequest& req) {
  return ApiResponse::Json(200, BuildOpenApi(BuildRouteTable()));
}

namespace {

// A web file, revalidated by its ETag on every load (304 when unchanged).
ApiResponse ServeAsset(const WebAsset& asset, const ApiRequest& req) {
  const std::string etag = AssetETag(asset);
  ApiResponse r;
  if (req.Header("If-None-Match") == etag) {
    r.status = 304;
    r.content_type.clear();
  } else {
    r = ApiResponse::Text(200, std::string(asset.bytes), ContentTypeOf(asset.name));
  }
  r.headers["ETag"] = etag;
  r.headers["Cache-Control"] = "no-cache";
  return r;
}

}  // namespace

ApiResponse PostBackup(const Services& s, const ApiRequest& req) {
  if (!s.backup) return ApiResponse::Error(501, "not_implemented", "this server cannot back up");
  Result<nlohmann::json> body = ParseJsonText(req.body);
  if (!body.ok() || !body->is_object() || !(*body)["to"].is_string() ||
      (*body)["to"].get<std::string>().empty()) {
    return ApiResponse::Error(400, "invalid_argument",
                              "request body: expected {\"to\": \"/path/of/a/new/folder\"}");
  }
  Result<nlohmann::json> done = s.backup((*body)["to"].get<std::string>());
  if (!done.ok()) return ApiResponse::FromStatus(done.status());
  return ApiResponse::Json(200, *done);
}

ApiResponse GetConsolePage(const Services& s, const ApiRequest& req) {
  const WebAsset* page = FindWebAsset("index.html");
  if (page == nullptr) return ApiResponse::Error(500, "internal", "the console was not built in");
  return ServeAsset(*page, req);
}

ApiResponse GetWebAsset(const Services& s, const ApiRequest& req) {
  const WebAsset* asset = FindWebAsset(req.PathParam("file"));
  if (asset == nullptr) {
    return ApiResponse::Error(404, "not_found", "no console file '" + req.PathParam("file") + "'");
  }
  return ServeAsset(*asset, req);
}

}  // namespace casebook::api
