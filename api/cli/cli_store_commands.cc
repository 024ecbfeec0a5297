// casebook get / put / demo.
#include <fstream>
#include <iostream>
#include <sstream>

#include "api/cli/cli_args.h"
#include "api/cli/cli_commands.h"
#include "api/cli/cli_data_dir.h"
#include "api/cli/demo_generator.h"
#include "api/review/case_edits.h"
#include "store/case_json.h"

namespace casebook::cli {

int RunGet(const Argv& argv) {
  constexpr char kUsage[] = "usage: casebook get [--data DIR] ID\n";
  auto a = ParseArgs("get", argv, {{"data"}, {}}, kUsage);
  if (!a) return kExitUsage;
  if (a->positional().size() != 1) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  auto dir = OpenDataDir("get", *a, ReadBesideServer());
  if (!dir) return kExitUsage;
  auto c = dir->store().Get(a->positional()[0]);
  if (!c.ok()) {
    std::cerr << "casebook get: " << c.status().message() << "\n";
    return c.status().IsNotFound() ? kExitFailed : kExitUsage;
  }
  std::cout << CaseToJson(*c).dump(2) << "\n";
  return kExitOk;
}

int RunPut(const Argv& argv) {
  constexpr char kUsage[] =
      "usage: casebook put [--data DIR] FILE.json\n"
      "  stores one case as a tracked write: validated, checked against the office's rules\n"
      "  (a refusal names the rule and the field), its prior version kept as history;\n"
      "  a record with \"version\" replaces that version only\n";
  auto a = ParseArgs("put", argv, {{"data"}, {}}, kUsage);
  if (!a) return kExitUsage;
  if (a->positional().size() != 1) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const std::string path = a->positional()[0];
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "casebook put: cannot read " << path << "\n";
    return kExitUsage;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  auto j = ParseJsonText(buf.str());
  if (!j.ok() || !j->is_object() || !j->contains("id") || !(*j)["id"].is_string()) {
    std::cerr << "casebook put: " << path << ": "
              << (j.ok() ? "expected a JSON object with a string \"id\"" : j.status().message())
              << "\n";
    return kExitFailed;
  }
  review::DataDirOptions options;
  options.create_if_missing = true;
  auto dir = OpenDataDir("put", *a, options);
  if (!dir) return kExitUsage;
  const std::string id = (*j)["id"].get<std::string>();
  // A record that names its version (an export, a `get` edited by hand)
  // replaces that version only, as `casebook import` does: a newer stored
  // case is not overwritten by an older copy.
  const bool versioned = j->contains("version") && (*j)["version"].is_number_integer() &&
                         (*j)["version"].get<int64_t>() > 0;
  review::CaseWrite write{review::EditKind::kReplace, std::move(*j)};
  if (versioned) {
    write.check = review::VersionCheck::kExactly;
    write.version = write.body["version"].get<int64_t>();
  }
  auto done = review::ApplyCaseWrite(dir->store(), id, write);
  if (!done.ok()) {
    std::cerr << "casebook put: " << path << ": " << done.status().message() << "\n";
    return done.status().code() == Status::Code::kNoSpace ? kExitUsage : kExitFailed;
  }
  Status indexed = dir->BringIndexLevel();
  if (!indexed.ok()) std::cerr << "casebook put: stored, but " << indexed.message() << "\n";
  const char* what = done->created ? "added" : done->changed ? "updated" : "unchanged";
  std::cout << what << " " << id << " (version " << done->stored.version << ")\n";
  return kExitOk;
}

int RunDemo(const Argv& argv) {
  auto a = ParseArgs("demo", argv, {{"data", "count", "seed", "out"}, {}},
                     "usage: casebook demo [--count N] [--seed S] [--out FILE] [--data DIR]\n");
  if (!a) return kExitUsage;
  auto count = a->GetInt("count", 400, 1, 10'000'000);
  auto seed = a->GetInt("seed", 2021, 0, 1LL << 62);
  if (!count.ok() || !seed.ok()) {
    std::cerr << "casebook demo: " << (count.ok() ? seed.status() : count.status()).message()
              << "\n";
    return kExitUsage;
  }
  DemoOptions opts;
  opts.count = static_cast<int>(*count);
  opts.seed = static_cast<uint64_t>(*seed);
  std::vector<Case> cases = GenerateDemoCases(opts);
  if (a->Has("out")) {
    std::ofstream out(a->Get("out"), std::ios::binary);
    for (const Case& c : cases) out << CaseToJson(c).dump() << "\n";
    if (!out) {
      std::cerr << "casebook demo: cannot write " << a->Get("out") << "\n";
      return kExitUsage;
    }
    std::cout << "wrote " << cases.size() << " demo cases to " << a->Get("out") << "\n";
    return kExitOk;
  }
  review::DataDirOptions options;
  options.create_if_missing = true;
  auto dir = OpenDataDir("demo", *a, options);
  if (!dir) return kExitUsage;
  auto r = dir->store().PutBatch(cases);
  if (!r.ok()) {
    std::cerr << "casebook demo: " << r.status().message() << "\n";
    return kExitFailed;
  }
  std::cout << "stored " << cases.size() << " demo cases in " << a->DataDir() << "\n";
  return kExitOk;
}

}  // namespace casebook::cli
