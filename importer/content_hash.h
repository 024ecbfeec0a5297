// SHA-256 of a byte string, as lowercase hex (OpenSSL's libcrypto).
#ifndef CASEBOOK_IMPORTER_CONTENT_HASH_H_
#define CASEBOOK_IMPORTER_CONTENT_HASH_H_

#include <string>
#include <string_view>

namespace casebook::importer {

// Returns the 64-character lowercase hex SHA-256 of `bytes`. Thread-safe.
std::string Sha256Hex(std::string_view bytes);

// `n` bytes as lowercase hex, two digits each. Thread-safe.
std::string LowerHex(const unsigned char* bytes, size_t n);

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_CONTENT_HASH_H_
