// The real HTTP server on a free port, driven with httplib::Client: routes,
// keys and scopes, every error code, limits, ETags, logs and metrics.
#include <gtest/gtest.h>

#include <algorithm>

#include "api/http/route_table.h"
#include "api_test_server.h"

namespace casebook::test {
namespace {

using nlohmann::json;

// The first `n` UTF-8 characters of `s`.
std::string FirstChars(const std::string& s, size_t n) {
  size_t i = 0;
  for (size_t count = 0; i < s.size() && count < n; ++count) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    i += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  }
  return s.substr(0, i);
}

json Body(const httplib::Result& r) { return json::parse(r->body); }

std::string ErrorCode(const httplib::Result& r) {
  json j = json::parse(r->body, nullptr, false);
  if (!j.is_object() || !j.contains("error")) return "<no error body: " + r->body + ">";
  EXPECT_TRUE(j["error"]["message"].is_string());
  return j["error"]["code"].get<std::string>();
}

httplib::Result PutJson(httplib::Client& c, const std::string& path, const json& j,
                        const httplib::Headers& headers = {}) {
  return c.Put(path.c_str(), headers, j.dump(), "application/json");
}

TEST(ApiHttpTest, OpenRoutesNeedNoKeyAndOpenApiListsEveryRoute) {
  ApiTestServer srv(/*with_keys=*/true);
  auto c = srv.Client();
  auto health = c->Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(Body(health)["status"], "ok");
  auto page = c->Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->get_header_value("Content-Type").find("text/html"), std::string::npos);
  auto doc = c->Get("/api/v1/openapi.json");
  ASSERT_TRUE(doc);
  ASSERT_EQ(doc->status, 200);
  json d = Body(doc);
  EXPECT_EQ(d["openapi"], "3.0.3");
  for (const api::Route& r : api::BuildRouteTable()) {
    std::string method = r.method;
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    EXPECT_TRUE(d["paths"].contains(r.pattern) && d["paths"][r.pattern].contains(method))
        << r.Label() << " missing from the OpenAPI document";
  }
}

TEST(ApiHttpTest, KeysAndScopes) {
  ApiTestServer srv(/*with_keys=*/true);
  json c1 = MinimalCaseJson("2021-KEY-0001", "关于改善老旧小区停车的建议");
  auto anon = srv.Client();
  auto r = anon->Get("/api/v1/cases/2021-KEY-0001");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(ErrorCode(r), "unauthorized");
  auto wrong = srv.Client("not-a-key-0123456789");
  EXPECT_EQ(wrong->Get("/api/v1/cases/2021-KEY-0001")->status, 401);
  auto reader = srv.Client(kReadToken);
  r = PutJson(*reader, "/api/v1/cases/2021-KEY-0001", c1);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(ErrorCode(r), "forbidden");
  auto writer = srv.Client(kWriteToken);
  EXPECT_EQ(PutJson(*writer, "/api/v1/cases/2021-KEY-0001", c1)->status, 201);
  EXPECT_EQ(reader->Get("/api/v1/cases/2021-KEY-0001")->status, 200);
  httplib::Client bearer("127.0.0.1", srv.port());
  bearer.set_bearer_token_auth(kAdminToken);
  EXPECT_EQ(bearer.Delete("/api/v1/cases/2021-KEY-0001")->status, 204);
  EXPECT_EQ(reader->Get("/metrics")->status, 200);
  EXPECT_EQ(anon->Get("/metrics")->status, 401);
  for (const std::string& line : srv.LogLines()) {
    for (const char* token : {kReadToken, kWriteToken, kAdminToken}) {
      EXPECT_EQ(line.find(token), std::string::npos) << line;
    }
  }
}

