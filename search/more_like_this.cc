#include "search/more_like_this.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "search/chinese_terms.h"
#include "search/index_schema.h"

namespace casebook::search {
namespace {

using Q = Xapian::Query;

struct Candidate {
  std::string term;
  bool word = false;
  double score = 0;
  double qf = 0;
};

// The byte length of the first `chars` characters of UTF-8 text.
size_t LeadBytes(const std::string& s, size_t chars) {
  size_t i = 0;
  for (size_t n = 0; i < s.size() && n < chars; ++n) {
    unsigned char c = s[i];
    i += c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
  }
  return std::min(i, s.size());
}

}  // namespace

MoreLikeThis::MoreLikeThis(std::string_view text, ChineseAnalyzer* analyzer,
                           const Xapian::Database& db, const MoreLikeThisOptions& options)
    : db_(db), options_(options), doc_count_(std::max<double>(1, db.get_doccount())) {
  const std::string normalized = analyzer->Normalize(text);
  const size_t lead = options.lead_chars ? LeadBytes(normalized, options.lead_chars) : 0;
  for (const auto& [piece, weight] : {std::pair{normalized.substr(0, lead), options.lead_boost},
                                      std::pair{normalized.substr(lead), 1.0}}) {
    for (std::string& t : RankingTerms(piece, kBodyPrefix)) {
      Term& term = terms_[std::move(t)];
      term.qf += weight;
      term.count += 1;
    }
  }
  for (std::string& w : analyzer->Words(normalized)) {
    Term& term = terms_[kWordPrefix + w];
    term.word = true;
    term.qf += 1;
  }
  for (auto& [text_term, term] : terms_) {
    const Xapian::doccount df = db.get_termfreq(text_term);
    term.idf = df == 0 ? 0 : std::log(1.0 + doc_count_ / df);
    if (!term.word) norm_ += std::pow((1 + std::log(term.count)) * term.idf, 2);
  }
  norm_ = std::sqrt(norm_);
}

double MoreLikeThis::Idf(const std::string& term) const {
  auto it = terms_.find(term);
  if (it != terms_.end()) return it->second.idf;
  const Xapian::doccount df = db_.get_termfreq(term);
  return df == 0 ? 0 : std::log(1.0 + doc_count_ / df);
}

Q MoreLikeThis::Query() const {
  std::vector<Candidate> kept;
  kept.reserve(terms_.size());
  for (const auto& [text_term, term] : terms_) {
    if (term.idf <= 0) continue;
    kept.push_back({text_term, term.word, (1.0 + std::log(term.qf)) * term.idf, term.qf});
  }
  if (options_.max_terms > 0 && kept.size() > options_.max_terms) {
    std::nth_element(kept.begin(), kept.begin() + options_.max_terms, kept.end(),
                     [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
    kept.resize(options_.max_terms);
  }
  std::vector<Q> parts;
  parts.reserve(kept.size() * 2);
  for (const Candidate& c : kept) {
    if (c.word && options_.word_weight <= 0) continue;
    const auto wqf = static_cast<Xapian::termcount>(std::max(1.0, std::round(c.qf)));
    Q q(c.term, wqf);
    if (c.word) {
      parts.push_back(options_.word_weight == 1.0 ? q : Q(Q::OP_SCALE_WEIGHT, q, options_.word_weight));
    } else {
      parts.push_back(q);
      if (options_.title_weight > 0) {
        parts.emplace_back(Q::OP_SCALE_WEIGHT, Q(kTitlePrefix + c.term, wqf), options_.title_weight);
      }
    }
  }
  if (parts.empty()) return Q();
  return Q(Q::OP_OR, parts.begin(), parts.end());
}

namespace {

// What one candidate shares with the text, from one pass over its term list.
struct Overlap {
  double dot = 0;             // Sum of text weight x case weight over shared body terms.
  double occurrences = 0;     // Body term occurrences of the case.
  double distinct = 0;        // Distinct body terms of the case.
  double shared_idf = 0;      // Idf of the case's distinct body terms the text holds.
  double title_idf = 0;       // Idf of the case's distinct title terms...
  double title_shared_idf = 0;  // ...and of those the text holds.
};

// Whether an index term is a body unit term (no prefix, not a run end "区$").
bool IsBodyTerm(const std::string& t) {
  return !t.empty() && !(t[0] >= 'A' && t[0] <= 'Z') && t.back() != kRunEndMark;
}

}  // namespace

std::vector<double> MoreLikeThis::Rescore(const std::vector<Xapian::docid>& docs,
                                          const std::vector<double>& weights) const {
  const double best = weights.empty() ? 1 : std::max(1e-9, *std::max_element(weights.begin(), weights.end()));
  const std::string title_prefix = kTitlePrefix;
  std::vector<double> out;
  out.reserve(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    Overlap o;
    for (auto t = db_.termlist_begin(docs[i]); t != db_.termlist_end(docs[i]); ++t) {
      const std::string term = *t;
      if (term.size() > 1 && term[0] == title_prefix[0] && IsBodyTerm(term.substr(1))) {
        const std::string body_term = term.substr(1);
        const double idf = Idf(body_term);
        o.title_idf += idf;
        if (terms_.count(body_term)) o.title_shared_idf += idf;
        continue;
      }
      if (!IsBodyTerm(term)) continue;
      o.occurrences += t.get_wdf();
      o.distinct += 1;
      auto it = terms_.find(term);
      if (it == terms_.end() || it->second.word) continue;
      const Term& q = it->second;
      o.dot += (1 + std::log(q.count)) * q.idf * (1 + std::log(t.get_wdf())) * q.idf;
      o.shared_idf += q.idf;
    }
    // Unknown idfs of the case's other terms: the norm is approximated by
    // sqrt(occurrences), the coverage by the distinct-term count (x3 and x5
    // bring both to the range of the other features).
    const double cosine = norm_ > 0 && o.occurrences > 0 ? o.dot / (norm_ * std::sqrt(o.occurrences) * 3) : 0;
    const double coverage = o.distinct > 0 ? o.shared_idf / (o.distinct * 5) : 0;
    const double title = o.title_idf > 0 ? o.title_shared_idf / o.title_idf : 0;
    out.push_back(weights[i] / best + options_.rerank_cosine * cosine +
                  options_.rerank_title * title + options_.rerank_coverage * coverage);
  }
  return out;
}

Q MoreLikeThisQuery(std::string_view text, ChineseAnalyzer* analyzer, const Xapian::Database& db,
                    const MoreLikeThisOptions& options) {
  return MoreLikeThis(text, analyzer, db, options).Query();
}

}  // namespace casebook::search
