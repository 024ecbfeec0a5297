#include "search/search_vocabulary.h"

namespace casebook::search {

std::optional<SortOrder> SortOrderNamed(std::string_view name) {
  if (name == "relevance") return SortOrder::kRelevance;
  if (name == "newest") return SortOrder::kNewest;
  if (name == "oldest") return SortOrder::kOldest;
  return std::nullopt;
}

std::optional<MatchMode> MatchModeNamed(std::string_view name) {
  if (name == "auto") return MatchMode::kAuto;
  if (name == "all") return MatchMode::kAll;
  if (name == "ranked") return MatchMode::kRanked;
  return std::nullopt;
}

}  // namespace casebook::search
