// casebook: one binary, many subcommands.
#include <cstring>
#include <iostream>

#include "api/cli/cli_args.h"
#include "api/cli/cli_commands.h"

namespace {

struct Command {
  const char* name;
  int (*run)(const casebook::cli::Argv&);
  const char* usage;
};

const Command kCommands[] = {
    {"get", casebook::cli::RunGet, "get [--data DIR] ID            print a case as JSON"},
    {"put", casebook::cli::RunPut,
     "put [--data DIR] FILE.json     store a case (a tracked write: the office's rules apply)"},
    {"queue", casebook::cli::RunQueue,
     "queue [--data DIR] [--as-of D] [--section S] [FILTERS] [--json]\n"
     "                                 the review queue (回头看): countdowns, overdue, to "
     "re-check"},
    {"stats", casebook::cli::RunStats,
     "stats [--data DIR] [--as-of D] [FILTERS] [--json]  the office's figures"},
    {"dossier", casebook::cli::RunDossier,
     "dossier [--data DIR] ID [--html FILE]  one case's whole dossier (一案一册)"},
    {"export", casebook::cli::RunExport,
     "export [--data DIR] [--format csv|jsonl] [--include-body] [--out FILE] [FILTERS]"},
    {"serve", casebook::cli::RunServe,
     "serve [--data DIR] [--listen HOST:PORT] [--threads N] [--keys FILE]  HTTP API"},
    {"import", casebook::cli::RunImport,
     "import [--data DIR] [--format F] [--map A=B] [--rejects FILE] [--dry-run] [--json] PATH...\n"
     "                                 import JSONL/CSV/TXT/DOCX/HTML files or folders"},
    {"similar", casebook::cli::RunSimilar,
     "similar [--data DIR] (--id ID | --text T | --text-file F) [--limit N] [--json]\n"
     "                                 earlier cases on the same matter; near-duplicates flagged"},
    {"demo", casebook::cli::RunDemo,
     "demo [--count N] [--seed S] [--out FILE]  write demo cases as JSON Lines"},
    {"search", casebook::cli::RunSearch,
     "search [--data DIR] [--limit N] [--json] QUERY  full-text search (docs/search.md)"},
    {"reindex", casebook::cli::RunReindex,
     "reindex [--data DIR] [--threads N]  rebuild the search index from the store"},
    {"check", casebook::cli::RunCheck, "check [--data DIR]             compare store and index"},
    {"backup", casebook::cli::RunBackup,
     "backup [--data DIR] --to BACKUP_DIR  a consistent copy of store and index"},
    {"restore", casebook::cli::RunRestore,
     "restore --from BACKUP_DIR --data DIR  a backup into a new data directory"},
    {"verify", casebook::cli::RunVerify,
     "verify [--data DIR] [--json]   histories, review keys, store against index"},
};

void PrintUsage(std::ostream& out) {
  out << "usage: casebook COMMAND [OPTIONS]\n\ncommands:\n";
  for (const Command& c : kCommands) out << "  casebook " << c.usage << "\n";
  out << "\n--data DIR defaults to ./casebook-data\n"
         "FILTERS: --year Y --term 届次 --unit 承办单位 --kind K --role lead|co|joint --level L\n";
}

bool AsksForHelp(int argc, char** argv) {
  for (int i = 2; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--")) return false;  // Past the options.
    if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
      !std::strcmp(argv[1], "help")) {
    PrintUsage(argc < 2 ? std::cerr : std::cout);
    return argc < 2 ? casebook::cli::kExitUsage : casebook::cli::kExitOk;
  }
  casebook::cli::Argv rest(argv + 2, argv + argc);
  for (const Command& c : kCommands) {
    if (std::strcmp(argv[1], c.name)) continue;
    if (AsksForHelp(argc, argv)) {  // `casebook put --help`: that command's line.
      std::cout << "usage: casebook " << c.usage << "\n\n--data DIR defaults to ./casebook-data\n";
      return casebook::cli::kExitOk;
    }
    return c.run(rest);
  }
  std::cerr << "casebook: unknown command '" << argv[1] << "'\n";
  PrintUsage(std::cerr);
  return casebook::cli::kExitUsage;
}
