// CSV export of cases for Excel: UTF-8 with a byte-order mark (so Excel reads
// Chinese correctly), CRLF line ends, RFC 4180 quoting, Chinese column names
// and Chinese words for enumerations. Cells that Excel would take for a
// formula (=, +, -, @ first) are prefixed with an apostrophe.
// Used by GET /api/v1/export.csv and reusable by the CLI.
#ifndef CASEBOOK_API_CASE_EXPORT_CSV_H_
#define CASEBOOK_API_CASE_EXPORT_CSV_H_

#include <string>
#include <string_view>

#include "store/case_store.h"
#include "store/status.h"

namespace casebook::api {

// What to export.
struct CsvExportOptions {
  int year = 0;               // Only this year; 0 = every year.
  bool include_body = false;  // Add the full text (正文) as the last column.
};

// Appends the header row and one row per case (in id order) to `out`.
// Errors: the store's scan errors. Thread-safe (reads only).
Status WriteCasesCsv(const CaseStore& store, const CsvExportOptions& options, std::string* out);

// One CSV cell: quoted when it holds a comma, quote, CR or LF (quotes
// doubled); formula-like text gets a leading apostrophe.
std::string CsvCell(std::string_view text);

}  // namespace casebook::api

#endif  // CASEBOOK_API_CASE_EXPORT_CSV_H_
