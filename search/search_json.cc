#include "search/search_json.h"

namespace casebook::search {

nlohmann::json SearchResponseToJson(const SearchResponse& response) {
  nlohmann::json hits = nlohmann::json::array();
  for (const SearchHit& h : response.hits) {
    nlohmann::json j = {{"id", h.id}, {"score", h.score}, {"title", h.title},
                        {"snippet", h.snippet}};
    if (h.year != 0) j["year"] = h.year;
    const std::pair<const char*, const std::string*> optional[] = {
        {"kind", &h.kind}, {"result", &h.result}, {"status", &h.status},
        {"received", &h.received}};
    for (const auto& [name, value] : optional) {
      if (!value->empty()) j[name] = *value;
    }
    hits.push_back(std::move(j));
  }
  nlohmann::json facets = nlohmann::json::object();
  for (const auto& [name, values] : response.facets) {
    nlohmann::json list = nlohmann::json::array();
    for (const FacetCount& f : values) list.push_back({{"value", f.value}, {"count", f.count}});
    facets[name] = std::move(list);
  }
  return {{"total", response.total}, {"ranked", response.ranked}, {"hits", std::move(hits)},
          {"facets", std::move(facets)}};
}

}  // namespace casebook::search