TEST(ApiHttpTest, DossierRoundTripWithCorpusText) {
  SKIP_WITHOUT_CORPUS();
  std::vector<std::string> lines = ReadLines(CorpusFile("appeals-with-replies.jsonl"), 1);
  ASSERT_EQ(lines.size(), 1u);
  json appeal = json::parse(lines[0]);
  ApiTestServer srv(/*with_keys=*/false);
  auto c = srv.Client();
  json doc = MinimalCaseJson("A-0001", appeal["title"].get<std::string>());
  doc["body"] = appeal["body"];
  doc["kind"] = "群众来信";  // Chinese enum words are accepted, stored in English.
  auto put = PutJson(*c, "/api/v1/cases/A-0001", doc);
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 201) << put->body;
  EXPECT_EQ(put->get_header_value("ETag"), "\"1\"");
  EXPECT_EQ(srv.index_hook_calls(), 1);
  auto get = c->Get("/api/v1/cases/A-0001");
  ASSERT_EQ(get->status, 200);
  json dossier = Body(get);
  EXPECT_EQ(dossier["case"]["title"], appeal["title"]);
  EXPECT_EQ(dossier["case"]["body"], appeal["body"]);
  EXPECT_EQ(dossier["case"]["kind"], "appeal");
  EXPECT_EQ(dossier["history"]["versions"], 1);

  json reply = {{"kind", "first"},
                {"date", "2021-05-01"},
                {"unit", "区建设管理委"},
                {"text", appeal["reply"]},
                {"result", "solved"}};
  auto added = c->Post("/api/v1/cases/A-0001/replies", reply.dump(), "application/json");
  ASSERT_EQ(added->status, 201) << added->body;
  EXPECT_EQ(Body(added)["case"]["replies"][0]["seq"], 1);
  EXPECT_EQ(added->get_header_value("ETag"), "\"2\"");
  auto history = c->Get("/api/v1/cases/A-0001/history");
  ASSERT_EQ(history->status, 200);
  EXPECT_EQ(Body(history)["versions"].size(), 2u);
}

TEST(ApiHttpTest, WritesPatchAndEntries) {
  ApiTestServer srv(/*with_keys=*/false);
  auto c = srv.Client();
  ASSERT_EQ(
      PutJson(*c, "/api/v1/cases/W-1", MinimalCaseJson("W-1", "关于增设公交站点的建议"))->status,
      201);
  auto same = PutJson(*c, "/api/v1/cases/W-1", MinimalCaseJson("W-1", "关于增设公交站点的建议"));
  EXPECT_EQ(same->status, 200);
  // A status no reply supports is refused; a reply moves the case on and
  // gives it its result.
  auto refused = c->Patch("/api/v1/cases/W-1", json({{"status", "replied"}}).dump(),
                          "application/merge-patch+json");
  EXPECT_EQ(refused->status, 409) << refused->body;
  json reply = {{"date", "2021-05-20"},
                {"unit", "区建设管理委"},
                {"result", "已经解决"},
                {"text", "已增设站点。"}};
  auto replied = c->Post("/api/v1/cases/W-1/replies", reply.dump(), "application/json");
  ASSERT_EQ(replied->status, 201) << replied->body;
  EXPECT_EQ(Body(replied)["case"]["result"], "solved");
  EXPECT_EQ(Body(replied)["case"]["status"], "replied");
  EXPECT_EQ(Body(replied)["case"]["replies"][0]["kind"], "first");
  auto patch = c->Patch("/api/v1/cases/W-1", json({{"tags", {"交通"}}}).dump(),
                        "application/merge-patch+json");
  ASSERT_EQ(patch->status, 200) << patch->body;
  EXPECT_EQ(Body(patch)["case"]["title"], "关于增设公交站点的建议");
  json feedback = {{"date", "2021-06-01"}, {"from", "提出人"}, {"satisfaction", "不满意"}};
  EXPECT_EQ(c->Post("/api/v1/cases/W-1/feedback", feedback.dump(), "application/json")->status,
            201);
  json review = {{"date", "2021-07-01"}, {"kind", "look_back"}, {"outcome", "confirmed"}};
  EXPECT_EQ(c->Post("/api/v1/cases/W-1/reviews", review.dump(), "application/json")->status, 201);
  json consult = {{"date", "2021-04-01"}, {"form", "meeting"}, {"participants", {"代表"}}};
  EXPECT_EQ(c->Post("/api/v1/cases/W-1/consultations", consult.dump(), "application/json")->status,
            201);
  json bad = {{"date", "2021-13-45"}, {"satisfaction", "satisfied"}};
  auto rejected = c->Post("/api/v1/cases/W-1/feedback", bad.dump(), "application/json");
  EXPECT_EQ(rejected->status, 400);
  EXPECT_NE(rejected->body.find("feedback[1]"), std::string::npos) << rejected->body;
  auto get = c->Get("/api/v1/cases/W-1");
  EXPECT_EQ(get->get_header_value("ETag"), "\"6\"");
}

