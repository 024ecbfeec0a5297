// casebook import: files and folders into the store (see importer/importer.h).
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iostream>

#include "api/cli/cli_args.h"
#include "api/cli/cli_commands.h"
#include "api/cli/cli_data_dir.h"
#include "api/review/import_duplicates.h"
#include "api/review/import_exceptions.h"
#include "importer/bulk_memory.h"
#include "importer/field_mapper.h"
#include "importer/importer.h"
#include "importer/progress_meter.h"

namespace casebook::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kImportUsage =
    "usage: casebook import [--data DIR] [--format auto|jsonl|csv|txt|docx|html]\n"
    "         [--encoding auto|utf-8|gb18030] [--map 列名=field]... [--rejects FILE]\n"
    "         [--dry-run] [--json] [--check-duplicates | --no-duplicate-check] PATH...\n";

// DIR/rejects/<UTC time>.jsonl
fs::path DefaultRejectsPath(const fs::path& data_dir) {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char name[64];
  std::strftime(name, sizeof(name), "%Y%m%dT%H%M%SZ.jsonl", &tm);
  return data_dir / "rejects" / name;
}

// Fills options from the command line; prints the problem and returns false
// on a usage error.
bool ImportOptionsFromArgs(const Args& a, importer::ImportOptions* o) {
  auto format = importer::ParseFormatName(a.Get("format", "auto"));
  if (!format) {
    std::cerr << "casebook import: --format must be auto, jsonl, csv, txt, docx or html\n";
    return false;
  }
  o->format = *format;
  auto encoding = importer::ParseEncodingName(a.Get("encoding", "auto"));
  if (!encoding) {
    std::cerr << "casebook import: --encoding must be auto, utf-8 or gb18030\n";
    return false;
  }
  o->encoding = *encoding;
  for (const std::string& m : a.GetAll("map")) {
    auto pair = importer::FieldMapper::ParseMapping(m);
    if (!pair.ok()) {
      std::cerr << "casebook import: " << pair.status().message() << "\n";
      return false;
    }
    o->field_map.push_back(*pair);
  }
  auto mapper = importer::FieldMapper::Create(o->field_map);
  if (!mapper.ok()) {
    std::cerr << "casebook import: " << mapper.status().message() << "\n";
    return false;
  }
  o->dry_run = a.Flag("dry-run");
  o->rejects_path = a.Has("rejects") ? fs::path(a.Get("rejects"))
                    : o->dry_run     ? fs::path()
                                     : DefaultRejectsPath(a.DataDir());
  return true;
}

void PrintSummary(const importer::ImportSummary& s, bool dry_run, std::ostream& out) {
  char size[64];
  std::snprintf(size, sizeof(size), "%.1f MB in %.2f s", s.bytes / 1e6, s.seconds);
  out << (dry_run ? "dry run: " : "") << "read " << s.read << ", added " << s.added << ", updated "
      << s.updated << ", unchanged " << s.unchanged << ", rejected " << s.rejected << " ("
      << s.files << " files, " << size << ")\n";
  for (const auto& r : s.first_rejects) {
    if (&r - s.first_rejects.data() >= 10) break;
    out << "  rejected " << r.file << ":" << r.line << ": " << r.error << "\n";
  }
  if (s.rejected > 10) out << "  ... " << (s.rejected - 10) << " more\n";
  if (!s.rejects_path.empty())
    out << "rejected records written to " << s.rejects_path.string() << "\n";
  if (!s.skipped_files.empty()) {
    out << "skipped " << s.skipped_files.size() << " files of unknown type (e.g. "
        << s.skipped_files.front() << ")\n";
  }
}

// Larger imports skip the near-duplicate check unless asked (about 10-30 ms
// per new case).
constexpr int64_t kDuplicateCheckMax = 2000;

void PrintDuplicates(const std::vector<review::DuplicateReport>& reports, std::ostream& out) {
  if (reports.empty()) return;
  out << reports.size() << " new case(s) near-duplicate another case (reported, not merged):\n";
  const size_t shown = std::min<size_t>(reports.size(), 20);
  for (size_t i = 0; i < shown; ++i) {
    const review::DuplicateReport& r = reports[i];
    char sim[16];
    std::snprintf(sim, sizeof sim, "%.2f", r.similarity);
    out << "  " << r.id << " ~ " << r.duplicate_of << " (similarity " << sim
        << (r.duplicate_is_new ? ", both new" : "") << ")\n";
  }
  if (shown < reports.size())
    out << "  … and " << reports.size() - shown << " more (--json lists all)\n";
}

