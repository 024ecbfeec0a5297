// Key encodings of the store's column families (internal to store/).
#ifndef CASEBOOK_STORE_STORE_KEYS_H_
#define CASEBOOK_STORE_STORE_KEYS_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace casebook::keys {

// 8-byte big-endian, so that byte order is numeric order.
std::string EncodeU64(uint64_t v);
// Decodes the first 8 bytes; REQUIRES: s.size() >= 8.
uint64_t DecodeU64(std::string_view s);

// history: id \0 version.
std::string HistoryKey(std::string_view id, int64_t version);
std::string HistoryPrefix(std::string_view id);

// by_year: 4-byte big-endian year, then id.
std::string YearKey(int year, std::string_view id);
std::string YearPrefix(int year);
std::string_view IdOfYearKey(std::string_view key);

}  // namespace casebook::keys

#endif  // CASEBOOK_STORE_STORE_KEYS_H_
