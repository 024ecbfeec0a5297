#include "importer/value_normalizer.h"

#include <cctype>
#include <cstdio>
#include <map>

namespace casebook::importer {
namespace {

using WordTable = std::map<std::string, std::string, std::less<>>;

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::string> Lookup(const WordTable& table, std::string_view s) {
  std::string key = LowerAscii(FoldFullWidth(TrimText(s)));
  auto it = table.find(key);
  if (it == table.end()) return std::nullopt;
  return it->second;
}

// Reads the runs of ASCII digits in `s`; fails when any other character is not
// one of the date separators.
bool DateNumbers(std::string_view s, std::vector<std::string>* groups) {
  static const char* kSeparators[] = {"-",  "/",  ".",  ":",  " ",  "T",
                                      "年", "月", "日", "时", "分", "秒"};
  size_t i = 0;
  while (i < s.size()) {
    if (std::isdigit(static_cast<unsigned char>(s[i]))) {
      size_t j = i;
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      groups->emplace_back(s.substr(i, j - i));
      i = j;
      continue;
    }
    bool matched = false;
    for (const char* sep : kSeparators) {
      std::string_view sv(sep);
      if (s.substr(i, sv.size()) == sv) {
        i += sv.size();
        matched = true;
        break;
      }
    }
    if (!matched) return false;
  }
  return true;
}

// True when `t` is "YYYY-MM-DD", "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS"
// with the fields in range: already the normal form NormalizeDateText gives.
bool IsNormalDate(std::string_view t) {
  if (t.size() != 10 && t.size() != 16 && t.size() != 19) return false;
  auto digits = [&](size_t at, size_t n) {
    for (size_t i = at; i < at + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
    }
    return true;
  };
  auto two = [&](size_t at) { return (t[at] - '0') * 10 + (t[at + 1] - '0'); };
  if (!digits(0, 4) || t[4] != '-' || !digits(5, 2) || t[7] != '-' || !digits(8, 2)) return false;
  if (two(5) < 1 || two(5) > 12 || two(8) < 1 || two(8) > 31) return false;
  if (t.size() == 10) return true;
  if (t[10] != ' ' || !digits(11, 2) || t[13] != ':' || !digits(14, 2)) return false;
  if (two(11) > 23 || two(14) > 59) return false;
  return t.size() == 16 || (t[16] == ':' && digits(17, 2) && two(17) <= 60);
}

}  // namespace

std::string FoldFullWidth(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    auto c0 = static_cast<unsigned char>(s[i]);
    if (c0 == 0xEF && i + 2 < s.size()) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      auto c2 = static_cast<unsigned char>(s[i + 2]);
      // U+FF01..U+FF3F = EF BC 81..BF; U+FF40..U+FF5E = EF BD 80..9E.
      if (c1 == 0xBC && c2 >= 0x81 && c2 <= 0xBF) {
        out.push_back(static_cast<char>(c2 - 0x81 + 0x21));
        i += 2;
        continue;
      }
      if (c1 == 0xBD && c2 >= 0x80 && c2 <= 0x9E) {
        out.push_back(static_cast<char>(c2 - 0x80 + 0x60));
        i += 2;
        continue;
      }
    }
    if (c0 == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0x80) {
      out.push_back(' ');  // U+3000 ideographic space.
      i += 2;
      continue;
    }
    out.push_back(s[i]);
  }
  return out;
}

std::string_view TrimText(std::string_view s) {
  for (bool changed = true; changed && !s.empty();) {
    changed = false;
    if (std::isspace(static_cast<unsigned char>(s.front()))) {
      s.remove_prefix(1), changed = true;
    } else if (s.substr(0, 3) == "\xE3\x80\x80" || s.substr(0, 3) == "\xEF\xBB\xBF") {
      s.remove_prefix(3), changed = true;
    }
  }
  for (bool changed = true; changed && !s.empty();) {
    changed = false;
    if (std::isspace(static_cast<unsigned char>(s.back()))) {
      s.remove_suffix(1), changed = true;
    } else if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") {
      s.remove_suffix(3), changed = true;
    }
  }
  return s;
}

std::optional<int> ParseYearText(std::string_view s) {
  std::string t = FoldFullWidth(TrimText(s));
  std::string_view v(t);
  for (std::string_view suffix : {"年度", "年"}) {
    if (v.size() > suffix.size() && v.substr(v.size() - suffix.size()) == suffix) {
      v.remove_suffix(suffix.size());
      break;
    }
  }
  if (v.size() != 4) return std::nullopt;
  int year = 0;
  for (char c : v) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    year = year * 10 + (c - '0');
  }
  if (year < 1000) return std::nullopt;
  return year;
}

std::optional<std::string> NormalizeDateText(std::string_view s) {
  if (IsNormalDate(TrimText(s))) return std::string(TrimText(s));  // The common case.
  std::string t = FoldFullWidth(TrimText(s));
  std::vector<std::string> g;
  if (t.empty() || !DateNumbers(t, &g) || g.empty()) return std::nullopt;
  if (g.size() == 1 && g[0].size() == 8) {  // 20210305
    g = {g[0].substr(0, 4), g[0].substr(4, 2), g[0].substr(6, 2)};
  }
  if (g.size() < 3 || g.size() > 6 || g[0].size() != 4) return std::nullopt;
  for (const std::string& part : g) {
    if (part.size() > 4) return std::nullopt;
  }
  int v[6] = {0, 0, 0, 0, 0, 0};
  for (size_t i = 0; i < g.size(); ++i) v[i] = std::stoi(g[i]);
  if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31) return std::nullopt;
  if (v[3] > 23 || v[4] > 59 || v[5] > 60 || g.size() == 4) return std::nullopt;
  char buf[96];
  if (g.size() == 3) {
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", v[0], v[1], v[2]);
  } else if (g.size() == 5) {
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d %02d:%02d", v[0], v[1], v[2], v[3], v[4]);
  } else {
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d %02d:%02d:%02d", v[0], v[1], v[2], v[3], v[4],
                  v[5]);
  }
  return std::string(buf);
}