TEST(ApiHttpTest, BulkImportSetsBadCasesAside) {
  ApiTestServer srv(/*with_keys=*/false);
  auto c = srv.Client();
  std::string lines = MinimalCaseJson("B-1", "关于夜间施工扰民的建议").dump() + "\n" +
                      "{\"id\": \"B-2\", \"year\": \"十二\"}\n\n" +
                      MinimalCaseJson("B-3", "关于小区充电桩的建议").dump() + "\n" + "{oops\n";
  auto r = c->Post("/api/v1/cases", lines, "application/x-ndjson");
  ASSERT_EQ(r->status, 200) << r->body;
  json j = Body(r);
  EXPECT_EQ(j["added"], 2);
  ASSERT_EQ(j["rejected"].size(), 2u);
  EXPECT_EQ(j["rejected"][0]["line"], 2);
  EXPECT_NE(j["rejected"][0]["message"].get<std::string>().find("year"), std::string::npos);
  EXPECT_EQ(j["rejected"][1]["line"], 5);
  EXPECT_EQ(srv.store().CaseCount(), 2u);
  json array = json::array({MinimalCaseJson("B-1", "关于夜间施工扰民的建议"),
                            MinimalCaseJson("B-4", "关于社区食堂的建议")});
  r = c->Post("/api/v1/cases", array.dump(), "application/json");
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(Body(r)["added"], 1);
  EXPECT_EQ(Body(r)["unchanged"], 1);
  EXPECT_EQ(c->Post("/api/v1/cases", "{oops\n", "application/x-ndjson")->status, 400);
  // One id twice in a request: the second record is set aside, naming the first.
  std::string twice = MinimalCaseJson("B-5", "关于甲的建议").dump() + "\n" +
                      MinimalCaseJson("B-5", "关于乙的建议").dump() + "\n" +
                      MinimalCaseJson("B-5", "关于甲的建议").dump() + "\n";
  r = c->Post("/api/v1/cases", twice, "application/x-ndjson");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Body(r)["added"], 1);
  EXPECT_EQ(Body(r)["unchanged"], 1);  // The identical repeat.
  ASSERT_EQ(Body(r)["rejected"].size(), 1u) << r->body;
  EXPECT_EQ(Body(r)["rejected"][0]["line"], 2);
  EXPECT_NE(r->body.find("already read at line 1"), std::string::npos) << r->body;
  EXPECT_EQ(Body(c->Get("/api/v1/cases/B-5"))["case"]["title"], "关于甲的建议");
  // A record breaking a rule is stored and listed once: sent again unchanged,
  // it is not listed again.
  json exception = MinimalCaseJson("B-6", "关于丙的建议");
  exception.erase("commitment_due");
  for (int expected : {1, 0}) {
    r = c->Post("/api/v1/cases", exception.dump() + "\n", "application/x-ndjson");
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(Body(r)["rule_exceptions"]["cases"], expected) << r->body;
  }
  std::string too_many;
  for (int i = 0; i < 10001; ++i) too_many += "{}\n";
  EXPECT_EQ(c->Post("/api/v1/cases", too_many, "application/x-ndjson")->status, 413);
}

