// RejectsWriter: appends rejected records to a JSON Lines file, one line each:
// {"file","line","error","record"} with the record's original text, so that
// nothing an import sets aside is lost. When the original bytes are not valid
// UTF-8, "record" holds them with U+FFFD replacements and "record_base64" the
// exact bytes.
#ifndef CASEBOOK_IMPORTER_REJECTS_WRITER_H_
#define CASEBOOK_IMPORTER_REJECTS_WRITER_H_

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "store/status.h"

namespace casebook::importer {

class RejectsWriter {
 public:
  // Nothing is created until the first Write. An empty path discards rejects.
  explicit RejectsWriter(std::filesystem::path path) : path_(std::move(path)) {}
  ~RejectsWriter();
  RejectsWriter(const RejectsWriter&) = delete;
  RejectsWriter& operator=(const RejectsWriter&) = delete;

  // Appends one rejected record, creating the file (and its directory) on
  // first use. Errors: IOError naming the path. Not thread-safe.
  Status Write(const std::string& file, int64_t line, const std::string& error,
               const std::string& record);
  // Flushes and closes. Errors: IOError. Idempotent.
  Status Close();

  const std::filesystem::path& path() const { return path_; }
  int64_t written() const { return written_; }

 private:
  std::filesystem::path path_;
  std::FILE* out_ = nullptr;
  int64_t written_ = 0;
};

// Standard base64 (RFC 4648) of `bytes`. Thread-safe.
std::string Base64Encode(std::string_view bytes);

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_REJECTS_WRITER_H_
