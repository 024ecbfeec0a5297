// casebook get / put / stats / demo.
#include <fstream>
#include <iostream>
#include <sstream>

#include "api/cli_args.h"
#include "api/cli_commands.h"
#include "api/demo_generator.h"
#include "store/case_json.h"
#include "store/case_store.h"

namespace casebook::cli {
namespace {

// Parses argv against spec; prints the error and returns nullopt on failure.
std::optional<Args> ParseOrComplain(const char* cmd, const Argv& argv, const ArgSpec& spec) {
  auto a = Args::Parse(argv, spec);
  if (!a.ok()) {
    std::cerr << "casebook " << cmd << ": " << a.status().message() << "\n";
    return std::nullopt;
  }
  return *a;
}

std::unique_ptr<CaseStore> OpenStoreOrComplain(const char* cmd, const Args& a, bool create) {
  StoreOptions opts;
  opts.create_if_missing = create;
  auto s = CaseStore::Open(std::filesystem::path(a.DataDir()) / "store", opts);
  if (!s.ok()) {
    std::cerr << "casebook " << cmd << ": cannot open data directory " << a.DataDir() << ": "
              << s.status().message() << "\n";
    return nullptr;
  }
  return std::move(*s);
}

}  // namespace

int RunGet(const Argv& argv) {
  auto a = ParseOrComplain("get", argv, {{"data"}, {}});
  if (!a) return kExitUsage;
  if (a->positional().size() != 1) {
    std::cerr << "usage: casebook get [--data DIR] ID\n";
    return kExitUsage;
  }
  auto store = OpenStoreOrComplain("get", *a, false);
  if (!store) return kExitUsage;
  auto c = store->Get(a->positional()[0]);
  if (!c.ok()) {
    std::cerr << "casebook get: " << c.status().message() << "\n";
    return c.status().IsNotFound() ? kExitFailed : kExitUsage;
  }
  std::cout << CaseToJson(*c).dump(2) << "\n";
  return kExitOk;
}

int RunPut(const Argv& argv) {
  auto a = ParseOrComplain("put", argv, {{"data"}, {}});
  if (!a) return kExitUsage;
  if (a->positional().size() != 1) {
    std::cerr << "usage: casebook put [--data DIR] FILE.json\n";
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
  auto c = CaseFromJsonText(buf.str());
  if (!c.ok()) {
    std::cerr << "casebook put: " << path << ": " << c.status().message() << "\n";
    return kExitFailed;
  }
  auto store = OpenStoreOrComplain("put", *a, true);
  if (!store) return kExitUsage;
  auto r = store->Put(*c);
  if (!r.ok()) {
    std::cerr << "casebook put: " << path << ": " << r.status().message() << "\n";
    return kExitFailed;
  }
  const char* what = *r == PutOutcome::kAdded     ? "added"
                     : *r == PutOutcome::kUpdated ? "updated"
                                                  : "unchanged";
  std::cout << what << " " << c->id << "\n";
  return kExitOk;
}

int RunStats(const Argv& argv) {
  auto a = ParseOrComplain("stats", argv, {{"data"}, {"json"}});
  if (!a) return kExitUsage;
  auto store = OpenStoreOrComplain("stats", *a, false);
  if (!store) return kExitUsage;
  nlohmann::json j = {{"cases", store->CaseCount()}, {"last_sequence", store->LastSequence()}};
  if (a->Flag("json")) {
    std::cout << j.dump() << "\n";
  } else {
    std::cout << "cases: " << store->CaseCount() << "\nlast sequence: " << store->LastSequence()
              << "\n";
  }
  return kExitOk;
}

int RunDemo(const Argv& argv) {
  auto a = ParseOrComplain("demo", argv, {{"data", "count", "seed", "out"}, {}});
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
  auto store = OpenStoreOrComplain("demo", *a, true);
  if (!store) return kExitUsage;
  auto r = store->PutBatch(cases);
  if (!r.ok()) {
    std::cerr << "casebook demo: " << r.status().message() << "\n";
    return kExitFailed;
  }
  std::cout << "stored " << cases.size() << " demo cases in " << a->DataDir() << "\n";
  return kExitOk;
}

}  // namespace casebook::cli
