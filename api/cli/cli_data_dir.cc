#include "api/cli/cli_data_dir.h"

#include <algorithm>
#include <iostream>

namespace casebook::cli {

std::unique_ptr<review::DataDir> OpenDataDir(const char* cmd, const Args& a,
                                             const review::DataDirOptions& options) {
  auto dir = review::DataDir::Open(a.DataDir(), options);
  if (!dir.ok()) {
    std::cerr << "casebook " << cmd << ": " << a.DataDir() << ": " << dir.status().message()
              << "\n";
    return nullptr;
  }
  if ((*dir)->read_only()) {
    std::cerr << "casebook " << cmd << ": note: " << a.DataDir()
              << " is in use by a running server; reading it as of now\n";
  }
  return std::move(*dir);
}

review::DataDirOptions ReadBesideServer() {
  review::DataDirOptions options;
  options.beside_server = true;
  return options;
}

std::optional<Args> ParseArgs(const char* cmd, const Argv& argv, const ArgSpec& spec,
                              const char* usage) {
  auto a = Args::Parse(argv, spec);
  if (!a.ok()) {
    std::cerr << "casebook " << cmd << ": " << a.status().message() << "\n" << usage;
    return std::nullopt;
  }
  return std::move(*a);
}

review::ParamReader ArgsReader(const Args& a) {
  return [&a](const std::string& name) -> std::optional<std::string> {
    std::string flag = name;
    std::replace(flag.begin(), flag.end(), '_', '-');
    if (!a.Has(flag)) return std::nullopt;
    return a.Get(flag);
  };
}

}  // namespace casebook::cli
