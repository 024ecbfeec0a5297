// Chooses the reader for a file: by extension, then by content.
#ifndef CASEBOOK_IMPORTER_FORMAT_DETECT_H_
#define CASEBOOK_IMPORTER_FORMAT_DETECT_H_

#include <filesystem>
#include <string_view>

#include "importer/importer.h"

namespace casebook::importer {

// The format an extension means (.jsonl .ndjson .json .csv .tsv .txt .text
// .docx .html .htm .shtml; case-insensitive), or kAuto when unknown.
ImportFormat FormatFromExtension(const std::filesystem::path& path);

// Sniffs the first bytes: zip signature -> docx, '{' -> jsonl, an <html> or
// <!doctype html> tag -> html, a header row with commas/tabs -> csv, else txt.
ImportFormat FormatFromContent(std::string_view head);

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_FORMAT_DETECT_H_
