#include "api/review_queue.h"

#include <algorithm>
#include <ctime>

#include "api/case_facts.h"

namespace casebook::api {

std::optional<long> DayNumber(const std::string& iso) {
  if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (iso[i] < '0' || iso[i] > '9') return std::nullopt;
  }
  long y = std::stol(iso.substr(0, 4));
  long m = std::stol(iso.substr(5, 2));
  long d = std::stol(iso.substr(8, 2));
  static const long kMonthDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > kMonthDays[m - 1]) return std::nullopt;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) return std::nullopt;
  // Days from civil date over 400-year eras, years starting in March.
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string TodayUtc() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
  return buf;
}

namespace {

// An item dated `date`; with a countdown (a due date), days_left = date - as_of.
QueueItem ItemFor(const Case& c, const std::string& date, long as_of_day, bool countdown) {
  QueueItem item;
  item.id = c.id;
  item.title = c.title;
  item.year = c.year;
  item.result = ToString(c.result);
  item.status = ToString(c.status);
  if (!c.units.lead.empty()) item.lead_unit = c.units.lead.front();
  item.date = date;
  auto day = DayNumber(date);
  if (countdown && day) item.days_left = static_cast<int>(*day - as_of_day);
  return item;
}

// Earlier dates first, then id; undated items last, or first when
// `undated_first` (a case never looked back at comes before any other).
void Finish(QueueSection* section, size_t max_items, bool undated_first = false) {
  section->total = section->items.size();
  std::sort(section->items.begin(), section->items.end(),
            [undated_first](const QueueItem& a, const QueueItem& b) {
              if (a.date.empty() != b.date.empty()) return a.date.empty() == undated_first;
              if (a.date != b.date) return a.date < b.date;
              return a.id < b.id;
            });
  if (section->items.size() > max_items) section->items.resize(max_items);
}

// The latest review of `kind` (by date), or "".
std::string LastReviewDate(const Case& c, ReviewKind kind) {
  std::string last;
  for (const Review& r : c.reviews) {
    if (r.kind == kind && r.date > last) last = r.date;
  }
  return last;
}

void Classify(const Case& c, long as_of_day, const ReviewQueueOptions& options, ReviewQueue* q) {
  bool closed = c.status == CaseStatus::kClosed;
  if ((c.result == CaseResult::kSolving || c.result == CaseResult::kPlanned) && !closed) {
    q->commitments.items.push_back(ItemFor(c, c.commitment_due, as_of_day, true));
  }
  if (c.result == CaseResult::kReference) {
    std::string last = LastReviewDate(c, ReviewKind::kLookBack);
    auto last_day = DayNumber(last);
    if (!last_day || as_of_day - *last_day > options.recheck_after_days) {
      q->recheck_reference.items.push_back(ItemFor(c, last, as_of_day, false));
    }
  }
  if (c.result == CaseResult::kSolved) {
    bool confirmed = std::any_of(c.reviews.begin(), c.reviews.end(), [](const Review& r) {
      return r.outcome == ReviewOutcome::kConfirmed;
    });
    if (!confirmed) {
      q->verify_solved.items.push_back(ItemFor(c, FirstReplyDate(c), as_of_day, false));
    }
  }
  const Feedback* latest = LatestRatedFeedback(c);
  if (latest != nullptr && latest->satisfaction == Satisfaction::kUnsatisfied) {
    q->unsatisfied.items.push_back(ItemFor(c, latest->date, as_of_day, false));
  }
  auto due = DayNumber(c.reply_due);
  if (due && *due < as_of_day && c.replies.empty() && !closed) {
    q->overdue_replies.items.push_back(ItemFor(c, c.reply_due, as_of_day, true));
  }
}

nlohmann::json SectionToJson(const QueueSection& s) {
  nlohmann::json items = nlohmann::json::array();
  for (const QueueItem& i : s.items) {
    nlohmann::json j = {{"id", i.id},         {"title", i.title},   {"year", i.year},
                        {"result", i.result}, {"status", i.status}, {"lead_unit", i.lead_unit},
                        {"date", i.date}};
    j["days_left"] = i.days_left ? nlohmann::json(*i.days_left) : nlohmann::json(nullptr);
    items.push_back(std::move(j));
  }
  return {{"total", s.total}, {"items", std::move(items)}};
}

}  // namespace

Result<ReviewQueue> BuildReviewQueue(const CaseStore& store, const ReviewQueueOptions& options) {
  ReviewQueue q;
  q.as_of = options.as_of.empty() ? TodayUtc() : options.as_of;
  auto as_of_day = DayNumber(q.as_of);
  if (!as_of_day || q.as_of.size() != 10) {
    return Status::InvalidArgument("parameter 'as_of': expected a date YYYY-MM-DD, got '" +
                                   q.as_of.substr(0, 40) + "'");
  }
  CASEBOOK_RETURN_IF_ERROR(store.ScanAll([&](const Case& c) {
    Classify(c, *as_of_day, options, &q);
    return true;
  }));
  for (QueueSection* s : {&q.commitments, &q.verify_solved, &q.unsatisfied, &q.overdue_replies}) {
    Finish(s, options.max_per_section);
  }
  Finish(&q.recheck_reference, options.max_per_section, /*undated_first=*/true);
  return q;
}

nlohmann::json ReviewQueueToJson(const ReviewQueue& q) {
  return {{"as_of", q.as_of},
          {"sections",
           {{"commitments", SectionToJson(q.commitments)},
            {"recheck_reference", SectionToJson(q.recheck_reference)},
            {"verify_solved", SectionToJson(q.verify_solved)},
            {"unsatisfied", SectionToJson(q.unsatisfied)},
            {"overdue_replies", SectionToJson(q.overdue_replies)}}}};
}

}  // namespace casebook::api
