// Keys, route matching and ETag parsing, without a socket.
#include <gtest/gtest.h>

#include "api/http/api_keys.h"
#include "api/http/case_etag.h"
#include "api/http/handlers.h"
#include "api/http/route_table.h"
#include "api/review_store_options.h"
#include "test_util.h"

namespace casebook::test {
namespace {

TEST(ApiKeysTest, ParsesScopesAndFindsTokens) {
  auto ring = api::KeyRing::Parse(
      "# office keys\n\nalice read aaaaaaaaaaaaaaaa1\nbob  write bbbbbbbbbbbbbbbb2  # writer\n"
      "root admin cccccccccccccccc3\n",
      "keys");
  ASSERT_OK(ring);
  EXPECT_EQ(ring->size(), 3u);
  const api::ApiKey* bob = ring->Find("bbbbbbbbbbbbbbbb2");
  ASSERT_NE(bob, nullptr);
  EXPECT_EQ(bob->name, "bob");
  EXPECT_EQ(bob->scope, api::Scope::kWrite);
  EXPECT_EQ(ring->Find("bbbbbbbbbbbbbbbb"), nullptr);
  EXPECT_EQ(ring->Find(""), nullptr);
}

TEST(ApiKeysTest, ErrorsNameTheLineAndNeverTheToken) {
  struct Case {
    const char* text;
    const char* expect;
  };
  for (const Case& c : {Case{"a read\n", "keys:1"}, Case{"\na owner tttttttttttttttt\n", "keys:2"},
                        Case{"a read short\n", "shorter"},
                        Case{"a read tttttttttttttttt\na write uuuuuuuuuuuuuuuu\n", "twice"},
                        Case{"a read tttttttttttttttt\nb write tttttttttttttttt\n", "reuses"}}) {
    auto ring = api::KeyRing::Parse(c.text, "keys");
    ASSERT_FALSE(ring.ok()) << c.text;
    EXPECT_NE(ring.status().message().find(c.expect), std::string::npos) << ring.status().message();
    EXPECT_EQ(ring.status().message().find("tttttttttttttttt"), std::string::npos);
  }
  EXPECT_EQ(api::KeyRing::Load("/nonexistent/keys").status().code(), Status::Code::kIOError);
}

TEST(ApiKeysTest, TokenFromHeadersAndConstantTimeEquals) {
  EXPECT_EQ(api::TokenFromHeaders("Bearer abc", ""), "abc");
  EXPECT_EQ(api::TokenFromHeaders("", " xyz "), "xyz");
  EXPECT_EQ(api::TokenFromHeaders("Basic abc", ""), "");
  EXPECT_TRUE(api::ConstantTimeEquals("same", "same"));
  EXPECT_FALSE(api::ConstantTimeEquals("same", "samE"));
  EXPECT_FALSE(api::ConstantTimeEquals("same", "same+"));
  EXPECT_FALSE(api::ConstantTimeEquals("", "x"));
}

TEST(RouteTableTest, MatchesPatternsAndReportsAllowedMethods) {
  std::vector<api::Route> routes = api::BuildRouteTable();
  auto m = api::MatchRoute(routes, "GET", "/api/v1/cases/2021-SHRD-0123/history");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->Label(), "GET /api/v1/cases/{id}/history");
  EXPECT_EQ(m.path_params["id"], "2021-SHRD-0123");
  m = api::MatchRoute(routes, "POST", "/api/v1/cases/x/feedback");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->scope, api::Scope::kWrite);
  m = api::MatchRoute(routes, "POST", "/api/v1/stats");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_known);
  EXPECT_EQ(m.allowed, "GET");
  m = api::MatchRoute(routes, "GET", "/api/v1/cases//history");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_FALSE(m.path_known);
  EXPECT_NE(api::MatchRoute(routes, "GET", "/").route, nullptr);
}

