// Request counters and latency histograms of the HTTP server, rendered as
// Prometheus text (exposition format 0.0.4).
#ifndef CASEBOOK_API_HTTP_HTTP_METRICS_H_
#define CASEBOOK_API_HTTP_HTTP_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace casebook::api {

// Thread-safe: Record and Render may be called from any thread.
class HttpMetrics {
 public:
  // Upper bounds (seconds) of the latency histogram buckets, +Inf implied.
  static constexpr std::array<double, 12> kBucketBounds = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};

  // Counts one request of `route` (a route label such as
  // "GET /api/v1/cases/{id}", or "unmatched") answered with `status`.
  void Record(const std::string& route, int status, double seconds);

  // casebook_http_requests_total{route,code} and
  // casebook_http_request_duration_seconds{route} as Prometheus text.
  std::string Render() const;

  // Requests counted so far (all routes and codes).
  uint64_t TotalRequests() const;

 private:
  struct Histogram {
    std::array<uint64_t, kBucketBounds.size()> buckets{};  // Not cumulative.
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;  // (route, status) -> n.
  std::map<std::string, Histogram> latency_;                  // route -> histogram.
};

}  // namespace casebook::api

#endif  // CASEBOOK_API_HTTP_HTTP_METRICS_H_
