#include "api/cli/cli_args.h"

#include "api/review/review_params.h"

namespace casebook::cli {

Result<Args> Args::Parse(const std::vector<std::string>& argv, const ArgSpec& spec) {
  Args a;
  bool options_done = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& w = argv[i];
    if (options_done || w.size() < 3 || w.compare(0, 2, "--") != 0) {
      if (w == "--") {
        options_done = true;
        continue;
      }
      a.positional_.push_back(w);
      continue;
    }
    std::string name = w.substr(2);
    std::string value;
    bool has_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    if (spec.flags.count(name)) {
      if (has_value) return Status::InvalidArgument("option --" + name + " takes no value");
      a.flags_.insert(name);
    } else if (spec.valued.count(name)) {
      if (!has_value) {
        if (i + 1 >= argv.size())
          return Status::InvalidArgument("option --" + name + " needs a value");
        value = argv[++i];
      }
      a.values_.emplace(name, value);
      a.ordered_.emplace_back(name, value);
    } else {
      return Status::InvalidArgument("unknown option --" + name);
    }
  }
  return a;
}

std::string Args::Get(const std::string& name, const std::string& fallback) const {
  std::string out = fallback;
  for (const auto& [k, v] : ordered_) {
    if (k == name) out = v;
  }
  return out;
}

std::vector<std::string> Args::GetAll(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : ordered_) {
    if (k == name) out.push_back(v);
  }
  return out;
}

Result<long long> Args::GetInt(const std::string& name, long long fallback, long long min,
                               long long max) const {
  if (!Has(name)) return fallback;
  const std::string v = Get(name);
  const std::optional<long long> n = review::ParseInteger(v, min, max);  // As the HTTP routes.
  if (!n) {
    return Status::InvalidArgument("option --" + name + ": expected an integer from " +
                                   std::to_string(min) + " to " + std::to_string(max) + ", got '" +
                                   v + "'");
  }
  return *n;
}

}  // namespace casebook::cli
