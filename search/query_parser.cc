#include "search/query_parser.h"

#include <cstring>
#include <string>

#include "store/case.h"
#include "store/utf8.h"

namespace casebook::search {

namespace {

struct Token {
  enum class Type { kEnd, kText, kLParen, kRParen, kAnd, kOr, kNot };
  Type type = Type::kEnd;
  std::string field;  // For kText: the field name before ':' (lower case), or "".
  std::string text;
  bool quoted = false;
  bool negated = false;  // A leading '-'.
  size_t position = 0;   // 1-based character position.
};

const char* const kTextFields[] = {"body", "title", "reply", "proposer", "unit", "tag", "note"};
const char* const kFilterFields[] = {"kind", "result", "role", "status", "level", "id"};
const char* const kRangeFields[] = {"year", "date"};

template <size_t N>
bool OneOf(const std::string& s, const char* const (&names)[N]) {
  for (const char* n : names) {
    if (s == n) return true;
  }
  return false;
}

bool IsKnownField(const std::string& s) {
  return OneOf(s, kTextFields) || OneOf(s, kFilterFields) || OneOf(s, kRangeFields);
}

Status SyntaxError(const std::string& what, size_t position) {
  return Status::InvalidArgument("query: " + what + " at position " + std::to_string(position));
}

// Splits a query into tokens, tracking 1-based character positions.
class Lexer {
 public:
  Lexer(std::string_view q, bool unclosed_quote_as_text)
      : q_(q), unclosed_quote_as_text_(unclosed_quote_as_text) {}

  // The error an unclosed quote read as text would have been (Ok if none).
  const Status& dropped_quote() const { return dropped_quote_; }

  Result<std::vector<Token>> Run() {
    std::vector<Token> tokens;
    while (true) {
      SkipSpace();
      Token t;
      t.position = chars_ + 1;
      if (i_ >= q_.size()) break;
      if (Peek("(")) {
        Advance(1);
        t.type = Token::Type::kLParen;
        ++open_groups_;
      } else if (Peek(")")) {
        Advance(1);
        t.type = Token::Type::kRParen;
        if (open_groups_ > 0) --open_groups_;
      } else {
        Status s = ReadText(&t);
        if (!s.ok()) return s;
        if (t.type == Token::Type::kEnd) continue;  // A lone '-'.
      }
      tokens.push_back(std::move(t));
    }
    Token end;
    end.position = chars_ + 1;
    tokens.push_back(end);
    return tokens;
  }

 private:
  bool Peek(const char* s) const { return q_.substr(i_, std::strlen(s)) == s; }
  void Advance(size_t bytes) {
    for (size_t k = 0; k < bytes && i_ < q_.size(); ++k, ++i_) {
      if ((static_cast<unsigned char>(q_[i_]) & 0xC0) != 0x80) ++chars_;
    }
  }
  bool AtSpace() const {
    if (i_ >= q_.size()) return false;
    char c = q_[i_];
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || Peek("\xE3\x80\x80");
  }
  void SkipSpace() {
    while (AtSpace()) Advance(Peek("\xE3\x80\x80") ? 3 : 1);
  }
  // Inside a word, '(' is text ("劳动力(含…)" in a pasted sentence) and ')'
  // ends the word only while a group is open.
  bool AtWordEnd() const {
    return i_ >= q_.size() || AtSpace() || (open_groups_ > 0 && Peek(")")) || Peek("\"");
  }

