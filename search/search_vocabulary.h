// The words and limits callers of the searcher parse (the CLI's flags, the
// HTTP API's parameters), defined once.
#ifndef CASEBOOK_SEARCH_SEARCH_VOCABULARY_H_
#define CASEBOOK_SEARCH_SEARCH_VOCABULARY_H_

#include <cstddef>
#include <optional>
#include <string_view>

#include "search/searcher.h"

namespace casebook::search {

// The engine's page limits, kMaxSearchLimit and kMaxSearchOffset, are in
// searcher.h (SearcherOptions' defaults; the CLI allows them). The HTTP API
// serves narrower pages by default (api::ApiLimits, and its route docs):
inline constexpr size_t kMaxServedLimit = 100;     // Hits per page over HTTP.
inline constexpr size_t kMaxServedOffset = 10000;  // Deepest offset over HTTP.
static_assert(kMaxServedLimit <= kMaxSearchLimit && kMaxServedOffset <= kMaxSearchOffset);

// "relevance", "newest", "oldest"; nullopt for another word.
std::optional<SortOrder> SortOrderNamed(std::string_view name);
// "auto", "all", "ranked"; nullopt for another word.
std::optional<MatchMode> MatchModeNamed(std::string_view name);

// The accepted words, for error messages.
inline constexpr char kSortOrderWords[] = "relevance, newest or oldest";
inline constexpr char kMatchModeWords[] = "auto, all or ranked";

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_SEARCH_VOCABULARY_H_
