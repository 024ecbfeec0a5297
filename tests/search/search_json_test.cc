#include "search/search_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace casebook::search {
namespace {

TEST(SearchJsonTest, WritesEveryFieldAsValidJson) {
  SearchResponse r;
  r.total = 42;
  r.ranked = true;
  SearchHit h;
  h.id = "2021-SHRD-0001";
  h.score = 3.25;
  h.title = "关于\"吴泾\"的建议\\";
  h.snippet = "<mark>吴泾</mark>\n\t化工区";
  h.year = 2021;
  h.kind = "deputy_suggestion";
  r.hits.push_back(h);
  SearchHit bare;
  bare.id = "x";
  bare.title = std::string("bad \xFF byte \xE5\x90");  // Invalid and truncated UTF-8.
  r.hits.push_back(bare);
  r.facets["unit"] = {{"市交通委", 7}, {"区民政局", 2}};
  r.facets["kind"] = {};

  nlohmann::json j = nlohmann::json::parse(SearchResponseJson(r));  // Throws if invalid.
  EXPECT_EQ(j["total"], 42);
  EXPECT_EQ(j["ranked"], true);
  ASSERT_EQ(j["hits"].size(), 2u);
  EXPECT_EQ(j["hits"][0]["title"], h.title);
  EXPECT_EQ(j["hits"][0]["snippet"], h.snippet);
  EXPECT_DOUBLE_EQ(j["hits"][0]["score"].get<double>(), 3.25);
  EXPECT_EQ(j["hits"][0]["year"], 2021);
  EXPECT_EQ(j["hits"][0]["kind"], "deputy_suggestion");
  EXPECT_FALSE(j["hits"][1].contains("year"));
  EXPECT_FALSE(j["hits"][1].contains("kind"));
  EXPECT_EQ(j["hits"][1]["title"], "bad \xEF\xBF\xBD byte \xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(j["facets"]["unit"][0]["value"], "市交通委");
  EXPECT_EQ(j["facets"]["unit"][0]["count"], 7);
  EXPECT_TRUE(j["facets"]["kind"].empty());
}

TEST(SearchJsonTest, EmptyResponse) {
  nlohmann::json j = nlohmann::json::parse(SearchResponseJson(SearchResponse()));
  EXPECT_EQ(j["total"], 0);
  EXPECT_TRUE(j["hits"].empty());
  EXPECT_TRUE(j["facets"].is_object());
}

}  // namespace
}  // namespace casebook::search
