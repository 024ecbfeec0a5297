#include "api/http/request_arrival.h"

#include <cctype>

namespace casebook::api {
namespace {

bool SameWord(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

RequestArrival Bad(std::string message) {
  RequestArrival a;
  a.kind = RequestArrival::kBad;
  a.message = std::move(message);
  return a;
}

}  // namespace

RequestArrival InspectArrival(std::string_view bytes, size_t body_window, size_t max_header_bytes) {
  RequestArrival ready;
  ready.kind = RequestArrival::kReady;
  const size_t end = bytes.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    return bytes.size() >= max_header_bytes ? ready : RequestArrival{};
  }
  std::string_view headers = bytes.substr(0, end + 2);
  headers.remove_prefix(std::min(headers.size(), headers.find("\r\n") + 2));  // Request line.
  bool has_length = false;
  unsigned long long length = 0;
  bool waits_here = true;  // False when the body is not waited for in the gate.
  while (!headers.empty()) {
    const size_t eol = headers.find("\r\n");
    std::string_view line = headers.substr(0, eol);
    headers.remove_prefix(eol + 2);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // The worker answers 400.
    std::string_view name = Trim(line.substr(0, colon));
    std::string_view value = Trim(line.substr(colon + 1));
    if (SameWord(name, "Transfer-Encoding") || SameWord(name, "Expect")) {
      waits_here = false;
    } else if (SameWord(name, "Content-Length")) {
      if (value.empty() || value.size() > 18 ||
          value.find_first_not_of("0123456789") != std::string_view::npos) {
        return Bad("header 'Content-Length' must be a non-negative decimal number, got '" +
                   std::string(value.substr(0, 40)) + "'");
      }
      const unsigned long long n = std::stoull(std::string(value));
      if (has_length && n != length) {
        return Bad("header 'Content-Length' is given twice with different values");
      }
      has_length = true;
      length = n;
    }
  }
  if (!has_length || !waits_here || length > body_window) return ready;
  return bytes.size() - (end + 4) >= length ? ready : RequestArrival{};
}

}  // namespace casebook::api
