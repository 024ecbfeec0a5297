// Command-line parsing for the casebook subcommands.
//
// Accepts "--name value", "--name=value", boolean "--name" flags, repeated
// options, "--" to end options, and positional arguments in any order.
#ifndef CASEBOOK_API_CLI_CLI_ARGS_H_
#define CASEBOOK_API_CLI_CLI_ARGS_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "store/status.h"

namespace casebook::cli {

// The declared options of one subcommand.
struct ArgSpec {
  std::set<std::string> valued;  // Options that take a value, e.g. "data", "limit".
  std::set<std::string> flags;   // Boolean options, e.g. "json", "dry-run".
};

// Parsed arguments. Not thread-safe (plain value).
class Args {
 public:
  // Parses `argv` (the words after the subcommand). Errors: InvalidArgument
  // naming an unknown option or an option missing its value.
  static Result<Args> Parse(const std::vector<std::string>& argv, const ArgSpec& spec);

  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  bool Flag(const std::string& name) const { return flags_.count(name) > 0; }
  // The last value given for an option, or `fallback`.
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  // Every value given for a repeatable option, in order.
  std::vector<std::string> GetAll(const std::string& name) const;
  // An integer option; InvalidArgument naming the option when not an integer
  // in [min, max].
  Result<long long> GetInt(const std::string& name, long long fallback, long long min,
                           long long max) const;
  const std::vector<std::string>& positional() const { return positional_; }
  // The data directory: --data, default "./casebook-data".
  std::string DataDir() const { return Get("data", "./casebook-data"); }

 private:
  std::multimap<std::string, std::string> values_;
  std::vector<std::pair<std::string, std::string>> ordered_;
  std::set<std::string> flags_;
  std::vector<std::string> positional_;
};

// Exit codes shared by every subcommand.
constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;  // Ran, but the result is negative (absent, rejects, ...).
constexpr int kExitUsage = 2;   // Could not run: bad usage or unusable data dir.

}  // namespace casebook::cli

#endif  // CASEBOOK_API_CLI_CLI_ARGS_H_
