#include "api/http/http_server.h"

#include <httplib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <thread>

#include "api/http/bounded_task_queue.h"
#include "api/http/connection.h"
#include "api/http/gated_server.h"
#include "store/utf8.h"

namespace casebook::api {
namespace {

// Set by Dispatch for the request the current worker thread is answering, so
// the httplib logger can tell apart the responses httplib made itself (413,
// 414, 400 on a bad request line) and count those.
thread_local bool t_dispatched = false;

const char* ErrorCodeForStatus(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 413:
      return "too_large";
    case 414:
      return "uri_too_long";
    case 429:
      return "too_many_requests";
    default:
      return status >= 500 ? "internal" : "error";
  }
}

// The query string with the values of secret-looking parameters replaced.
std::string RedactedQuery(const std::string& target) {
  size_t q = target.find('?');
  if (q == std::string::npos) return "";
  std::string query = target.substr(q + 1), out;
  size_t start = 0;
  while (start <= query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string::npos) amp = query.size();
    std::string pair = query.substr(start, amp - start);
    size_t eq = pair.find('=');
    std::string name = pair.substr(0, eq);
    for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    bool secret = name.find("key") != std::string::npos ||
                  name.find("token") != std::string::npos ||
                  name.find("pass") != std::string::npos || name == "auth";
    if (secret && eq != std::string::npos) pair = pair.substr(0, eq + 1) + "REDACTED";
    out += (out.empty() ? "?" : "&") + pair;
    start = amp + 1;
  }
  return out.size() > 300 ? out.substr(0, 300) + "...(" + std::to_string(out.size()) + " bytes)"
                          : out;
}

