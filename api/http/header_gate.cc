#include "api/http/header_gate.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>

#include "api/http/request_arrival.h"

namespace casebook::api {
namespace {

using Clock = std::chrono::steady_clock;

void Wake(int fd) {
  uint64_t one = 1;
  (void)!::write(fd, &one, sizeof one);
}

}  // namespace

HeaderGate::HeaderGate(HeaderGateOptions options, Dispatch dispatch, Refuse refuse)
    : options_(options), dispatch_(std::move(dispatch)), refuse_(std::move(refuse)) {
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  thread_ = std::thread([this] { Loop(); });
}

HeaderGate::~HeaderGate() {
  Stop();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void HeaderGate::Admit(std::shared_ptr<Connection> conn) {
  bool over_client = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return;  // Dropping the last reference closes it.
    auto it = per_client_.find(conn->peer());
    over_client = it != per_client_.end() && it->second >= options_.max_per_client;
    if (!over_client && waiting_count_ < options_.max_waiting) {
      ++per_client_[conn->peer()];
      ++waiting_count_;
      conn->request_started = !conn->pending().empty();
      const bool fresh = conn->served == 0 || conn->request_started;
      conn->deadline = Clock::now() + std::chrono::milliseconds(fresh ? options_.header_timeout_ms
                                                                      : options_.idle_timeout_ms);
      arrivals_.push_back(std::move(conn));
      Wake(wake_fd_);
      return;
    }
  }
  refuse_(*conn, 503, "too_many_connections",
          over_client ? "too many open connections from " + conn->peer() + " (at most " +
                            std::to_string(options_.max_per_client) + "); close idle ones and retry"
                      : "the server holds too many open connections; retry shortly");
}

void HeaderGate::Stop() {
  if (!stopped_.exchange(true)) Wake(wake_fd_);
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void HeaderGate::Forget(const Connection& conn) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = per_client_.find(conn.peer());
  if (it != per_client_.end() && --it->second == 0) per_client_.erase(it);
  --waiting_count_;
}

bool HeaderGate::Advance(const std::shared_ptr<Connection>& conn) {
  const bool open = conn->ReadAvailable(options_.max_header_bytes + options_.body_window);
  RequestArrival a =
      InspectArrival(conn->pending(), options_.body_window, options_.max_header_bytes);
  if (a.kind == RequestArrival::kReady) {
    dispatch_(conn);
    return true;
  }
  if (a.kind == RequestArrival::kBad) {
    refuse_(*conn, 400, "bad_request", a.message);
    return true;
  }
  if (!open) return true;  // Closed before a whole request arrived.
  if (!conn->request_started && !conn->pending().empty()) {
    conn->request_started = true;
    conn->deadline = Clock::now() + std::chrono::milliseconds(options_.header_timeout_ms);
  }
  return false;
}

void HeaderGate::Loop() {
  std::vector<pollfd> fds;
  std::vector<std::shared_ptr<Connection>> keep;
  while (!stopped_) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (auto& c : arrivals_) waiting_.push_back(std::move(c));
      arrivals_.clear();
    }
    Clock::time_point now = Clock::now();
    Clock::time_point next = now + std::chrono::seconds(1);
    fds.assign(1, pollfd{wake_fd_, POLLIN, 0});
    for (const auto& c : waiting_) {
      fds.push_back(pollfd{c->fd(), POLLIN, 0});
      next = std::min(next, c->deadline);
    }
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count();
    if (::poll(fds.data(), fds.size(), static_cast<int>(std::max<int64_t>(wait, 0) + 1)) < 0 &&
        errno != EINTR) {
      continue;
    }
    if (fds[0].revents & POLLIN) {
      uint64_t n;
      (void)!::read(wake_fd_, &n, sizeof n);
    }
    now = Clock::now();
    keep.clear();
    for (size_t i = 0; i < waiting_.size(); ++i) {
      std::shared_ptr<Connection>& c = waiting_[i];
      bool leaves = (fds[i + 1].revents & (POLLIN | POLLHUP | POLLERR)) && Advance(c);
      if (!leaves && now >= c->deadline) {
        if (c->request_started) {
          refuse_(*c, 408, "request_timeout",
                  "the request did not arrive within " +
                      std::to_string(options_.header_timeout_ms) + " ms of its first byte");
        }
        leaves = true;
      }
      if (leaves) {
        Forget(*c);
      } else {
        keep.push_back(std::move(c));
      }
    }
    waiting_.swap(keep);
  }
  std::lock_guard<std::mutex> lock(mu_);
  arrivals_.clear();
  waiting_.clear();
  per_client_.clear();
  waiting_count_ = 0;
}

}  // namespace casebook::api
