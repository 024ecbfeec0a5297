#include "api_test_server.h"

#include <chrono>

#include "api/review_store_options.h"

namespace casebook::test {

ApiTestServer::ApiTestServer(bool with_keys, api::HttpServerOptions options) {
  auto store = CaseStore::Open(dir_ / "store", test::ReviewStoreOptions());
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  store_ = std::move(*store);
  auto index = search::SearchIndex::Open(dir_ / "index");
  EXPECT_TRUE(index.ok()) << index.status().ToString();
  index_ = std::move(*index);
  auto searcher = search::Searcher::Open(dir_ / "index", store_.get());
  EXPECT_TRUE(searcher.ok()) << searcher.status().ToString();
  searcher_ = std::move(*searcher);
  api::Services services;
  services.store = store_.get();
  services.searcher = searcher_.get();
  services.bring_index_level = [this] {
    ++hook_calls_;
    return index_->CatchUp(*store_).status();
  };
  services.indexed_sequence = [this] { return index_->AppliedSequence(); };
  api::KeyRing keys;
  if (with_keys) {
    std::string text = std::string("reader read ") + kReadToken + "\nwriter write " + kWriteToken +
                       "\n# comment\nboss admin " + kAdminToken + "\n";
    auto parsed = api::KeyRing::Parse(text, "test-keys");
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    keys = std::move(*parsed);
  }
  options.host = "127.0.0.1";
  options.port = 0;
  if (options.keep_alive_timeout_sec == 5) options.keep_alive_timeout_sec = 1;
  options.log_line = [this](const std::string& line) {
    std::lock_guard<std::mutex> lock(log_mu_);
    log_.push_back(line);
  };
  server_ = std::make_unique<api::HttpServer>(services, std::move(keys), options);
  Status bound = server_->Bind();
  EXPECT_TRUE(bound.ok()) << bound.ToString();
  runner_ = std::thread([this] { server_->Run(); });
  for (int i = 0; i < 400 && !server_->IsRunning(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

ApiTestServer::~ApiTestServer() { Stop(); }

void ApiTestServer::Stop() {
  server_->Stop();
  if (runner_.joinable()) runner_.join();
}

std::unique_ptr<httplib::Client> ApiTestServer::Client(const char* token) const {
  auto c = std::make_unique<httplib::Client>("127.0.0.1", port());
  c->set_connection_timeout(5, 0);
  c->set_read_timeout(10, 0);
  if (token != nullptr) c->set_default_headers({{"X-API-Key", token}});
  return c;
}

std::vector<std::string> ApiTestServer::LogLines() {
  std::lock_guard<std::mutex> lock(log_mu_);
  return log_;
}

nlohmann::json MinimalCaseJson(const std::string& id, const std::string& title) {
  return {{"id", id},
          {"kind", "deputy_suggestion"},
          {"year", 2021},
          {"title", title},
          {"body", title + "。"},
          {"role", "lead"},
          {"result", "solving"},
          {"commitment_due", "2021-12-31"},  // 正在解决 needs one (the countdown).
          {"units", {{"lead", {"区建设管理委"}}}}};
}

}  // namespace casebook::test
