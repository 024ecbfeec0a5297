// Turns Xapian (and other) exceptions into Status at the search/ boundary.
#ifndef CASEBOOK_SEARCH_XAPIAN_STATUS_H_
#define CASEBOOK_SEARCH_XAPIAN_STATUS_H_

#include <exception>
#include <string>

#include "store/status.h"

namespace casebook::search {

// The Status for the exception being handled; call only inside a catch block.
// DatabaseLockError -> FailedPrecondition; DatabaseCorruptError -> Corruption;
// DatabaseNotFoundError -> NotFound; other Xapian database errors -> IOError;
// InvalidArgumentError/QueryParserError -> InvalidArgument; others -> Internal.
// `what` says what was being done (e.g. "opening index /x/index").
Status StatusFromCurrentException(const std::string& what);

// Runs fn(); returns its Status, or the Status of what it threw.
template <typename Fn>
Status CatchXapian(const std::string& what, Fn&& fn) {
  try {
    return fn();
  } catch (...) {
    return StatusFromCurrentException(what);
  }
}

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_XAPIAN_STATUS_H_
