// review_bench: the review process on a large store — a queue page, the full
// statistics and a tracked write — served from the review keys the store
// keeps, printed beside the same answers computed by scanning every case
// (how the queue and statistics were served before the keys) in the same run.
//
// usage: review_bench [--cases N] [--runs R] [--keep DIR] [--reuse]
//   --cases  demo cases to store (default 100000)
//   --runs   timed repetitions of each keyed measurement (default 200)
//   --keep   build the store in DIR and keep it; --reuse opens it as it is
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "api/cli/demo_generator.h"
#include "api/review/case_edits.h"
#include "api/review/case_stats.h"
#include "api/review/review_index.h"
#include "api/review/review_queue.h"
#include "store/case_store.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace review = casebook::review;

double Ms(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

struct Figures {
  double p50 = 0, p99 = 0, max = 0;
};

Figures Summarise(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  Figures f;
  f.p50 = ms[ms.size() / 2];
  f.p99 = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  f.max = ms.back();
  return f;
}

template <typename F>
Figures Time(int runs, F&& once) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = Clock::now();
    once(i);
    ms.push_back(Ms(t0, Clock::now()));
  }
  return Summarise(std::move(ms));
}

void Print(const char* what, const Figures& f, const char* target) {
  std::printf("%-58s p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms  %s\n", what, f.p50, f.p99, f.max,
              target);
}

void Fail(const casebook::Status& s, const char* doing) {
  std::fprintf(stderr, "review_bench: %s: %s\n", doing, s.ToString().c_str());
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  int cases = 100000, runs = 200;
  std::filesystem::path keep;
  bool reuse = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--reuse") {
      reuse = true;
    } else if (i + 1 < argc && a == "--cases") {
      cases = std::max(1, std::atoi(argv[++i]));
    } else if (i + 1 < argc && a == "--runs") {
      runs = std::max(1, std::atoi(argv[++i]));
    } else if (i + 1 < argc && a == "--keep") {
      keep = argv[++i];
    } else {
      std::fprintf(stderr, "usage: review_bench [--cases N] [--runs R] [--keep DIR] [--reuse]\n");
      return 2;
    }
  }
  const std::filesystem::path dir =
      keep.empty() ? std::filesystem::temp_directory_path() / "casebook-review-bench" : keep;
  if (!reuse) std::filesystem::remove_all(dir);
  casebook::StoreOptions options;
  options.derived = review::ReviewDerivedIndex();
  auto store = casebook::CaseStore::Open(dir / "store", options);
  if (!store.ok()) Fail(store.status(), "opening the store");
  if (!reuse || (*store)->CaseCount() == 0) {
    casebook::DemoOptions demo;
    demo.count = cases;
    const auto t0 = Clock::now();
    std::vector<casebook::Case> all = casebook::GenerateDemoCases(demo);
    for (size_t from = 0; from < all.size(); from += 1000) {
      std::vector<casebook::Case> part(all.begin() + from,
                                       all.begin() + std::min(all.size(), from + 1000));
      auto put = (*store)->PutBatch(part);
      if (!put.ok()) Fail(put.status(), "storing demo cases");
    }
    std::printf("stored %zu demo cases with their review keys in %.1f s\n", all.size(),
                Ms(t0, Clock::now()) / 1000);
  }
  casebook::CaseStore& s = **store;
  std::printf("%llu cases; %d timed runs each (keys), 3 (whole-store scan)\n\n",
              static_cast<unsigned long long>(s.CaseCount()), runs);

  // A queue page: one section, 50 items, sections and offsets in turn; and
  // the whole queue (every section's first 20).
  const review::Section kSections[] = {
      review::Section::kCommitments, review::Section::kOverdueReplies,
      review::Section::kVerifySolved, review::Section::kRecheckReference,
      review::Section::kRuleExceptions};
  auto page = [&](int i) {
    review::ReviewQueueOptions q;
    q.only = kSections[i % 5];
    q.max_per_section = 50;
    q.offset = static_cast<size_t>((i / 5) % 4) * 50;
    auto r = review::BuildReviewQueue(s, q);
    if (!r.ok()) Fail(r.status(), "queue page");
  };
  Print("queue page (one section, 50 items), keys", Time(runs, page), "target p99 <= 20 ms");
  review::ReviewQueueOptions whole;
  whole.max_per_section = 20;
  Print("whole queue (10 sections x 20 items), keys",
        Time(runs,
             [&](int) {
               auto r = review::BuildReviewQueue(s, whole);
               if (!r.ok()) Fail(r.status(), "queue");
             }),
        "");
  review::ReviewQueueOptions filtered = whole;
  filtered.filter.unit = "区教育局";
  filtered.filter.role = casebook::Role::kLead;
  Print("whole queue, filtered by unit and role, keys",
        Time(runs,
             [&](int) {
               auto r = review::BuildReviewQueue(s, filtered);
               if (!r.ok()) Fail(r.status(), "queue");
             }),
        "");
  review::ReviewQueueOptions past = whole;
  past.as_of = "2024-06-30";  // Cases with later events are read whole.
  Print("whole queue as of 2024-06-30, keys",
        Time(std::max(3, runs / 10),
             [&](int) {
               auto r = review::BuildReviewQueue(s, past);
               if (!r.ok()) Fail(r.status(), "queue");
             }),
        "");
  Print("whole queue, whole-store scan",
        Time(3,
             [&](int) {
               auto r = review::BuildReviewQueueByScan(s, whole);
               if (!r.ok()) Fail(r.status(), "queue scan");
             }),
        "");

  review::CaseStatsOptions all_years;
  Print("full statistics (every year), keys",
        Time(std::max(3, runs / 10),
             [&](int) {
               auto r = review::ComputeCaseStats(s, all_years);
               if (!r.ok()) Fail(r.status(), "stats");
             }),
        "target <= 100 ms");
  review::CaseStatsOptions one_year;
  one_year.filter.year = 2024;
  Print("statistics of one year, keys",
        Time(std::max(3, runs / 10),
             [&](int) {
               auto r = review::ComputeCaseStats(s, one_year);
               if (!r.ok()) Fail(r.status(), "stats");
             }),
        "");
  Print("full statistics, whole-store scan",
        Time(3,
             [&](int) {
               auto r = review::ComputeCaseStatsByScan(s, all_years);
               if (!r.ok()) Fail(r.status(), "stats scan");
             }),
        "");

  // Tracked writes: a consultation added to a random case (read, rules,
  // versioned write with its keys, fsync).
  std::mt19937 rng(7);
  std::vector<std::string> ids;
  s.ScanDerived(review::review_keys::StatsPrefix(0), "",
                [&](std::string_view key, std::string_view) {
                  ids.emplace_back(review::review_keys::IdOfKey(key));
                  return ids.size() < 20000;
                });
  int refused = 0;
  Print("tracked write (add a consultation; fsync)",
        Time(runs,
             [&](int i) {
               review::CaseWrite w{review::EditKind::kAddConsultation,
                                   {{"date", "2026-11-" + std::to_string(10 + i % 18)},
                                    {"form", "phone"},
                                    {"notes", "回头看电话回访。"}}};
               auto r = review::ApplyCaseWrite(s, ids[rng() % ids.size()], w);
               if (!r.ok()) ++refused;
             }),
        "target p99 <= 10 ms");
  if (refused > 0) std::printf("  (%d writes refused by a rule)\n", refused);
  return 0;
}
