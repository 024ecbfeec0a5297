#include "api/review/review_queue.h"

#include <algorithm>
#include <ctime>
#include <set>

#include "api/review/case_rules.h"
#include "api/review/review_dates.h"

namespace casebook::review {
namespace {

// What decides, on the day asked about, whether an entry of a section counts.
struct DayRule {
  long as_of_day = 0;
  int recheck_after_days = 365;
  // Whether an entry of `section` dated `date` counts on as_of.
  bool Counts(Section section, std::string_view date) const {
    if (section == Section::kOverdueReplies) {
      auto due = DayNumber(std::string(date));
      return due && *due < as_of_day;
    }
    if (section == Section::kRecheckReference) {
      auto last = DayNumber(std::string(date));
      return !last || as_of_day - *last > recheck_after_days;
    }
    return true;
  }
  // Whether no later entry of this section (keys are in date order) can count.
  bool PastTheEnd(Section section, std::string_view date) const {
    if (date.empty()) return false;
    if (section == Section::kOverdueReplies || section == Section::kRecheckReference) {
      return !Counts(section, date);
    }
    return false;
  }
  bool Countdown(Section section) const {
    return section == Section::kCommitments || section == Section::kOverdueReplies;
  }
};

QueueItem ItemFor(const CaseSummary& s, Section section, std::string_view date,
                  const DayRule& day) {
  QueueItem item;
  item.id = s.id;
  item.title = s.title;
  item.year = s.year;
  item.kind = ToString(s.kind);
  item.role = ToString(s.role);
  item.result = ToString(s.result);
  item.status = ToString(s.status);
  if (!s.lead.empty()) item.lead_unit = s.lead.front();
  item.date = std::string(date);
  if (day.Countdown(section)) {
    if (auto d = DayNumber(item.date)) item.days_left = static_cast<int>(*d - day.as_of_day);
  }
  item.key_case = s.key_case;
  item.supervising_leader = s.supervising_leader;
  if (section == Section::kRuleExceptions) item.rules = s.rules;
  return item;
}

bool Before(const QueueItem& a, const QueueItem& b) {
  if (a.date != b.date) return a.date < b.date;
  return a.id < b.id;
}

// Keeps the page [offset, offset + max) of `items` (sorted first).
void Page(std::vector<QueueItem>* items, const ReviewQueueOptions& options) {
  std::sort(items->begin(), items->end(), Before);
  const size_t from = std::min(options.offset, items->size());
  items->erase(items->begin(), items->begin() + from);
  if (items->size() > options.max_per_section) items->resize(options.max_per_section);
}

std::vector<Section> SectionsAsked(const ReviewQueueOptions& options) {
  if (options.only) return {*options.only};
  std::vector<Section> all;
  for (int i = 0; i < kSectionCount; ++i) all.push_back(static_cast<Section>(i));
  return all;
}

// Adds the items of case `c` (seen as of the day) to the sections asked for.
void ClassifyWhole(const Case& c, const std::string& as_of, const DayRule& day,
                   const ReviewQueueOptions& options, std::vector<QueueSection>* sections) {
  std::optional<Case> view = CaseAsOf(c, as_of);
  if (!view) return;
  const CaseSummary summary = SummarizeCase(*view);
  if (!options.filter.Matches(summary)) return;
  for (const auto& [section, date] : SectionsOf(*view)) {
    if (!day.Counts(section, date)) continue;
    for (QueueSection& qs : *sections) {
      if (qs.section != section) continue;
      ++qs.total;
      qs.items.push_back(ItemFor(summary, section, date, day));
    }
  }
}

// The summary of case `id` (of `year`) from its "s" entry; a case deleted
// since the section was read keeps its id alone.
Status ReadSummary(const CaseStore& store, const std::string& id, int year, CaseSummary* summary) {
  *summary = CaseSummary{};
  summary->id = id;
  Result<std::string> bytes = store.GetDerived(review_keys::StatsKey(year, id));
  if (bytes.status().IsNotFound()) return Status::Ok();
  if (!bytes.ok()) return bytes.status();
  if (!DecodeSummary(*bytes, summary)) return Status::Corruption("review keys of case " + id);
  return Status::Ok();
}

Result<DayRule> DayRuleFor(const ReviewQueueOptions& options, std::string* as_of) {
  Result<std::string> resolved = ResolveAsOf(options.as_of);
  if (!resolved.ok()) return resolved.status();
  *as_of = *resolved;
  DayRule day;
  day.as_of_day = *DayNumber(*as_of);
  day.recheck_after_days = options.recheck_after_days;
  return day;
}

std::vector<QueueSection> EmptySections(const ReviewQueueOptions& options) {
  std::vector<QueueSection> sections;
  for (Section s : SectionsAsked(options)) sections.push_back(QueueSection{s, {}, 0});
  return sections;
}

}  // namespace

Result<ReviewQueue> BuildReviewQueue(const CaseStore& store, const ReviewQueueOptions& options) {
  ReviewQueue q;
  Result<DayRule> day = DayRuleFor(options, &q.as_of);
  if (!day.ok()) return day.status();
  q.sections = EmptySections(options);

  // Cases with events after as_of are read whole and seen as they were then.
  std::set<std::string, std::less<>> changed;
  CASEBOOK_RETURN_IF_ERROR(VisitCasesChangedAfter(store, q.as_of, &changed, [&](const Case& c) {
    ClassifyWhole(c, q.as_of, *day, options, &q.sections);
  }));

  // The rest from the keys, in (date, id) order: count them all, keep the
  // first offset + max_per_section (their summaries are read by key).
  const size_t keep = options.offset + options.max_per_section;
  const bool filtered = !options.filter.empty();
  CaseSummary facts;
  for (QueueSection& qs : q.sections) {
    const std::string prefix = review_keys::SectionPrefix(qs.section);
    struct Kept {
      std::string date, id;
      int year;
    };
    std::vector<Kept> kept;
    Status scanned = store.ScanDerived(prefix, "", [&](std::string_view key, std::string_view v) {
      const std::string_view date = review_keys::DateOfKey(key, prefix.size());
      if (day->PastTheEnd(qs.section, date)) return false;
      if (!day->Counts(qs.section, date)) return true;
      const std::string_view id = review_keys::IdOfKey(key);
      if (!changed.empty() && changed.count(id) != 0) return true;
      if (filtered && (!DecodeFilterFacts(v, &facts) || !options.filter.Matches(facts))) {
        return true;
      }
      ++qs.total;
      if (kept.size() < keep) {
        if (!filtered && !DecodeFilterFacts(v, &facts)) facts.year = 0;
        kept.push_back({std::string(date), std::string(id), facts.year});
      }
      return true;
    });
    CASEBOOK_RETURN_IF_ERROR(scanned);
    CaseSummary summary;
    for (const Kept& k : kept) {
      CASEBOOK_RETURN_IF_ERROR(ReadSummary(store, k.id, k.year, &summary));
      qs.items.push_back(ItemFor(summary, qs.section, k.date, *day));
    }
    Page(&qs.items, options);
  }
  return q;
}

Result<ReviewQueue> BuildReviewQueueByScan(const CaseStore& store,
                                           const ReviewQueueOptions& options) {
  ReviewQueue q;
  Result<DayRule> day = DayRuleFor(options, &q.as_of);
  if (!day.ok()) return day.status();
  q.sections = EmptySections(options);
  CASEBOOK_RETURN_IF_ERROR(store.ScanAll([&](const Case& c) {
    ClassifyWhole(c, q.as_of, *day, options, &q.sections);
    return true;
  }));
  for (QueueSection& qs : q.sections) Page(&qs.items, options);
  return q;
}

nlohmann::json ReviewQueueToJson(const ReviewQueue& q) {
  nlohmann::json sections = nlohmann::json::object();
  nlohmann::json order = nlohmann::json::array();
  for (const QueueSection& s : q.sections) {
    order.push_back(SectionName(s.section));
    nlohmann::json items = nlohmann::json::array();
    for (const QueueItem& i : s.items) {
      nlohmann::json j = {{"id", i.id},         {"title", i.title},         {"year", i.year},
                          {"kind", i.kind},     {"role", i.role},           {"result", i.result},
                          {"status", i.status}, {"lead_unit", i.lead_unit}, {"date", i.date}};
      j["days_left"] = i.days_left ? nlohmann::json(*i.days_left) : nlohmann::json(nullptr);
      if (i.key_case) j["key_case"] = true;
      if (!i.supervising_leader.empty()) j["supervising_leader"] = i.supervising_leader;
      if (!i.rules.empty()) {
        j["rules"] = i.rules;
        nlohmann::json words = nlohmann::json::array();
        for (const std::string& r : i.rules) words.push_back(RuleWordsOf(r));
        j["rule_words"] = std::move(words);  // What the console shows.
      }
      items.push_back(std::move(j));
    }
    sections[SectionName(s.section)] = {
        {"title", SectionTitle(s.section)}, {"total", s.total}, {"items", std::move(items)}};
  }
  return {{"as_of", q.as_of}, {"order", std::move(order)}, {"sections", std::move(sections)}};
}

}  // namespace casebook::review
