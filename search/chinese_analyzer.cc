#include "search/chinese_analyzer.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <fstream>

#include "store/utf8.h"

namespace casebook::search {

namespace {

constexpr uint32_t kReplacementChar = 0xFFFD;
constexpr size_t kMaxWordBytes = 64;  // Longer letter/digit runs are cut into units.

// Decodes the code point at byte `*i` of `s` and advances `*i`; invalid
// sequences give U+FFFD.
uint32_t NextCodePoint(std::string_view s, int32_t* i) {
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), *i, static_cast<int32_t>(s.size()), c);
  return c < 0 ? kReplacementChar : static_cast<uint32_t>(c);
}

struct CodePointRange {
  uint32_t first, last;
};
// Where Traditional characters live (CJK unified + extensions + compatibility).
constexpr CodePointRange kHanRanges[] = {
    {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}, {0x20000, 0x2FA1F}};

}  // namespace

// Traditional -> Simplified per character, built once from ICU's transliterator.
class HanFoldTable {
 public:
  static Result<std::shared_ptr<const HanFoldTable>> Build() {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(
        icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, status));
    if (U_FAILURE(status) || !t) {
      return Status::Internal(std::string("ICU Traditional-Simplified transliterator: ") +
                              u_errorName(status));
    }
    auto table = std::make_shared<HanFoldTable>();
    table->bmp_.assign(0xA000 - 0x3400, 0);
    // Only the characters the transliterator has rules for can change (a
    // few thousand of the ~98,000 Han code points; asking it about every one
    // took ~0.15 s at every start of the CLI).
    icu::UnicodeSet changeable;
    t->getSourceSet(changeable);
    for (const CodePointRange& r : kHanRanges) {
      icu::UnicodeSet in_range(static_cast<UChar32>(r.first), static_cast<UChar32>(r.last));
      in_range.retainAll(changeable);
      for (int32_t k = 0; k < in_range.getRangeCount(); ++k) {
        const auto first = static_cast<uint32_t>(in_range.getRangeStart(k));
        const auto last = static_cast<uint32_t>(in_range.getRangeEnd(k));
        for (uint32_t c = first; c <= last; ++c) table->Add(t.get(), c);
      }
    }
    return std::shared_ptr<const HanFoldTable>(std::move(table));
  }

  uint32_t Fold(uint32_t c) const {
    if (c >= 0x3400 && c < 0xA000) {
      uint32_t m = bmp_[c - 0x3400];
      return m ? m : c;
    }
    if (c < 0xF900) return c;
    auto it = other_.find(c);
    return it == other_.end() ? c : it->second;
  }

 private:
  // Records what `t` makes of `c` when that is one other character.
  void Add(icu::Transliterator* t, uint32_t c) {
    icu::UnicodeString u(static_cast<UChar32>(c));
    t->transliterate(u);
    if (u.countChar32() != 1 || static_cast<uint32_t>(u.char32At(0)) == c) return;
    const auto mapped = static_cast<uint32_t>(u.char32At(0));
    if (c >= 0x3400 && c < 0xA000) {
      bmp_[c - 0x3400] = mapped;
    } else {
      other_[c] = mapped;
    }
  }

  std::vector<uint32_t> bmp_;  // 0 = unchanged.
  std::unordered_map<uint32_t, uint32_t> other_;
};

std::pair<uint32_t, uint32_t> NormalizedText::SourceRange(size_t b, size_t e) const {
  size_t last = text.size();
  if (b > last) b = last;
  if (e > last) e = last;
  // Extend the end to the end of the character that produced byte e-1.
  while (e > b && e < last && source_offsets[e] == source_offsets[e - 1]) ++e;
  return {source_offsets[b], source_offsets[e]};
}

bool IsCjkCodePoint(uint32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x323AF) || (c >= 0xF900 && c <= 0xFAFF) || c == 0x3007 ||
         (c >= 0x3041 && c <= 0x30FF && c != 0x30FB) || (c >= 0xAC00 && c <= 0xD7AF);
}

ChineseAnalyzer::~ChineseAnalyzer() = default;

