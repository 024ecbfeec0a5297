// DataDir: one data directory opened once — the store (with the review
// keys kept on every write), the search index and a searcher — for the
// server, the CLI commands and the tests alike.
//
// Layout (DESIGN.md): DIR/store (RocksDB), DIR/index (Xapian),
// DIR/dictionary.txt (the user's terms), DIR/rejects, DIR/keys.
#ifndef CASEBOOK_API_REVIEW_DATA_DIR_H_
#define CASEBOOK_API_REVIEW_DATA_DIR_H_

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "search/search_index.h"
#include "search/searcher.h"
#include "store/case_store.h"
#include "store/status.h"

namespace casebook::review {

// What to open besides the store.
struct DataDirOptions {
  bool create_if_missing = false;  // Create DIR and an empty store when absent.
  // Open the index for writing and bring it level with the store (the
  // server; imports). Errors when another process holds it.
  bool write_index = false;
  // Open a searcher (its analyzer comes from the directory's dictionary).
  bool open_searcher = false;
  search::SearcherOptions searcher;
  StoreOptions store;  // `derived` is set to the review keys whatever it holds.
  // When a running server has the store open, open it read-only beside it
  // (a snapshot as of now; the index is searched as the server committed
  // it). Otherwise Open fails with Unavailable naming the server.
  bool beside_server = false;
  // What Open's Unavailable error tells a caller to do while a server holds
  // the directory; empty: write through it (the console or the API).
  std::string while_served;
};

// What a running `casebook serve` records in its data directory
// (DIR/server.json), so other commands can name it.
struct ServerRecord {
  std::string url;  // e.g. "http://127.0.0.1:8080".
  long pid = 0;
};

class DataDir {
 public:
  // Opens `dir`. With write_index or open_searcher the index is brought
  // level with the store first (a reader leaves it as it is when another
  // process is writing it, and searches what that process committed). Errors name the part that
  // failed ("cannot open the store: ..."): NotFound/IOError for a missing
  // directory, those of CaseStore::Open, SearchIndex::Open, Searcher::Open.
  static Result<std::unique_ptr<DataDir>> Open(const std::filesystem::path& dir,
                                               const DataDirOptions& options);
  ~DataDir();
  DataDir(const DataDir&) = delete;
  DataDir& operator=(const DataDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // True when opened read-only beside a running server.
  bool read_only() const { return read_only_; }
  CaseStore& store() const { return *store_; }
  // The writable index; null unless write_index.
  search::SearchIndex* index() const { return index_.get(); }
  // Null unless open_searcher.
  const search::Searcher* searcher() const { return searcher_.get(); }
  const search::SearchIndexOptions& index_options() const { return index_options_; }
  std::filesystem::path index_dir() const { return search::IndexDirOf(path_); }

  // Opens the searcher now (when Open was not asked to). Errors: those of
  // Searcher::Open. Not thread-safe.
  Status OpenSearcher(const search::SearcherOptions& options);

  // Brings the index level with the store (every write made so far becomes
  // searchable): through the writable index when open, else through one
  // opened for the catch-up; Ok without doing anything when another process
  // holds the index. Not thread-safe against itself.
  Status BringIndexLevel();

  // Records this process as the server of `dir` (DIR/server.json) until
  // ForgetServer. Errors: IOError.
  static Status RecordServer(const std::filesystem::path& dir, const ServerRecord& record);
  static void ForgetServer(const std::filesystem::path& dir);
  // The record of a running server, if any.
  static std::optional<ServerRecord> RunningServer(const std::filesystem::path& dir);

 private:
  explicit DataDir(std::filesystem::path path) : path_(std::move(path)) {}

  std::filesystem::path path_;
  bool read_only_ = false;
  search::SearchIndexOptions index_options_;
  // Destroyed searcher first, store last.
  std::unique_ptr<CaseStore> store_;
  std::unique_ptr<search::SearchIndex> index_;
  std::unique_ptr<search::Searcher> searcher_;
};

}  // namespace casebook::review

#endif  // CASEBOOK_API_REVIEW_DATA_DIR_H_
