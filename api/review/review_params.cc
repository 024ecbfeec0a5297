#include "api/review/review_params.h"

#include <cerrno>
#include <cstdlib>

#include "store/utf8.h"

namespace casebook::review {
namespace {

Status Bad(const std::string& name, const std::string& what) {
  return Status::InvalidArgument("parameter '" + name + "': " + what);
}

// An integer in [min, max]; `fallback` when absent.
Result<long long> Integer(const ParamReader& get, const std::string& name, long long fallback,
                          long long min, long long max) {
  std::optional<std::string> v = get(name);
  if (!v) return fallback;
  const std::optional<long long> n = ParseInteger(*v, min, max);
  if (!n) {
    return Bad(name, "expected an integer " + std::to_string(min) + ".." + std::to_string(max) +
                         ", got '" + v->substr(0, 40) + "'");
  }
  return *n;
}

template <typename E>
Status Enum(const ParamReader& get, const std::string& name,
            std::optional<E> (*parse)(const std::string&), std::optional<E>* out) {
  std::optional<std::string> v = get(name);
  if (!v) return Status::Ok();
  *out = parse(*v);
  if (!*out) return Bad(name, "unknown value '" + v->substr(0, 40) + "'");
  return Status::Ok();
}

Result<std::string> AsOf(const ParamReader& get) {
  std::optional<std::string> v = get("as_of");
  if (v && v->empty()) return Bad("as_of", "empty");
  return ResolveAsOf(v.value_or(""));
}

}  // namespace

std::optional<long long> ParseInteger(const std::string& typed, long long min, long long max) {
  const std::string text = HalfWidthDigits(typed);  // ２０２４ is 2024.
  const bool plain = !text.empty() && (text[0] == '-' || (text[0] >= '0' && text[0] <= '9'));
  if (!plain) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const long long n = std::strtoll(text.c_str(), &end, 10);
  if (*end != '\0' || errno != 0 || n < min || n > max) return std::nullopt;
  return n;
}

Result<CaseFilter> ParseCaseFilter(const ParamReader& get) {
  CaseFilter f;
  Result<long long> year = Integer(get, "year", 0, 1949, 2100);
  if (!year.ok()) return year.status();
  f.year = static_cast<int>(*year);
  f.term = get("term").value_or("");
  f.unit = get("unit").value_or("");
  CASEBOOK_RETURN_IF_ERROR(Enum(get, "kind", ParseCaseKind, &f.kind));
  CASEBOOK_RETURN_IF_ERROR(Enum(get, "role", ParseRole, &f.role));
  CASEBOOK_RETURN_IF_ERROR(Enum(get, "level", ParseLevel, &f.level));
  return f;
}

namespace {

// The filters and as_of, which the queue's and the statistics' options share.
template <typename Options>
Status ParseFilterAndDay(const ParamReader& get, Options* o) {
  Result<CaseFilter> filter = ParseCaseFilter(get);
  if (!filter.ok()) return filter.status();
  o->filter = std::move(*filter);
  Result<std::string> as_of = AsOf(get);
  if (!as_of.ok()) return as_of.status();
  o->as_of = *as_of;
  return Status::Ok();
}

}  // namespace

Result<ReviewQueueOptions> ParseQueueOptions(const ParamReader& get, const ReviewLimits& limits) {
  ReviewQueueOptions o;
  CASEBOOK_RETURN_IF_ERROR(ParseFilterAndDay(get, &o));
  Result<long long> limit =
      Integer(get, "limit", 200, 1, static_cast<long long>(limits.max_section_items));
  if (!limit.ok()) return limit.status();
  o.max_per_section = static_cast<size_t>(*limit);
  Result<long long> offset =
      Integer(get, "offset", 0, 0, static_cast<long long>(limits.max_offset));
  if (!offset.ok()) return offset.status();
  o.offset = static_cast<size_t>(*offset);
  if (std::optional<std::string> section = get("section")) {
    o.only = ParseSection(*section);
    if (!o.only) return Bad("section", "unknown section '" + section->substr(0, 40) + "'");
  }
  return o;
}

Result<CaseStatsOptions> ParseStatsOptions(const ParamReader& get) {
  CaseStatsOptions o;
  CASEBOOK_RETURN_IF_ERROR(ParseFilterAndDay(get, &o));
  return o;
}

}  // namespace casebook::review
