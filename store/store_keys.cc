#include "store/store_keys.h"

namespace casebook::keys {

std::string EncodeU64(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  return out;
}

uint64_t DecodeU64(std::string_view s) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(s[i]);
  return v;
}

std::string HistoryPrefix(std::string_view id) {
  std::string k(id);
  k.push_back('\0');
  return k;
}

std::string HistoryKey(std::string_view id, int64_t version) {
  return HistoryPrefix(id) + EncodeU64(static_cast<uint64_t>(version));
}

std::string YearPrefix(int year) {
  std::string k(4, '\0');
  uint32_t y = static_cast<uint32_t>(year);
  for (int i = 3; i >= 0; --i) {
    k[i] = static_cast<char>(y & 0xff);
    y >>= 8;
  }
  return k;
}

std::string YearKey(int year, std::string_view id) { return YearPrefix(year) + std::string(id); }

std::string_view IdOfYearKey(std::string_view key) { return key.substr(4); }

}  // namespace casebook::keys
