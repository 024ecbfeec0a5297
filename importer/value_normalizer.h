// Normalises the values offices write into the forms the case model stores:
// dates to ISO 8601, years to integers, Chinese words of enumerations to the
// English names, delimited lists to arrays. Pure functions; thread-safe.
#ifndef CASEBOOK_IMPORTER_VALUE_NORMALIZER_H_
#define CASEBOOK_IMPORTER_VALUE_NORMALIZER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook::importer {

// Full-width ASCII (U+FF01..U+FF5E, e.g. "２０２１") to ASCII; the ideographic
// space to a space. Other text is unchanged.
std::string FoldFullWidth(std::string_view s);

// Trims ASCII whitespace, the ideographic space and a UTF-8 BOM at both ends.
std::string_view TrimText(std::string_view s);

// "2021", "2021年", "２０２１年度" -> 2021; nullopt when not a year in [1000, 9999].
std::optional<int> ParseYearText(std::string_view s);

// "2021/3/5", "2021.03.05", "2021年3月5日", "20210305", "2021-3-5 9:05" ->
// "2021-03-05" / "2021-03-05 09:05"; nullopt when the text is not such a date
// (the caller keeps the original, which validation then names).
std::optional<std::string> NormalizeDateText(std::string_view s);

// Splits "市交通委、市公安局；市规划资源局" on 、 , ， ; ； and line breaks;
// items trimmed, empty ones dropped.
std::vector<std::string> SplitList(std::string_view s);

// English name of an enumeration from the words offices write, or nullopt:
// kind ("群众留言" -> "appeal", "政协提案" -> "cppcc_proposal"), level, role,
// result ("解决采纳" -> "solved"), status ("已答复" -> "replied").
std::optional<std::string> CanonicalKind(std::string_view s);
std::optional<std::string> CanonicalLevel(std::string_view s);
std::optional<std::string> CanonicalRole(std::string_view s);
std::optional<std::string> CanonicalResult(std::string_view s);
std::optional<std::string> CanonicalStatus(std::string_view s);

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_VALUE_NORMALIZER_H_
