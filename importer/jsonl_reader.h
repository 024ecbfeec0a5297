// Reads JSON Lines: one JSON object per line; blank lines are skipped.
#ifndef CASEBOOK_IMPORTER_JSONL_READER_H_
#define CASEBOOK_IMPORTER_JSONL_READER_H_

#include <string>

#include "importer/source_record.h"
#include "importer/text_decoder.h"
#include "store/case_json.h"

namespace casebook::importer {

// Emits one SourceRecord per non-blank line of `text`. A line that is not a
// JSON object (syntax error, truncated, too deep, too large, bad bytes) is
// emitted with `error` set (InvalidArgument or ResourceExhausted) and its text
// kept. Never throws; no recursion on nesting depth. Thread-compatible.
void ReadJsonLines(const DecodedText& text, const std::string& file, const JsonLimits& limits,
                   const RecordSink& sink);

// The same for the lines in text.text[begin, end), where `begin` is the start
// of line `first_line`. Lets callers read a large file in parallel chunks.
void ReadJsonLineRange(const DecodedText& text, size_t begin, size_t end, int64_t first_line,
                       const std::string& file, const JsonLimits& limits, const RecordSink& sink);

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_JSONL_READER_H_
