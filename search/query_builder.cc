#include "search/query_builder.h"

#include <algorithm>
#include <iterator>

#include "search/index_schema.h"
#include "store/case.h"
#include "store/case_fields.h"

namespace casebook::search {

namespace {

using Q = Xapian::Query;

Q Scaled(Q q, double weight) {
  if (q.empty() || weight == 1.0) return q;
  return Q(Q::OP_SCALE_WEIGHT, q, weight);
}

Q Combine(Q::op op, const std::vector<Q>& parts) {
  std::vector<Q> kept;
  for (const Q& p : parts) {
    if (!p.empty()) kept.push_back(p);
  }
  if (kept.empty()) return Q();
  if (kept.size() == 1) return kept[0];
  return Q(op, kept.begin(), kept.end());
}

Q OrOfTerms(const std::vector<std::string>& terms) {
  std::vector<Q> parts;
  parts.reserve(terms.size());
  for (const std::string& t : terms) parts.emplace_back(t);
  return Combine(Q::OP_OR, parts);
}

const char* PrefixOfField(const std::string& field) {
  for (const TextField& f : TextFields()) {
    if (field == f.name) return f.prefix;
  }
  return nullptr;
}

// Substring query of normalised text in one field, or in all ("" field).
Q TextQuery(const std::string& normalized, const std::string& field, const TermLister& lister,
            const QueryBuildOptions& options) {
  if (!field.empty()) {
    const char* prefix = PrefixOfField(field);
    return prefix ? SubstringQuery(normalized, prefix, lister, options.substring) : Q();
  }
  std::vector<Q> parts;
  for (const TextField& f : TextFields()) {
    if (f.in_default)
      parts.push_back(SubstringQuery(normalized, f.prefix, lister, options.substring));
  }
  return Combine(Q::OP_OR, parts);
}

Q RangeQuery(const QueryNode& n) {
  Xapian::valueno slot = n.field == "year" ? kYearSlot : kReceivedSlot;
  auto encode = [&](const std::string& bound, bool high) {
    if (n.field == "year") return Xapian::sortable_serialise(std::stod(bound));
    return high ? bound + "\xff" : bound;  // A date prefix covers the whole day/month/year.
  };
  if (n.low.empty()) return Q(Q::OP_VALUE_LE, slot, encode(n.high, true));
  if (n.high.empty()) return Q(Q::OP_VALUE_GE, slot, encode(n.low, false));
  return Q(Q::OP_VALUE_RANGE, slot, encode(n.low, false), encode(n.high, true));
}

// A query matching every document. Not Xapian's static Query::MatchAll:
// copying that shared object from several threads at once corrupts its
// (non-atomic) reference count, as Xapian's documentation warns.
Q MatchAll() { return Q(std::string()); }

class Builder {
 public:
  Builder(ChineseAnalyzer* analyzer, const TermLister& lister, const QueryBuildOptions& options,
          BuiltQuery* out)
      : analyzer_(analyzer), lister_(lister), options_(options), out_(out) {}

  Q Build(const QueryNode& n) {
    switch (n.type) {
      case QueryNode::Type::kAll:
        return MatchAll();
      case QueryNode::Type::kText:
        return Text(n);
      case QueryNode::Type::kFilter: {
        auto f = FilterQuery(n.field, n.text, *analyzer_);
        return f.ok() ? *f : Q::MatchNothing;
      }
      case QueryNode::Type::kRange:
        return RangeQuery(n);
      case QueryNode::Type::kNot:
        return Q(Q::OP_AND_NOT, MatchAll(), Build(n.children[0]));
      case QueryNode::Type::kOr: {
        std::vector<Q> parts;
        for (const QueryNode& c : n.children) parts.push_back(Build(c));
        Q q = Combine(Q::OP_OR, parts);
        return q.empty() ? MatchAll() : q;
      }
      case QueryNode::Type::kAnd:
        return And(n.children);
    }
    return Q();
  }

