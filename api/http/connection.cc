#include "api/http/connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace casebook::api {
namespace {

constexpr size_t kReadChunk = 16 << 10;

// Polls `fd` for `events` up to `timeout_ms`; true when ready.
bool WaitFor(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  for (;;) {
    int n = ::poll(&p, 1, timeout_ms);
    if (n > 0) return true;
    if (n == 0 || errno != EINTR) return false;
  }
}

// "ip" and port of a socket address; ("", 0) for other families.
void AddressOf(const sockaddr_storage& addr, std::string* ip, int* port) {
  char text[INET6_ADDRSTRLEN] = {0};
  ip->clear();
  *port = 0;
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    if (inet_ntop(AF_INET, &a->sin_addr, text, sizeof text)) *ip = text;
    *port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
    if (inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text)) *ip = text;
    *port = ntohs(a->sin6_port);
  }
}

void PeerOf(int fd, bool remote, std::string* ip, int* port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  int rc = remote ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len)
                  : ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  if (rc != 0) {
    ip->clear();
    *port = 0;
    return;
  }
  AddressOf(addr, ip, port);
}

}  // namespace

Connection::Connection(int fd) : fd_(fd) {
  int port = 0;
  PeerOf(fd_, true, &peer_, &port);
}

Connection::~Connection() {
  ::shutdown(fd_, SHUT_RDWR);
  ::close(fd_);
}

size_t Connection::Take(char* out, size_t size) {
  size_t n = std::min(size, buf_.size() - pos_);
  std::memcpy(out, buf_.data() + pos_, n);
  pos_ += n;
  if (pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  }
  return n;
}

ssize_t Connection::RecvOnce(size_t max, int flags) {
  if (pos_ > 0 && pos_ * 2 >= buf_.size()) {  // Drop consumed bytes before growing.
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  size_t old = buf_.size();
  buf_.resize(old + max);
  ssize_t n;
  do {
    n = ::recv(fd_, &buf_[old], max, flags);
  } while (n < 0 && errno == EINTR);
  buf_.resize(old + (n > 0 ? static_cast<size_t>(n) : 0));
  return n;
}

bool Connection::ReadAvailable(size_t limit) {
  while (pending().size() < limit) {
    ssize_t n = RecvOnce(std::min(kReadChunk, limit - pending().size()), MSG_DONTWAIT);
    if (n == 0) return false;
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
  }
  return true;
}

ssize_t Connection::ReadWaiting(int timeout_ms) {
  for (;;) {
    if (!WaitFor(fd_, POLLIN, timeout_ms)) return -1;
    ssize_t n = RecvOnce(kReadChunk, MSG_DONTWAIT);
    if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) return n;
  }
}

bool Connection::WriteAll(std::string_view data, int timeout_ms) {
  while (!data.empty()) {
    if (!WaitFor(fd_, POLLOUT, timeout_ms)) return false;
    ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

void Connection::WriteNow(std::string_view data) {
  (void)::send(fd_, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

bool ConnectionStream::is_readable() const {
  return !conn_->pending().empty() || WaitFor(conn_->fd(), POLLIN, read_timeout_ms_);
}

bool ConnectionStream::is_writable() const {
  return WaitFor(conn_->fd(), POLLOUT, write_timeout_ms_);
}

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (conn_->pending().empty()) {
    ssize_t n = conn_->ReadWaiting(read_timeout_ms_);
    if (n <= 0) return n;
  }
  return static_cast<ssize_t>(conn_->Take(ptr, size));
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  return conn_->WriteAll(std::string_view(ptr, size), write_timeout_ms_)
             ? static_cast<ssize_t>(size)
             : -1;
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  PeerOf(conn_->fd(), true, &ip, &port);
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  PeerOf(conn_->fd(), false, &ip, &port);
}

}  // namespace casebook::api