std::string UtcNow() {
  char when[32];
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return when;
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 408:
      return "Request Timeout";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

std::string LogLine(const httplib::Request& req, int status, double ms, const std::string& caller) {
  const std::string when = UtcNow();
  size_t q = req.target.find('?');
  std::string path = req.target.substr(0, q);
  if (path.size() > 300) path = path.substr(0, 300) + "...";
  char figures[64];
  std::snprintf(figures, sizeof(figures), " %d %.2fms", status, ms);
  return when + " " + req.method + " " + path + RedactedQuery(req.target) + figures +
         (caller.empty() ? "" : " caller=" + caller);
}

ApiRequest ToApiRequest(const httplib::Request& req) {
  ApiRequest r;
  r.method = req.method;
  r.path = req.path;
  for (const auto& [name, value] : req.params) r.query.emplace(name, value);
  for (const auto& [name, value] : req.headers) {
    std::string lower;
    for (char ch : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    r.headers[lower] = value;
  }
  r.body = req.body;
  return r;
}

void WriteResponse(const ApiResponse& a, httplib::Response* res) {
  res->status = a.status;
  for (const auto& [name, value] : a.headers) res->set_header(name.c_str(), value);
  if (!a.content_type.empty()) res->set_content(a.body, a.content_type.c_str());
}

// "example.org:8080" of "https://example.org:8080/path"; "" when not a URL.
std::string HostOfOrigin(const std::string& origin) {
  const size_t scheme = origin.find("://");
  if (scheme == std::string::npos) return "";
  const size_t start = scheme + 3;
  const size_t end = origin.find('/', start);
  return origin.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The host name of a Host header value ("127.0.0.1:8080" -> "127.0.0.1",
// "[::1]:8080" -> "::1").
std::string HostName(const std::string& host) {
  if (!host.empty() && host.front() == '[') {
    const size_t close = host.find(']');
    return close == std::string::npos ? host : host.substr(1, close - 1);
  }
  const size_t colon = host.find(':');
  return colon == std::string::npos ? host : host.substr(0, colon);
}

bool IsWrite(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// Writes carry JSON: a page on another site can send a "simple" cross-site
// POST (text/plain, form data) without asking first, never application/json.
bool JsonContentType(const std::string& type) {
  const std::string media = type.substr(0, type.find(';'));
  return media == "application/json" || media == "application/merge-patch+json" ||
         media == "application/x-ndjson";
}

}  // namespace

bool IsLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

HttpServer::HttpServer(Services services, KeyRing keys, HttpServerOptions options)
    : services_(std::move(services)),
      keys_(std::move(keys)),
      options_(std::move(options)),
      routes_(BuildRouteTable()),
      server_(nullptr) {
  services_.metrics = &metrics_;
  GatedServerOptions gated;
  gated.threads = options_.threads > 0 ? static_cast<size_t>(options_.threads) : 1;
  gated.max_backlog = options_.max_backlog;
  gated.read_timeout_ms = options_.read_timeout_sec * 1000;
  gated.write_timeout_ms = options_.write_timeout_sec * 1000;
  gated.keep_alive_max_requests =
      static_cast<size_t>(std::max(1, options_.keep_alive_max_requests));
  gated.gate.header_timeout_ms = options_.header_timeout_sec * 1000;
  gated.gate.idle_timeout_ms = options_.keep_alive_timeout_sec * 1000;
  gated.gate.max_per_client = options_.max_connections_per_client;
  gated.gate.max_waiting = options_.max_waiting_connections;
  gated.linger_ms = options_.linger_ms;
  server_ = std::make_unique<GatedServer>(
      gated, [this](Connection& conn, int status, const std::string& code,
                    const std::string& message) { RefuseConnection(conn, status, code, message); });
  Install();
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Emit(const std::string& line) const {
  if (options_.log_line) {
    options_.log_line(line);
    return;
  }
  std::string with_newline = line + "\n";
  ssize_t ignored = ::write(STDERR_FILENO, with_newline.data(), with_newline.size());
  (void)ignored;
}

std::optional<ApiResponse> HttpServer::RefuseCrossSite(const ApiRequest& req) const {
  if (IsWrite(req.method) && req.method != "DELETE" &&
      !JsonContentType(req.Header("Content-Type"))) {
    return ApiResponse::Error(415, "unsupported_media_type",
                              "header 'Content-Type': writes take application/json "
                              "(application/x-ndjson for a bulk import), got '" +
                                  req.Header("Content-Type").substr(0, 60) + "'");
  }
  if (!keys_.empty()) return std::nullopt;  // Keys decide who may do what.
  // Without keys the server trusts loopback callers: refuse what a web page
  // elsewhere can make a clerk's browser send (DNS rebinding, cross-site).
  const std::string host = req.Header("Host");
  if (!host.empty() && !IsLoopbackHost(HostName(host))) {
    return ApiResponse::Error(403, "forbidden",
                              "header 'Host': '" + host.substr(0, 60) +
                                  "' is not this server (without keys it answers loopback "
                                  "names only)");
  }
  const std::string origin = req.Header("Origin");
  if (IsWrite(req.method) && !origin.empty() && HostOfOrigin(origin) != host) {
    return ApiResponse::Error(403, "forbidden",
                              "header 'Origin': a write from '" + origin.substr(0, 60) +
                                  "' is not from this server's own pages");
  }
  return std::nullopt;
}

std::optional<ApiResponse> HttpServer::Authorize(const Route& route, ApiRequest* req) const {
  if (keys_.empty()) {  // Loopback only (Bind refuses otherwise): read-write for all.
    req->caller = "anonymous";
    req->scope = Scope::kWrite;
    return std::nullopt;
  }
  std::string token = TokenFromHeaders(req->Header("Authorization"), req->Header("X-API-Key"));
  const ApiKey* key = token.empty() ? nullptr : keys_.Find(token);
  if (key != nullptr) {
    req->caller = key->name;
    req->scope = key->scope;
  }
  if (route.scope == Scope::kNone) return std::nullopt;
  if (key == nullptr) {
    ApiResponse r = ApiResponse::Error(
        401, "unauthorized",
        token.empty() ? "an API key is required (Authorization: Bearer <key> or X-API-Key)"
                      : "unknown API key");
    r.headers["WWW-Authenticate"] = "Bearer realm=\"casebook\"";
    return r;
  }
  if (key->scope < route.scope) {
    return ApiResponse::Error(403, "forbidden",
                              "key '" + key->name + "' has scope " + ScopeName(key->scope) + "; " +
                                  route.Label() + " needs " + ScopeName(route.scope));
  }
  return std::nullopt;
}

ApiResponse HttpServer::Handle(ApiRequest req, size_t raw_query_bytes, RequestTrace* trace) const {
  RequestTrace local;
  if (trace == nullptr) trace = &local;
  if (raw_query_bytes > options_.max_query_bytes) {
    return ApiResponse::Error(414, "uri_too_long",
                              "query string of " + std::to_string(raw_query_bytes) +
                                  " bytes; the limit is " +
                                  std::to_string(options_.max_query_bytes));
  }
  RouteMatch m = MatchRoute(routes_, req.method, req.path);
  if (m.route == nullptr) {
    if (!m.path_known) return ApiResponse::Error(404, "not_found", "no route for this path");
    ApiResponse r = ApiResponse::Error(405, "method_not_allowed",
                                       req.method + " not allowed here; allowed: " + m.allowed);
    r.headers["Allow"] = m.allowed;
    return r;
  }
  trace->route = m.route->Label();
  req.path_params = std::move(m.path_params);
  for (const auto& [name, value] : req.query) {
    const auto& known = m.route->query_params;
    if (std::none_of(known.begin(), known.end(),
                     [&](const ParamDoc& p) { return p.name == name; })) {
      std::string names;
      for (const ParamDoc& p : known) names += (names.empty() ? "" : ", ") + p.name;
      return ApiResponse::Error(
          400, "invalid_argument",
          "parameter '" + name.substr(0, 40) + "': not known for " + m.route->Label() +
              (names.empty() ? " (it takes none)" : " (known: " + names + ")"));
    }
    const size_t bad = FirstInvalidUtf8(value);
    if (bad != std::string_view::npos) {
      return ApiResponse::Error(
          400, "invalid_argument",
          "parameter '" + name.substr(0, 40) + "': invalid UTF-8 at byte " + std::to_string(bad));
    }
  }
  std::optional<ApiResponse> denied = RefuseCrossSite(req);
  if (!denied) denied = Authorize(*m.route, &req);
  trace->caller = req.caller;
  if (denied) return *denied;
  try {
    return m.route->handler(services_, req);
  } catch (const std::exception& e) {
    return ApiResponse::Error(500, "internal", std::string("unexpected error: ") + e.what());
  } catch (...) {
    return ApiResponse::Error(500, "internal", "unexpected error");
  }
}

void HttpServer::RefuseConnection(Connection& conn, int status, const std::string& code,
                                  const std::string& message) {
  ApiResponse a = ApiResponse::Error(status, code, message);
  conn.WriteNow("HTTP/1.1 " + std::to_string(status) + " " + ReasonPhrase(status) +
                "\r\nContent-Type: " + a.content_type + "\r\nContent-Length: " +
                std::to_string(a.body.size()) + "\r\nConnection: close\r\n\r\n" + a.body);
  metrics_.Record("rejected", status, 0);
  Emit(UtcNow() + " - (connection from " + conn.peer() + ") " + std::to_string(status) + " " +
       code);
}

void HttpServer::Install() {
  httplib::Server& s = *server_;
  s.set_payload_max_length(options_.max_body_bytes);
  // "Expect: 100-continue" with a body over the limit gets 413 at once, so
  // the client does not send it.
  s.set_expect_100_continue_handler(
      [max = options_.max_body_bytes](const httplib::Request& req, httplib::Response& res) {
        const std::string length = req.get_header_value("Content-Length");
        char* end = nullptr;
        const unsigned long long n = std::strtoull(length.c_str(), &end, 10);
        if (!length.empty() && *end == '\0' && n > max) {
          res.status = 413;
          return 413;
        }
        return 100;
      });
  s.set_read_timeout(options_.read_timeout_sec, 0);
  s.set_write_timeout(options_.write_timeout_sec, 0);
  // Keep-alive itself is the gate's (GatedServer); httplib only states these
  // in each answer's Keep-Alive header.
  s.set_keep_alive_timeout(options_.keep_alive_timeout_sec);
  s.set_keep_alive_max_count(static_cast<size_t>(options_.keep_alive_max_requests));
  s.set_tcp_nodelay(true);

  auto dispatch = [this](const httplib::Request& req, httplib::Response& res) {
    auto start = std::chrono::steady_clock::now();
    t_dispatched = true;
    size_t q = req.target.find('?');
    size_t query_bytes = q == std::string::npos ? 0 : req.target.size() - q - 1;
    RequestTrace trace;
    ApiResponse a = Handle(ToApiRequest(req), query_bytes, &trace);
    WriteResponse(a, &res);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    metrics_.Record(trace.route, a.status, seconds);
    Emit(LogLine(req, a.status, seconds * 1000, trace.caller));
  };
  // A connection past the backlog gets 429 before its body is read: a shed
  // client that sends its body slowly must not hold the shed thread.
  s.set_pre_routing_handler([](const httplib::Request&, httplib::Response& res) {
    if (!BoundedTaskQueue::IsShedConnection()) return httplib::Server::HandlerResponse::Unhandled;
    ApiResponse r = ApiResponse::Error(429, "too_many_requests", "server busy; retry shortly");
    r.headers["Retry-After"] = "1";
    WriteResponse(r, &res);
    return httplib::Server::HandlerResponse::Handled;
  });
  const std::string any = ".*";
  s.Get(any, dispatch);
  s.Post(any, dispatch);
  s.Put(any, dispatch);
  s.Patch(any, dispatch);
  s.Delete(any, dispatch);
  s.Options(any, dispatch);

  s.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        std::string message = std::string("HTTP ") + std::to_string(res.status) +
                              (res.status == 413 ? ": request body too large" : "") +
                              (res.status == 414 ? ": request target too long" : "");
        ApiResponse a = ApiResponse::Error(res.status, ErrorCodeForStatus(res.status), message);
        res.set_content(a.body, a.content_type.c_str());
        return httplib::Server::HandlerResponse::Handled;
      }));
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    ApiResponse a = ApiResponse::Error(500, "internal", "unexpected error");
    res.status = 500;
    res.set_content(a.body, a.content_type.c_str());
  });
  s.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    if (t_dispatched) {  // Already counted and logged by dispatch.
      t_dispatched = false;
      return;
    }
    metrics_.Record("rejected", res.status, 0);
    Emit(LogLine(req, res.status, 0, ""));
  });
}

