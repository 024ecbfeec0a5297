// The store and search index of a data directory, opened for one CLI command
// (casebook search / similar / reindex / check).
#ifndef CASEBOOK_API_CLI_SEARCH_CONTEXT_H_
#define CASEBOOK_API_CLI_SEARCH_CONTEXT_H_

#include <filesystem>
#include <memory>
#include <optional>

#include "api/cli_args.h"
#include "search/search_index.h"
#include "store/case_store.h"

namespace casebook::cli {

// An open store with the index options of its data directory.
struct SearchContext {
  std::unique_ptr<CaseStore> store;
  search::SearchIndexOptions index_options;
  std::filesystem::path index_dir;
};

// Opens the store (never creating it) and reads dictionary.txt. Prints the
// problem (prefixed "casebook CMD: ") and returns nullopt on failure.
std::optional<SearchContext> OpenContext(const char* cmd, const Args& a);

// Brings the index level with the store unless another process is writing
// it. Returns false (after printing why) when the index cannot be used.
bool CatchUpIndex(const char* cmd, const SearchContext& ctx);

}  // namespace casebook::cli

#endif  // CASEBOOK_API_CLI_SEARCH_CONTEXT_H_