TEST(CaseEtagTest, IfMatchAndIfNoneMatch) {
  api::ApiRequest req;
  EXPECT_EQ(*api::ExpectedVersion(req), -1);
  req.headers["if-match"] = "\"7\"";
  EXPECT_EQ(*api::ExpectedVersion(req), 7);
  req.headers["if-match"] = "W/\"8\"";
  EXPECT_EQ(*api::ExpectedVersion(req), 8);
  req.headers["if-match"] = "*";
  EXPECT_EQ(*api::ExpectedVersion(req), -2);
  req.headers["if-match"] = "\"0\"";
  EXPECT_FALSE(api::ExpectedVersion(req).ok());
  req.headers["if-match"] = "\"1\", \"2\"";
  EXPECT_FALSE(api::ExpectedVersion(req).ok());
  req.headers.clear();
  req.headers["if-none-match"] = "*";
  EXPECT_EQ(*api::ExpectedVersion(req), 0);
  EXPECT_EQ(api::ETagFor(12), "\"12\"");
}

TEST(CaseHandlersTest, GetCaseWithoutSocket) {
  ScopedTempDir dir;
  auto store = CaseStore::Open(dir / "store", test::ReviewStoreOptions());
  ASSERT_OK(store);
  api::Services services;
  services.store = store->get();
  api::ApiRequest req;
  req.path_params["id"] = "..";
  EXPECT_EQ(api::GetCaseDossier(services, req).status, 400);
  req.path_params["id"] = "H-1";
  EXPECT_EQ(api::GetCaseDossier(services, req).status, 404);
  req.body = R"({"title": "关于设置非机动车停放点的建议", "year": 2022})";
  api::ApiResponse put = api::PutCase(services, req);
  ASSERT_EQ(put.status, 201) << put.body;
  api::ApiResponse got = api::GetCaseDossier(services, req);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.headers["ETag"], "\"1\"");
  // Without a searcher the search routes say so (after checking parameters).
  EXPECT_EQ(api::SimilarToCase(services, req).status, 501);
  api::ApiRequest search;
  search.query = {{"q", "停放"}};
  EXPECT_EQ(api::SearchCases(services, search).status, 501);
  search.query = {{"q", "停放"}, {"limit", "0"}};
  EXPECT_EQ(api::SearchCases(services, search).status, 400);
}

}  // namespace
}  // namespace casebook::test

namespace casebook::api {
namespace {

TEST(ApiStatusTest, AnIndexStillMovingAfterEveryRetryIs503) {
  ApiResponse r = ApiResponse::FromStatus(
      Status::IndexMoved("searching /var/lib/casebook/index: the index moved on"));
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("index_busy"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("/var/lib"), std::string::npos) << r.body;
}

TEST(RedactPathsTest, FilePathsLoseTheirFolders) {
  EXPECT_EQ(RedactPaths("IO error: While lock file: /srv/casebook/data/store/LOCK: busy"),
            "IO error: While lock file: …/LOCK: busy");
  EXPECT_EQ(RedactPaths("opening '/tmp/x/index' failed"), "opening '…/index' failed");
  EXPECT_EQ(RedactPaths("no route /api/v1/cases/A-1 and 1/2"),
            "no route /api/v1/cases/A-1 and 1/2");
  EXPECT_EQ(ApiResponse::Error(500, "internal", "at /a/b/c").body.find("/a/b"), std::string::npos);
  EXPECT_NE(ApiResponse::Error(400, "invalid_argument", "field 'x'").body.find("field 'x'"),
            std::string::npos);
}

}  // namespace
}  // namespace casebook::api

namespace casebook::test {
namespace {

// Every query parameter a handler reads is in its route's documentation (and
// so in the OpenAPI document); the server refuses any other.
TEST(RouteTableTest, EveryParameterAHandlerReadsIsDocumented) {
  ScopedTempDir dir;
  auto store = CaseStore::Open(dir / "store", test::ReviewStoreOptions());
  ASSERT_OK(store);
  api::Services services;
  services.store = store->get();
  ASSERT_OK((*store)->Put(SampleCase("T-1")));
  for (const api::Route& route : api::BuildRouteTable()) {
    if (route.pattern == "/api/v1/admin/backup") continue;  // Needs a server's hook.
    api::ApiRequest req;
    req.method = route.method;
    req.path = route.pattern;
    req.path_params = {{"id", "T-1"}, {"file", "app.js"}};
    route.handler(services, req);
    std::set<std::string> documented;
    for (const api::ParamDoc& p : route.query_params) documented.insert(p.name);
    for (const std::string& name : req.params_read) {
      EXPECT_TRUE(documented.count(name))
          << route.Label() << " reads '" << name << "', which its route does not document";
    }
  }
}

}  // namespace
}  // namespace casebook::test
