// casebook similar: earlier cases on the same matter, with near-duplicate flags.
#include <fstream>
#include <iostream>
#include <sstream>

#include "api/cli/cli_args.h"
#include "api/cli/cli_commands.h"
#include "api/cli/cli_data_dir.h"
#include "search/near_duplicate.h"
#include "search/similar_cases.h"

namespace casebook::cli {
namespace {

constexpr char kUsage[] =
    "usage: casebook similar [--data DIR] (--id ID | --text-file F | --text T) [--title T]\n"
    "                        [--limit N] [--earlier] [--before-year Y] [--filter FIELD=VALUE]...\n"
    "                        [--exclude-copies] [--json]\n";

Result<search::SimilarRequest> RequestFromArgs(const Args& a) {
  search::SimilarRequest r;
  auto limit = a.GetInt("limit", 10, 1, 100);
  if (!limit.ok()) return limit.status();
  r.limit = static_cast<size_t>(*limit);
  auto before = a.GetInt("before-year", 0, 0, 2200);
  if (!before.ok()) return before.status();
  r.before_year = static_cast<int>(*before);
  r.earlier_only = a.Flag("earlier") || r.before_year > 0;
  r.exclude_copies = a.Flag("exclude-copies");
  for (const std::string& f : a.GetAll("filter")) {
    auto eq = f.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::InvalidArgument("option --filter: expected FIELD=VALUE, got '" + f + "'");
    }
    r.filters.emplace_back(f.substr(0, eq), f.substr(eq + 1));
  }
  return r;
}

// The text of --text or --text-file; "" with an error printed when unreadable.
std::optional<std::string> QueryText(const Args& a) {
  if (a.Has("text")) return a.Get("text");
  std::ifstream in(a.Get("text-file"), std::ios::binary);
  if (!in) {
    std::cerr << "casebook similar: cannot read " << a.Get("text-file") << "\n";
    return std::nullopt;
  }
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void PrintText(const std::vector<search::SimilarHit>& hits) {
  if (hits.empty()) std::cout << "no similar cases\n";
  for (size_t i = 0; i < hits.size(); ++i) {
    const auto& h = hits[i];
    std::printf("%zu. %s  %d  %s  [score %.2f, similarity %.2f%s]\n", i + 1, h.id.c_str(), h.year,
                h.title.c_str(), h.score, h.similarity, h.near_duplicate ? ", NEAR-DUPLICATE" : "");
    std::string terms;
    for (const auto& t : h.shared_terms) terms += (terms.empty() ? "" : " ") + t;
    std::printf("   result: %s  shared: %s\n", h.result.empty() ? "-" : h.result.c_str(),
                terms.c_str());
    if (!h.reply_excerpt.empty()) std::printf("   reply: %s\n", h.reply_excerpt.c_str());
  }
}

}  // namespace

int RunSimilar(const Argv& argv) {
  auto a = Args::Parse(
      argv, {{"data", "id", "text", "text-file", "title", "limit", "before-year", "filter"},
             {"json", "earlier", "exclude-copies"}});
  int sources = a.ok() ? a->Has("id") + a->Has("text") + a->Has("text-file") : 0;
  if (!a.ok() || sources != 1 || !a->positional().empty()) {
    std::cerr << "casebook similar: "
              << (!a.ok() ? a.status().message() : "give exactly one of --id, --text, --text-file")
              << "\n"
              << kUsage;
    return kExitUsage;
  }
  auto request = RequestFromArgs(*a);
  if (!request.ok()) {
    std::cerr << "casebook similar: " << request.status().message() << "\n";
    return kExitUsage;
  }
  review::DataDirOptions options = ReadBesideServer();
  options.open_searcher = true;
  auto dir = OpenDataDir("similar", *a, options);
  if (!dir) return kExitUsage;
  search::SimilarCases similar(dir->searcher(), &dir->store());
  Result<std::vector<search::SimilarHit>> hits = Status::Internal("unset");
  if (a->Has("id")) {
    hits = similar.ForCase(a->Get("id"), *request);
  } else {
    auto text = QueryText(*a);
    if (!text) return kExitUsage;
    hits = similar.ForText(a->Get("title"), *text, *request);
  }
  if (!hits.ok()) {
    std::cerr << "casebook similar: " << hits.status().message() << "\n";
    return hits.status().IsNotFound() ? kExitFailed : kExitUsage;
  }
  if (a->Flag("json")) {
    std::cout << search::SimilarHitsToJson(*hits).dump(-1, ' ', false,
                                                       nlohmann::json::error_handler_t::replace)
              << "\n";
  } else {
    PrintText(*hits);
  }
  return hits->empty() ? kExitFailed : kExitOk;
}

}  // namespace casebook::cli
