// SHA-256 of a byte string, as lowercase hex (OpenSSL's libcrypto).
#ifndef CASEBOOK_IMPORTER_CONTENT_HASH_H_
#define CASEBOOK_IMPORTER_CONTENT_HASH_H_

#include <string>
#include <string_view>

namespace casebook::importer {

// Returns the 64-character lowercase hex SHA-256 of `bytes`. Thread-safe.
std::string Sha256Hex(std::string_view bytes);

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_CONTENT_HASH_H_