TEST(ApiHttpTest, WritesAreSearchableOnReturn) {
  SKIP_WITHOUT_CORPUS();
  std::vector<std::string> lines = ReadLines(CorpusFile("appeals-with-replies.jsonl"), 3);
  ASSERT_EQ(lines.size(), 3u);
  ApiTestServer srv(/*with_keys=*/false);
  auto c = srv.Client();
  std::vector<json> appeals;
  for (size_t i = 0; i < lines.size(); ++i) {
    appeals.push_back(json::parse(lines[i]));
    json doc = MinimalCaseJson("S-" + std::to_string(i), appeals[i]["title"].get<std::string>());
    doc["body"] = appeals[i]["body"];
    doc["year"] = appeals[i]["year"];
    ASSERT_EQ(
        c->Put(("/api/v1/cases/S-" + std::to_string(i)).c_str(), doc.dump(), "application/json")
            ->status,
        201);
  }
  // The first four characters of the first title: found at once.
  std::string piece = FirstChars(appeals[0]["title"], 4);
  httplib::Params params = {{"q", piece}, {"limit", "5"}};
  auto r = c->Get("/api/v1/search", params, httplib::Headers{});
  ASSERT_EQ(r->status, 200) << r->body;
  json found = Body(r);
  ASSERT_GE(found["total"].get<int>(), 1) << piece;
  EXPECT_EQ(found["hits"][0]["id"], "S-0");
  EXPECT_TRUE(found.contains("facets"));
  auto similar = c->Get("/api/v1/cases/S-0/similar?limit=5");
  ASSERT_EQ(similar->status, 200) << similar->body;
  const json similar_body = Body(similar);  // Keep it alive: the loop borrows from it.
  for (const json& hit : similar_body["hits"]) EXPECT_NE(hit["id"], "S-0");
  json text = {{"text", appeals[1]["body"]}, {"title", appeals[1]["title"]}};
  auto by_text = c->Post("/api/v1/similar", text.dump(), "application/json");
  ASSERT_EQ(by_text->status, 200) << by_text->body;
  ASSERT_FALSE(Body(by_text)["hits"].empty());
  EXPECT_EQ(Body(by_text)["hits"][0]["id"], "S-1");
  EXPECT_TRUE(Body(by_text)["hits"][0]["near_duplicate"]);  // The same text: a copy.
  EXPECT_DOUBLE_EQ(Body(by_text)["hits"][0]["similarity"].get<double>(), 1.0);
  EXPECT_TRUE(Body(by_text)["hits"][0].contains("shared_terms"));
  EXPECT_EQ(c->Get("/api/v1/cases/S-0/similar?earlier=2")->status, 400);
  ASSERT_EQ(c->Delete("/api/v1/cases/S-0")->status, 204);
  r = c->Get("/api/v1/search", params, httplib::Headers{});
  const json after_delete = Body(r);
  for (const json& hit : after_delete["hits"]) EXPECT_NE(hit["id"], "S-0");
  json health = Body(c->Get("/healthz"));
  EXPECT_EQ(health["index"]["lag"], 0);
}

