// The particulars a question names: the places and the figures in it.
//
// A question about one province's measures ("陕西省在援企稳岗方面有哪些举措")
// shares most of its bigrams with every other province's notice on the same
// subject, and BM25 over those bigrams cannot tell them apart; nor can it tell
// "2月" from "3月". The second stage (proximity_rescore.h) scores the share of
// these particulars a candidate holds verbatim. Measured on
// bench/search_quality under 2-fold cross-validation (docs/benchmarks.md).
#ifndef CASEBOOK_SEARCH_QUERY_PARTICULARS_H_
#define CASEBOOK_SEARCH_QUERY_PARTICULARS_H_

#include <string>
#include <string_view>
#include <vector>

namespace casebook::search {

// The place names in analyzer-normalised (Simplified, NFKC) `normalized`,
// distinct, in order of first appearance:
//   - a provincial-level division by its short name ("陕西" of "陕西省",
//     "广西" of "广西壮族自治区", "北京" of "北京市");
//   - two Han characters before 市, 县, 区 or 州 ("淮安市", "海陵区"), the
//     whole three characters, unless the two are a provincial short name
//     (then the short name alone) or "自治", or one is a function character
//     (的, 各, 在, 和, 本, ...: "的小区", "要求各市" name no place — nor, by
//     the same rule, do 和平区 or 本溪市);
//   - an anonymised place code (PlaceCodes of chinese_terms.h: "a7县").
// Names do not overlap: the first (at one position the longest) wins, so
// "上海南站" names 上海 alone and "苏州市区" 苏州市 alone. A common word of
// that shape ("城市", "超市" after one more character) is kept too: a
// document holding the same text is no worse for it. Pure; thread-safe.
std::vector<std::string> PlaceNames(std::string_view normalized);

// The figures in `normalized`, distinct, in order: ASCII digits (with one
// decimal point between digits) and the unit right after them if one (年, 月,
// 日, 项, 条, 个, 元, 万, 亿, ...), at least two characters in all
// ("2020年", "3项", "12366" of "12366咨询", "75" of "75%": a sign is no unit
// the index holds; a bare "3" is not a figure; digits right after a Latin
// letter belong to a code such as "n95" and start none). A document holds a
// figure as the index sees text: "37.5" is held by "37、5" too (no
// punctuation is indexed). Pure; thread-safe.
std::vector<std::string> Figures(std::string_view normalized);

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_QUERY_PARTICULARS_H_
