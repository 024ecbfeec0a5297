// The words and limits callers of the searcher parse (the CLI's flags, the
// HTTP API's parameters), defined once.
#ifndef CASEBOOK_SEARCH_SEARCH_VOCABULARY_H_
#define CASEBOOK_SEARCH_SEARCH_VOCABULARY_H_

#include <cstddef>
#include <optional>
#include <string_view>

#include "search/searcher.h"

namespace casebook::search {

// The page limits, kMaxSearchLimit and kMaxSearchOffset, are in searcher.h
// (SearcherOptions' defaults); a caller may allow less, e.g. the HTTP API's
// page size.

// "relevance", "newest", "oldest"; nullopt for another word.
std::optional<SortOrder> SortOrderNamed(std::string_view name);
// "auto", "all", "ranked"; nullopt for another word.
std::optional<MatchMode> MatchModeNamed(std::string_view name);

// The accepted words, for error messages.
inline constexpr char kSortOrderWords[] = "relevance, newest or oldest";
inline constexpr char kMatchModeWords[] = "auto, all or ranked";

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_SEARCH_VOCABULARY_H_
