// Sha256HexMany: SHA-256 of many byte strings at once (the importer hashes
// every record line for Case::source.sha256). Where the CPU has AVX2
// (checked at run time) eight messages are hashed side by side, one in each
// 32-bit lane of the vector registers (the multi-buffer technique; OpenSSL
// hashes one message at a time, ~230 MB/s here without SHA instructions).
// Elsewhere each message goes through Sha256Hex (OpenSSL).
#ifndef CASEBOOK_IMPORTER_SHA256_MANY_H_
#define CASEBOOK_IMPORTER_SHA256_MANY_H_

#include <string>
#include <string_view>
#include <vector>

namespace casebook::importer {

// Returns the 64-character lowercase hex SHA-256 of each message, in the
// order given; equal to Sha256Hex of each. Thread-safe; never throws except
// std::bad_alloc.
std::vector<std::string> Sha256HexMany(const std::vector<std::string_view>& messages);

// Whether Sha256HexMany takes the eight-lane path on this CPU.
bool Sha256ManyUsesLanes();

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_SHA256_MANY_H_
