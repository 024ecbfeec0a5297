// Turns the bytes of an input file into UTF-8 text, line by line.
//
// Detects a byte-order mark (UTF-8, UTF-16LE/BE), else checks whether the bytes
// are UTF-8 and falls back to GB18030 (a superset of GBK and GB2312) when they
// are mostly not. Conversion uses ICU. CRLF line ends become LF. A line with a
// byte sequence invalid in the detected encoding, or with a NUL byte, is not
// repaired: it is kept as raw bytes and listed in `line_errors` with the byte
// offset of the fault in the file, so the record holding it can be rejected.
#ifndef CASEBOOK_IMPORTER_TEXT_DECODER_H_
#define CASEBOOK_IMPORTER_TEXT_DECODER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "store/status.h"

namespace casebook::importer {

enum class TextEncoding { kAuto, kUtf8, kGb18030, kUtf16Le, kUtf16Be };

// "utf-8", "gb18030", "utf-16le", "utf-16be", "auto".
const char* EncodingName(TextEncoding e);
// Parses an encoding name (case-insensitive; "gbk"/"gb2312"/"gb18030" all give
// kGb18030). Returns nullopt when unknown.
std::optional<TextEncoding> ParseEncodingName(std::string_view name);

// A decoded file. Plain value; not thread-safe to mutate.
struct DecodedText {
  TextEncoding encoding = TextEncoding::kUtf8;  // What the bytes were.
  bool had_bom = false;
  std::string text;  // UTF-8 with LF line ends, except the lines in line_errors.
  // 1-based line number -> why it is bad, e.g.
  // "invalid GB18030 byte sequence at byte offset 1234".
  std::map<int64_t, std::string> line_errors;

  // The error of the first bad line in [first_line, last_line], or nullptr.
  const std::string* ErrorIn(int64_t first_line, int64_t last_line) const;
};

// Decodes `raw`; `forced` = kAuto detects. Errors: Internal when ICU cannot
// open a converter. Invalid bytes are not an error of the call (see above).
// Thread-safe (no shared state).
Result<DecodedText> DecodeText(std::string raw, TextEncoding forced = TextEncoding::kAuto);

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_TEXT_DECODER_H_
