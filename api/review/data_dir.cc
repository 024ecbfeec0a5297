#include "api/review/data_dir.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "api/review/review_index.h"

namespace casebook::review {

namespace fs = std::filesystem;

DataDir::~DataDir() {
  searcher_.reset();
  index_.reset();
  store_.reset();
}

Result<std::unique_ptr<DataDir>> DataDir::Open(const fs::path& dir, const DataDirOptions& options) {
  std::unique_ptr<DataDir> d(new DataDir(dir));
  std::error_code ec;
  if (options.create_if_missing) {
    fs::create_directories(dir, ec);
    if (ec)
      return Status::IOError("cannot create data directory " + dir.string() + ": " + ec.message());
  } else if (!fs::is_directory(dir / "store", ec)) {
    return Status::NotFound("no data directory at " + dir.string() +
                            " (no store/ in it; import cases first, or give --data DIR)");
  }
  StoreOptions store_options = options.store;
  store_options.create_if_missing = options.create_if_missing;
  store_options.derived = ReviewDerivedIndex();
  Result<std::unique_ptr<CaseStore>> store = CaseStore::Open(dir / "store", store_options);
  if (!store.ok() && store.status().code() == Status::Code::kUnavailable) {
    std::optional<ServerRecord> server = RunningServer(dir);
    const std::string who =
        server ? "casebook serve at " + server->url + " (pid " + std::to_string(server->pid) + ")"
               : "another process";
    if (!options.beside_server) {
      return Status::Unavailable(
          "the data directory is in use by " + who + ": " +
          (options.while_served.empty()
               ? "write through it (the console, or the API: PUT/PATCH /api/v1/cases/{id}, "
                 "POST /api/v1/cases for many), or stop it first"
               : options.while_served));
    }
    store_options.read_only = true;
    d->read_only_ = true;
    store = CaseStore::Open(dir / "store", store_options);
  }
  if (!store.ok()) return Status(store.status()).WithContext("cannot open the store");
  d->store_ = std::move(*store);
  Result<search::SearchIndexOptions> index_options = search::IndexOptionsForDataDir(dir);
  if (!index_options.ok()) return index_options.status();
  d->index_options_ = std::move(*index_options);
  if (options.write_index) {
    auto index = search::SearchIndex::Open(d->index_dir(), d->index_options_);
    if (!index.ok()) return Status(index.status()).WithContext("cannot open the index");
    d->index_ = std::move(*index);
  }
  if ((options.write_index || options.open_searcher) && !d->read_only_) {
    CASEBOOK_RETURN_IF_ERROR(d->BringIndexLevel());
  }
  if (options.open_searcher) CASEBOOK_RETURN_IF_ERROR(d->OpenSearcher(options.searcher));
  return d;
}

Status DataDir::OpenSearcher(const search::SearcherOptions& options) {
  search::SearcherOptions searcher_options = options;
  searcher_options.analyzer = index_options_.analyzer;
  auto searcher = search::Searcher::Open(index_dir(), store_.get(), searcher_options);
  if (!searcher.ok()) return Status(searcher.status()).WithContext("cannot open the searcher");
  searcher_ = std::move(*searcher);
  return Status::Ok();
}

Status DataDir::RecordServer(const fs::path& dir, const ServerRecord& record) {
  const nlohmann::json j = {{"url", record.url}, {"pid", record.pid}};
  std::ofstream out(dir / "server.json", std::ios::trunc);
  out << j.dump() << "\n";
  return out ? Status::Ok() : Status::IOError("cannot write " + (dir / "server.json").string());
}

void DataDir::ForgetServer(const fs::path& dir) {
  std::error_code ec;
  fs::remove(dir / "server.json", ec);
}

std::optional<ServerRecord> DataDir::RunningServer(const fs::path& dir) {
  std::ifstream in(dir / "server.json");
  if (!in) return std::nullopt;
  nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j["url"].is_string() || !j["pid"].is_number_integer()) return std::nullopt;
  return ServerRecord{j["url"].get<std::string>(), j["pid"].get<long>()};
}

Status DataDir::BringIndexLevel() {
  if (read_only_) return Status::Ok();  // The server keeps the index level.
  if (index_) {
    Result<uint64_t> applied = index_->CatchUp(*store_);
    return applied.ok() ? Status::Ok()
                        : Status(applied.status()).WithContext("index catch-up failed");
  }
  auto index = search::SearchIndex::Open(index_dir(), index_options_);
  if (!index.ok()) {
    // Another process writes the index: search what it has committed.
    if (index.status().code() == Status::Code::kFailedPrecondition) return Status::Ok();
    return Status(index.status()).WithContext("cannot open the index");
  }
  Result<uint64_t> applied = (*index)->CatchUp(*store_);
  return applied.ok() ? Status::Ok()
                      : Status(applied.status()).WithContext("index catch-up failed");
}

}  // namespace casebook::review