  // AND of the positive children, minus the negated ones.
  Q And(const std::vector<QueryNode>& children) {
    std::vector<Q> positives;
    std::vector<Q> negatives;
    for (const QueryNode& c : children) {
      if (c.type == QueryNode::Type::kNot) {
        negatives.push_back(Build(c.children[0]));
      } else {
        positives.push_back(Build(c));
      }
    }
    Q q = Combine(Q::OP_AND, positives);
    if (q.empty()) q = MatchAll();
    for (const Q& neg : negatives) {
      if (!neg.empty()) q = Q(Q::OP_AND_NOT, q, neg);
    }
    return q;
  }

  // Ranked form of a plain query: the OR of all its text, filtered.
  Q Ranked(const QueryNode& root) {
    std::vector<QueryNode> rest;
    std::string text;
    std::vector<Q> boosts;
    const std::vector<QueryNode> single{root};
    for (const QueryNode& c : root.type == QueryNode::Type::kAnd ? root.children : single) {
      if (c.type != QueryNode::Type::kText) {
        rest.push_back(c);
        continue;
      }
      std::string normalized = analyzer_->Normalize(c.text);
      out_->highlight.push_back(normalized);
      if (options_.ranked_phrase_boost && ChineseAnalyzer::SplitUnits(normalized).size() >= 2) {
        boosts.push_back(TextQuery(normalized, "", lister_, options_));
      }
      text += normalized;
      text += ' ';
    }
    Q ranked = RankedTextQuery(text, analyzer_, options_);
    if (!ranked.empty()) out_->has_text = true;
    out_->ranked_text = RankedQueryText(text, *analyzer_, options_);
    Q boost = Combine(Q::OP_OR, boosts);
    if (!ranked.empty() && !boost.empty()) ranked = Q(Q::OP_AND_MAYBE, ranked, boost);
    Q others = And(rest);
    if (ranked.empty()) return others;
    return Q(Q::OP_FILTER, ranked, others);
  }

 private:
  Q Text(const QueryNode& n) {
    std::string normalized = analyzer_->Normalize(n.text);
    Q q = TextQuery(normalized, n.field, lister_, options_);
    if (!q.empty()) {
      out_->has_text = true;
      out_->highlight.push_back(std::move(normalized));
    }
    return q;
  }

