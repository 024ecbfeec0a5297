// The server under concurrent writers (ETags), a stop while requests run,
// metrics and the request log (load shedding and slow clients:
// slow_client_test.cc).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "api/review_store_options.h"
#include "api_test_server.h"

namespace casebook::test {
namespace {

using nlohmann::json;

TEST(ApiConcurrencyTest, ConcurrentWritersWithIfMatchOneWins) {
  ApiTestServer srv(/*with_keys=*/false);
  auto setup = srv.Client();
  for (int round = 0; round < 5; ++round) {
    std::string id = "C-" + std::to_string(round);
    std::string path = "/api/v1/cases/" + id;
    auto created = setup->Put(path.c_str(), MinimalCaseJson(id, "关于优化垃圾分类的建议").dump(),
                              "application/json");
    ASSERT_EQ(created->status, 201);
    std::string etag = created->get_header_value("ETag");
    std::atomic<int> ok{0}, refused{0}, other{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < 2; ++w) {
      writers.emplace_back([&, w] {
        auto c = srv.Client();
        json doc = MinimalCaseJson(id, "关于优化垃圾分类的建议");
        doc["session"] = "writer " + std::to_string(w);
        auto r = c->Put(path.c_str(), {{"If-Match", etag}}, doc.dump(), "application/json");
        if (r && r->status == 200)
          ++ok;
        else if (r && (r->status == 412 || r->status == 409))
          ++refused;
        else
          ++other;
      });
    }
    for (auto& t : writers) t.join();
    EXPECT_EQ(ok, 1) << "round " << round;
    EXPECT_EQ(refused, 1) << "round " << round;
    EXPECT_EQ(other, 0);
  }
  auto stale = setup->Put("/api/v1/cases/C-0", {{"If-Match", "\"1\""}},
                          MinimalCaseJson("C-0", "标题").dump(), "application/json");
  EXPECT_EQ(stale->status, 412);
  auto none = setup->Put("/api/v1/cases/C-0", {{"If-None-Match", "*"}},
                         MinimalCaseJson("C-0", "标题").dump(), "application/json");
  EXPECT_EQ(none->status, 412);
  auto stale_delete = setup->Delete("/api/v1/cases/C-0", {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale_delete->status, 412);
  auto bad_etag =
      setup->Patch("/api/v1/cases/C-0", {{"If-Match", "abc"}}, "{}", "application/json");
  EXPECT_EQ(bad_etag->status, 400);
}

TEST(ApiConcurrencyTest, ConcurrentPatchesWithoutIfMatchAllLand) {
  ApiTestServer srv(/*with_keys=*/false);
  auto c = srv.Client();
  ASSERT_EQ(c->Put("/api/v1/cases/P-1", MinimalCaseJson("P-1", "关于路灯维修的建议").dump(),
                   "application/json")
                ->status,
            201);
  std::vector<std::thread> writers;
  std::atomic<int> created{0};
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      auto wc = srv.Client();
      json review = {{"date", "2021-0" + std::to_string(w + 1) + "-01"}, {"kind", "inspection"}};
      auto r = wc->Post("/api/v1/cases/P-1/reviews", review.dump(), "application/json");
      if (r && r->status == 201) ++created;
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(created, 4);
  auto stored = srv.store().Get("P-1");
  ASSERT_OK(stored);
  EXPECT_EQ(stored->reviews.size(), 4u);
  EXPECT_EQ(stored->version, 5);
}

TEST(ApiConcurrencyTest, StopWhileRequestsRunFinishesThem) {
  ApiTestServer srv(/*with_keys=*/false);
  auto setup = srv.Client();
  ASSERT_EQ(setup
                ->Put("/api/v1/cases/S-1", MinimalCaseJson("S-1", "关于河道治理的建议").dump(),
                      "application/json")
                ->status,
            201);
  std::atomic<bool> go{true};
  std::atomic<int> served{0}, bad{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 6; ++i) {
    clients.emplace_back([&, i] {
      auto c = srv.Client();
      while (go) {
        auto r = (i % 2) ? c->Get("/api/v1/cases/S-1")
                         : c->Post("/api/v1/cases/S-1/reviews",
                                   json({{"date", "2021-01-01"}}).dump(), "application/json");
        if (!r) break;  // The server stopped accepting: expected.
        if (r->status == 200 || r->status == 201)
          ++served;
        else
          ++bad;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto started = std::chrono::steady_clock::now();
  srv.Stop();
  double stop_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  go = false;
  for (auto& t : clients) t.join();
  EXPECT_GT(served, 10);
  EXPECT_EQ(bad, 0);
  EXPECT_LT(stop_seconds, 5.0);
  EXPECT_FALSE(srv.server().IsRunning());
  // Every acknowledged review is stored: the store is whole after the stop.
  auto stored = srv.store().Get("S-1");
  ASSERT_OK(stored);
  EXPECT_EQ(static_cast<int64_t>(stored->reviews.size()) + 1, stored->version);
}

TEST(ApiConcurrencyTest, MetricsAndOneLogLinePerRequest) {
  ApiTestServer srv(/*with_keys=*/false);
  auto c = srv.Client();
  c->Put("/api/v1/cases/M-1", MinimalCaseJson("M-1", "关于公园开放时间的建议").dump(),
         "application/json");
  c->Get("/api/v1/cases/M-1");
  c->Get("/api/v1/cases/M-404");
  c->Get("/api/v1/review/queue?as_of=2021-01-01&api_key=hunter2-secret");
  auto m = c->Get("/metrics");
  ASSERT_EQ(m->status, 200);
  const std::string& text = m->body;
  EXPECT_NE(
      text.find("casebook_http_requests_total{route=\"GET /api/v1/cases/{id}\",code=\"200\"} 1"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find("casebook_http_requests_total{route=\"GET /api/v1/cases/{id}\",code=\"404\"} 1"),
      std::string::npos);
  EXPECT_NE(text.find("casebook_http_request_duration_seconds_bucket{route=\"PUT "
                      "/api/v1/cases/{id}\",le=\"+Inf\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("casebook_cases 1\n"), std::string::npos);
  std::vector<std::string> lines = srv.LogLines();
  ASSERT_EQ(lines.size(), 1u + 5u);  // The no-keys warning, then one per request.
  EXPECT_NE(lines[0].find("warning"), std::string::npos);
  EXPECT_NE(lines[3].find("GET /api/v1/cases/M-404 404"), std::string::npos) << lines[3];
  EXPECT_NE(lines[4].find("api_key=REDACTED"), std::string::npos) << lines[4];
  EXPECT_EQ(lines[4].find("hunter2"), std::string::npos);
  EXPECT_NE(lines[5].find("GET /metrics 200"), std::string::npos) << lines[5];
}

TEST(ApiConcurrencyTest, RefusesNonLoopbackWithoutKeys) {
  ScopedTempDir dir;
  auto store = CaseStore::Open(dir / "store", test::ReviewStoreOptions());
  ASSERT_OK(store);
  api::Services services;
  services.store = store->get();
  api::HttpServerOptions options;
  options.host = "0.0.0.0";
  options.port = 0;
  options.log_line = [](const std::string&) {};
  api::HttpServer server(services, api::KeyRing(), options);
  Status bound = server.Bind();
  EXPECT_EQ(bound.code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(bound.message().find("without API keys"), std::string::npos);
}

}  // namespace
}  // namespace casebook::test

namespace casebook::test {
namespace {

// Searches while cases are written never answer 5xx: the searcher reopens
// and retries when the index moves on under it.
TEST(ApiConcurrencyTest, SearchesWhileWritingNeverFail) {
  ApiTestServer srv(/*with_keys=*/false);
  {
    auto c = srv.Client();
    for (int i = 0; i < 40; ++i) {
      const std::string id = "C-" + std::to_string(i);
      ASSERT_EQ(c->Put("/api/v1/cases/" + id, MinimalCaseJson(id, "关于加装电梯的建议").dump(),
                       "application/json")
                    ->status,
                201);
    }
  }
  std::atomic<bool> go{true};
  std::atomic<int> searches{0}, writes{0}, server_errors{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < 3; ++w) {
    threads.emplace_back([&, w] {
      auto c = srv.Client();
      for (int n = 0; go; ++n) {
        const std::string id = "W" + std::to_string(w) + "-" + std::to_string(n % 25);
        auto r =
            c->Put("/api/v1/cases/" + id,
                   MinimalCaseJson(id, "关于电梯维保第" + std::to_string(n) + "次的建议").dump(),
                   "application/json");
        if (!r || r->status >= 500) ++server_errors;
        ++writes;
      }
    });
  }
  for (int s = 0; s < 3; ++s) {
    threads.emplace_back([&] {
      auto c = srv.Client();
      const char* queries[] = {"/api/v1/search?q=%E7%94%B5%E6%A2%AF",                    // 电梯
                               "/api/v1/search?q=%E5%BB%BA%E8%AE%AE&sort=newest",        // 建议
                               "/api/v1/search?q=%E7%BB%B4%E4%BF%9D&facets=0&limit=5"};  // 维保
      for (int n = 0; go; ++n) {
        auto r = c->Get(queries[n % 3]);
        if (!r || r->status >= 500) ++server_errors;
        ++searches;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(3));
  go = false;
  for (auto& t : threads) t.join();
  EXPECT_EQ(server_errors, 0) << searches << " searches, " << writes << " writes";
  EXPECT_GT(searches, 30);
  EXPECT_GT(writes, 30);
}

}  // namespace
}  // namespace casebook::test
