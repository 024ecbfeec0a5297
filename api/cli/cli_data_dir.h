// How a CLI command opens its data directory and reads review parameters.
#ifndef CASEBOOK_API_CLI_CLI_DATA_DIR_H_
#define CASEBOOK_API_CLI_CLI_DATA_DIR_H_

#include <memory>
#include <optional>

#include "api/cli/cli_args.h"
#include "api/cli/cli_commands.h"
#include "api/review/data_dir.h"
#include "api/review/review_params.h"

namespace casebook::cli {

// Opens --data (default ./casebook-data) with `options`; on failure prints
// "casebook CMD: ..." to stderr and returns null.
std::unique_ptr<review::DataDir> OpenDataDir(const char* cmd, const Args& a,
                                             const review::DataDirOptions& options = {});

// The options of a command that only reads: beside a running server it
// reads a snapshot of the store instead of stopping at its lock.
review::DataDirOptions ReadBesideServer();

// Parses argv against spec; prints the error (and `usage`) and returns
// nullopt on failure.
std::optional<Args> ParseArgs(const char* cmd, const Argv& argv, const ArgSpec& spec,
                              const char* usage);

// Reads review parameters from options: "as_of" is --as-of, "year" --year ...
review::ParamReader ArgsReader(const Args& a);

}  // namespace casebook::cli

#endif  // CASEBOOK_API_CLI_CLI_DATA_DIR_H_
