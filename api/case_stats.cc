#include "api/case_stats.h"

#include <set>

#include "api/case_facts.h"
#include "api/review_queue.h"

namespace casebook::api {
namespace {

std::string NameOr(const char* name) { return *name ? name : "unknown"; }

void CountReplyTimeliness(const Case& c, long as_of_day, Share* share) {
  auto due = DayNumber(c.reply_due);
  if (!due) return;
  auto replied = DayNumber(FirstReplyDate(c));
  if (!replied && *due >= as_of_day) return;  // Not due yet, not replied: not counted.
  ++share->denominator;
  if (replied && *replied <= *due) ++share->numerator;
}

void CountSatisfaction(const Case& c, Share* share) {
  const Feedback* latest = LatestRatedFeedback(c);
  if (latest == nullptr) return;
  ++share->denominator;
  if (latest->satisfaction != Satisfaction::kUnsatisfied) ++share->numerator;
}

void CountUnits(const Case& c, CaseStats* st) {
  bool solved = c.result == CaseResult::kSolved;
  std::set<std::string> seen;
  auto count = [&](const std::vector<std::string>& units, uint64_t UnitStats::*part) {
    for (const std::string& u : units) {
      UnitStats& us = st->by_unit[u];
      ++(us.*part);
      if (solved && seen.insert(u).second) ++us.solved;
    }
  };
  count(c.units.lead, &UnitStats::lead);
  count(c.units.co, &UnitStats::co);
  count(c.units.joint, &UnitStats::joint);
  ++st->multi_unit.denominator;
  if (c.units.All().size() > 1) ++st->multi_unit.numerator;
}

void Count(const Case& c, long as_of_day, CaseStats* st) {
  ++st->total;
  std::string result = NameOr(ToString(c.result));
  ++st->by_kind_role[NameOr(ToString(c.kind))][NameOr(ToString(c.role))];
  ++st->by_result[result];
  ++st->by_year[c.year][result];
  ++st->by_year[c.year]["total"];
  CountReplyTimeliness(c, as_of_day, &st->on_time_reply);
  CountSatisfaction(c, &st->satisfaction);
  CountUnits(c, st);
}

nlohmann::json ShareToJson(const Share& s) {
  return {{"rate", s.Rate()}, {"numerator", s.numerator}, {"denominator", s.denominator}};
}

}  // namespace

Result<CaseStats> ComputeCaseStats(const CaseStore& store, const CaseStatsOptions& options) {
  std::string as_of = options.as_of.empty() ? TodayUtc() : options.as_of;
  auto as_of_day = DayNumber(as_of);
  if (!as_of_day || as_of.size() != 10) {
    return Status::InvalidArgument("parameter 'as_of': expected a date YYYY-MM-DD");
  }
  CaseStats st;
  auto visit = [&](const Case& c) {
    Count(c, *as_of_day, &st);
    return true;
  };
  if (options.year != 0) {
    CASEBOOK_RETURN_IF_ERROR(store.ScanYear(options.year, visit));
  } else {
    CASEBOOK_RETURN_IF_ERROR(store.ScanAll(visit));
  }
  return st;
}

nlohmann::json CaseStatsToJson(const CaseStats& st) {
  nlohmann::json by_year = nlohmann::json::object();
  for (const auto& [year, counts] : st.by_year) {
    by_year[year == 0 ? "unknown" : std::to_string(year)] = counts;
  }
  nlohmann::json by_unit = nlohmann::json::object();
  for (const auto& [unit, u] : st.by_unit) {
    by_unit[unit] = {{"lead", u.lead}, {"co", u.co}, {"joint", u.joint}, {"solved", u.solved}};
  }
  return {{"total", st.total},
          {"by_kind_role", st.by_kind_role},
          {"by_result", st.by_result},
          {"on_time_reply", ShareToJson(st.on_time_reply)},
          {"satisfaction", ShareToJson(st.satisfaction)},
          {"multi_unit", ShareToJson(st.multi_unit)},
          {"by_year", std::move(by_year)},
          {"by_unit", std::move(by_unit)}};
}

}  // namespace casebook::api
