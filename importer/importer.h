// Importer: reads the files offices have (JSON Lines, CSV, folders of .txt,
// .docx, .html; UTF-8 or GB18030) and writes their cases into a CaseStore.
//
// Each record is read, mapped to the case model (FieldMapper), validated and
// given its source {file, line, sha256 of the record text, imported_at}.
// Valid cases are written in chunks, one atomic CaseStore::PutBatch per chunk;
// the store skips cases whose content did not change, so re-importing a file
// changes nothing. A bad record is set aside (rejects file and summary) and
// the others go in. Records that carry only a reply and point at their case
// (by case_id or id, or by number + year) are added to that case's replies
// after the cases of the same run are stored.
#ifndef CASEBOOK_IMPORTER_IMPORTER_H_
#define CASEBOOK_IMPORTER_IMPORTER_H_

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "importer/text_decoder.h"
#include "store/case_store.h"
#include "store/status.h"

namespace casebook::importer {

enum class ImportFormat { kAuto, kJsonl, kCsv, kTxt, kDocx, kHtml };

// "auto", "jsonl", "csv", "txt", "docx", "html".
const char* FormatName(ImportFormat f);
// Parses a --format value ("json" and "ndjson" mean jsonl, "htm" html).
std::optional<ImportFormat> ParseFormatName(std::string_view name);

// Where an import stands, for a progress display.
struct ImportProgress {
  int64_t bytes_done = 0;   // Input bytes fully processed.
  int64_t bytes_total = 0;  // All input bytes (known once the paths are listed).
  int64_t records = 0;      // Records read so far.
  double elapsed_seconds = 0;
};

struct ImportOptions {
  ImportFormat format = ImportFormat::kAuto;    // kAuto: by extension, then by content.
  TextEncoding encoding = TextEncoding::kAuto;  // kAuto: BOM, UTF-8 check, else GB18030.
  std::vector<std::pair<std::string, std::string>> field_map;  // --map NAME=FIELD pairs.
  bool dry_run = false;                // Read, validate and compare; write nothing to the store.
  size_t batch_records = 1000;         // Cases per atomic PutBatch.
  size_t batch_bytes = 32 << 20;       // ... or fewer when their text reaches this size.
  size_t max_record_bytes = 16 << 20;  // A larger record is rejected (ResourceExhausted).
  int max_json_depth = 64;             // Deeper JSON nesting is rejected.
  size_t max_file_bytes = size_t{2} << 30;  // A larger file is rejected whole.
  size_t parse_threads = 0;            // JSONL chunks parsed ahead in parallel; 0 = one per core.
  std::filesystem::path rejects_path;  // Rejects file; empty = do not write one.
  std::string imported_at;             // source.imported_at; "" = now (UTC, ISO 8601).
  // Called after each chunk and each file (from the importing thread).
  std::function<void(const ImportProgress&)> on_progress;
};

// One record set aside, as written to the rejects file.
struct ImportReject {
  std::string file;
  int64_t line = 0;
  std::string error;
};

// The outcome of an import. New kinds of findings (e.g. near-duplicate
// reports) are added as fields here and to ToJson's detail.
struct ImportSummary {
  int64_t read = 0;       // Records read (cases and replies, good and bad).
  int64_t added = 0;      // New cases stored.
  int64_t updated = 0;    // Cases stored as a new version (including replies added).
  int64_t unchanged = 0;  // Records whose content the store already had.
  int64_t rejected = 0;   // Records set aside.
  int64_t files = 0;      // Files read.
  int64_t bytes = 0;      // Input bytes read.
  std::vector<std::string> skipped_files;   // Files in folders with an unknown extension.
  std::vector<ImportReject> first_rejects;  // The first rejects (at most 100), for display.
  std::filesystem::path rejects_path;       // Where rejects went ("" when none).
  double seconds = 0;

  // {"read":N,"added":N,"updated":N,"unchanged":N,"rejected":N} in this
  // order — the CLI's --json line.
  nlohmann::ordered_json CountsJson() const;
};

class Importer {
 public:
  // `store` may be null only with options.dry_run (then every case counts as
  // added). The store is borrowed and must outlive the Importer.
  Importer(CaseStore* store, ImportOptions options);

  // Imports files and folders (folders recursively, files with a known
  // extension, in name order). Errors (the import could not run): NotFound
  // for a missing path, InvalidArgument for a bad --map, IOError from the
  // store or the rejects file. Records already written stay written.
  // Not thread-safe; one Run at a time.
  Result<ImportSummary> Run(const std::vector<std::filesystem::path>& paths);

 private:
  CaseStore* store_;
  ImportOptions options_;
};

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_IMPORTER_H_