TEST(ApiHttpTest, ErrorCodes) {
  api::HttpServerOptions options;
  options.max_body_bytes = 64 << 10;
  ApiTestServer srv(/*with_keys=*/false, options);
  auto c = srv.Client();
  auto r = c->Put("/api/v1/cases/E-1", "{\"id\": \"E-1\", \"title\": ", "application/json");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(ErrorCode(r), "invalid_argument");
  r = PutJson(*c, "/api/v1/cases/E-1", MinimalCaseJson("E-2", "标题"));
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("field 'id'"), std::string::npos);
  r = PutJson(*c, "/api/v1/cases/E-1", json::array());
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(c->Get("/api/v1/cases/E-404")->status, 404);
  EXPECT_EQ(ErrorCode(c->Get("/api/v1/cases/E-404")), "not_found");
  EXPECT_EQ(c->Get("/api/v1/nothing-here")->status, 404);
  r = c->Post("/api/v1/cases/E-1", "{}", "application/json");
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->get_header_value("Allow"), "DELETE, GET, PATCH, PUT");
  std::string big(100 << 10, 'x');
  r = c->Put("/api/v1/cases/E-1", "{\"title\":\"" + big + "\"}", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(ErrorCode(r), "too_large");
  r = c->Get(("/api/v1/search?q=" + std::string(10 << 10, 'a')).c_str());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 414);
  EXPECT_EQ(ErrorCode(r), "uri_too_long");
  r = c->Get("/api/v1/search?q=a&limit=1000");
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("'limit'"), std::string::npos);
  EXPECT_EQ(c->Get("/api/v1/search?q=a&offset=-1")->status, 400);
  for (const char* limit : {"%205", "5%20", "+5", "5.0"}) {  // One way to write a number.
    EXPECT_EQ(c->Get((std::string("/api/v1/search?q=a&limit=") + limit).c_str())->status, 400)
        << limit;
  }
  EXPECT_EQ(c->Get("/api/v1/search?q=a&limit=5")->status, 200);
  EXPECT_EQ(c->Get("/api/v1/search?q=a&sort=random")->status, 400);
  EXPECT_EQ(c->Get("/api/v1/search?q=a&kind=spaceship")->status, 400);
  EXPECT_EQ(c->Post("/api/v1/similar", "{\"title\": \"x\"}", "application/json")->status, 400);
  EXPECT_EQ(c->Get("/api/v1/review/queue?as_of=2021-02-30")->status, 400);
  EXPECT_EQ(c->Get("/api/v1/stats?year=abc")->status, 400);
  EXPECT_EQ(c->Delete("/api/v1/cases/E-404")->status, 404);
}

// A second server on a port one is listening on must fail, not share it
// (SO_REUSEPORT would let both answer, from two data directories).
TEST(ApiHttpTest, ASecondServerOnTheSamePortIsRefused) {
  ApiTestServer srv(/*with_keys=*/false);
  api::HttpServerOptions options;
  options.host = "127.0.0.1";
  options.port = srv.port();
  options.log_line = [](const std::string&) {};
  api::HttpServer second(api::Services{}, api::KeyRing{}, options);
  Status bound = second.Bind();
  EXPECT_FALSE(bound.ok());
  EXPECT_NE(bound.message().find("cannot listen on 127.0.0.1:" + std::to_string(srv.port())),
            std::string::npos)
      << bound.ToString();
}

TEST(ApiHttpTest, PathTraversalInIdsIsRefused) {
  ApiTestServer srv(/*with_keys=*/false);
  auto c = srv.Client();
  for (const char* path :
       {"/api/v1/cases/%2E%2E", "/api/v1/cases/..", "/api/v1/cases/.",
        "/api/v1/cases/..%2F..%2Fetc%2Fpasswd", "/api/v1/cases/..%5C..%5Cwindows",
        "/api/v1/cases/a%00b", "/api/v1/cases/../../etc/passwd", "/api/v1/cases/%E4%B8%AD"}) {
    auto r = c->Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_TRUE(r->status == 400 || r->status == 404) << path << " -> " << r->status;
    auto w = PutJson(*c, path, MinimalCaseJson("x", "标题"));
    ASSERT_TRUE(w) << path;
    EXPECT_TRUE(w->status == 400 || w->status == 404) << path << " -> " << w->status;
  }
  EXPECT_EQ(srv.store().CaseCount(), 0u);
}

}  // namespace
}  // namespace casebook::test

