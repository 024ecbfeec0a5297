#include "api/review/case_stats.h"

#include <array>
#include <set>

#include "api/review/case_words.h"

namespace casebook::review {
namespace {

constexpr int kKinds = 6, kRoles = 4, kResults = 5, kStatuses = 6;

std::string NameOr(const char* name) { return *name ? name : "unknown"; }

template <typename E>
int Index(E v, int count) {
  const int i = static_cast<int>(v);
  return i >= 0 && i < count ? i : 0;
}

// Counts summaries into small arrays; Finish() turns them into CaseStats.
class Counter {
 public:
  explicit Counter(long as_of_day) : as_of_day_(as_of_day) {}

  void Count(const CaseSummary& s) {
    ++st_.total;
    const int kind = Index(s.kind, kKinds), role = Index(s.role, kRoles);
    const int result = Index(s.result, kResults);
    ++kind_role_[kind][role];
    ++result_[result];
    ++status_[Index(s.status, kStatuses)];
    auto& year = by_year_[s.year];
    ++year[result];
    CountReplyTimeliness(s);
    if (s.satisfaction != Satisfaction::kUnset) {
      ++st_.satisfaction.denominator;
      if (s.satisfaction != Satisfaction::kUnsatisfied) ++st_.satisfaction.numerator;
    }
    ++st_.disclosed.denominator;
    if (s.disclosed) ++st_.disclosed.numerator;
    if (s.role == Role::kLead) {
      ++st_.lead_disclosed.denominator;
      if (s.disclosed) ++st_.lead_disclosed.numerator;
    }
    if (s.key_case || !s.supervising_leader.empty()) ++st_.key_cases;
    if (!s.supervising_leader.empty()) ++st_.by_supervising_leader[s.supervising_leader];
    CountUnits(s);
  }

  CaseStats Finish() {
    for (int k = 0; k < kKinds; ++k) {
      KindTotals totals;
      for (int r = 0; r < kRoles; ++r) {
        const uint64_t n = kind_role_[k][r];
        if (n == 0) continue;
        const std::string kind = NameOr(ToString(static_cast<CaseKind>(k)));
        st_.by_kind_role[kind][NameOr(ToString(static_cast<Role>(r)))] = n;
        totals.total += n;
        uint64_t* part[] = {&totals.unknown, &totals.lead, &totals.co, &totals.joint};
        *part[r] += n;
        st_.by_kind[kind] = totals;
      }
    }
    for (int r = 0; r < kResults; ++r) {
      if (result_[r]) st_.by_result[NameOr(ToString(static_cast<CaseResult>(r)))] = result_[r];
    }
    for (int s = 0; s < kStatuses; ++s) {
      if (status_[s]) st_.by_status[NameOr(ToString(static_cast<CaseStatus>(s)))] = status_[s];
    }
    for (const auto& [year, counts] : by_year_) {
      auto& out = st_.by_year[year];
      for (int r = 0; r < kResults; ++r) {
        if (counts[r] == 0) continue;
        out[NameOr(ToString(static_cast<CaseResult>(r)))] = counts[r];
        out["total"] += counts[r];
      }
    }
    return std::move(st_);
  }

 private:
  void CountReplyTimeliness(const CaseSummary& s) {
    auto due = DayNumber(s.reply_due);
    if (!due) return;
    auto replied = DayNumber(s.first_reply);
    if (!replied && *due >= as_of_day_) return;  // Not due yet, not replied: not counted.
    ++st_.on_time_reply.denominator;
    if (replied && *replied <= *due) ++st_.on_time_reply.numerator;
  }

  void CountUnits(const CaseSummary& s) {
    const bool solved = s.result == CaseResult::kSolved;
    size_t distinct = 0;
    seen_.clear();
    auto count = [&](const std::vector<std::string>& units, uint64_t UnitStats::*part) {
      for (const std::string& u : units) {
        auto it = st_.by_unit.find(u);
        if (it == st_.by_unit.end()) it = st_.by_unit.emplace(u, UnitStats{}).first;
        ++(it->second.*part);
        if (seen_.insert(&it->first).second) {
          ++distinct;
          if (solved) ++it->second.solved;
        }
      }
    };
    count(s.lead, &UnitStats::lead);
    count(s.co, &UnitStats::co);
    count(s.joint, &UnitStats::joint);
    ++st_.multi_unit.denominator;
    if (distinct > 1) ++st_.multi_unit.numerator;
  }