Status HttpServer::Bind() {
  if (keys_.empty()) {
    if (!IsLoopbackHost(options_.host)) {
      return Status::FailedPrecondition("refusing to listen on " + options_.host +
                                        " without API keys: give --keys FILE or listen on "
                                        "127.0.0.1");
    }
    Emit("warning: no API keys; serving read-write to loopback callers only");
  }
  // SO_REUSEADDR only: httplib's defaults add SO_REUSEPORT, with which a
  // second `casebook serve` on the same port would share it and answer half
  // the requests from another data directory.
  server_->set_socket_options([this](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    listen_socket_ = static_cast<int>(sock);
  });
  if (options_.port == 0) {
    port_ = server_->bind_to_any_port(options_.host);
  } else {
    port_ = server_->bind_to_port(options_.host, options_.port) ? options_.port : -1;
  }
  if (port_ < 0) {
    return Status::IOError("cannot listen on " + options_.host + ":" +
                           std::to_string(options_.port) + " (address in use or invalid)");
  }
  // listen() again on a listening socket only resizes its queue (Linux).
  if (listen_socket_ >= 0 && ::listen(listen_socket_, options_.listen_backlog) != 0) {
    Emit("warning: could not enlarge the listen queue; bursts of connections may wait");
  }
  return Status::Ok();
}

Status HttpServer::Run() {
  if (port_ < 0) return Status::FailedPrecondition("HttpServer::Run before a successful Bind");
  run_state_ = 1;
  if (!stop_requested_) server_->listen_after_bind();
  run_state_ = 2;
  return Status::Ok();
}

void HttpServer::Stop() {
  stop_requested_ = true;
  // Run may be between its flag check and httplib marking itself running;
  // httplib ignores stop() until then, so wait for either.
  for (int i = 0; i < 400 && run_state_ == 1 && !server_->is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  server_->stop();
}

bool HttpServer::IsRunning() const { return server_->is_running(); }

size_t HttpServer::waiting_connections() const { return server_->gate().waiting(); }

}  // namespace casebook::api
