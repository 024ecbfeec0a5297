// The header gate: one thread that holds every connection whose next request
// has not fully arrived, and hands a connection to the worker pool only when
// it has (request_arrival.h). A client that sends its headers a byte at a
// time, or keeps an idle keep-alive connection, holds no worker, so slow
// clients cannot starve the server. It also enforces a total deadline for a
// request's headers (408), a cap on waiting connections per client address
// and in all (503), and answers a malformed Content-Length with 400.
#ifndef CASEBOOK_API_HTTP_HEADER_GATE_H_
#define CASEBOOK_API_HTTP_HEADER_GATE_H_

#include <atomic>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/http/connection.h"

namespace casebook::api {

struct HeaderGateOptions {
  int header_timeout_ms = 10000;  // From a request's first byte to its last header.
  int idle_timeout_ms = 5000;     // A kept-alive connection waiting for its next request.
  size_t max_per_client = 256;    // Waiting connections from one address.
  size_t max_waiting = 8192;      // Waiting connections in all.
  size_t body_window = 64 << 10;  // Bodies up to this size are waited for here too.
  size_t max_header_bytes = 64 << 10;
};

// Thread-safe: Admit from any thread; the gate's thread dispatches.
class HeaderGate {
 public:
  // `dispatch` is called on the gate's thread with a connection whose
  // request has arrived; it must not block (it queues the work).
  using Dispatch = std::function<void(std::shared_ptr<Connection>)>;
  // `refuse` writes a short error answer (status, code, message) on a
  // connection the gate is about to close, without blocking.
  using Refuse = std::function<void(Connection&, int status, const std::string& code,
                                    const std::string& message)>;
  HeaderGate(HeaderGateOptions options, Dispatch dispatch, Refuse refuse);
  ~HeaderGate();  // Stop().
  HeaderGate(const HeaderGate&) = delete;
  HeaderGate& operator=(const HeaderGate&) = delete;

  // Takes a connection to wait for its next request: a new connection
  // (`served` 0) or one whose last request was answered. A connection over
  // a cap is answered 503 and closed; after Stop, connections are closed.
  void Admit(std::shared_ptr<Connection> conn);
  // Closes every waiting connection and joins the thread. Idempotent.
  void Stop();
  bool stopped() const { return stopped_; }
  // Connections waiting now.
  size_t waiting() const { return waiting_count_; }

  const HeaderGateOptions& options() const { return options_; }

 private:
  void Loop();
  // Reads what arrived on `conn`; true when it leaves the gate (dispatched
  // or closed).
  bool Advance(const std::shared_ptr<Connection>& conn);
  void Forget(const Connection& conn);

  const HeaderGateOptions options_;
  const Dispatch dispatch_;
  const Refuse refuse_;
  int wake_fd_ = -1;  // eventfd: Admit and Stop wake the poll.
  std::mutex mu_;
  std::vector<std::shared_ptr<Connection>> arrivals_;  // Admitted, not yet polled.
  std::map<std::string, size_t> per_client_;           // Waiting connections by address.
  std::atomic<size_t> waiting_count_{0};
  std::atomic<bool> stopped_{false};
  std::vector<std::shared_ptr<Connection>> waiting_;  // The gate thread's own.
  std::thread thread_;
};

}  // namespace casebook::api

#endif  // CASEBOOK_API_HTTP_HEADER_GATE_H_
