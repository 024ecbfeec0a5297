#include "search/snippet.h"

#include <algorithm>

namespace casebook::search {

namespace {

std::string Concat(std::string_view text, const TextUnit& a, const TextUnit& b) {
  std::string s(a.In(text));
  s.append(b.In(text));
  return s;
}

// Escapes HTML and turns line breaks and tabs into spaces.
void AppendEscaped(std::string_view text, std::string* out) {
  for (char c : text) {
    switch (c) {
      case '&':
        out->append("&amp;");
        break;
      case '<':
        out->append("&lt;");
        break;
      case '>':
        out->append("&gt;");
        break;
      case '"':
        out->append("&quot;");
        break;
      case '\'':
        out->append("&#39;");
        break;
      case '\n':
      case '\r':
      case '\t':
        out->push_back(' ');
        break;
      default:
        out->push_back(c);
    }
  }
}

// The start of the window of `width` units holding the most marks, moved back
// a little so the first mark has some context before it.
size_t BestWindowStart(const std::vector<bool>& marks, size_t width) {
  const size_t n = marks.size();
  size_t best = 0, best_count = 0, count = 0;
  for (size_t i = 0; i < n; ++i) {
    count += marks[i];
    if (i >= width) count -= marks[i - width];
    size_t start = i >= width ? i - width + 1 : 0;
    if (count > best_count) {
      best_count = count;
      best = start;
    }
  }
  if (best_count == 0) return 0;
  size_t first = best;
  while (first < n && !marks[first]) ++first;
  size_t context = width / 6;
  return first > context ? first - context : 0;
}

}  // namespace

Highlighter::Highlighter(const std::vector<std::string>& texts, bool whole_texts) {
  for (const std::string& t : texts) {
    std::vector<TextUnit> units = ChineseAnalyzer::SplitUnits(t);
    if (whole_texts) {
      Sequence seq;
      for (const TextUnit& u : units) {
        seq.units.emplace_back(u.In(t));
        seq.joined.push_back(u.kind == TextUnit::Kind::kCjk && !u.run_end);
      }
      if (!seq.units.empty()) sequences_.push_back(std::move(seq));
      continue;
    }
    if (units.size() == 1 && units[0].kind == TextUnit::Kind::kCjk) {
      singles_.emplace(units[0].In(t));
    }
    for (size_t i = 0; i < units.size(); ++i) {
      if (units[i].kind == TextUnit::Kind::kWord) {
        words_.emplace(units[i].In(t));
      } else if (!units[i].run_end) {
        pairs_.insert(Concat(t, units[i], units[i + 1]));
      }
    }
  }
}

void Highlighter::MarkSequences(std::string_view text, const std::vector<TextUnit>& units,
                                std::vector<bool>* marks) const {
  for (const Sequence& seq : sequences_) {
    const size_t m = seq.units.size();
    for (size_t i = 0; i + m <= units.size(); ++i) {
      size_t k = 0;
      while (k < m && units[i + k].In(text) == seq.units[k] &&
             (k + 1 == m || !seq.joined[k] || !units[i + k].run_end)) {
        ++k;
      }
      if (k < m) continue;
      for (k = 0; k < m; ++k) (*marks)[i + k] = true;
    }
  }
}

std::vector<bool> Highlighter::Mark(std::string_view text,
                                    const std::vector<TextUnit>& units) const {
  std::vector<bool> marks(units.size(), false);
  MarkSequences(text, units, &marks);
  for (size_t i = 0; i < units.size(); ++i) {
    const TextUnit& u = units[i];
    if (u.kind == TextUnit::Kind::kWord) {
      if (!words_.empty() && words_.count(std::string(u.In(text)))) marks[i] = true;
      continue;
    }
    if (!singles_.empty() && singles_.count(std::string(u.In(text)))) marks[i] = true;
    if (!u.run_end && !pairs_.empty() && pairs_.count(Concat(text, u, units[i + 1]))) {
      marks[i] = true;
      marks[i + 1] = true;
    }
  }
  return marks;
}

std::string MakeSnippet(std::string_view text, const Highlighter& highlighter,
                        const ChineseAnalyzer& analyzer, const SnippetOptions& options,
                        size_t* marked) {
  if (marked) *marked = 0;
  if (text.empty()) return "";
  NormalizedText norm = analyzer.NormalizeText(text);
  std::vector<TextUnit> units = ChineseAnalyzer::SplitUnits(norm.text);
  std::vector<bool> marks = highlighter.Mark(norm.text, units);
  const size_t width = std::max<size_t>(1, options.max_units);
  size_t s = BestWindowStart(marks, width);
  size_t e = std::min(units.size(), s + width);
  size_t nb = (s == 0 || units.empty()) ? 0 : units[s].begin;
  size_t ne = (e == units.size()) ? norm.text.size() : units[e - 1].end;
  auto [ob, oe] = norm.SourceRange(nb, ne);
  std::string out;
  if (ob > 0) out += options.ellipsis;
  size_t cursor = ob;
  for (size_t i = s; i < e; ++i) {
    if (!marks[i]) continue;
    size_t j = i;
    while (j + 1 < e && marks[j + 1] && units[j + 1].begin == units[j].end) ++j;
    auto [sb, se] = norm.SourceRange(units[i].begin, units[j].end);
    if (marked) *marked += j - i + 1;
    i = j;
    // One original character can make several units ("½" -> "1⁄2"): a
    // stretch inside one already shown is marked with it, not shown again.
    sb = std::max<size_t>(sb, cursor);
    if (se <= sb) continue;
    AppendEscaped(text.substr(cursor, sb - cursor), &out);
    out += options.open_mark;
    AppendEscaped(text.substr(sb, se - sb), &out);
    out += options.close_mark;
    cursor = se;
  }
  if (oe > cursor) AppendEscaped(text.substr(cursor, oe - cursor), &out);
  if (oe < text.size()) out += options.ellipsis;
  return out;
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendEscaped(text, &out);
  return out;
}

}  // namespace casebook::search
