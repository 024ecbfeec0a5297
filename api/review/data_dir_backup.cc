#include "api/review/data_dir_backup.h"

#include <chrono>
#include <ctime>
#include <fstream>
#include <functional>
#include <map>

#include "api/review/review_index.h"
#include "search/search_index.h"

namespace casebook::review {
namespace {

namespace fs = std::filesystem;

std::string NowUtc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Status CopyTree(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::copy_symlinks, ec);
  if (ec) return Status::IOError("copying " + from.filename().string() + ": " + ec.message());
  return Status::Ok();
}

bool EmptyOrAbsent(const fs::path& dir) {
  std::error_code ec;
  return !fs::exists(dir, ec) || (fs::is_directory(dir, ec) && fs::is_empty(dir, ec));
}

// The review keys the cases give, against the ones stored.
Status CheckReviewKeys(const CaseStore& store, VerifyReport* report) {
  std::map<std::string, std::string> expected;
  std::vector<DerivedEntry> entries;
  CASEBOOK_RETURN_IF_ERROR(store.ScanAll([&](const Case& c) {
    entries.clear();
    ReviewDerivedIndex()->entries(c, &entries);
    for (auto& [k, v] : entries) expected.emplace(std::move(k), std::move(v));
    return true;
  }));
  size_t wrong = 0, extra = 0;
  CASEBOOK_RETURN_IF_ERROR(store.ScanDerived("", "", [&](std::string_view key, std::string_view v) {
    auto it = expected.find(std::string(key));
    if (it == expected.end()) {
      ++extra;
    } else {
      if (it->second != v) ++wrong;
      expected.erase(it);
    }
    return true;
  }));
  if (wrong + extra + expected.size() > 0) {
    report->problems.push_back("review keys: " + std::to_string(expected.size()) + " missing, " +
                               std::to_string(extra) + " not belonging to any case, " +
                               std::to_string(wrong) +
                               " out of date (reopen the directory for writing to rebuild them)");
  }
  return Status::Ok();
}

Status CheckHistories(const CaseStore& store, VerifyReport* report) {
  std::vector<std::string> ids;
  CASEBOOK_RETURN_IF_ERROR(store.ScanAll([&](const Case& c) {
    ids.push_back(c.id);
    ++report->cases;
    return true;
  }));
  size_t broken = 0;
  for (const std::string& id : ids) {
    Result<std::vector<Case>> versions = store.History(id);
    if (!versions.ok()) {
      report->problems.push_back("case " + id + ": " + versions.status().message());
      continue;
    }
    report->versions += versions->size();
    int64_t last = 0;
    for (const Case& v : *versions) {
      if (v.version <= last && ++broken <= 10) {
        report->problems.push_back("case " + id + ": version " + std::to_string(v.version) +
                                   " follows version " + std::to_string(last) + " in its history");
      }
      last = v.version;
    }
  }
  if (broken > 10) report->problems.push_back(std::to_string(broken - 10) + " more history breaks");
  return Status::Ok();
}

}  // namespace

Result<BackupReport> BackupDataDir(DataDir& dir, const fs::path& to,
                                   const std::function<Status()>& bring_index_level) {
  std::error_code ec;
  if (fs::exists(to, ec)) return Status::AlreadyExists("backup folder " + to.string() + " exists");
  fs::create_directories(to, ec);
  if (ec) return Status::IOError("creating " + to.string() + ": " + ec.message());
  BackupReport report;
  report.to = to;
  report.last_sequence = dir.store().LastSequence();
  report.cases = dir.store().CaseCount();
  CASEBOOK_RETURN_IF_ERROR(dir.store().CreateCheckpoint(to / "store"));
  // The index after the checkpoint, brought level first: at least as far as
  // the store copy, or caught up from its change log on restore.
  CASEBOOK_RETURN_IF_ERROR(bring_index_level ? bring_index_level() : dir.BringIndexLevel());
  if (fs::exists(dir.index_dir(), ec))
    CASEBOOK_RETURN_IF_ERROR(CopyTree(dir.index_dir(), to / "index"));
  if (fs::exists(dir.path() / "dictionary.txt", ec)) {
    fs::copy_file(dir.path() / "dictionary.txt", to / "dictionary.txt", ec);
  }
  const nlohmann::json manifest = {
      {"created_at", NowUtc()}, {"cases", report.cases}, {"last_sequence", report.last_sequence}};
  std::ofstream(to / "backup.json") << manifest.dump(2) << "\n";
  report.bytes = search::DirectoryBytes(to);
  return report;
}

Result<RestoreReport> RestoreDataDir(const fs::path& from, const fs::path& data) {
  std::error_code ec;
  if (!fs::exists(from / "backup.json", ec) || !fs::is_directory(from / "store", ec)) {
    return Status::InvalidArgument(from.string() +
                                   " is not a Casebook backup (no backup.json and store/)");
  }
  if (!EmptyOrAbsent(data)) {
    return Status::AlreadyExists("data directory " + data.string() +
                                 " is not empty: restore into a new directory");
  }
  fs::create_directories(data, ec);
  CASEBOOK_RETURN_IF_ERROR(CopyTree(from / "store", data / "store"));
  if (fs::exists(from / "dictionary.txt", ec))
    fs::copy_file(from / "dictionary.txt", data / "dictionary.txt", ec);
  RestoreReport report;
  bool copied = false;
  if (fs::is_directory(from / "index", ec)) {
    copied = CopyTree(from / "index", data / "index").ok();
  }
  DataDirOptions options;
  options.write_index = true;
  Result<std::unique_ptr<DataDir>> dir =
      copied ? DataDir::Open(data, options) : Status::NotFound("no index in the backup");
  if (dir.ok()) {  // Caught up from the change log; anything else is rebuilt.
    auto check = search::CheckIndex((*dir)->store(), (*dir)->index_dir());
    if (!check.ok() || !check->Level()) {
      dir->reset();
      dir = Status::Corruption("the copied index does not match the store");
    }
  }
  if (!dir.ok()) {  // Rebuild the derived index from the store alone.
    fs::remove_all(data / "index", ec);
    DataDirOptions store_only;
    dir = DataDir::Open(data, store_only);
    if (!dir.ok()) return dir.status();
    auto rebuilt =
        search::RebuildIndex((*dir)->store(), (*dir)->index_dir(), (*dir)->index_options());
    if (!rebuilt.ok()) return rebuilt.status();
    report.index_rebuilt = true;
  }
  report.cases = (*dir)->store().CaseCount();
  return report;
}

Result<VerifyReport> VerifyDataDir(const DataDir& dir) {
  VerifyReport report;
  CASEBOOK_RETURN_IF_ERROR(CheckHistories(dir.store(), &report));
  CASEBOOK_RETURN_IF_ERROR(CheckReviewKeys(dir.store(), &report));
  Result<search::IndexCheckReport> index = search::CheckIndex(dir.store(), dir.index_dir());
  if (!index.ok()) {
    report.problems.push_back("index: " + index.status().message());
  } else if (!index->Level()) {
    report.problems.push_back("index: " + index->Describe());
  }
  return report;
}

nlohmann::json VerifyReportToJson(const VerifyReport& report) {
  return {{"cases", report.cases},
          {"versions", report.versions},
          {"ok", report.ok()},
          {"problems", report.problems}};
}

}  // namespace casebook::review
