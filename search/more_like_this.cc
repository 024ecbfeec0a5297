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

Q MoreLikeThisQuery(std::string_view text, ChineseAnalyzer* analyzer, const Xapian::Database& db,
                    const MoreLikeThisOptions& options) {
  const std::string normalized = analyzer->Normalize(text);
  std::unordered_map<std::string, Candidate> counts;
  auto add = [&counts](const std::string& piece, double weight) {
    for (std::string& t : RankingTerms(piece, kBodyPrefix)) {
      Candidate& c = counts[t];
      c.term = std::move(t);
      c.qf += weight;
    }
  };
  const size_t lead = options.lead_chars ? LeadBytes(normalized, options.lead_chars) : 0;
  add(normalized.substr(0, lead), options.lead_boost);
  add(normalized.substr(lead), 1.0);
  for (std::string& w : analyzer->Words(normalized)) {
    std::string t = kWordPrefix + w;
    Candidate& c = counts[t];
    c.term = std::move(t);
    c.word = true;
    c.qf += 1;
  }
  const double n = std::max<double>(1, db.get_doccount());
  std::vector<Candidate> kept;
  kept.reserve(counts.size());
  for (auto& [term, c] : counts) {
    Xapian::doccount df = db.get_termfreq(term);
    if (df == 0) continue;
    c.score = (1.0 + std::log(c.qf)) * std::log(1.0 + n / df);
    kept.push_back(std::move(c));
  }
  if (options.max_terms > 0 && kept.size() > options.max_terms) {
    std::nth_element(kept.begin(), kept.begin() + options.max_terms, kept.end(),
                     [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
    kept.resize(options.max_terms);
  }
  std::vector<Q> parts;
  parts.reserve(kept.size() * 2);
  for (const Candidate& c : kept) {
    if (c.word && options.word_weight <= 0) continue;
    const auto wqf = static_cast<Xapian::termcount>(std::max(1.0, std::round(c.qf)));
    Q q(c.term, wqf);
    if (c.word) {
      parts.push_back(options.word_weight == 1.0 ? q : Q(Q::OP_SCALE_WEIGHT, q, options.word_weight));
    } else {
      parts.push_back(q);
      if (options.title_weight > 0) {
        parts.emplace_back(Q::OP_SCALE_WEIGHT, Q(kTitlePrefix + c.term, wqf), options.title_weight);
      }
    }
  }
  if (parts.empty()) return Q();
  return Q(Q::OP_OR, parts.begin(), parts.end());
}

}  // namespace casebook::search
