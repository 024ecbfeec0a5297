// Exports of cases: CSV for Excel, and JSON Lines that carry every field
// (re-importing them gives the same cases).
//
// CSV for Excel: UTF-8 with a byte-order mark (so Excel reads
// Chinese correctly), CRLF line ends, RFC 4180 quoting, Chinese column names
// and Chinese words for enumerations. Cells that Excel would take for a
// formula (=, +, -, @ first) are prefixed with an apostrophe.
// Used by GET /api/v1/export.csv and `casebook export`.
#ifndef CASEBOOK_API_REVIEW_CASE_EXPORT_H_
#define CASEBOOK_API_REVIEW_CASE_EXPORT_H_

#include <string>
#include <string_view>

#include "api/review/review_queue.h"
#include "store/case_store.h"
#include "store/status.h"

namespace casebook::review {

// What to export.
struct CsvExportOptions {
  CaseFilter filter;          // Which cases (all by default).
  bool include_body = false;  // Add the full text (正文) as the last column.
};

// Appends the header row and one row per case (in id order) to `out`.
// Errors: the store's scan errors. Thread-safe (reads only).
Status WriteCasesCsv(const CaseStore& store, const CsvExportOptions& options, std::string* out);

// Appends one canonical JSON case a line (every field, unknown ones too) for
// the cases `filter` passes, in id order. Errors: the store's scan errors.
Status WriteCasesJsonl(const CaseStore& store, const CaseFilter& filter, std::string* out);

// One CSV cell: quoted when it holds a comma, quote, CR or LF (quotes
// doubled); formula-like text gets a leading apostrophe.
std::string CsvCell(std::string_view text);

}  // namespace casebook::review

#endif  // CASEBOOK_API_REVIEW_CASE_EXPORT_H_
