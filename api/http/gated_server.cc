#include "api/http/gated_server.h"

#include "api/http/request_arrival.h"

namespace casebook::api {

GatedServer::GatedServer(GatedServerOptions options, HeaderGate::Refuse refuse)
    : options_(options),
      refuse_(refuse),
      gate_(
          options.gate,
          [this](std::shared_ptr<Connection> conn) {
            BoundedTaskQueue* queue = queue_.load();
            if (queue) queue->enqueue([this, conn] { Serve(conn); });
          },
          refuse) {
  new_task_queue = [this] {
    auto* queue =
        new BoundedTaskQueue(options_.threads, options_.max_backlog, [this] { gate_.Stop(); });
    queue_ = queue;
    return queue;
  };
}

GatedServer::~GatedServer() { gate_.Stop(); }

bool GatedServer::process_and_close_socket(socket_t sock) {
  Serve(std::make_shared<Connection>(static_cast<int>(sock)));
  return true;
}

void GatedServer::Serve(std::shared_ptr<Connection> conn) {
  const HeaderGateOptions& g = options_.gate;
  const size_t limit = g.max_header_bytes + g.body_window;
  for (;;) {
    bool open = conn->ReadAvailable(limit);
    RequestArrival a = InspectArrival(conn->pending(), g.body_window, g.max_header_bytes);
    if (a.kind == RequestArrival::kIncomplete && open && conn->pending().empty() &&
        options_.linger_ms > 0) {
      // A busy client's next request (or a new one's first) usually comes
      // within a moment: waiting briefly here saves two thread hand-offs.
      if (conn->ReadWaiting(options_.linger_ms) == 0) return;
      open = conn->ReadAvailable(limit);
      a = InspectArrival(conn->pending(), g.body_window, g.max_header_bytes);
    }
    if (a.kind == RequestArrival::kBad) {
      refuse_(*conn, 400, "bad_request", a.message);
      return;
    }
    if (a.kind == RequestArrival::kIncomplete) {
      if (open) gate_.Admit(std::move(conn));
      return;
    }
    // A shed connection gets one 429 (its body unread) and is closed.
    const bool last = ++conn->served >= options_.keep_alive_max_requests || gate_.stopped() ||
                      BoundedTaskQueue::IsShedConnection();
    ConnectionStream stream(conn.get(), options_.read_timeout_ms, options_.write_timeout_ms);
    bool closed = false;
    if (!process_request(stream, last, closed, nullptr) || closed || last) return;
  }
}

}  // namespace casebook::api