Result<std::unique_ptr<ChineseAnalyzer>> ChineseAnalyzer::Create(const AnalyzerOptions& options) {
  // The table depends only on ICU's data, so one process builds it once (a
  // CLI search opens two analyzers; each pooled reader opens one). Immutable
  // after construction; the static's initialisation is thread-safe.
  static const Result<std::shared_ptr<const HanFoldTable>> table = HanFoldTable::Build();
  if (!table.ok()) return table.status();
  std::unique_ptr<ChineseAnalyzer> a(new ChineseAnalyzer());
  a->options_ = options;
  a->fold_ = *table;
  UErrorCode status = U_ZERO_ERROR;
  a->word_breaker_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), status));
  if (U_FAILURE(status) || !a->word_breaker_) {
    return Status::Internal(std::string("ICU word break iterator: ") + u_errorName(status));
  }
  auto terms = std::make_shared<UserTermSet>();
  for (const std::string& t : options.user_terms) {
    std::string n = a->Normalize(t);
    if (SplitUnits(n).size() >= 2) {
      a->user_term_max_bytes_ = std::max(a->user_term_max_bytes_, n.size());
      terms->owned.push_back(std::move(n));
    }
  }
  for (const std::string& t : terms->owned) terms->views.insert(t);  // `owned` no longer grows.
  a->user_terms_ = std::move(terms);
  return a;
}

Result<std::unique_ptr<ChineseAnalyzer>> ChineseAnalyzer::Clone() const {
  std::unique_ptr<ChineseAnalyzer> a(new ChineseAnalyzer());
  a->options_ = options_;
  a->fold_ = fold_;
  a->user_terms_ = user_terms_;
  a->user_term_max_bytes_ = user_term_max_bytes_;
  a->word_breaker_.reset(word_breaker_->clone());
  if (!a->word_breaker_) return Status::Internal("ICU word break iterator: clone failed");
  return a;
}

std::string ChineseAnalyzer::Normalize(std::string_view utf8) const {
  std::string text;
  NormalizeInto(utf8, &text, nullptr);
  return text;
}

NormalizedText ChineseAnalyzer::NormalizeText(std::string_view utf8) const {
  NormalizedText out;
  NormalizeInto(utf8, &out.text, &out.source_offsets);
  return out;
}

void ChineseAnalyzer::NormalizeInto(std::string_view utf8, std::string* text,
                                    std::vector<uint32_t>* offsets) const {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCCasefoldInstance(status);
  text->reserve(utf8.size());
  if (offsets) offsets->reserve(utf8.size() + 1);
  auto emit = [&](uint32_t c, uint32_t source) {
    AppendUtf8(fold_->Fold(c), text);
    if (offsets) offsets->resize(text->size(), source);
  };
  const int32_t size = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < size) {
    const uint32_t start = static_cast<uint32_t>(i);
    uint8_t byte = static_cast<uint8_t>(utf8[i]);
    // ASCII, unless a mark that composes with it follows ("e" + U+0301 is
    // "é", as the precomposed form normalises).
    const bool joined = byte < 0x80 && i + 1 < size && static_cast<uint8_t>(utf8[i + 1]) >= 0x80 &&
                        U_SUCCESS(status) && [&] {
                          int32_t j = i + 1;
                          const uint32_t next = NextCodePoint(utf8, &j);
                          return !nfkc->hasBoundaryBefore(static_cast<UChar32>(next));
                        }();
    if (byte < 0x80 && !joined) {
      text->push_back(byte >= 'A' && byte <= 'Z' ? static_cast<char>(byte + 32)
                                                 : static_cast<char>(byte));
      if (offsets) offsets->push_back(start);
      ++i;
      continue;
    }
    uint32_t c = NextCodePoint(utf8, &i);
    // CJK Unified Ideographs are inert under NFKC_Casefold (a test checks
    // every one): most of a Chinese text skips ICU's lookup.
    const bool unified = c >= 0x4E00 && c <= 0x9FFF;
    if (!joined && (unified || U_FAILURE(status) || nfkc->isInert(static_cast<UChar32>(c)))) {
      emit(c, start);
      continue;
    }
    // A chunk that normalises as a whole: c and the marks that follow it.
    icu::UnicodeString chunk(static_cast<UChar32>(c));
    while (i < size) {
      int32_t j = i;
      uint32_t next = NextCodePoint(utf8, &j);
      if (nfkc->hasBoundaryBefore(static_cast<UChar32>(next))) break;
      chunk.append(static_cast<UChar32>(next));
      i = j;
    }
    UErrorCode norm_status = U_ZERO_ERROR;
    icu::UnicodeString normalized = nfkc->normalize(chunk, norm_status);
    if (U_FAILURE(norm_status)) normalized = chunk;
    for (int32_t k = 0; k < normalized.length(); k = normalized.moveIndex32(k, 1)) {
      emit(static_cast<uint32_t>(normalized.char32At(k)), start);
    }
  }
  if (offsets) offsets->push_back(static_cast<uint32_t>(utf8.size()));
}

