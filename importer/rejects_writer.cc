#include "importer/rejects_writer.h"

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "store/utf8.h"

namespace casebook::importer {

std::string Base64Encode(std::string_view bytes) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) |
                 (static_cast<uint8_t>(bytes[i + 1]) << 8) | static_cast<uint8_t>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out.push_back(kAlphabet[(v >> shift) & 63]);
  }
  if (i < bytes.size()) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

RejectsWriter::~RejectsWriter() { Close(); }

Status RejectsWriter::Write(const std::string& file, int64_t line, const std::string& error,
                            const std::string& record) {
  if (path_.empty()) return Status::Ok();
  if (out_ == nullptr) {
    std::error_code ec;
    if (path_.has_parent_path()) std::filesystem::create_directories(path_.parent_path(), ec);
    out_ = std::fopen(path_.c_str(), "ab");
    if (out_ == nullptr) {
      return Status::IOError("cannot write rejects file " + path_.string() + ": " +
                             std::strerror(errno));
    }
  }
  nlohmann::json j = {{"file", file}, {"line", line}, {"error", error}, {"record", record}};
  if (FirstInvalidUtf8(record) != std::string_view::npos) j["record_base64"] = Base64Encode(record);
  std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text.push_back('\n');
  if (std::fwrite(text.data(), 1, text.size(), out_) != text.size()) {
    return Status::IOError("cannot write rejects file " + path_.string() + ": " +
                           std::strerror(errno));
  }
  ++written_;
  return Status::Ok();
}

Status RejectsWriter::Close() {
  if (out_ == nullptr) return Status::Ok();
  bool ok = std::fflush(out_) == 0;
  ok = std::fclose(out_) == 0 && ok;
  out_ = nullptr;
  if (!ok) return Status::IOError("cannot finish rejects file " + path_.string());
  return Status::Ok();
}

}  // namespace casebook::importer
