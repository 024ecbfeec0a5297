// Whether the bytes received on a connection hold a whole request yet: the
// header gate hands a connection to a worker only once they do, so a client
// that sends slowly holds no worker.
#ifndef CASEBOOK_API_HTTP_REQUEST_ARRIVAL_H_
#define CASEBOOK_API_HTTP_REQUEST_ARRIVAL_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace casebook::api {

struct RequestArrival {
  enum Kind {
    kIncomplete,  // Wait for more bytes.
    kReady,       // Hand to a worker (it reads the rest of a large body itself).
    kBad,         // Answer 400 with `message` and close.
  };
  Kind kind = kIncomplete;
  std::string message;  // For kBad: what is wrong, naming the header.
};

// Looks at the bytes of the next request. Ready when the header block
// ("\r\n\r\n") has arrived and either the body has too or it cannot be
// waited for here: a Content-Length over `body_window`, chunked encoding,
// or "Expect: 100-continue". Also ready when `max_header_bytes` have arrived
// without the header block ending (the worker then answers the error). Bad
// when Content-Length is not a single decimal number (negative, signs,
// letters, two different values).
RequestArrival InspectArrival(std::string_view bytes, size_t body_window, size_t max_header_bytes);

}  // namespace casebook::api

#endif  // CASEBOOK_API_HTTP_REQUEST_ARRIVAL_H_
