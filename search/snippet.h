// Snippets: a short excerpt of a text around what a query matched, with the
// matched stretches wrapped in <mark>…</mark> — one mark per stretch of
// adjacent matched characters ("<mark>吴泾化工区</mark>"), never one per character,
// never cutting a character in half. The excerpt is HTML-escaped.
#ifndef CASEBOOK_SEARCH_SNIPPET_H_
#define CASEBOOK_SEARCH_SNIPPET_H_

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "search/chinese_analyzer.h"

namespace casebook::search {

// Settings of snippets.
struct SnippetOptions {
  size_t max_units = 60;  // Length of the excerpt, in units (characters/words).
  std::string open_mark = "<mark>";
  std::string close_mark = "</mark>";
  std::string ellipsis = "…";
};

// What to highlight, built from the normalised positive query texts.
// whole_texts (all-terms queries): complete occurrences of each text. Otherwise
// (ranked queries): every stretch whose adjacent character pairs and words
// occur in a query text; a one-character text highlights that character.
class Highlighter {
 public:
  explicit Highlighter(const std::vector<std::string>& normalized_texts, bool whole_texts = false);
  bool empty() const {
    return pairs_.empty() && words_.empty() && singles_.empty() && sequences_.empty();
  }

  // Marks for the units of normalised `text`: true where a unit matched.
  std::vector<bool> Mark(std::string_view text, const std::vector<TextUnit>& units) const;

 private:
  std::unordered_set<std::string> pairs_;    // Two adjacent CJK characters.
  std::unordered_set<std::string> words_;    // Word units.
  std::unordered_set<std::string> singles_;  // Lone CJK characters.
  struct Sequence {
    std::vector<std::string> units;
    std::vector<bool> joined;  // joined[k]: units k and k+1 are adjacent CJK characters.
  };
  std::vector<Sequence> sequences_;  // whole_texts mode.
  void MarkSequences(std::string_view text, const std::vector<TextUnit>& units,
                     std::vector<bool>* marks) const;
};

// The excerpt of `text` (original, not normalised) with the most marked units,
// marked and HTML-escaped; "" when `text` is empty. `*marked` (optional) gets
// the number of marked units in the excerpt. Thread-safe if `analyzer` is
// (NormalizeText is const).
std::string MakeSnippet(std::string_view text, const Highlighter& highlighter,
                        const ChineseAnalyzer& analyzer, const SnippetOptions& options,
                        size_t* marked = nullptr);

// HTML-escapes &, <, >, " and ', and turns line breaks and tabs into spaces.
std::string EscapeHtml(std::string_view text);

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_SNIPPET_H_