  ChineseAnalyzer* analyzer_;
  const TermLister& lister_;
  const QueryBuildOptions& options_;
  BuiltQuery* out_;
};

// OR of phrases of each two adjacent bigrams of `normalized` (its trigrams).
Q AdjacentPairs(const std::string& normalized, const char* prefix) {
  std::vector<TextUnit> units = ChineseAnalyzer::SplitUnits(normalized);
  std::vector<Q> phrases;
  for (size_t i = 0; i + 2 < units.size(); ++i) {
    if (units[i].kind != TextUnit::Kind::kCjk || units[i].run_end || units[i + 1].run_end) continue;
    Q pair[] = {Q(UnitTerm(normalized, units, i, prefix)),
                Q(UnitTerm(normalized, units, i + 1, prefix))};
    phrases.emplace_back(Q::OP_PHRASE, pair, pair + 2, 2);
  }
  return Combine(Q::OP_OR, phrases);
}

// Whether a plain query reads as a sentence rather than keywords.
bool LooksLikeSentence(const QueryNode& root, const QueryBuildOptions& options,
                       const ChineseAnalyzer& analyzer) {
  size_t total = 0;
  const std::vector<QueryNode> single{root};
  for (const QueryNode& c : root.type == QueryNode::Type::kAnd ? root.children : single) {
    if (c.type != QueryNode::Type::kText) continue;
    size_t units = ChineseAnalyzer::SplitUnits(analyzer.Normalize(c.text)).size();
    if (units >= options.ranked_min_keyword) return true;
    total += units;
  }
  return total >= options.ranked_min_units;
}

}  // namespace

Result<BuiltQuery> BuildQuery(const ParsedQuery& parsed, ChineseAnalyzer* analyzer,
                              const TermLister& lister, const QueryBuildOptions& options) {
  BuiltQuery out;
  Builder builder(analyzer, lister, options, &out);
  if (IsRankedQuery(parsed, options.mode, options, *analyzer)) {
    out.query = builder.Ranked(parsed.root);
    out.ranked = true;
  } else {
    out.query = builder.Build(parsed.root);
  }
  if (out.query.empty()) out.query = MatchAll();
  return out;
}

bool IsRankedQuery(const ParsedQuery& parsed, MatchMode mode, const QueryBuildOptions& options,
                   const ChineseAnalyzer& analyzer) {
  if (!parsed.plain) return false;
  return mode == MatchMode::kRanked ||
         (mode == MatchMode::kAuto && LooksLikeSentence(parsed.root, options, analyzer));
}

std::string RankedQueryText(std::string_view text, const ChineseAnalyzer& analyzer,
                            const QueryBuildOptions& options) {
  std::string normalized = analyzer.Normalize(text);
  for (const std::string& stop : options.ranked_stop_phrases) {
    for (size_t at = normalized.find(stop); !stop.empty() && at != std::string::npos;
         at = normalized.find(stop, at)) {
      normalized.replace(at, stop.size(), " ");
    }
  }
  return normalized;
}

Xapian::Query RankedTextQuery(std::string_view text, ChineseAnalyzer* analyzer,
                              const QueryBuildOptions& options) {
  const std::string normalized = RankedQueryText(text, *analyzer, options);
  std::vector<Q> parts;
  parts.push_back(OrOfTerms(RankingTerms(normalized, kBodyPrefix)));
  parts.push_back(Scaled(OrOfTerms(RankingTerms(normalized, kTitlePrefix)), options.title_weight));
  parts.push_back(Scaled(OrOfTerms(RankingTerms(normalized, kReplyPrefix)), options.reply_weight));
  if (options.trigram_weight > 0) {
    parts.push_back(Scaled(AdjacentPairs(normalized, kBodyPrefix), options.trigram_weight));
  }
  std::vector<std::string> words = analyzer->Words(normalized);
  for (std::string& w : words) w.insert(0, kWordPrefix);
  parts.push_back(Scaled(OrOfTerms(words), options.word_weight));
  return Combine(Q::OP_OR, parts);
}

Result<Xapian::Query> FilterQuery(const std::string& field, const std::string& value,
                                  const ChineseAnalyzer& analyzer) {
  auto bad = [&] {
    return Status::InvalidArgument("filter " + field + ": unknown value '" + value + "'");
  };
  auto term = [](const char* prefix, const std::string& v) { return Q(prefix + v); };
  if (field == "id") return term(kIdPrefix, value);
  if (field == "unit") return term(kUnitFilter, analyzer.Normalize(value));
  if (field == "tag") return term(kTagFilter, analyzer.Normalize(value));
  if (field == "year" || field == "date") {
    auto parsed = ParseQuery(field + ":" + value);
    if (!parsed.ok()) return Status::InvalidArgument("filter " + parsed.status().message());
    if (parsed->root.type != QueryNode::Type::kRange) return bad();
    return RangeQuery(parsed->root);
  }
  const EnumFacet* facet = std::find_if(std::begin(kEnumFacets), std::end(kEnumFacets),
                                        [&](const EnumFacet& f) { return field == f.field; });
  if (facet == std::end(kEnumFacets)) {
    return Status::InvalidArgument("filter: unknown field '" + field +
                                   "' (kind result role status level unit tag year date id)");
  }
  const FieldInfo* row = FindCaseField(facet->field);
  const int v = row->enum_value(value);
  const char* name = v > 0 ? row->enum_name(v) : nullptr;
  const char* prefix = facet->filter;
  if (name == nullptr || *name == '\0') return bad();
  return term(prefix, name);
}

}  // namespace casebook::search
