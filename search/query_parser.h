// The Casebook query language, parsed into a tree (no Xapian here).
//
//   吴泾 垃圾分类          terms; adjacent terms must all match (implicit AND)
//   "回头看"               a phrase: the quoted text (spaces included) as one
//                         substring. Chinese quotes “…” are ordinary text (pasted
//                         sentences are full of them); any unquoted term is
//                         already matched as an exact substring.
//   a AND b, a OR b       operators (upper case); OR binds looser than AND
//   NOT a, -a             exclusion
//   ( ... )               grouping
//   title:吴泾             a text field: title body reply proposer unit tag note
//                         (the default field searches all of them)
//   kind:appeal           filters: kind result role status level (English or
//   result:已经解决          Chinese words), id:ID
//   year:2018..2021       year ranges (also year:2019, year:2018.., year:..2021)
//   date:2021-01-01..2021-06-30   received-date range
// Field names may be followed by ':' or a full-width '：'.
// Any text is a term: every substring of a field is found (see chinese_terms.h).
#ifndef CASEBOOK_SEARCH_QUERY_PARSER_H_
#define CASEBOOK_SEARCH_QUERY_PARSER_H_

#include <string>
#include <string_view>
#include <vector>

#include "store/status.h"

namespace casebook::search {

// One node of a parsed query.
struct QueryNode {
  enum class Type {
    kText,    // `text` searched as a substring in `field` ("" = all text fields).
    kFilter,  // Boolean filter: `field` in {kind,result,role,status,level,id}, `text` the value.
    kRange,   // `field` in {year,date}; `low`/`high` ("" = open end).
    kAnd,
    kOr,
    kNot,  // One child, excluded.
    kAll,  // Matches every document (an empty query).
  };
  Type type = Type::kAll;
  std::string field;
  std::string text;
  std::string low, high;
  bool quoted = false;  // kText from a quoted phrase.
  size_t position = 0;  // 1-based character position in the query (for messages).
  std::vector<QueryNode> children;
};

// A parsed query.
struct ParsedQuery {
  QueryNode root;
  // True when the query is only unquoted default-field terms (with optional
  // filters and exclusions) joined implicitly: the shape of typed keywords or
  // of a pasted sentence, for which the searcher picks AND or ranked OR.
  bool plain = false;
};

// Limits and leniency of the parser.
struct QueryLimits {
  size_t max_bytes = 4096;  // Longer queries -> InvalidArgument.
  size_t max_depth = 32;    // Deeper parenthesis nesting -> InvalidArgument.
  // When true, an ASCII quote that is never closed is read as a separator
  // (ordinary text) instead of an error, provided the rest of the query is
  // plain (ParsedQuery::plain: no field prefix, no quoted phrase, no operator);
  // otherwise the unclosed quote stays an error. Default false (strict); the
  // searcher sets it for MatchMode::kAuto, where staff type or paste plain text
  // ("江西“抗疫担保贷\"产品" has one stray ASCII quote).
  bool unclosed_quote_as_text = false;
};

// Parses `query`. Errors: InvalidArgument naming the problem and its 1-based
// character position ("query: unclosed quote opened at position 7"; see
// QueryLimits::unclosed_quote_as_text for the lenient reading). Never
// throws; any byte string is handled (invalid UTF-8 counts as characters).
// Thread-safe (pure function).
Result<ParsedQuery> ParseQuery(std::string_view query, const QueryLimits& limits = {});

// The unquoted text of the positive kText nodes of a query, in order (for
// highlighting).
std::vector<std::string> PositiveTexts(const QueryNode& node);

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_QUERY_PARSER_H_
