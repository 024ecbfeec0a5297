// The casebook subcommands. Each takes the words after its name and returns
// the process exit code (cli::kExitOk / kExitFailed / kExitUsage); output goes
// to stdout, errors to stderr. Each group lives in its own cli_*_commands.cc.
#ifndef CASEBOOK_API_CLI_CLI_COMMANDS_H_
#define CASEBOOK_API_CLI_CLI_COMMANDS_H_

#include <string>
#include <vector>

namespace casebook::cli {

using Argv = std::vector<std::string>;

// cli_store_commands.cc
int RunGet(const Argv& argv);   // casebook get [--data DIR] ID
int RunPut(const Argv& argv);   // casebook put [--data DIR] FILE.json (a tracked write)
int RunDemo(const Argv& argv);  // casebook demo [--count N] [--seed S] [--out FILE]

// cli_review_commands.cc — filters: --year --term --unit --kind --role --level
int RunQueue(const Argv& argv);    // casebook queue [--as-of D] [--section S] [--json] ...
int RunStats(const Argv& argv);    // casebook stats [--as-of D] [--json] ...
int RunDossier(const Argv& argv);  // casebook dossier ID [--html FILE]
int RunExport(const Argv& argv);   // casebook export [--format csv|jsonl] [--out FILE] ...

// cli_import_commands.cc
// casebook import [--data DIR] [--format F] [--encoding E] [--map A=B]... [--rejects FILE]
//                 [--dry-run] [--json] PATH...
// Exit 0 when every record went in, 1 when some were rejected, 2 when it could not run.
int RunImport(const Argv& argv);

// cli_search_commands.cc
int RunSearch(const Argv& argv);   // casebook search [--data DIR] [--limit N] [--json] QUERY
int RunReindex(const Argv& argv);  // casebook reindex [--data DIR] [--threads N]
int RunCheck(const Argv& argv);    // casebook check [--data DIR]

// cli_similar_commands.cc
int RunSimilar(const Argv& argv);  // casebook similar (--id ID | --text T | --text-file F)

// cli_operations_commands.cc
int RunBackup(const Argv& argv);   // casebook backup [--data DIR] --to BACKUP_DIR
int RunRestore(const Argv& argv);  // casebook restore --from BACKUP_DIR --data DIR
int RunVerify(const Argv& argv);   // casebook verify [--data DIR] [--json]

// cli_serve_commands.cc
int RunServe(const Argv& argv);  // casebook serve [--data DIR] [--listen HOST:PORT] [--threads N]
                                 //   [--keys FILE]

}  // namespace casebook::cli

#endif  // CASEBOOK_API_CLI_CLI_COMMANDS_H_
