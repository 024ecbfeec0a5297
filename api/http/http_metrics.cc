#include "api/http/http_metrics.h"

#include <cstdio>

namespace casebook::api {
namespace {

// Escapes a Prometheus label value (backslash, quote, newline).
std::string LabelValue(const std::string& v) {
  std::string out;
  for (char ch : v) {
    if (ch == '\\' || ch == '"') out.push_back('\\');
    if (ch == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(ch);
  }
  return out;
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.6g", v);
  return buf;
}

}  // namespace

void HttpMetrics::Record(const std::string& route, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{route, status}];
  Histogram& h = latency_[route];
  ++h.count;
  h.sum += seconds;
  for (size_t i = 0; i < kBucketBounds.size(); ++i) {
    if (seconds <= kBucketBounds[i]) {
      ++h.buckets[i];
      break;
    }
  }
}

uint64_t HttpMetrics::TotalRequests() const {
  std::lock_guard<std::mutex> lock(mu_);
  uint64_t n = 0;
  for (const auto& [key, count] : requests_) n += count;
  return n;
}

std::string HttpMetrics::Render() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out =
      "# HELP casebook_http_requests_total HTTP requests answered, by route and status code.\n"
      "# TYPE casebook_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    out += "casebook_http_requests_total{route=\"" + LabelValue(key.first) + "\",code=\"" +
           std::to_string(key.second) + "\"} " + std::to_string(count) + "\n";
  }
  out +=
      "# HELP casebook_http_request_duration_seconds Time from request read to response "
      "ready, by route.\n"
      "# TYPE casebook_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    std::string label = "route=\"" + LabelValue(route) + "\"";
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBucketBounds.size(); ++i) {
      cumulative += h.buckets[i];
      out += "casebook_http_request_duration_seconds_bucket{" + label + ",le=\"" +
             Number(kBucketBounds[i]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    out += "casebook_http_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " +
           std::to_string(h.count) + "\n";
    out += "casebook_http_request_duration_seconds_sum{" + label + "} " + Number(h.sum) + "\n";
    out += "casebook_http_request_duration_seconds_count{" + label + "} " +
           std::to_string(h.count) + "\n";
  }
  return out;
}

}  // namespace casebook::api
