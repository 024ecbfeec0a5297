// casebook queue / stats / dossier / export: the review process from the
// command line, with the same parameters and answers as the HTTP routes.
#include <fstream>
#include <iostream>

#include "api/cli/cli_commands.h"
#include "api/cli/cli_data_dir.h"
#include "api/review/case_export.h"
#include "api/review/case_stats.h"
#include "api/review/case_words.h"
#include "api/review/dossier.h"
#include "api/review/review_params.h"
#include "api/review/review_queue.h"

namespace casebook::cli {
namespace {

constexpr const char* kFilterFlags =
    "[--year Y] [--term 届次] [--unit U] [--kind K] [--role R] "
    "[--level L]";

ArgSpec WithFilters(ArgSpec spec) {
  for (const char* f : review::kCaseFilterParams) spec.valued.insert(f);
  spec.valued.insert("data");
  return spec;
}

void PrintQueue(const review::ReviewQueue& q) {
  std::cout << "review queue as of " << q.as_of << "\n";
  for (const review::QueueSection& s : q.sections) {
    std::cout << "\n== " << review::SectionTitle(s.section) << " ("
              << review::SectionName(s.section) << "): " << s.total << "\n";
    for (const review::QueueItem& i : s.items) {
      std::cout << "  " << i.id << "  ";
      if (i.days_left) {
        std::cout << (*i.days_left < 0 ? "逾期" + std::to_string(-*i.days_left) + "天"
                                       : "剩" + std::to_string(*i.days_left) + "天")
                  << "  ";
      }
      std::cout << (i.date.empty() ? "—" : i.date) << "  " << i.title;
      if (!i.lead_unit.empty()) std::cout << "  [" << i.lead_unit << "]";
      for (const std::string& r : i.rules) std::cout << "  !" << r;
      std::cout << "\n";
    }
    if (s.items.size() < s.total) {
      std::cout << "  … " << (s.total - s.items.size()) << " more (--limit, --offset)\n";
    }
  }
}

void PrintShare(const char* label, const review::Share& s) {
  std::printf("%s: %llu / %llu (%.1f%%)\n", label, static_cast<unsigned long long>(s.numerator),
              static_cast<unsigned long long>(s.denominator), s.Rate() * 100);
}

void PrintStats(const review::CaseStats& st) {
  std::cout << "statistics as of " << st.as_of << "\n" << review::HeadlineZh(st) << "\n\n";
  std::cout << "办理结果:";
  for (const char* result : {"solved", "solving", "planned", "reference", "unknown"}) {
    auto it = st.by_result.find(result);
    if (it == st.by_result.end()) continue;
    std::cout << " " << (it->first == "unknown" ? "未注明" : review::ChineseWord(it->first)) << " "
              << it->second;
  }
  std::cout << "\n";
  std::fflush(stdout);
  PrintShare("按期首次答复 (on-time first replies)", st.on_time_reply);
  PrintShare("满意率 (satisfaction)", st.satisfaction);
  PrintShare("多部门办理 (multi-unit)", st.multi_unit);
  PrintShare("主办件公开 (lead cases disclosed)", st.lead_disclosed);
  std::printf("重点件/领导督办 (key cases): %llu\n", static_cast<unsigned long long>(st.key_cases));
  std::fflush(stdout);
}

}  // namespace

int RunQueue(const Argv& argv) {
  const std::string usage =
      std::string("usage: casebook queue [--data DIR] [--as-of YYYY-MM-DD] ") +
      "[--section NAME] [--limit N] [--offset N] " + kFilterFlags + " [--json]\n";
  auto a =
      ParseArgs("queue", argv, WithFilters({{"as-of", "section", "limit", "offset"}, {"json"}}),
                usage.c_str());
  if (!a) return kExitUsage;
  auto options = review::ParseQueueOptions(ArgsReader(*a), review::ReviewLimits{});
  if (!options.ok() || !a->positional().empty()) {
    std::cerr << "casebook queue: "
              << (options.ok() ? "unexpected argument" : options.status().message()) << "\n"
              << usage;
    return kExitUsage;
  }
  auto dir = OpenDataDir("queue", *a, ReadBesideServer());
  if (!dir) return kExitUsage;
  auto q = review::BuildReviewQueue(dir->store(), *options);
  if (!q.ok()) {
    std::cerr << "casebook queue: " << q.status().message() << "\n";
    return kExitUsage;
  }
  if (a->Flag("json")) {
    std::cout << review::ReviewQueueToJson(*q).dump() << "\n";
  } else {
    PrintQueue(*q);
  }
  return kExitOk;
}

int RunStats(const Argv& argv) {
  const std::string usage =
      std::string("usage: casebook stats [--data DIR] [--as-of YYYY-MM-DD] ") + kFilterFlags +
      " [--json]\n";
  auto a = ParseArgs("stats", argv, WithFilters({{"as-of"}, {"json"}}), usage.c_str());
  if (!a) return kExitUsage;
  auto options = review::ParseStatsOptions(ArgsReader(*a));
  if (!options.ok() || !a->positional().empty()) {
    std::cerr << "casebook stats: "
              << (options.ok() ? "unexpected argument" : options.status().message()) << "\n"
              << usage;
    return kExitUsage;
  }
  auto dir = OpenDataDir("stats", *a, ReadBesideServer());
  if (!dir) return kExitUsage;
  auto st = review::ComputeCaseStats(dir->store(), *options);
  if (!st.ok()) {
    std::cerr << "casebook stats: " << st.status().message() << "\n";
    return kExitUsage;
  }
  if (a->Flag("json")) {
    std::cout << review::CaseStatsToJson(*st).dump() << "\n";
  } else {
    PrintStats(*st);
  }
  return kExitOk;
}

int RunDossier(const Argv& argv) {
  constexpr char kUsage[] =
      "usage: casebook dossier [--data DIR] ID [--html FILE]\n"
      "  the whole case (一案一册) as JSON, or as a printable HTML page written to FILE\n";
  auto a = ParseArgs("dossier", argv, {{"data", "html"}, {}}, kUsage);
  if (!a) return kExitUsage;
  if (a->positional().size() != 1) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  auto dir = OpenDataDir("dossier", *a, ReadBesideServer());
  if (!dir) return kExitUsage;
  const std::string& id = a->positional()[0];
  auto c = dir->store().Get(id);
  auto history = dir->store().History(id);
  if (!c.ok() || !history.ok()) {
    const Status& s = c.ok() ? history.status() : c.status();
    std::cerr << "casebook dossier: " << s.message() << "\n";
    return s.IsNotFound() ? kExitFailed : kExitUsage;
  }
  if (!a->Has("html")) {
    std::cout << review::DossierJson(*c, *history).dump(2) << "\n";
    return kExitOk;
  }
  std::ofstream out(a->Get("html"), std::ios::binary);
  out << review::DossierHtml(*c, *history);
  if (!out) {
    std::cerr << "casebook dossier: cannot write " << a->Get("html") << "\n";
    return kExitUsage;
  }
  std::cout << "wrote the dossier of " << id << " to " << a->Get("html") << "\n";
  return kExitOk;
}

int RunExport(const Argv& argv) {
  const std::string usage =
      std::string("usage: casebook export [--data DIR] [--format csv|jsonl] ") +
      "[--include-body] [--out FILE] " + kFilterFlags + "\n";
  auto a =
      ParseArgs("export", argv, WithFilters({{"format", "out"}, {"include-body"}}), usage.c_str());
  if (!a) return kExitUsage;
  auto filter = review::ParseCaseFilter(ArgsReader(*a));
  const std::string format = a->Get("format", "csv");
  if (!filter.ok() || (format != "csv" && format != "jsonl") || !a->positional().empty()) {
    std::cerr << "casebook export: "
              << (!filter.ok() ? filter.status().message()
                  : a->positional().empty()
                      ? "--format: expected csv or jsonl, got '" + format + "'"
                      : std::string("unexpected argument"))
              << "\n"
              << usage;
    return kExitUsage;
  }
  auto dir = OpenDataDir("export", *a, ReadBesideServer());
  if (!dir) return kExitUsage;
  std::string text;
  Status written = Status::Ok();
  if (format == "csv") {
    review::CsvExportOptions options;
    options.filter = *filter;
    options.include_body = a->Flag("include-body");
    written = review::WriteCasesCsv(dir->store(), options, &text);
  } else {
    written = review::WriteCasesJsonl(dir->store(), *filter, &text);
  }
  if (!written.ok()) {
    std::cerr << "casebook export: " << written.message() << "\n";
    return kExitUsage;
  }
  if (!a->Has("out")) {
    std::cout << text;
    return kExitOk;
  }
  std::ofstream out(a->Get("out"), std::ios::binary);
  out << text;
  if (!out) {
    std::cerr << "casebook export: cannot write " << a->Get("out") << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace casebook::cli
