#include "api/cli_search_context.h"

#include <iostream>

namespace casebook::cli {

namespace fs = std::filesystem;

// Opens the store (never creating it) and reads dictionary.txt. Prints the
// problem and returns nullopt on failure.
std::optional<SearchContext> OpenContext(const char* cmd, const Args& a) {
  SearchContext ctx;
  StoreOptions store_options;
  store_options.create_if_missing = false;
  auto store = CaseStore::Open(fs::path(a.DataDir()) / "store", store_options);
  if (!store.ok()) {
    std::cerr << "casebook " << cmd << ": cannot open data directory " << a.DataDir() << ": "
              << store.status().message() << "\n";
    return std::nullopt;
  }
  ctx.store = std::move(*store);
  auto options = search::IndexOptionsForDataDir(a.DataDir());
  if (!options.ok()) {
    std::cerr << "casebook " << cmd << ": " << options.status().message() << "\n";
    return std::nullopt;
  }
  ctx.index_options = std::move(*options);
  ctx.index_dir = search::IndexDirOf(a.DataDir());
  return ctx;
}

// Brings the index level with the store unless another process is writing
// it. Returns false (after printing why) when the index cannot be used.
bool CatchUpIndex(const char* cmd, const SearchContext& ctx) {
  auto index = search::SearchIndex::Open(ctx.index_dir, ctx.index_options);
  if (!index.ok()) {
    bool locked = index.status().message().find("locked") != std::string::npos;
    std::cerr << "casebook " << cmd << ": " << index.status().message() << "\n";
    return locked;  // Locked by a running server: search what it has committed.
  }
  auto applied = (*index)->CatchUp(*ctx.store);
  if (!applied.ok()) {
    std::cerr << "casebook " << cmd << ": index catch-up failed: " << applied.status().message()
              << "\n";
  }
  return true;
}

}  // namespace casebook::cli
