#include "api/review/review_dates.h"

#include <cstdio>
#include <ctime>

namespace casebook::review {

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

Result<std::string> ResolveAsOf(const std::string& as_of) {
  if (as_of.empty()) return TodayUtc();
  if (as_of.size() != 10 || !DayNumber(as_of)) {
    return Status::InvalidArgument("parameter 'as_of': expected a date YYYY-MM-DD, got '" +
                                   as_of.substr(0, 40) + "'");
  }
  return as_of;
}

}  // namespace casebook::review
