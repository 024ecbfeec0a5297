// casebook search / reindex / check: the search index from the command line.
#include <iomanip>
#include <iostream>

#include "api/cli/cli_args.h"
#include "api/cli/cli_commands.h"
#include "api/cli/cli_data_dir.h"
#include "search/search_index.h"
#include "search/search_json.h"
#include "search/search_vocabulary.h"
#include "search/searcher.h"
#include "store/case_store.h"

namespace casebook::cli {
namespace {

namespace fs = std::filesystem;

Result<search::SearchRequest> RequestFromArgs(const Args& a) {
  search::SearchRequest r;
  for (const std::string& word : a.positional()) {
    if (!r.query.empty()) r.query += ' ';
    r.query += word;
  }
  auto limit = a.GetInt("limit", 10, 1, static_cast<long long>(search::kMaxSearchLimit));
  if (!limit.ok()) return limit.status();
  auto offset = a.GetInt("offset", 0, 0, static_cast<long long>(search::kMaxSearchOffset));
  if (!offset.ok()) return offset.status();
  r.limit = static_cast<size_t>(*limit);
  r.offset = static_cast<size_t>(*offset);
  const std::string sort = a.Get("sort", "relevance");
  const std::optional<search::SortOrder> sort_order = search::SortOrderNamed(sort);
  if (!sort_order) {
    return Status::InvalidArgument(std::string("--sort: expected ") + search::kSortOrderWords +
                                   ", got '" + sort + "'");
  }
  r.sort = *sort_order;
  const std::string mode = a.Get("mode", "auto");
  const std::optional<search::MatchMode> match_mode = search::MatchModeNamed(mode);
  if (!match_mode) {
    return Status::InvalidArgument(std::string("--mode: expected ") + search::kMatchModeWords +
                                   ", got '" + mode + "'");
  }
  r.mode = *match_mode;
  for (const std::string& f : a.GetAll("filter")) {
    size_t eq = f.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::InvalidArgument("--filter: expected FIELD=VALUE, got '" + f + "'");
    }
    r.filters.emplace_back(f.substr(0, eq), f.substr(eq + 1));
  }
  r.facets = !a.Flag("no-facets");
  return r;
}

void PrintText(const search::SearchResponse& res, size_t offset) {
  std::cout << res.total << (res.total == 1 ? " match" : " matches")
            << (res.ranked ? " (ranked)" : "") << "\n";
  size_t rank = offset;
  for (const search::SearchHit& h : res.hits) {
    std::cout << ++rank << ". " << h.id << "  [" << std::fixed << std::setprecision(2) << h.score
              << "]  " << h.title << "\n";
    if (!h.snippet.empty()) std::cout << "   " << h.snippet << "\n";
  }
  for (const auto& [name, values] : res.facets) {
    if (values.empty()) continue;
    std::cout << name << ":";
    for (const search::FacetCount& f : values) std::cout << " " << f.value << "(" << f.count << ")";
    std::cout << "\n";
  }
}

}  // namespace

int RunSearch(const Argv& argv) {
  auto a = Args::Parse(
      argv, {{"data", "limit", "offset", "sort", "mode", "filter"}, {"json", "no-facets"}});
  if (!a.ok() || a->positional().empty()) {
    std::cerr << "casebook search: " << (a.ok() ? "missing QUERY" : a.status().message())
              << "\nusage: casebook search [--data DIR] [--limit N] [--offset N] [--json]"
                 " [--sort relevance|newest|oldest] [--mode auto|all|ranked]"
                 " [--filter FIELD=VALUE]... [--no-facets] QUERY\n";
    return kExitUsage;
  }
  auto request = RequestFromArgs(*a);
  if (!request.ok()) {
    std::cerr << "casebook search: " << request.status().message() << "\n";
    return kExitUsage;
  }
  review::DataDirOptions options = ReadBesideServer();
  options.open_searcher = true;
  if (!a->Flag("json")) {
    options.searcher.snippet.open_mark = "【";
    options.searcher.snippet.close_mark = "】";
  }
  auto dir = OpenDataDir("search", *a, options);
  if (!dir) return kExitUsage;
  auto res = dir->searcher()->Search(*request);
  if (!res.ok()) {
    std::cerr << "casebook search: " << res.status().message() << "\n";
    return kExitUsage;
  }
  if (a->Flag("json")) {
    std::cout << search::SearchResponseJson(*res) << "\n";
  } else {
    PrintText(*res, request->offset);
  }
  return res->total > 0 ? kExitOk : kExitFailed;
}

int RunReindex(const Argv& argv) {
  auto a = Args::Parse(argv, {{"data", "threads"}, {}});
  if (!a.ok() || !a->positional().empty()) {
    std::cerr << "casebook reindex: " << (a.ok() ? "unexpected argument" : a.status().message())
              << "\nusage: casebook reindex [--data DIR] [--threads N]\n";
    return kExitUsage;
  }
  auto threads = a->GetInt("threads", 2, 1, 16);
  if (!threads.ok()) {
    std::cerr << "casebook reindex: " << threads.status().message() << "\n";
    return kExitUsage;
  }
  auto dir = OpenDataDir("reindex", *a);
  if (!dir) return kExitUsage;
  search::SearchIndexOptions index_options = dir->index_options();
  index_options.rebuild_threads = static_cast<int>(*threads);
  auto stats = search::RebuildIndex(dir->store(), dir->index_dir(), index_options);
  if (!stats.ok()) {
    std::cerr << "casebook reindex: " << stats.status().message() << "\n";
    return kExitUsage;
  }
  std::cout << "reindexed " << stats->documents << " cases in " << std::fixed
            << std::setprecision(1) << stats->seconds << " s (" << std::setprecision(0)
            << stats->documents / std::max(stats->seconds, 1e-3) << " docs/s); index "
            << std::setprecision(1) << stats->index_bytes / 1048576.0
            << " MiB; level with store sequence " << stats->sequence << "\n";
  return kExitOk;
}

int RunCheck(const Argv& argv) {
  auto a = Args::Parse(argv, {{"data"}, {}});
  if (!a.ok() || !a->positional().empty()) {
    std::cerr << "casebook check: " << (a.ok() ? "unexpected argument" : a.status().message())
              << "\nusage: casebook check [--data DIR]\n";
    return kExitUsage;
  }
  auto dir = OpenDataDir("check", *a, ReadBesideServer());
  if (!dir) return kExitUsage;
  auto report = search::CheckIndex(dir->store(), dir->index_dir());
  if (!report.ok()) {
    std::cerr << "casebook check: " << report.status().message() << "\n";
    return report.status().IsNotFound() ? kExitFailed : kExitUsage;
  }
  std::cout << report->Describe();
  return report->Level() ? kExitOk : kExitFailed;
}

}  // namespace casebook::cli
