// ChineseAnalyzer: the one text analysis used for documents and for queries.
//
// Normalisation (NormalizeText): NFKC with case folding (full-width "ＡＢＣ２０２１" ->
// "abc2021") followed by Traditional -> Simplified Chinese, one character at a
// time, from a table built once from ICU's "Traditional-Simplified"
// transliterator. Per-character conversion keeps a map from every normalised
// byte back to the input, which snippets need.
//
// Segmentation (SplitUnits): normalised text becomes a sequence of units, each
// one CJK character (Han, kana, hangul) or one word (a run of letters, or a run
// of digits: "a3" -> "a" "3", "2021" stays whole). Everything else separates
// units. The index writes one term per unit at consecutive positions (see
// chinese_terms.h), so every run of >= 2 units of a text is findable as a phrase.
//
// Words (Words): ICU dictionary words (BreakIterator word instance) and terms of
// the user dictionary (longest match) of >= 2 CJK characters; used as extra
// ranking terms, never needed for matching.
#ifndef CASEBOOK_SEARCH_CHINESE_ANALYZER_H_
#define CASEBOOK_SEARCH_CHINESE_ANALYZER_H_

#include <unicode/uversion.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "store/status.h"

U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace casebook::search {

// Settings of an analyzer.
struct AnalyzerOptions {
  // Add ICU dictionary words as ranking terms (costs ~1/3 of analysis time).
  bool dictionary_words = true;
  // Local terms (place names, units, policy words), any script or width; they
  // are normalised on Create. Empty = no user dictionary.
  std::vector<std::string> user_terms;
  // Longest dictionary or ICU word kept, in characters.
  size_t max_word_chars = 12;
};

// Normalised text plus, for each byte of `text` and one past the end, the byte
// offset in the input where the character that produced it starts.
struct NormalizedText {
  std::string text;
  std::vector<uint32_t> source_offsets;  // size() == text.size() + 1
  // The input byte range [begin, end) that produced normalised bytes [b, e).
  std::pair<uint32_t, uint32_t> SourceRange(size_t b, size_t e) const;
};

// One unit of normalised text: a CJK character or a word.
struct TextUnit {
  enum class Kind : uint8_t { kCjk, kWord };
  Kind kind = Kind::kWord;
  // True for a CJK character not directly followed by another CJK character
  // (the next unit is a word, a separator comes first, or the text ends).
  bool run_end = false;
  uint32_t begin = 0;  // Byte offsets into the normalised text.
  uint32_t end = 0;
  std::string_view In(std::string_view text) const { return text.substr(begin, end - begin); }
};

// The Traditional -> Simplified table shared by an analyzer and its clones.
class HanFoldTable;

// Normalised user-dictionary terms, looked up by view (no string per candidate).
struct UserTermSet {
  std::vector<std::string> owned;
  std::unordered_set<std::string_view> views;  // Into `owned`.
};

// Thread safety: NormalizeText, Normalize, SplitUnits are const and may be called
// from any thread. Words uses an ICU BreakIterator and is NOT thread-safe: give
// each thread its own analyzer (Clone() is cheap; Create() takes ~150 ms).
class ChineseAnalyzer {
 public:
  // Builds the conversion table and the word break iterator. Errors: Internal
  // when ICU data is missing (message names the ICU error).
  static Result<std::unique_ptr<ChineseAnalyzer>> Create(const AnalyzerOptions& options = {});
  ~ChineseAnalyzer();
  ChineseAnalyzer(const ChineseAnalyzer&) = delete;
  ChineseAnalyzer& operator=(const ChineseAnalyzer&) = delete;

  // A new analyzer sharing this one's tables (for another thread). Errors: Internal.
  Result<std::unique_ptr<ChineseAnalyzer>> Clone() const;

  // NFKC + case fold + Traditional -> Simplified. Invalid UTF-8 bytes become
  // U+FFFD. Never fails.
  std::string Normalize(std::string_view utf8) const;
  NormalizedText NormalizeText(std::string_view utf8) const;

  // Units of already-normalised text, in order.
  static std::vector<TextUnit> SplitUnits(std::string_view normalized);

  // Dictionary words (ICU + user terms) of already-normalised text, with
  // repeats, in text order. Not thread-safe.
  std::vector<std::string> Words(std::string_view normalized);

  const AnalyzerOptions& options() const { return options_; }

 private:
  ChineseAnalyzer() = default;
  // Normalises `utf8` into *text; when `offsets` is not null, also fills it
  // as NormalizedText::source_offsets.
  void NormalizeInto(std::string_view utf8, std::string* text,
                     std::vector<uint32_t>* offsets) const;
  void AddUserTermMatches(std::string_view normalized, std::vector<std::string>* out) const;
  void AddIcuWords(std::string_view normalized, std::vector<std::string>* out);

  AnalyzerOptions options_;
  std::shared_ptr<const HanFoldTable> fold_;
  std::unique_ptr<icu::BreakIterator> word_breaker_;
  std::shared_ptr<const UserTermSet> user_terms_;
  size_t user_term_max_bytes_ = 0;
};

// True when the code point is written with CJK units (Han, kana, hangul).
bool IsCjkCodePoint(uint32_t c);

// Reads a user dictionary: one term per line, UTF-8, '#' starts a comment line,
// blank lines ignored. A missing file is an empty dictionary. Errors:
// InvalidArgument naming the file and line of invalid UTF-8, IOError.
Result<std::vector<std::string>> LoadUserDictionary(const std::filesystem::path& path);

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_CHINESE_ANALYZER_H_