std::vector<std::string> SplitList(std::string_view s) {
  static const std::string_view kSeparators[] = {"、", "，", "；", ",", ";", "\n", "\r"};
  std::vector<std::string> items;
  size_t start = 0, i = 0;
  auto flush = [&](size_t end) {
    std::string_view item = TrimText(s.substr(start, end - start));
    if (!item.empty()) items.emplace_back(item);
  };
  while (i < s.size()) {
    size_t sep_len = 0;
    for (std::string_view sep : kSeparators) {
      if (s.substr(i, sep.size()) == sep) {
        sep_len = sep.size();
        break;
      }
    }
    if (sep_len == 0) {
      ++i;
      continue;
    }
    flush(i);
    i += sep_len;
    start = i;
  }
  flush(s.size());
  return items;
}

std::optional<std::string> CanonicalKind(std::string_view s) {
  static const WordTable kTable = {{"deputy_suggestion", "deputy_suggestion"},
                                   {"cppcc_proposal", "cppcc_proposal"},
                                   {"npc_motion", "npc_motion"},
                                   {"appeal", "appeal"},
                                   {"other", "other"},
                                   {"人大代表建议", "deputy_suggestion"},
                                   {"代表建议", "deputy_suggestion"},
                                   {"人大建议", "deputy_suggestion"},
                                   {"建议", "deputy_suggestion"},
                                   {"人大代表建议、批评和意见", "deputy_suggestion"},
                                   {"代表建议、批评和意见", "deputy_suggestion"},
                                   {"人大代表书面意见", "deputy_suggestion"},
                                   {"政协提案", "cppcc_proposal"},
                                   {"提案", "cppcc_proposal"},
                                   {"委员提案", "cppcc_proposal"},
                                   {"政协委员提案", "cppcc_proposal"},
                                   {"议案", "npc_motion"},
                                   {"人大议案", "npc_motion"},
                                   {"代表议案", "npc_motion"},
                                   {"群众留言", "appeal"},
                                   {"群众留言+答复", "appeal"},
                                   {"群众来信", "appeal"},
                                   {"来信", "appeal"},
                                   {"留言", "appeal"},
                                   {"网民留言", "appeal"},
                                   {"信访", "appeal"},
                                   {"群众来信/留言", "appeal"},
                                   {"其他", "other"},
                                   {"其它", "other"}};
  return Lookup(kTable, s);
}

std::optional<std::string> CanonicalLevel(std::string_view s) {
  static const WordTable kTable = {
      {"national", "national"}, {"provincial", "provincial"}, {"municipal", "municipal"},
      {"district", "district"}, {"全国", "national"},         {"国家", "national"},
      {"国家级", "national"},   {"省", "provincial"},         {"省级", "provincial"},
      {"市", "municipal"},      {"市级", "municipal"},        {"区", "district"},
      {"区级", "district"},     {"县", "district"},           {"县级", "district"},
      {"区县", "district"}};
  return Lookup(kTable, s);
}

std::optional<std::string> CanonicalRole(std::string_view s) {
  static const WordTable kTable = {{"lead", "lead"},  {"co", "co"},       {"joint", "joint"},
                                   {"主办", "lead"},  {"主办件", "lead"}, {"会办", "co"},
                                   {"会办件", "co"},  {"协办", "co"},     {"协办件", "co"},
                                   {"合办", "joint"}, {"合办件", "joint"}};
  return Lookup(kTable, s);
}

std::optional<std::string> CanonicalResult(std::string_view s) {
  static const WordTable kTable = {
      {"solved", "solved"},          {"solving", "solving"},  {"planned", "planned"},
      {"reference", "reference"},    {"已经解决", "solved"},  {"已解决", "solved"},
      {"解决采纳", "solved"},        {"采纳", "solved"},      {"已采纳", "solved"},
      {"正在解决", "solving"},       {"解决中", "solving"},   {"计划解决", "planned"},
      {"列入计划拟解决", "planned"}, {"列入计划", "planned"}, {"拟解决", "planned"},
      {"留作参考", "reference"},     {"参考", "reference"}};
  return Lookup(kTable, s);
}

std::optional<std::string> CanonicalStatus(std::string_view s) {
  static const WordTable kTable = {
      {"received", "received"}, {"handling", "handling"}, {"replied", "replied"},
      {"closed", "closed"},     {"reopened", "reopened"}, {"已受理", "received"},
      {"已收到", "received"},   {"待办理", "received"},   {"已交办", "handling"},
      {"办理中", "handling"},   {"正在办理", "handling"}, {"在办", "handling"},
      {"未答复", "handling"},   {"已答复", "replied"},    {"已回复", "replied"},
      {"已办复", "replied"},    {"已办结", "closed"},     {"办结", "closed"},
      {"已关闭", "closed"},     {"重新办理", "reopened"}, {"重办", "reopened"}};
  return Lookup(kTable, s);
}

}  // namespace casebook::importer
