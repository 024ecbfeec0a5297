#include "importer/importer.h"

#include <algorithm>

#include "importer/field_mapper.h"
#include "importer/format_detect.h"
#include "importer/import_session.h"

namespace casebook::importer {
namespace {

namespace fs = std::filesystem;

// Lists the files to read: files as given, folders walked recursively (files
// with a known extension, sorted by path; others listed in `skipped`).
Status ListInputFiles(const std::vector<fs::path>& paths, std::vector<fs::path>* files,
                      std::vector<std::string>* skipped) {
  for (const fs::path& p : paths) {
    std::error_code ec;
    auto st = fs::status(p, ec);
    if (ec || !fs::exists(st)) return Status::NotFound("no such file or folder: " + p.string());
    if (!fs::is_directory(st)) {
      files->push_back(p);
      continue;
    }
    std::vector<fs::path> found;
    for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      if (FormatFromExtension(it->path()) == ImportFormat::kAuto) {
        skipped->push_back(it->path().string());
      } else {
        found.push_back(it->path());
      }
    }
    if (ec) return Status::IOError("cannot list " + p.string() + ": " + ec.message());
    std::sort(found.begin(), found.end());
    files->insert(files->end(), found.begin(), found.end());
  }
  return Status::Ok();
}

}  // namespace

const char* FormatName(ImportFormat f) {
  switch (f) {
    case ImportFormat::kAuto:
      return "auto";
    case ImportFormat::kJsonl:
      return "jsonl";
    case ImportFormat::kCsv:
      return "csv";
    case ImportFormat::kTxt:
      return "txt";
    case ImportFormat::kDocx:
      return "docx";
    case ImportFormat::kHtml:
      return "html";
  }
  return "?";
}

std::optional<ImportFormat> ParseFormatName(std::string_view name) {
  if (name == "auto") return ImportFormat::kAuto;
  if (name == "jsonl" || name == "json" || name == "ndjson") return ImportFormat::kJsonl;
  if (name == "csv" || name == "tsv") return ImportFormat::kCsv;
  if (name == "txt" || name == "text") return ImportFormat::kTxt;
  if (name == "docx") return ImportFormat::kDocx;
  if (name == "html" || name == "htm") return ImportFormat::kHtml;
  return std::nullopt;
}

nlohmann::ordered_json ImportSummary::CountsJson() const {
  return {{"read", read},
          {"added", added},
          {"updated", updated},
          {"unchanged", unchanged},
          {"rejected", rejected}};
}

Importer::Importer(CaseStore* store, ImportOptions options)
    : store_(store), options_(std::move(options)) {}

Result<ImportSummary> Importer::Run(const std::vector<fs::path>& paths) {
  if (store_ == nullptr && !options_.dry_run) {
    return Status::FailedPrecondition("Importer needs a store unless dry_run is set");
  }
  if (options_.batch_records == 0) options_.batch_records = 1;
  auto mapper = FieldMapper::Create(options_.field_map);
  if (!mapper.ok()) return mapper.status();
  std::vector<fs::path> files;
  ImportSummary summary;
  CASEBOOK_RETURN_IF_ERROR(ListInputFiles(paths, &files, &summary.skipped_files));
  int64_t total = 0;
  for (const fs::path& f : files) {
    std::error_code ec;
    auto size = fs::file_size(f, ec);
    if (!ec) total += static_cast<int64_t>(size);
  }
  ImportSession session(store_, options_, std::move(*mapper), &summary);
  session.set_bytes_total(total);
  for (const fs::path& f : files) {
    CASEBOOK_RETURN_IF_ERROR(session.ImportFile(f, options_.format));
  }
  CASEBOOK_RETURN_IF_ERROR(session.Finish());
  return summary;
}

}  // namespace casebook::importer
