// casebook backup / restore / verify: a data directory's operations.
#include <iostream>

#include "api/cli/cli_commands.h"
#include "api/cli/cli_data_dir.h"
#include "api/review/data_dir_backup.h"

namespace casebook::cli {

int RunBackup(const Argv& argv) {
  constexpr char kUsage[] =
      "usage: casebook backup [--data DIR] --to BACKUP_DIR\n"
      "  a consistent copy of the store (a checkpoint) and the index; BACKUP_DIR must not exist.\n"
      "  While `casebook serve` runs, ask it: POST /api/v1/admin/backup {\"to\": BACKUP_DIR}\n";
  auto a = ParseArgs("backup", argv, {{"data", "to"}, {}}, kUsage);
  if (!a) return kExitUsage;
  if (!a->Has("to") || !a->positional().empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  review::DataDirOptions options;
  options.while_served = "ask it for the backup (POST /api/v1/admin/backup {\"to\": \"" +
                         a->Get("to") + "\"}), or stop it first";
  auto dir = OpenDataDir("backup", *a, options);
  if (!dir) return kExitUsage;
  auto report = review::BackupDataDir(*dir, a->Get("to"));
  if (!report.ok()) {
    std::cerr << "casebook backup: " << report.status().message() << "\n";
    return kExitUsage;
  }
  std::cout << "backed up " << report->cases << " cases (store sequence " << report->last_sequence
            << ", " << report->bytes / 1048576.0 << " MiB) to " << report->to.string() << "\n";
  return kExitOk;
}

int RunRestore(const Argv& argv) {
  constexpr char kUsage[] =
      "usage: casebook restore --from BACKUP_DIR --data DIR\n"
      "  DIR must not exist or be empty; the index is caught up, or rebuilt when the copy is "
      "unusable\n";
  auto a = ParseArgs("restore", argv, {{"data", "from"}, {}}, kUsage);
  if (!a) return kExitUsage;
  if (!a->Has("from") || !a->Has("data") || !a->positional().empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  auto report = review::RestoreDataDir(a->Get("from"), a->DataDir());
  if (!report.ok()) {
    std::cerr << "casebook restore: " << report.status().message() << "\n";
    return kExitUsage;
  }
  std::cout << "restored " << report->cases << " cases into " << a->DataDir()
            << (report->index_rebuilt ? " (index rebuilt from the store)" : "") << "\n";
  return kExitOk;
}

int RunVerify(const Argv& argv) {
  constexpr char kUsage[] = "usage: casebook verify [--data DIR] [--json]\n";
  auto a = ParseArgs("verify", argv, {{"data"}, {"json"}}, kUsage);
  if (!a) return kExitUsage;
  auto dir = OpenDataDir("verify", *a, ReadBesideServer());
  if (!dir) return kExitUsage;
  auto report = review::VerifyDataDir(*dir);
  if (!report.ok()) {
    std::cerr << "casebook verify: " << report.status().message() << "\n";
    return kExitUsage;
  }
  if (a->Flag("json")) {
    std::cout << review::VerifyReportToJson(*report).dump() << "\n";
  } else {
    std::cout << report->cases << " cases, " << report->versions
              << " versions: " << (report->ok() ? "all consistent" : "problems found") << "\n";
    for (const std::string& p : report->problems) std::cout << "  " << p << "\n";
  }
  return report->ok() ? kExitOk : kExitFailed;
}

}  // namespace casebook::cli
