// Backup, restore and verification of a data directory.
//
// A backup is a folder: store/ (a RocksDB checkpoint: consistent, every
// acknowledged write), index/ (a copy of the search index, made after
// bringing it level), dictionary.txt when there is one, and backup.json
// (when, how many cases, the store's last sequence). The index is derived:
// a restore that finds it behind catches it up from the store's change log,
// and one that cannot open it rebuilds it from the store.
#ifndef CASEBOOK_API_REVIEW_DATA_DIR_BACKUP_H_
#define CASEBOOK_API_REVIEW_DATA_DIR_BACKUP_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/review/data_dir.h"
#include "store/status.h"

namespace casebook::review {

struct BackupReport {
  std::filesystem::path to;
  uint64_t cases = 0;
  uint64_t last_sequence = 0;
  uint64_t bytes = 0;  // Of the files written (hard links count their size).
};

// Backs `dir` up into `to`, which must not exist. Safe while `dir` serves
// writes: `bring_index_level` (null: dir.BringIndexLevel) is how the index
// is brought level first — a server passes its indexer's. Errors:
// AlreadyExists (`to` exists), IOError, those of the store and the index.
Result<BackupReport> BackupDataDir(DataDir& dir, const std::filesystem::path& to,
                                   const std::function<Status()>& bring_index_level = nullptr);

struct RestoreReport {
  uint64_t cases = 0;
  bool index_rebuilt = false;  // The copied index could not be used.
};

// Restores the backup in `from` into the data directory `data`, which must
// not exist or be empty. Errors: InvalidArgument (not a backup: no
// backup.json / store), AlreadyExists (`data` holds files), IOError.
Result<RestoreReport> RestoreDataDir(const std::filesystem::path& from,
                                     const std::filesystem::path& data);

struct VerifyReport {
  uint64_t cases = 0;
  uint64_t versions = 0;
  std::vector<std::string> problems;  // Empty when all holds.
  bool ok() const { return problems.empty(); }
};

// Checks a data directory: every case and prior version decodes, each
// case's history runs 1..N with the current version last, the review keys
// are the ones its cases give, and the index holds exactly the store's cases
// at its sequence. Errors only when it cannot look (I/O); what differs is
// listed in the report.
Result<VerifyReport> VerifyDataDir(const DataDir& dir);

// {"cases", "versions", "ok", "problems": [...]}.
nlohmann::json VerifyReportToJson(const VerifyReport& report);

}  // namespace casebook::review

#endif  // CASEBOOK_API_REVIEW_DATA_DIR_BACKUP_H_