  long as_of_day_;
  CaseStats st_;
  std::array<std::array<uint64_t, kRoles>, kKinds> kind_role_{};
  std::array<uint64_t, kResults> result_{};
  std::array<uint64_t, kStatuses> status_{};
  std::map<int, std::array<uint64_t, kResults>> by_year_;
  std::set<const std::string*> seen_;
};

// The year asked for: options.year, or the filter's; InvalidArgument when
// both are given and differ.
Result<int> YearAsked(const CaseStatsOptions& options) {
  if (options.year != 0 && options.filter.year != 0 && options.year != options.filter.year) {
    return Status::InvalidArgument("parameter 'year': given twice with different values");
  }
  return options.year != 0 ? options.year : options.filter.year;
}

void CountWhole(const Case& c, const std::string& as_of, const CaseFilter& filter, int year,
                Counter* counter) {
  std::optional<Case> view = CaseAsOf(c, as_of);
  if (!view || (year != 0 && view->year != year)) return;
  const CaseSummary s = SummarizeCase(*view);
  if (filter.Matches(s)) counter->Count(s);
}

nlohmann::json ShareToJson(const Share& s) {
  return {{"rate", s.Rate()}, {"numerator", s.numerator}, {"denominator", s.denominator}};
}

}  // namespace

Result<CaseStats> ComputeCaseStats(const CaseStore& store, const CaseStatsOptions& options) {
  Result<std::string> as_of = ResolveAsOf(options.as_of);
  if (!as_of.ok()) return as_of.status();
  Result<int> year = YearAsked(options);
  if (!year.ok()) return year.status();
  Counter counter(*DayNumber(*as_of));
  std::set<std::string, std::less<>> changed;
  CASEBOOK_RETURN_IF_ERROR(VisitCasesChangedAfter(store, *as_of, &changed, [&](const Case& c) {
    CountWhole(c, *as_of, options.filter, *year, &counter);
  }));
  CaseSummary summary;
  const std::string prefix = review_keys::StatsPrefix(*year);
  CASEBOOK_RETURN_IF_ERROR(
      store.ScanDerived(prefix, "", [&](std::string_view key, std::string_view value) {
        if (!changed.empty() && changed.count(review_keys::IdOfKey(key)) != 0) return true;
        if (DecodeSummary(value, &summary) && options.filter.Matches(summary)) {
          counter.Count(summary);
        }
        return true;
      }));
  CaseStats st = counter.Finish();
  st.as_of = *as_of;
  return st;
}

Result<CaseStats> ComputeCaseStatsByScan(const CaseStore& store, const CaseStatsOptions& options) {
  Result<std::string> as_of = ResolveAsOf(options.as_of);
  if (!as_of.ok()) return as_of.status();
  Result<int> year = YearAsked(options);
  if (!year.ok()) return year.status();
  Counter counter(*DayNumber(*as_of));
  CASEBOOK_RETURN_IF_ERROR(store.ScanAll([&](const Case& c) {
    CountWhole(c, *as_of, options.filter, *year, &counter);
    return true;
  }));
  CaseStats st = counter.Finish();
  st.as_of = *as_of;
  return st;
}

std::string HeadlineZh(const CaseStats& st) {
  std::string out = "共" + std::to_string(st.total) + "件";
  std::string parts;
  for (const char* kind :
       {"deputy_suggestion", "cppcc_proposal", "npc_motion", "appeal", "other", "unknown"}) {
    auto it = st.by_kind.find(kind);
    if (it == st.by_kind.end()) continue;
    const KindTotals& k = it->second;
    std::string roles;
    for (const auto& [n, word] : {std::pair<uint64_t, const char*>{k.lead, "主办"},
                                  {k.co, "会办"},
                                  {k.joint, "合办"},
                                  {k.unknown, "未注明"}}) {
      if (n == 0) continue;
      roles += (roles.empty() ? "" : "，") + std::string(word) + std::to_string(n) + "件";
    }
    const std::string name = std::string(kind) == "unknown" ? "未分类" : ChineseWord(kind);
    parts += (parts.empty() ? "" : "，") + name + std::to_string(k.total) + "件（" + roles + "）";
  }
  if (!parts.empty()) out += "。其中，" + parts;
  out += "。主办件" + std::to_string(st.lead_disclosed.denominator) + "件，已向社会公开" +
         std::to_string(st.lead_disclosed.numerator) + "件。";
  return out;
}

nlohmann::json CaseStatsToJson(const CaseStats& st) {
  nlohmann::json by_kind = nlohmann::json::object();
  for (const auto& [kind, k] : st.by_kind) {
    by_kind[kind] = {{"total", k.total},
                     {"lead", k.lead},
                     {"co", k.co},
                     {"joint", k.joint},
                     {"unknown", k.unknown}};
  }
  nlohmann::json result_shares = nlohmann::json::object();
  for (const auto& [result, n] : st.by_result) {
    result_shares[result] = st.total == 0 ? 0.0 : double(n) / double(st.total);
  }
  nlohmann::json by_year = nlohmann::json::object();
  for (const auto& [year, counts] : st.by_year) {
    by_year[year == 0 ? "unknown" : std::to_string(year)] = counts;
  }
  nlohmann::json by_unit = nlohmann::json::object();
  for (const auto& [unit, u] : st.by_unit) {
    by_unit[unit] = {{"lead", u.lead}, {"co", u.co}, {"joint", u.joint}, {"solved", u.solved}};
  }
  return {{"as_of", st.as_of},
          {"total", st.total},
          {"summary", HeadlineZh(st)},
          {"by_kind", std::move(by_kind)},
          {"by_kind_role", st.by_kind_role},
          {"by_result", st.by_result},
          {"result_shares", std::move(result_shares)},
          {"by_status", st.by_status},
          {"on_time_reply", ShareToJson(st.on_time_reply)},
          {"satisfaction", ShareToJson(st.satisfaction)},
          {"multi_unit", ShareToJson(st.multi_unit)},
          {"lead_disclosed", ShareToJson(st.lead_disclosed)},
          {"disclosed", ShareToJson(st.disclosed)},
          {"key_cases", st.key_cases},
          {"by_supervising_leader", st.by_supervising_leader},
          {"by_year", std::move(by_year)},
          {"by_unit", std::move(by_unit)}};
}

}  // namespace casebook::review
