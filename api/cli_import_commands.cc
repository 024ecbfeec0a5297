// casebook import: files and folders into the store (see importer/importer.h).
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iostream>

#include "api/cli_args.h"
#include "api/cli_commands.h"
#include "api/import_duplicates.h"
#include "importer/bulk_memory.h"
#include "importer/field_mapper.h"
#include "importer/importer.h"
#include "importer/progress_meter.h"
#include "search/search_index.h"
#include "store/case_store.h"

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

// SEARCH INDEX HOOK — the one place where an import brings the search index
// level with the store (replaying the store's change log into index/).
Status BringSearchIndexLevel(const fs::path& data_dir, CaseStore* store) {
  auto options = search::IndexOptionsForDataDir(data_dir);
  if (!options.ok()) return options.status();
  auto index = search::SearchIndex::Open(search::IndexDirOf(data_dir), *options);
  if (!index.ok()) return index.status();
  auto applied = (*index)->CatchUp(*store);
  return applied.ok() ? Status::Ok() : applied.status();
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

void PrintDuplicates(const std::vector<DuplicateReport>& reports, std::ostream& out) {
  if (reports.empty()) return;
  out << reports.size() << " new case(s) near-duplicate another case (reported, not merged):\n";
  const size_t shown = std::min<size_t>(reports.size(), 20);
  for (size_t i = 0; i < shown; ++i) {
    const DuplicateReport& r = reports[i];
    char sim[16];
    std::snprintf(sim, sizeof sim, "%.2f", r.similarity);
    out << "  " << r.id << " ~ " << r.duplicate_of << " (similarity " << sim
        << (r.duplicate_is_new ? ", both new" : "") << ")\n";
  }
  if (shown < reports.size())
    out << "  … and " << reports.size() - shown << " more (--json lists all)\n";
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
  std::unique_ptr<CaseStore> store;
  StoreOptions so;
  so.create_if_missing = !options.dry_run;
  std::error_code ec;
  if (!options.dry_run) fs::create_directories(data_dir, ec);
  auto opened = CaseStore::Open(data_dir / "store", so);
  if (opened.ok()) {
    store = std::move(*opened);
  } else if (!options.dry_run || fs::exists(data_dir / "store")) {
    std::cerr << "casebook import: cannot open data directory " << data_dir.string() << ": "
              << opened.status().message() << "\n";
    return kExitUsage;
  }
  importer::ProgressMeter meter(stderr, isatty(STDERR_FILENO) != 0);
  options.on_progress = [&meter](const importer::ImportProgress& p) { meter.Update(p); };
  std::vector<fs::path> paths(a->positional().begin(), a->positional().end());
  const uint64_t seq_before = store ? store->LastSequence() : 0;
  importer::Importer imp(store.get(), options);
  auto summary = imp.Run(paths);
  meter.Finish();
  if (!summary.ok()) {
    std::cerr << "casebook import: " << summary.status().message() << "\n";
    return kExitUsage;
  }
  if (!options.dry_run) {
    Status indexed = BringSearchIndexLevel(data_dir, store.get());
    if (!indexed.ok()) {
      std::cerr << "casebook import: cases stored, but the search index could not be brought "
                   "level: "
                << indexed.message() << "\n";
      return kExitUsage;
    }
  }
  bool json = a->Flag("json");
  PrintSummary(*summary, options.dry_run, json ? std::cerr : std::cout);
  std::vector<DuplicateReport> duplicates;
  if (!options.dry_run && !a->Flag("no-duplicate-check")) {
    if (summary->added > kDuplicateCheckMax && !a->Flag("check-duplicates")) {
      (json ? std::cerr : std::cout)
          << "near-duplicate check skipped: " << summary->added << " new cases (more than "
          << kDuplicateCheckMax << "); run with --check-duplicates to check them\n";
    } else {
      auto found = FindImportDuplicates(data_dir, *store, seq_before);
      if (!found.ok()) {
        std::cerr << "casebook import: near-duplicate check failed: " << found.status().message()
                  << "\n";
      } else {
        duplicates = std::move(*found);
        PrintDuplicates(duplicates, json ? std::cerr : std::cout);
      }
    }
  }
  if (json) {
    nlohmann::ordered_json line = summary->CountsJson();
    line["duplicates"] = DuplicatesToJson(duplicates);
    std::cout << line.dump() << "\n";
  }
  return summary->rejected > 0 ? kExitFailed : kExitOk;
}

}  // namespace casebook::cli
