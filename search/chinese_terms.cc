#include "search/chinese_terms.h"

namespace casebook::search {

std::string UnitTerm(std::string_view normalized, const std::vector<TextUnit>& units, size_t i,
                     const std::string& prefix) {
  const TextUnit& u = units[i];
  std::string term = prefix;
  term.append(u.In(normalized));
  if (u.kind == TextUnit::Kind::kCjk) {
    if (u.run_end) {
      term.push_back(kRunEndMark);
    } else {
      term.append(units[i + 1].In(normalized));
    }
  }
  return term;
}

size_t AddUnitPostings(std::string_view normalized, const std::string& prefix,
                       Xapian::termpos* next_position, Xapian::Document* doc) {
  std::vector<TextUnit> units = ChineseAnalyzer::SplitUnits(normalized);
  Xapian::termpos pos = *next_position;
  for (size_t i = 0; i < units.size(); ++i, ++pos) {
    doc->add_posting(UnitTerm(normalized, units, i, prefix), pos);
  }
  *next_position = pos + kValueGap;
  return units.size();
}

namespace {

Xapian::Query Wildcard(const std::string& pattern, const SubstringQueryOptions& options) {
  return Xapian::Query(Xapian::Query::OP_WILDCARD, pattern, options.max_wildcard_expansion,
                       Xapian::Query::WILDCARD_LIMIT_ERROR, Xapian::Query::OP_SYNONYM);
}

Xapian::Query OrOfTerms(const std::vector<std::string>& terms) {
  std::vector<Xapian::Query> parts;
  parts.reserve(terms.size());
  for (const std::string& t : terms) parts.emplace_back(t);
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

}  // namespace

Xapian::Query SubstringQuery(std::string_view normalized, const std::string& prefix,
                             const TermLister& lister, const SubstringQueryOptions& options) {
  std::vector<TextUnit> units = ChineseAnalyzer::SplitUnits(normalized);
  const size_t m = units.size();
  if (m == 0) return Xapian::Query();
  const TextUnit& last = units[m - 1];
  if (m == 1) {
    std::string term = prefix + std::string(last.In(normalized));
    if (last.kind == TextUnit::Kind::kWord) return Xapian::Query(term);
    return Wildcard(term, options);
  }
  std::vector<Xapian::Query> phrase;
  for (size_t i = 0; i + 1 < m; ++i) phrase.emplace_back(UnitTerm(normalized, units, i, prefix));
  Xapian::Query loose_tail;  // Set when the tail cannot be matched adjacently.
  if (last.kind == TextUnit::Kind::kWord) {
    phrase.emplace_back(prefix + std::string(last.In(normalized)));
  } else if (units[m - 2].kind != TextUnit::Kind::kCjk || units[m - 2].run_end) {
    // A lone CJK character after a word or a separator: any term starting with it.
    std::string start = prefix + std::string(last.In(normalized));
    std::vector<std::string> terms;
    if (lister) terms = lister(start, options.max_trailing_expansion);
    if (lister && terms.empty()) return Xapian::Query::MatchNothing;
    if (lister && terms.size() <= options.max_trailing_expansion) {
      phrase.push_back(OrOfTerms(terms));
    } else {
      loose_tail = Wildcard(start, options);
    }
  }
  Xapian::Query q = phrase.size() == 1
                        ? phrase[0]
                        : Xapian::Query(Xapian::Query::OP_PHRASE, phrase.begin(), phrase.end(),
                                        static_cast<Xapian::termcount>(phrase.size()));
  if (!loose_tail.empty()) q = Xapian::Query(Xapian::Query::OP_AND, q, loose_tail);
  return q;
}

std::vector<std::string> RankingTerms(std::string_view normalized, const std::string& prefix) {
  std::vector<TextUnit> units = ChineseAnalyzer::SplitUnits(normalized);
  std::vector<std::string> terms;
  terms.reserve(units.size());
  for (size_t i = 0; i < units.size(); ++i) {
    if (units[i].kind == TextUnit::Kind::kCjk && units[i].run_end) continue;
    terms.push_back(UnitTerm(normalized, units, i, prefix));
  }
  return terms;
}

std::vector<std::string> PlaceCodes(std::string_view normalized) {
  static const std::string_view kPlaceKinds[] = {"县", "区", "市", "镇", "乡", "州"};
  const auto is_letter = [](char c) { return c >= 'a' && c <= 'z'; };
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  std::vector<std::string> codes;
  for (size_t i = 0; i < normalized.size(); ++i) {
    if (!is_letter(normalized[i])) continue;
    if (i > 0 && (is_letter(normalized[i - 1]) || is_digit(normalized[i - 1]))) continue;
    size_t end = i + 1;
    while (end < normalized.size() && end - i <= 3 && is_digit(normalized[end])) ++end;
    if (end == i + 1 || end - i > 4) continue;  // No digit, or more than three.
    const std::string_view rest = normalized.substr(end);
    for (std::string_view kind : kPlaceKinds) {
      if (rest.substr(0, kind.size()) != kind) continue;
      codes.emplace_back(normalized.substr(i, end - i + kind.size()));
      break;
    }
  }
  return codes;
}

}  // namespace casebook::search
