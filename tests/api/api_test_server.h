// A real Casebook HTTP server on a free loopback port over a fresh store, for
// the API tests, and small helpers to build cases and call it.
#ifndef CASEBOOK_TESTS_API_API_TEST_SERVER_H_
#define CASEBOOK_TESTS_API_API_TEST_SERVER_H_

#include <httplib.h>

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "api/http/http_server.h"
#include "search/search_index.h"
#include "search/searcher.h"
#include "store/case_store.h"
#include "test_util.h"

namespace casebook::test {

// Tokens of the keys the keyed server accepts.
inline constexpr char kReadToken[] = "read-token-0123456789";
inline constexpr char kWriteToken[] = "write-token-0123456789";
inline constexpr char kAdminToken[] = "admin-token-0123456789";

// Starts the server in a thread on construction (port 0), stops it on
// destruction, over a fresh store and search index (the index hook counts
// its calls). With `with_keys`, three keys (reader/writer/admin) are loaded.
class ApiTestServer {
 public:
  explicit ApiTestServer(bool with_keys, api::HttpServerOptions options = {});
  ~ApiTestServer();

  CaseStore& store() { return *store_; }
  api::HttpServer& server() { return *server_; }
  int port() const { return server_->port(); }
  // A client for this server; `token` (may be null) goes in X-API-Key.
  std::unique_ptr<httplib::Client> Client(const char* token = nullptr) const;
  // Stops the server and waits for Run to return.
  void Stop();
  // Log lines the server wrote so far.
  std::vector<std::string> LogLines();
  // Counts of index-hook calls (the hook is wired to count).
  int index_hook_calls() const { return hook_calls_; }

 private:
  ScopedTempDir dir_;
  std::unique_ptr<CaseStore> store_;
  std::unique_ptr<search::SearchIndex> index_;
  std::unique_ptr<search::Searcher> searcher_;
  std::unique_ptr<api::HttpServer> server_;
  std::thread runner_;
  std::mutex log_mu_;
  std::vector<std::string> log_;
  std::atomic<int> hook_calls_{0};
};

// A minimal valid case JSON with the given id and title.
nlohmann::json MinimalCaseJson(const std::string& id, const std::string& title);

}  // namespace casebook::test

#endif  // CASEBOOK_TESTS_API_API_TEST_SERVER_H_
