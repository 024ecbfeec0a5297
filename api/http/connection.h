// One client connection as the server holds it between requests: the socket
// and the bytes read from it that no request has consumed yet. Shared
// between the header gate (which waits for a request to arrive) and the
// worker that answers it; the last owner closes the socket.
#ifndef CASEBOOK_API_HTTP_CONNECTION_H_
#define CASEBOOK_API_HTTP_CONNECTION_H_

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace casebook::api {

class Connection {
 public:
  // Takes ownership of the connected socket `fd`.
  explicit Connection(int fd);
  ~Connection();  // Shuts down and closes the socket.
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  int fd() const { return fd_; }
  // The peer's address ("127.0.0.1", "::1"; "" when unknown).
  const std::string& peer() const { return peer_; }

  // Bytes received and not yet consumed.
  std::string_view pending() const { return std::string_view(buf_).substr(pos_); }
  // Consumes up to `size` pending bytes into `out`; returns how many.
  size_t Take(char* out, size_t size);
  // Reads what has arrived without waiting, up to `limit` pending bytes in
  // all. Returns false when the peer closed the connection or it failed.
  bool ReadAvailable(size_t limit);
  // Waits up to `timeout_ms` for bytes and reads them. Returns the bytes
  // read: 0 when the peer closed, -1 on timeout or error.
  ssize_t ReadWaiting(int timeout_ms);
  // Writes all of `data` (waiting up to `timeout_ms` for room each time);
  // false on error or timeout.
  bool WriteAll(std::string_view data, int timeout_ms);
  // Best-effort write of a short answer without waiting (gate refusals).
  void WriteNow(std::string_view data);

  // Requests answered on this connection.
  size_t served = 0;
  // When the wait for the next request ends (set by the gate).
  std::chrono::steady_clock::time_point deadline;
  // True once bytes of the request being waited for have arrived.
  bool request_started = false;

 private:
  // Appends up to `max` bytes from one recv with `flags`; as recv.
  ssize_t RecvOnce(size_t max, int flags);

  int fd_;
  std::string peer_;
  std::string buf_;
  size_t pos_ = 0;
};

// httplib's view of a Connection for one request: reads come from the
// pending bytes first, then the socket (waiting up to the read timeout);
// bytes read past this request stay pending for the next one.
class ConnectionStream : public httplib::Stream {
 public:
  ConnectionStream(Connection* conn, int read_timeout_ms, int write_timeout_ms)
      : conn_(conn), read_timeout_ms_(read_timeout_ms), write_timeout_ms_(write_timeout_ms) {}

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return conn_->fd(); }

 private:
  Connection* conn_;
  int read_timeout_ms_;
  int write_timeout_ms_;
};

}  // namespace casebook::api

#endif  // CASEBOOK_API_HTTP_CONNECTION_H_
