// Slow and misbehaving clients against a real server: connections that send
// their headers slowly or sit idle wait in the header gate, not in a worker;
// a request's headers have a total deadline (408); one address may hold only
// so many waiting connections (503); a malformed Content-Length is answered
// 400 at once; pipelined requests on one connection are all answered; and
// a worker busy on a stalled body makes a new connection get 429 at once.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "api/http/request_arrival.h"
#include "api_test_server.h"

namespace casebook::test {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// A raw TCP connection to the test server (closed on destruction).
class RawClient {
 public:
  explicit RawClient(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawClient() { ::close(fd_); }
  bool connected() const { return connected_; }
  bool Send(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }
  // What arrives within `ms` or until the server closes.
  std::string Read(int ms) {
    std::string got;
    const auto end = Clock::now() + std::chrono::milliseconds(ms);
    for (;;) {
      const int left = static_cast<int>(
          std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count());
      pollfd p{fd_, POLLIN, 0};
      if (left <= 0 || ::poll(&p, 1, left) <= 0) return got;
      char buf[4096];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return got;
      got.append(buf, static_cast<size_t>(n));
    }
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(RequestArrivalTest, WaitsForHeadersAndSmallBodies) {
  using api::InspectArrival;
  using api::RequestArrival;
  EXPECT_EQ(InspectArrival("GET / HTTP/1.1\r\nHost: x\r\n", 1024, 8192).kind,
            RequestArrival::kIncomplete);
  EXPECT_EQ(InspectArrival("GET / HTTP/1.1\r\nHost: x\r\n\r\n", 1024, 8192).kind,
            RequestArrival::kReady);
  const std::string post = "POST /a HTTP/1.1\r\ncontent-length: 5\r\n\r\n";
  EXPECT_EQ(InspectArrival(post + "abc", 1024, 8192).kind, RequestArrival::kIncomplete);
  EXPECT_EQ(InspectArrival(post + "abcde", 1024, 8192).kind, RequestArrival::kReady);
  // A body larger than the window, chunked or after "Expect: 100-continue"
  // is read by the worker.
  EXPECT_EQ(InspectArrival("POST /a HTTP/1.1\r\nContent-Length: 5000\r\n\r\n", 1024, 8192).kind,
            RequestArrival::kReady);
  EXPECT_EQ(InspectArrival("POST /a HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n",
                           1024, 8192)
                .kind,
            RequestArrival::kReady);
  EXPECT_EQ(
      InspectArrival("POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 1024, 8192).kind,
      RequestArrival::kReady);
  // Headers that never end are the worker's to refuse once the limit is hit.
  EXPECT_EQ(InspectArrival(std::string(8192, 'a'), 1024, 8192).kind, RequestArrival::kReady);
  for (const char* bad : {"-1", "+5", "5x", "", "99999999999999999999"}) {
    RequestArrival a = InspectArrival(
        std::string("POST /a HTTP/1.1\r\nContent-Length: ") + bad + "\r\n\r\n", 1024, 8192);
    EXPECT_EQ(a.kind, RequestArrival::kBad) << bad;
    EXPECT_NE(a.message.find("Content-Length"), std::string::npos) << a.message;
  }
  EXPECT_EQ(InspectArrival("POST /a HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                           1024, 8192)
                .kind,
            RequestArrival::kBad);
}

// 200 connections sending their headers a line at a time, against 4
// workers: they wait in the gate, and /healthz answers at once.
TEST(SlowClientTest, TwoHundredSlowClientsDoNotStarveFourWorkers) {
  api::HttpServerOptions options;
  options.threads = 4;
  ApiTestServer srv(/*with_keys=*/false, options);
  std::vector<std::unique_ptr<RawClient>> slow;
  for (int i = 0; i < 200; ++i) {
    slow.push_back(std::make_unique<RawClient>(srv.port()));
    ASSERT_TRUE(slow.back()->connected());
    ASSERT_TRUE(slow.back()->Send("GET /api/v1/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (auto& c : slow) c->Send("X-Slow: 1\r\n");  // Still not done.
  auto c = srv.Client();
  for (int i = 0; i < 5; ++i) {
    const auto t0 = Clock::now();
    auto r = c->Get("/healthz");
    const double ms = MsSince(t0);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_LT(ms, 100) << "/healthz took " << ms << " ms beside 200 slow connections";
  }
  EXPECT_GE(srv.server().waiting_connections(), 200u);
  // The slow ones are answered once their headers end.
  for (auto& s : slow) s->Send("\r\n");
  for (auto& s : slow) {
    std::string got = s->Read(2000);
    ASSERT_EQ(got.rfind("HTTP/1.1 200", 0), 0u) << got.substr(0, 200);
  }
}

TEST(SlowClientTest, HeadersThatNeverEndGet408AfterTheDeadline) {
  api::HttpServerOptions options;
  options.header_timeout_sec = 1;
  ApiTestServer srv(/*with_keys=*/false, options);
  RawClient c(srv.port());
  const auto t0 = Clock::now();
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\n"));
  std::string got;
  for (int i = 0; i < 8 && got.empty(); ++i) {  // One header line every 250 ms.
    c.Send("X-Drip: " + std::to_string(i) + "\r\n");
    got = c.Read(250);
  }
  const double ms = MsSince(t0);
  ASSERT_EQ(got.rfind("HTTP/1.1 408", 0), 0u) << got;
  EXPECT_NE(got.find("request_timeout"), std::string::npos) << got;
  EXPECT_GT(ms, 900);
  EXPECT_LT(ms, 1900);
}

TEST(SlowClientTest, OneAddressMayHoldOnlySoManyWaitingConnections) {
  api::HttpServerOptions options;
  options.max_connections_per_client = 10;
  ApiTestServer srv(/*with_keys=*/false, options);
  std::vector<std::unique_ptr<RawClient>> idle;
  for (int i = 0; i < 10; ++i) {
    idle.push_back(std::make_unique<RawClient>(srv.port()));
    ASSERT_TRUE(idle.back()->connected());
  }
  for (int i = 0; i < 100 && srv.server().waiting_connections() < 10; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  RawClient one_more(srv.port());
  std::string got = one_more.Read(2000);
  ASSERT_EQ(got.rfind("HTTP/1.1 503", 0), 0u) << got;
  EXPECT_NE(got.find("too many open connections from 127.0.0.1"), std::string::npos) << got;
  // Closing the idle ones frees the places.
  idle.clear();
  for (int i = 0; i < 100 && srv.server().waiting_connections() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  auto r = srv.Client()->Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST(SlowClientTest, NegativeContentLengthIsRefusedAtOnce) {
  ApiTestServer srv(/*with_keys=*/false);
  RawClient c(srv.port());
  const auto t0 = Clock::now();
  ASSERT_TRUE(
      c.Send("POST /api/v1/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
             "application/json\r\nContent-Length: -20\r\n\r\n{}"));
  std::string got = c.Read(3000);
  EXPECT_LT(MsSince(t0), 500);
  ASSERT_EQ(got.rfind("HTTP/1.1 400", 0), 0u) << got;
  EXPECT_NE(got.find("Content-Length"), std::string::npos) << got;
  auto r = srv.Client()->Get("/healthz");  // The server goes on.
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST(SlowClientTest, PipelinedRequestsAreAllAnswered) {
  ApiTestServer srv(/*with_keys=*/false);
  RawClient c(srv.port());
  const std::string one = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ASSERT_TRUE(c.Send(one + one + one));
  std::string got;
  for (int i = 0; i < 20 && Count(got, "HTTP/1.1 200") < 3; ++i) got += c.Read(100);
  EXPECT_EQ(Count(got, "HTTP/1.1 200"), 3u) << got;
}

// Idle keep-alive connections hold no worker: five clients take turns on
// one worker without waiting for each other's keep-alive to expire.
TEST(SlowClientTest, IdleKeepAliveConnectionsHoldNoWorker) {
  api::HttpServerOptions options;
  options.threads = 1;
  options.keep_alive_timeout_sec = 5;
  ApiTestServer srv(/*with_keys=*/false, options);
  std::vector<std::unique_ptr<httplib::Client>> clients;
  for (int i = 0; i < 5; ++i) {
    clients.push_back(srv.Client());
    clients.back()->set_keep_alive(true);
  }
  const auto t0 = Clock::now();
  for (int round = 0; round < 3; ++round) {
    for (auto& c : clients) {
      auto r = c->Get("/healthz");
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 200);
    }
  }
  EXPECT_LT(MsSince(t0), 1000);
  for (auto& c : clients) c->stop();
}

// With its one worker reading a stalled body, a new connection is refused
// with 429 at once rather than queued behind it; a shed connection that
// itself stalls in its body gets its 429 without the body and does not hold
// up the next refusal.
TEST(SlowClientTest, ShedsConnectionsBeyondTheBacklogWith429) {
  api::HttpServerOptions options;
  options.threads = 1;
  options.max_backlog = 0;
  options.read_timeout_sec = 3;
  ApiTestServer srv(/*with_keys=*/false, options);
  const std::string stalled =
      "POST /api/v1/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
      "application/x-ndjson\r\nContent-Length: 1000000\r\n\r\n{\"id\":";
  RawClient holder(srv.port());
  ASSERT_TRUE(holder.Send(stalled));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // The worker now waits on it.

  RawClient shed(srv.port());
  auto asked = Clock::now();
  ASSERT_TRUE(shed.Send(stalled));
  std::string got;
  for (int i = 0; i < 20 && got.find("\r\n\r\n") == std::string::npos; ++i) got += shed.Read(50);
  EXPECT_LT(MsSince(asked), 500);
  EXPECT_NE(got.find("HTTP/1.1 429"), std::string::npos) << got;
  EXPECT_NE(got.find("Connection: close"), std::string::npos) << got;

  auto late = srv.Client();
  asked = Clock::now();
  auto r = late->Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_LT(MsSince(asked), 500);
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(r->get_header_value("Retry-After"), "1");
}

}  // namespace
}  // namespace casebook::test
