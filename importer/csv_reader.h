// Reads CSV (RFC 4180, as Excel writes it): a header row, then one record per
// row; quoted cells may hold delimiters, "" and line breaks. The delimiter
// (comma, tab or semicolon) is detected from the header row.
#ifndef CASEBOOK_IMPORTER_CSV_READER_H_
#define CASEBOOK_IMPORTER_CSV_READER_H_

#include <string>

#include "importer/source_record.h"
#include "importer/text_decoder.h"

namespace casebook::importer {

struct CsvOptions {
  char delimiter = 0;                  // 0 = detect from the header row.
  size_t max_record_bytes = 16 << 20;  // A longer row is rejected (ResourceExhausted).
};

// Emits one SourceRecord per data row, with fields {header name: cell text}
// (empty cells omitted). Rows with more non-empty cells than the header, an
// unterminated quote, bad bytes or too many bytes are emitted with `error`
// set. Blank rows are skipped. Never throws. Thread-compatible.
void ReadCsv(const DecodedText& text, const std::string& file, const CsvOptions& options,
             const RecordSink& sink);

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_CSV_READER_H_
