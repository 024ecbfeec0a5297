#include "search/xapian_status.h"

#include <xapian.h>

namespace casebook::search {

Status StatusFromCurrentException(const std::string& what) {
  try {
    throw;
  } catch (const Xapian::DatabaseLockError& e) {
    return Status::FailedPrecondition(what + ": the index is locked by another writer (" +
                                      e.get_msg() + ")");
  } catch (const Xapian::DatabaseModifiedError& e) {
    return Status::IndexMoved(what + ": the index moved on during the read (" + e.get_msg() + ")");
  } catch (const Xapian::DatabaseCorruptError& e) {
    return Status::Corruption(what + ": " + e.get_description());
  } catch (const Xapian::DatabaseNotFoundError& e) {
    return Status::NotFound(what + ": " + e.get_description());
  } catch (const Xapian::DatabaseError& e) {
    return Status::IOError(what + ": " + e.get_description());
  } catch (const Xapian::InvalidArgumentError& e) {
    return Status::InvalidArgument(what + ": " + e.get_description());
  } catch (const Xapian::QueryParserError& e) {
    return Status::InvalidArgument(what + ": " + e.get_description());
  } catch (const Xapian::Error& e) {
    return Status::Internal(what + ": " + e.get_description());
  } catch (const std::exception& e) {
    return Status::Internal(what + ": " + e.what());
  } catch (...) {
    return Status::Internal(what + ": unknown exception");
  }
}

}  // namespace casebook::search