std::vector<TextUnit> ChineseAnalyzer::SplitUnits(std::string_view s) {
  enum class Class { kNone, kCjk, kLetter, kDigit };
  std::vector<TextUnit> units;
  units.reserve(s.size() / 3 + 1);
  Class open = Class::kNone;  // Class of the word being extended, if any.
  const int32_t size = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < size) {
    const uint32_t start = static_cast<uint32_t>(i);
    uint32_t c = NextCodePoint(s, &i);
    Class cls = Class::kNone;
    if (IsCjkCodePoint(c)) {
      cls = Class::kCjk;
    } else if (u_isdigit(static_cast<UChar32>(c))) {
      cls = Class::kDigit;
    } else if (u_isalpha(static_cast<UChar32>(c))) {
      cls = Class::kLetter;
    } else if (open == Class::kLetter && (U_GET_GC_MASK(c) & U_GC_M_MASK)) {
      units.back().end = static_cast<uint32_t>(i);  // A combining mark extends a word.
      continue;
    }
    if (cls == Class::kNone) {
      open = Class::kNone;
      continue;
    }
    if (cls == Class::kCjk) {
      TextUnit u{TextUnit::Kind::kCjk, true, start, static_cast<uint32_t>(i)};
      if (!units.empty() && units.back().kind == TextUnit::Kind::kCjk &&
          units.back().end == start) {
        units.back().run_end = false;
      }
      units.push_back(u);
      open = Class::kNone;
      continue;
    }
    if (open == cls && units.back().end == start && i - units.back().begin <= kMaxWordBytes) {
      units.back().end = static_cast<uint32_t>(i);
    } else {
      units.push_back(TextUnit{TextUnit::Kind::kWord, false, start, static_cast<uint32_t>(i)});
    }
    open = cls;
  }
  return units;
}

std::vector<std::string> ChineseAnalyzer::Words(std::string_view normalized) {
  std::vector<std::string> out;
  if (options_.dictionary_words) AddIcuWords(normalized, &out);
  if (!user_terms_->views.empty()) AddUserTermMatches(normalized, &out);
  return out;
}

void ChineseAnalyzer::AddIcuWords(std::string_view s, std::vector<std::string>* out) {
  UErrorCode status = U_ZERO_ERROR;
  UText* text = utext_openUTF8(nullptr, s.data(), static_cast<int64_t>(s.size()), &status);
  if (U_FAILURE(status)) return;
  word_breaker_->setText(text, status);
  if (U_SUCCESS(status)) {
    int32_t begin = word_breaker_->first();
    for (int32_t end = word_breaker_->next(); end != icu::BreakIterator::DONE;
         begin = end, end = word_breaker_->next()) {
      int32_t rule = word_breaker_->getRuleStatus();
      if (rule < UBRK_WORD_IDEO || rule >= UBRK_WORD_IDEO_LIMIT) continue;
      size_t bytes = static_cast<size_t>(end - begin);
      // Ideographic words of 2..max characters (3 bytes each in UTF-8).
      if (bytes < 6 || bytes > options_.max_word_chars * 3) continue;
      out->emplace_back(s.substr(begin, bytes));
    }
  }
  // The iterator keeps a shallow clone of `text`; it is not used again before
  // the next setText.
  utext_close(text);
}

void ChineseAnalyzer::AddUserTermMatches(std::string_view s, std::vector<std::string>* out) const {
  std::vector<TextUnit> units = SplitUnits(s);
  for (size_t i = 0; i < units.size();) {
    size_t matched = 0;
    for (size_t j = i + 1; j < units.size(); ++j) {
      size_t bytes = units[j].end - units[i].begin;
      if (bytes > user_term_max_bytes_) break;
      if (user_terms_->views.count(s.substr(units[i].begin, bytes))) matched = j;
    }
    if (matched == 0) {
      ++i;
      continue;
    }
    out->emplace_back(s.substr(units[i].begin, units[matched].end - units[i].begin));
    i = matched + 1;
  }
}

Result<std::vector<std::string>> LoadUserDictionary(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::vector<std::string>{};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot read user dictionary " + path.string());
  std::vector<std::string> terms;
  std::string line;
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // BOM.
    size_t b = line.find_first_not_of(" \t");
    if (b == std::string::npos || line[b] == '#') continue;
    size_t e = line.find_last_not_of(" \t");
    std::string term = line.substr(b, e - b + 1);
    for (int32_t i = 0, n = static_cast<int32_t>(term.size()); i < n;) {
      UChar32 c;
      U8_NEXT(reinterpret_cast<const uint8_t*>(term.data()), i, n, c);
      if (c < 0) {
        return Status::InvalidArgument(path.string() + " line " + std::to_string(line_no) +
                                       ": invalid UTF-8 (the dictionary must be UTF-8)");
      }
    }
    terms.push_back(std::move(term));
  }
  return terms;
}

}  // namespace casebook::search