void PrintRuleExceptions(const review::RuleExceptionReport& report, std::ostream& out) {
  if (report.cases == 0) return;
  out << report.cases
      << " imported case(s) break an office rule; stored as they are (history as it happened), "
         "listed in the queue's rule_exceptions section:\n";
  const size_t shown = std::min<size_t>(report.listed.size(), 20);
  for (size_t i = 0; i < shown; ++i) {
    for (const review::RuleViolation& v : report.listed[i].violations) {
      out << "  " << report.listed[i].id << ": " << v.Message() << "\n";
    }
  }
  if (shown < report.cases)
    out << "  … and " << report.cases - shown << " more (--json lists them)\n";
}

}  // namespace

int RunImport(const Argv& argv) {
  auto a = Args::Parse(argv, {{"data", "format", "encoding", "map", "rejects"},
                              {"dry-run", "json", "check-duplicates", "no-duplicate-check"}});
  if (!a.ok()) {
    std::cerr << "casebook import: " << a.status().message() << "\n" << kImportUsage;
    return kExitUsage;
  }
  if (a->positional().empty()) {
    std::cerr << kImportUsage;
    return kExitUsage;
  }
  importer::ImportOptions options;
  if (!ImportOptionsFromArgs(*a, &options)) return kExitUsage;
  importer::KeepFreedMemoryForBulkWork();  // This process imports and ends.
  fs::path data_dir = a->DataDir();
  // The index is held for writing from the start, so the import cannot be
  // stored and then find the index taken by another process.
  review::DataDirOptions dir_options;
  dir_options.create_if_missing = !options.dry_run;
  dir_options.write_index = !options.dry_run;
  std::unique_ptr<review::DataDir> dir;
  std::error_code ec;
  if (!options.dry_run || fs::exists(data_dir / "store", ec)) {
    dir = OpenDataDir("import", *a, dir_options);
    if (!dir) return kExitUsage;
  }
  CaseStore* store = dir ? &dir->store() : nullptr;
  importer::ProgressMeter meter(stderr, isatty(STDERR_FILENO) != 0);
  options.on_progress = [&meter](const importer::ImportProgress& p) { meter.Update(p); };
  std::vector<fs::path> paths(a->positional().begin(), a->positional().end());
  const uint64_t seq_before = store ? store->LastSequence() : 0;
  importer::Importer imp(store, options);
  auto summary = imp.Run(paths);
  meter.Finish();
  if (!summary.ok()) {
    std::cerr << "casebook import: " << summary.status().message() << "\n";
    return kExitUsage;
  }
  if (!options.dry_run) {
    Status indexed = dir->BringIndexLevel();
    if (!indexed.ok()) {
      std::cerr << "casebook import: cases stored, but the search index could not be brought "
                   "level: "
                << indexed.message() << "\n";
      return kExitUsage;
    }
  }
  bool json = a->Flag("json");
  PrintSummary(*summary, options.dry_run, json ? std::cerr : std::cout);
  std::vector<review::DuplicateReport> duplicates;
  if (!options.dry_run && !a->Flag("no-duplicate-check")) {
    if (summary->added > kDuplicateCheckMax && !a->Flag("check-duplicates")) {
      (json ? std::cerr : std::cout)
          << "near-duplicate check skipped: " << summary->added << " new cases (more than "
          << kDuplicateCheckMax << "); run with --check-duplicates to check them\n";
    } else {
      Status searchable = dir->OpenSearcher({});
      auto found = searchable.ok()
                       ? review::FindImportDuplicates(*dir->searcher(), *store, seq_before)
                       : Result<std::vector<review::DuplicateReport>>(searchable);
      if (!found.ok()) {
        std::cerr << "casebook import: near-duplicate check failed: " << found.status().message()
                  << "\n";
      } else {
        duplicates = std::move(*found);
        PrintDuplicates(duplicates, json ? std::cerr : std::cout);
      }
    }
  }
  review::RuleExceptionReport exceptions;
  if (!options.dry_run) {
    auto found = review::FindRuleExceptions(*store, seq_before);
    if (!found.ok()) {
      std::cerr << "casebook import: rule check failed: " << found.status().message() << "\n";
    } else {
      exceptions = std::move(*found);
      PrintRuleExceptions(exceptions, json ? std::cerr : std::cout);
    }
  }
  if (json) {
    nlohmann::ordered_json line = summary->CountsJson();
    line["duplicates"] = review::DuplicatesToJson(duplicates);
    line["rule_exceptions"] = review::RuleExceptionsToJson(exceptions);
    std::cout << line.dump() << "\n";
  }
  return summary->rejected > 0 ? kExitFailed : kExitOk;
}

}  // namespace casebook::cli