  Status ReadText(Token* t) {
    t->type = Token::Type::kText;
    if (Peek("-")) {
      t->negated = true;
      Advance(1);
      if (AtWordEnd() && !Peek("\"")) {
        t->type = Token::Type::kEnd;
        return Status::Ok();
      }
    }
    ReadFieldName(t);
    bool after_dropped_quote = false;
    if (Peek("\"")) {
      size_t open_position = chars_ + 1;
      Advance(1);
      size_t start = i_;
      const size_t chars_after_quote = chars_;
      while (i_ < q_.size() && !Peek("\"")) Advance(1);
      if (i_ < q_.size()) {
        t->text = std::string(q_.substr(start, i_ - start));
        t->quoted = true;
        Advance(1);
        return Status::Ok();
      }
      Status unclosed = SyntaxError("unclosed quote opened", open_position);
      if (!unclosed_quote_as_text_ || !t->field.empty()) return unclosed;
      dropped_quote_ = unclosed;  // Read on after the quote, as unquoted text.
      after_dropped_quote = true;
      i_ = start;
      chars_ = chars_after_quote;
    }
    size_t start = i_;
    while (!AtWordEnd()) Advance(1);
    t->text = std::string(q_.substr(start, i_ - start));
    if (t->text.empty() && after_dropped_quote) {
      t->type = Token::Type::kEnd;  // The dropped quote was followed by a space.
      return Status::Ok();
    }
    if (t->text.empty() && !t->field.empty()) {
      return SyntaxError("field '" + t->field + ":' has no value", t->position);
    }
    if (t->field.empty() && !t->negated && !after_dropped_quote) {
      if (t->text == "AND") t->type = Token::Type::kAnd;
      if (t->text == "OR") t->type = Token::Type::kOr;
      if (t->text == "NOT") t->type = Token::Type::kNot;
    }
    return Status::Ok();
  }

  // Consumes "name:" or "name：" when name is a known field.
  void ReadFieldName(Token* t) {
    size_t j = i_;
    while (j < q_.size() && ((q_[j] >= 'a' && q_[j] <= 'z') || (q_[j] >= 'A' && q_[j] <= 'Z'))) {
      ++j;
    }
    if (j == i_) return;
    size_t colon = 0;
    if (q_.substr(j, 1) == ":") colon = 1;
    if (q_.substr(j, 3) == "\xEF\xBC\x9A") colon = 3;  // Full-width colon.
    if (colon == 0) return;
    std::string name(q_.substr(i_, j - i_));
    for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    if (!IsKnownField(name)) return;
    t->field = name;
    Advance(j - i_ + colon);
  }

