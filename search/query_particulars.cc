#include "search/query_particulars.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>

#include "search/chinese_terms.h"

namespace casebook::search {

namespace {

// China's provincial-level divisions by their short names.
constexpr std::string_view kProvinces[] = {
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江",
    "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南",
    "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "内蒙古",
    "广西", "西藏", "宁夏", "新疆", "香港", "澳门", "台湾"};

// The place kinds after a two-character name.
constexpr std::string_view kPlaceKinds[] = {"市", "县", "区", "州"};

// Function characters (particles, prepositions, pronouns, quantifiers): no
// part of a place's name, so "的小区" or "要求各市" names none.
constexpr std::string_view kFunctionCharacters[] = {
    "的", "了", "和", "与", "及", "在", "对", "向", "于", "将", "把", "被", "从", "到",
    "为", "是", "有", "各", "全", "本", "该", "我", "此", "等", "让", "以", "其"};

// The units a figure counts (time, things, money, shares): "3项", "2020年".
constexpr std::string_view kUnits[] = {
    "年", "月", "日", "号", "时", "点", "天", "周", "项", "条", "个", "件", "次", "批", "家", "名",
    "人", "户", "元", "万", "亿", "倍", "成", "期", "类", "种", "所", "台", "辆", "吨", "度", "岁"};

struct Char {
  UChar32 code = 0;
  size_t begin = 0;
  size_t end = 0;
};

std::vector<Char> Decode(std::string_view text) {
  std::vector<Char> out;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    Char c;
    c.begin = static_cast<size_t>(i);
    U8_NEXT(bytes, i, length, c.code);
    c.end = static_cast<size_t>(i);
    out.push_back(c);
  }
  return out;
}

bool IsHan(UChar32 c) {
  UErrorCode error = U_ZERO_ERROR;
  return c >= 0 && uscript_getScript(c, &error) == USCRIPT_HAN && U_SUCCESS(error);
}

bool IsDigit(UChar32 c) { return c >= '0' && c <= '9'; }

template <size_t N>
bool OneOf(const std::string_view (&set)[N], std::string_view s) {
  return std::find(std::begin(set), std::end(set), s) != std::end(set);
}

std::string_view Text(std::string_view text, const Char& c) {
  return text.substr(c.begin, c.end - c.begin);
}

// A name found at bytes [begin, end) of the text.
struct Found {
  size_t begin = 0;
  size_t end = 0;
  std::string name;
};

// The names of `found` in order of position, each once; a name overlapping
// an earlier (or, at one position, a longer) one is dropped: "上海南站" names
// 上海, not 海南 too; "苏州市区" names 苏州市, not 州市区 too.
std::vector<std::string> InOrder(std::vector<Found> found) {
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<std::string> out;
  size_t taken_to = 0;
  for (Found& f : found) {
    if (f.begin < taken_to) continue;
    taken_to = f.end;
    if (std::find(out.begin(), out.end(), f.name) == out.end()) out.push_back(std::move(f.name));
  }
  return out;
}

}  // namespace

std::vector<std::string> PlaceNames(std::string_view normalized) {
  std::vector<Found> found;
  for (std::string_view province : kProvinces) {
    for (size_t at = normalized.find(province); at != std::string_view::npos;
         at = normalized.find(province, at + 1)) {
      found.push_back({at, at + province.size(), std::string(province)});
    }
  }
  const std::vector<Char> chars = Decode(normalized);
  for (size_t i = 2; i < chars.size(); ++i) {
    if (!OneOf(kPlaceKinds, Text(normalized, chars[i]))) continue;
    if (!IsHan(chars[i - 2].code) || !IsHan(chars[i - 1].code)) continue;
    if (OneOf(kFunctionCharacters, Text(normalized, chars[i - 2])) ||
        OneOf(kFunctionCharacters, Text(normalized, chars[i - 1]))) {
      continue;
    }
    const std::string_view two =
        normalized.substr(chars[i - 2].begin, chars[i - 1].end - chars[i - 2].begin);
    if (two == "自治" || OneOf(kProvinces, two)) continue;
    const size_t begin = chars[i - 2].begin, end = chars[i].end;
    found.push_back({begin, end, std::string(normalized.substr(begin, end - begin))});
  }
  for (std::string& code : PlaceCodes(normalized)) {
    const size_t at = normalized.find(code);
    found.push_back({at, at + code.size(), std::move(code)});
  }
  return InOrder(std::move(found));
}

std::vector<std::string> Figures(std::string_view normalized) {
  std::vector<Found> found;
  const std::vector<Char> chars = Decode(normalized);
  for (size_t i = 0; i < chars.size();) {
    if (!IsDigit(chars[i].code)) {
      ++i;
      continue;
    }
    const bool after_letter = i > 0 && chars[i - 1].code < 0x80 && u_isalpha(chars[i - 1].code);
    size_t end = i;
    while (end < chars.size() && IsDigit(chars[end].code)) ++end;
    if (end + 1 < chars.size() && chars[end].code == '.' && IsDigit(chars[end + 1].code)) {
      for (++end; end < chars.size() && IsDigit(chars[end].code);) ++end;
    }
    if (end < chars.size() && OneOf(kUnits, Text(normalized, chars[end]))) ++end;
    if (!after_letter && end - i >= 2) {
      const size_t begin = chars[i].begin, stop = chars[end - 1].end;
      found.push_back({begin, stop, std::string(normalized.substr(begin, stop - begin))});
    }
    i = end;
  }
  return InOrder(std::move(found));
}

}  // namespace casebook::search
