// HttpServer: the cpp-httplib adapter. It owns the socket, the worker pool,
// the keys, the metrics and the request log; routing, auth, limits and the
// handlers' calls happen in Handle(), which knows nothing of httplib.
#ifndef CASEBOOK_API_HTTP_HTTP_SERVER_H_
#define CASEBOOK_API_HTTP_HTTP_SERVER_H_

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/http/api_keys.h"
#include "api/http/api_types.h"
#include "api/http/http_metrics.h"
#include "api/http/route_table.h"
#include "api/http/services.h"
#include "store/status.h"

namespace httplib {
class Server;
}

namespace casebook::api {

class Connection;
class GatedServer;

// Settings of the server; every field has a working default.
struct HttpServerOptions {
  std::string host = "127.0.0.1";  // Address to bind; non-loopback needs keys.
  int port = 8080;                 // 0 = any free port (see HttpServer::port()).
  int threads = 64;                // Worker threads = connections served at once.
  size_t max_backlog = 512;        // Connections waiting for a worker before 429s.
  // The kernel's queue of connections not yet accepted (Debian's httplib
  // listens with 5, which drops connections opened in a burst).
  int listen_backlog = 1024;
  size_t max_body_bytes = 8 << 20;          // Larger request bodies -> 413.
  size_t max_query_bytes = 4096;            // Longer query strings -> 414.
  int read_timeout_sec = 10;                // A request body that stalls this long is dropped.
  int header_timeout_sec = 10;              // A request's headers must arrive within this (408).
  size_t max_connections_per_client = 256;  // Idle/arriving connections per address (503).
  size_t max_waiting_connections = 8192;    // Idle/arriving connections in all (503).
  // A worker that answered a request waits this long for the connection's
  // next one before leaving it with the header gate (a busy client's next
  // request usually comes within it; an idle one then holds no worker).
  int linger_ms = 10;
  int write_timeout_sec = 10;           // A client that reads nothing this long is dropped.
  int keep_alive_timeout_sec = 5;       // Idle keep-alive connections close after this.
  int keep_alive_max_requests = 10000;  // Requests on one connection before it closes.
  // Where request log lines go (one call per line, no newline); null = stderr.
  std::function<void(const std::string&)> log_line;
};

// What Handle learnt about a request, for the log and the metrics.
struct RequestTrace {
  std::string route = "unmatched";  // The route label, e.g. "GET /api/v1/cases/{id}".
  std::string caller;               // Key name, "anonymous", or "" when not authenticated.
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopbackHost(const std::string& host);

// Thread safety: Bind/Run from one thread; Stop, port, IsRunning and Handle
// from any thread.
class HttpServer {
 public:
  // `services.store` must outlive the server. An empty key ring means no
  // keys: every caller may read and write, and Bind refuses non-loopback.
  HttpServer(Services services, KeyRing keys, HttpServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the listening socket (prints one warning when running without
  // keys). Errors: FailedPrecondition (non-loopback address without keys),
  // IOError (the address is taken or invalid).
  Status Bind();
  // The bound port (after Bind).
  int port() const { return port_; }
  // Serves until Stop(); returns after requests in flight have finished.
  // Errors: FailedPrecondition when not bound.
  Status Run();
  // Stops accepting; Run returns once in-flight requests are done. Idempotent.
  void Stop();
  bool IsRunning() const;

  // Handles one decoded request: query limit, routing (404/405), keys
  // (401/403), the handler (500 if it throws). `raw_query_bytes` is the
  // length of the query string as received. `trace` may be null.
  ApiResponse Handle(ApiRequest req, size_t raw_query_bytes, RequestTrace* trace) const;

  const HttpMetrics& metrics() const { return metrics_; }
  // Connections waiting in the header gate for their next request.
  size_t waiting_connections() const;

 private:
  void Install();
  // Authenticates `req` for `route`; nullopt when allowed (caller/scope set).
  // Refuses writes without a JSON Content-Type (415); without keys, also any
  // request whose Host is not a loopback name and writes whose Origin is
  // not this server (403). Null when the request may go on.
  std::optional<ApiResponse> RefuseCrossSite(const ApiRequest& req) const;
  std::optional<ApiResponse> Authorize(const Route& route, ApiRequest* req) const;
  void Emit(const std::string& line) const;
  // Writes a short error answer on a connection the header gate closes
  // (400, 408, 503), counts and logs it.
  void RefuseConnection(Connection& conn, int status, const std::string& code,
                        const std::string& message);

  Services services_;
  KeyRing keys_;
  HttpServerOptions options_;
  std::vector<Route> routes_;
  HttpMetrics metrics_;
  std::unique_ptr<GatedServer> server_;
  int port_ = -1;
  int listen_socket_ = -1;  // The listening socket, seen in httplib's socket-options hook.
  std::atomic<bool> stop_requested_{false};
  std::atomic<int> run_state_{0};  // 0 not started, 1 in Run, 2 Run returned.
};

}  // namespace casebook::api

#endif  // CASEBOOK_API_HTTP_HTTP_SERVER_H_