  std::string_view q_;
  size_t i_ = 0;
  size_t chars_ = 0;
  size_t open_groups_ = 0;  // '(' tokens not yet closed.
  bool unclosed_quote_as_text_;
  Status dropped_quote_;
};

bool IsDigits(const std::string& s, size_t min, size_t max) {
  if (s.size() < min || s.size() > max) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "YYYY", "YYYY-MM" or "YYYY-MM-DD", of the shape alone.
bool IsDatePrefix(const std::string& s) {
  if (s.size() != 4 && s.size() != 7 && s.size() != 10) return false;
  for (size_t k = 0; k < s.size(); ++k) {
    bool dash = k == 4 || k == 7;
    if (dash ? s[k] != '-' : (s[k] < '0' || s[k] > '9')) return false;
  }
  return true;
}

// What is wrong with the calendar of a date of IsDatePrefix's shape ("month
// 13 does not exist", "2021-02 has 28 days"), or "" when nothing is.
std::string CalendarProblem(const std::string& s) {
  if (s.size() < 7) return "";
  const int year = std::stoi(s.substr(0, 4)), month = std::stoi(s.substr(5, 2));
  if (month < 1 || month > 12) return "month " + s.substr(5, 2) + " does not exist";
  if (s.size() < 10) return "";
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int day = std::stoi(s.substr(8, 2));
  if (day < 1 || day > days[month - 1]) {
    return s.substr(0, 7) + " has " + std::to_string(days[month - 1]) + " days";
  }
  return "";
}

Status ParseRange(const Token& t, QueryNode* node) {
  node->type = QueryNode::Type::kRange;
  const std::string text = HalfWidthDigits(t.text);  // year:２０２４ is year:2024.
  size_t dots = text.find("..");
  node->low = dots == std::string::npos ? text : text.substr(0, dots);
  node->high = dots == std::string::npos ? text : text.substr(dots + 2);
  bool year = t.field == "year";
  for (const std::string* bound : {&node->low, &node->high}) {
    if (bound->empty() && dots != std::string::npos) continue;
    if (year ? !IsDigits(*bound, 1, 4) : !IsDatePrefix(*bound)) {
      return SyntaxError(t.field + ":" + t.text +
                             (year ? ": expected a year or YYYY..YYYY"
                                   : ": expected dates YYYY-MM-DD..YYYY-MM-DD"),
                         t.position);
    }
    const std::string problem = year ? "" : CalendarProblem(*bound);
    if (!problem.empty()) return SyntaxError(t.field + ":" + t.text + ": " + problem, t.position);
  }
  if (node->low.empty() && node->high.empty()) {
    return SyntaxError(t.field + ": empty range", t.position);
  }
  const bool backwards =
      !node->low.empty() && !node->high.empty() &&
      (year ? std::stoi(node->low) > std::stoi(node->high) : node->low > node->high);
  if (backwards) {
    return SyntaxError(t.field + ":" + t.text + ": the range runs backwards (write " + node->high +
                           ".." + node->low + ")",
                       t.position);
  }
  return Status::Ok();
}

Status CheckFilterValue(const Token& t, std::string* canonical) {
  const std::string& v = t.text;
  const char* name = nullptr;
  if (t.field == "id") {
    *canonical = v;
    return Status::Ok();
  } else if (t.field == "kind") {
    if (auto k = ParseCaseKind(v)) name = ToString(*k);
  } else if (t.field == "result") {
    if (auto k = ParseCaseResult(v)) name = ToString(*k);
  } else if (t.field == "role") {
    if (auto k = ParseRole(v)) name = ToString(*k);
  } else if (t.field == "status") {
    if (auto k = ParseCaseStatus(v)) name = ToString(*k);
  } else if (t.field == "level") {
    if (auto k = ParseLevel(v)) name = ToString(*k);
  }
  if (name == nullptr || *name == '\0') {
    return SyntaxError("unknown " + t.field + " '" + v + "'", t.position);
  }
  *canonical = name;
  return Status::Ok();
}

// Recursive-descent parser over the tokens.
class Parser {
 public:
  Parser(std::vector<Token> tokens, const QueryLimits& limits)
      : tokens_(std::move(tokens)), limits_(limits) {}

  Result<QueryNode> ParseAll() {
    if (Cur().type == Token::Type::kEnd) return QueryNode{};
    auto node = ParseOr(0);
    if (!node.ok()) return node;
    if (Cur().type == Token::Type::kRParen) return SyntaxError("unmatched ')'", Cur().position);
    return node;
  }
  bool saw_syntax() const { return saw_syntax_; }

 private:
  const Token& Cur() const { return tokens_[k_]; }
  bool AtGroupEnd() const {
    auto t = Cur().type;
    return t == Token::Type::kEnd || t == Token::Type::kRParen || t == Token::Type::kOr;
  }

  Result<QueryNode> ParseOr(size_t depth) {
    auto first = ParseAnd(depth);
    if (!first.ok()) return first;
    if (Cur().type != Token::Type::kOr) return first;
    QueryNode node;
    node.type = QueryNode::Type::kOr;
    node.position = first->position;
    node.children.push_back(std::move(*first));
    while (Cur().type == Token::Type::kOr) {
      saw_syntax_ = true;
      size_t at = Cur().position;
      ++k_;
      if (AtGroupEnd()) return SyntaxError("OR has nothing after it", at);
      auto next = ParseAnd(depth);
      if (!next.ok()) return next;
      node.children.push_back(std::move(*next));
    }
    return node;
  }

  Result<QueryNode> ParseAnd(size_t depth) {
    QueryNode node;
    node.type = QueryNode::Type::kAnd;
    node.position = Cur().position;
    while (!AtGroupEnd()) {
      if (Cur().type == Token::Type::kAnd) {
        saw_syntax_ = true;
        size_t at = Cur().position;
        if (node.children.empty()) return SyntaxError("AND has nothing before it", at);
        ++k_;
        if (AtGroupEnd()) return SyntaxError("AND has nothing after it", at);
        continue;
      }
      auto item = ParseUnary(depth);
      if (!item.ok()) return item;
      node.children.push_back(std::move(*item));
    }
    if (node.children.empty()) {
      return SyntaxError(
          Cur().type == Token::Type::kOr ? "OR has nothing before it" : "expected a term",
          Cur().position);
    }
    if (node.children.size() == 1) return std::move(node.children[0]);
    return node;
  }

  Result<QueryNode> ParseUnary(size_t depth) {
    if (Cur().type != Token::Type::kNot) return ParsePrimary(depth);
    saw_syntax_ = true;
    size_t at = Cur().position;
    ++k_;
    if (AtGroupEnd() || Cur().type == Token::Type::kAnd) {
      return SyntaxError("NOT has nothing after it", at);
    }
    auto child = ParseUnary(depth);
    if (!child.ok()) return child;
    return Negate(std::move(*child), at);
  }

  static QueryNode Negate(QueryNode child, size_t at) {
    QueryNode node;
    node.type = QueryNode::Type::kNot;
    node.position = at;
    node.children.push_back(std::move(child));
    return node;
  }

  Result<QueryNode> ParsePrimary(size_t depth) {
    const Token t = Cur();
    if (t.type == Token::Type::kLParen) {
      saw_syntax_ = true;
      if (depth + 1 > limits_.max_depth)
        return SyntaxError("parentheses nested too deep", t.position);
      ++k_;
      if (Cur().type == Token::Type::kRParen) return SyntaxError("empty parentheses", t.position);
      auto inner = ParseOr(depth + 1);
      if (!inner.ok()) return inner;
      if (Cur().type != Token::Type::kRParen) return SyntaxError("missing ')' for '('", t.position);
      ++k_;
      return inner;
    }
    ++k_;
    QueryNode node;
    node.position = t.position;
    node.field = t.field;
    node.text = t.text;
    node.quoted = t.quoted;
    if (OneOf(t.field, kRangeFields)) {
      CASEBOOK_RETURN_IF_ERROR(ParseRange(t, &node));
    } else if (OneOf(t.field, kFilterFields)) {
      node.type = QueryNode::Type::kFilter;
      CASEBOOK_RETURN_IF_ERROR(CheckFilterValue(t, &node.text));
    } else {
      node.type = QueryNode::Type::kText;
      if (t.quoted || !t.field.empty()) saw_syntax_ = true;
    }
    if (t.negated) return Negate(std::move(node), t.position);
    return node;
  }

  std::vector<Token> tokens_;
  QueryLimits limits_;
  size_t k_ = 0;
  bool saw_syntax_ = false;
};

}  // namespace

Result<ParsedQuery> ParseQuery(std::string_view query, const QueryLimits& limits) {
  if (query.size() > limits.max_bytes) {
    return Status::InvalidArgument("query: longer than " + std::to_string(limits.max_bytes) +
                                   " bytes");
  }
  Lexer lexer(query, limits.unclosed_quote_as_text);
  auto tokens = lexer.Run();
  if (!tokens.ok()) return tokens.status();
  Parser parser(std::move(*tokens), limits);
  auto root = parser.ParseAll();
  if (!root.ok()) return root.status();
  ParsedQuery parsed;
  parsed.root = std::move(*root);
  parsed.plain = !parser.saw_syntax() && parsed.root.type != QueryNode::Type::kAll;
  // A stray quote is forgiven only in plain text, not in a query written in syntax.
  if (!lexer.dropped_quote().ok() && !parsed.plain) return lexer.dropped_quote();
  return parsed;
}

std::vector<std::string> PositiveTexts(const QueryNode& node) {
  std::vector<std::string> out;
  if (node.type == QueryNode::Type::kText) out.push_back(node.text);
  if (node.type == QueryNode::Type::kNot) return out;
  for (const QueryNode& c : node.children) {
    for (std::string& s : PositiveTexts(c)) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace casebook::search
