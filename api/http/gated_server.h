// GatedServer: cpp-httplib's server with its connection handling replaced.
// httplib accepts connections and parses requests; here a connection is
// given to a worker only once its next request has arrived (header_gate.h),
// and between requests it waits in the gate, not in a worker. Workers come
// from a BoundedTaskQueue (overload is answered 429).
#ifndef CASEBOOK_API_HTTP_GATED_SERVER_H_
#define CASEBOOK_API_HTTP_GATED_SERVER_H_

#include <httplib.h>

#include <atomic>
#include <memory>

#include "api/http/bounded_task_queue.h"
#include "api/http/connection.h"
#include "api/http/header_gate.h"

namespace casebook::api {

struct GatedServerOptions {
  size_t threads = 64;
  size_t max_backlog = 512;
  int read_timeout_ms = 10000;   // A request body that stalls this long is dropped.
  int write_timeout_ms = 10000;  // A client that reads nothing this long is dropped.
  size_t keep_alive_max_requests = 10000;
  // How long a worker waits for a connection's next request before leaving
  // it with the gate (0 = not at all).
  int linger_ms = 10;
  HeaderGateOptions gate;
};

class GatedServer : public httplib::Server {
 public:
  // `refuse` writes the gate's short error answers (see HeaderGate).
  GatedServer(GatedServerOptions options, HeaderGate::Refuse refuse);
  ~GatedServer() override;

  const HeaderGate& gate() const { return gate_; }

 private:
  // Called by httplib on a worker for each accepted socket.
  bool process_and_close_socket(socket_t sock) override;
  // Answers the requests that have arrived on `conn`, then leaves it with
  // the gate (or closes it).
  void Serve(std::shared_ptr<Connection> conn);

  const GatedServerOptions options_;
  const HeaderGate::Refuse refuse_;
  std::atomic<BoundedTaskQueue*> queue_{nullptr};  // Set when httplib creates it.
  HeaderGate gate_;
};

}  // namespace casebook::api

#endif  // CASEBOOK_API_HTTP_GATED_SERVER_H_
