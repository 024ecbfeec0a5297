// Reads JSON Lines: one JSON object per line; blank lines are skipped.
#ifndef CASEBOOK_IMPORTER_JSONL_READER_H_
#define CASEBOOK_IMPORTER_JSONL_READER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "importer/source_record.h"
#include "importer/text_decoder.h"
#include "store/case_json.h"

namespace casebook::importer {

// One line of a JSON Lines text that holds a record (not blank, or blank
// with a decoding error).
struct JsonLine {
  int64_t line = 0;                           // 1-based line number in the file.
  std::string_view text;                      // Without the '\n'.
  const std::string* decode_error = nullptr;  // The decoder's error for the line, if any.
};

// Calls `fn` for each record line in text.text[begin, end), where `begin` is
// the start of line `first_line`. Never throws (unless `fn` does).
void ForEachJsonLine(const DecodedText& text, size_t begin, size_t end, int64_t first_line,
                     const std::function<void(const JsonLine&)>& fn);

// The record of one line: its fields, or `error` set when the line is not a
// JSON object (syntax error, truncated, too deep, too large, bad bytes;
// InvalidArgument or ResourceExhausted), its text kept. Never throws; no
// recursion on nesting depth. Thread-compatible.
SourceRecord ReadJsonLine(const JsonLine& line, const std::string& file, const JsonLimits& limits);

// Emits ReadJsonLine of every record line of `text`.
void ReadJsonLines(const DecodedText& text, const std::string& file, const JsonLimits& limits,
                   const RecordSink& sink);

// The same for the lines in text.text[begin, end), where `begin` is the start
// of line `first_line`. Lets callers read a large file in parallel chunks.
void ReadJsonLineRange(const DecodedText& text, size_t begin, size_t end, int64_t first_line,
                       const std::string& file, const JsonLimits& limits, const RecordSink& sink);

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_JSONL_READER_H_