namespace casebook::test {
namespace {

TEST(ApiHttpTest, CrossSiteWritesAreRefusedWithoutKeys) {
  ApiTestServer srv(/*with_keys=*/false);
  auto c = srv.Client();
  const std::string body = MinimalCaseJson("X-1", "关于跨站请求的建议").dump();
  // A page elsewhere can send text/plain without asking first: refused.
  auto plain = c->Post("/api/v1/cases", body, "text/plain");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->status, 415) << plain->body;
  EXPECT_NE(plain->body.find("Content-Type"), std::string::npos);
  httplib::Headers evil = {{"Origin", "http://evil.example"}};
  auto cross = c->Post("/api/v1/cases", evil, body, "application/json");
  EXPECT_EQ(cross->status, 403) << cross->body;
  EXPECT_NE(cross->body.find("Origin"), std::string::npos);
  auto put = c->Put("/api/v1/cases/X-1", evil, body, "application/json");
  EXPECT_EQ(put->status, 403);
  // DNS rebinding: a foreign Host name is refused, reads too.
  httplib::Headers rebound = {{"Host", "evil.example:8080"}};
  EXPECT_EQ(c->Get("/api/v1/stats", rebound)->status, 403);
  EXPECT_EQ(srv.store().CaseCount(), 0u);
  // The server's own page (same origin) writes.
  httplib::Headers own = {{"Origin", "http://127.0.0.1:" + std::to_string(srv.port())}};
  auto ok = c->Put("/api/v1/cases/X-1", own, body, "application/json");
  EXPECT_EQ(ok->status, 201) << ok->body;
  EXPECT_EQ(srv.store().CaseCount(), 1u);
}

}  // namespace
}  // namespace casebook::test

namespace casebook::test {
namespace {

TEST(ApiHttpTest, HostileParametersAndBodiesAreNamed) {
  ApiTestServer srv(/*with_keys=*/false);
  auto c = srv.Client();
  auto backwards = c->Get("/api/v1/search?q=%E5%BB%BA%E8%AE%AE&year=2030..2020");
  EXPECT_EQ(backwards->status, 400) << backwards->body;
  EXPECT_NE(backwards->body.find("backwards"), std::string::npos) << backwards->body;
  auto in_query = c->Get("/api/v1/search?q=year:2030..2020");
  EXPECT_EQ(in_query->status, 400) << in_query->body;
  auto bad_utf8 = c->Get("/api/v1/search?q=%FF");
  EXPECT_EQ(bad_utf8->status, 400) << bad_utf8->body;
  EXPECT_NE(bad_utf8->body.find("parameter 'q'"), std::string::npos) << bad_utf8->body;
  auto empty = c->Put("/api/v1/cases/E-1", "{}", "application/json");
  EXPECT_EQ(empty->status, 400) << empty->body;
  EXPECT_NE(empty->body.find("empty case"), std::string::npos);
  EXPECT_EQ(srv.store().CaseCount(), 0u);
}

TEST(ApiHttpTest, BulkImportSetsAsideStaleExports) {
  ApiTestServer srv(/*with_keys=*/false);
  auto c = srv.Client();
  ASSERT_EQ(c->Put("/api/v1/cases/S-1", MinimalCaseJson("S-1", "关于旧版本的建议").dump(),
                   "application/json")
                ->status,
            201);
  json exported = Body(c->Get("/api/v1/cases/S-1"))["case"];  // Version 1.
  ASSERT_EQ(c->Patch("/api/v1/cases/S-1", json({{"tags", {"已复核"}}}).dump(), "application/json")
                ->status,
            200);  // Now version 2.
  exported["title"] = "关于旧版本的建议（旧稿）";
  auto r = c->Post("/api/v1/cases", exported.dump() + "\n", "application/x-ndjson");
  ASSERT_TRUE(r);
  json body = Body(r);
  ASSERT_EQ(body["rejected"].size(), 1u) << r->body;
  EXPECT_NE(body["rejected"][0]["message"].get<std::string>().find("version 2"), std::string::npos);
  EXPECT_EQ(Body(c->Get("/api/v1/cases/S-1"))["case"]["title"], "关于旧版本的建议");
  // Without its version the record replaces the case, as an import does.
  exported.erase("version");
  EXPECT_EQ(
      Body(c->Post("/api/v1/cases", exported.dump() + "\n", "application/x-ndjson"))["updated"], 1);
}

}  // namespace
}  // namespace casebook::test
