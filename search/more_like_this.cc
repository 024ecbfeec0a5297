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

void TermIdfCache::Sync(const Xapian::Database& db) {
  const Xapian::rev revision = db.get_revision();
  const Xapian::doccount doc_count = db.get_doccount();
  std::string uuid = db.get_uuid();
  if (revision == revision_ && doc_count == doc_count_ && uuid == uuid_) return;
  idf_.clear();
  revision_ = revision;
  doc_count_ = doc_count;
  uuid_ = std::move(uuid);
}

double TermIdfCache::Idf(const Xapian::Database& db, const std::string& term) {
  auto found = idf_.find(term);
  if (found != idf_.end()) return found->second;
  if (idf_.size() >= max_terms_) idf_.clear();
  const Xapian::doccount df = db.get_termfreq(term);
  const double idf = df == 0 ? 0 : std::log(1.0 + std::max<double>(1, doc_count_) / df);
  idf_.emplace(term, idf);
  return idf;
}

MoreLikeThis::MoreLikeThis(std::string_view text, ChineseAnalyzer* analyzer,
                           const Xapian::Database& db, const MoreLikeThisOptions& options,
                           TermIdfCache* idf_cache)
    : db_(db), options_(options), doc_count_(std::max<double>(1, db.get_doccount())) {
  if (idf_cache == nullptr) {
    own_idf_ = std::make_unique<TermIdfCache>();
    own_idf_->Sync(db);
    idf_cache = own_idf_.get();
  }
  idf_cache_ = idf_cache;
  const std::string normalized = analyzer->Normalize(text);
  const size_t lead = options.lead_chars ? LeadBytes(normalized, options.lead_chars) : 0;
  const std::string pieces[2] = {normalized.substr(0, lead), normalized.substr(lead)};
  for (int p = 0; p < 2; ++p) {
    for (std::string& t : RankingTerms(pieces[p], kBodyPrefix)) {
      Term& term = terms_[std::move(t)];
      term.qf += p == 0 ? options.lead_boost : 1.0;
      term.count += 1;
    }
  }
  std::vector<std::string> words = analyzer->Words(normalized);
  if (options.place_codes) {
    for (std::string& code : PlaceCodes(normalized)) {
      words.push_back(std::move(code));
      has_places_ = true;
    }
  }
  for (const std::string& w : words) {
    Term& term = terms_[kWordPrefix + w];
    term.word = true;
    term.qf += 1;
  }
  for (auto& [text_term, term] : terms_) {
    term.idf = idf_cache_->Idf(db, text_term);
    if (term.word) {
      word_norm_ += std::pow((1 + std::log(term.qf)) * term.idf, 2);
      continue;
    }
    norm_ += std::pow((1 + std::log(term.count)) * term.idf, 2);
  }
  norm_ = std::sqrt(norm_);
  word_norm_ = std::sqrt(word_norm_);
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
      parts.push_back(options_.word_weight == 1.0 ? q
                                                  : Q(Q::OP_SCALE_WEIGHT, q, options_.word_weight));
    } else {
      parts.push_back(q);
      if (options_.title_weight > 0) {
        parts.emplace_back(Q::OP_SCALE_WEIGHT, Q(kTitlePrefix + c.term, wqf),
                           options_.title_weight);
      }
    }
  }
  if (parts.empty()) return Q();
  return Q(Q::OP_OR, parts.begin(), parts.end());
}

// What one candidate shares with the text, from one pass over its term list.
struct MoreLikeThis::Overlap {
  double dot = 0;               // Sum of text weight x case weight over shared body terms.
  double occurrences = 0;       // Body term occurrences of the case.
  double distinct = 0;          // Distinct body terms of the case.
  double shared_idf = 0;        // Idf of the case's distinct body terms the text holds.
  double title_idf = 0;         // Idf of the case's distinct title terms...
  double title_shared_idf = 0;  // ...and of those the text holds.
  double word_dot = 0;          // As dot, over dictionary words.
  double word_occurrences = 0;  // Word occurrences of the case.
  int places = 0;               // Distinct place codes of the case...
  int shared_places = 0;        // ...and of those the text holds.
};

namespace {

// Whether an index term is a body unit term (no prefix, not a run end "区$").
bool IsBodyTerm(std::string_view t) {
  return !t.empty() && !(t[0] >= 'A' && t[0] <= 'Z') && t.back() != kRunEndMark;
}

// Whether a word term is a place code ("XWa7县"; PlaceCodes): a letter, then a digit.
bool IsPlaceCodeWord(const std::string& term) {
  const size_t n = std::char_traits<char>::length(kWordPrefix);
  return term.size() > n + 1 && term[n] >= 'a' && term[n] <= 'z' && term[n + 1] >= '0' &&
         term[n + 1] <= '9';
}

// The product of the (1 + ln tf)·idf weights of a term in the text and a case.
double TermProduct(double text_tf, double case_tf, double idf) {
  return (1 + std::log(text_tf)) * (1 + std::log(std::max(1.0, case_tf))) * idf * idf;
}

}  // namespace

void MoreLikeThis::AddCaseTerm(const std::string& term, double wdf, Overlap* o) const {
  static const std::string word_prefix = kWordPrefix;
  if (term.compare(0, word_prefix.size(), word_prefix) == 0) {
    o->word_occurrences += wdf;
    auto it = terms_.find(term);
    const bool place = IsPlaceCodeWord(term);
    o->places += place;
    if (it == terms_.end()) return;
    o->word_dot += TermProduct(it->second.qf, wdf, it->second.idf);
    o->shared_places += place;
    return;
  }
  if (term.size() > 1 && term[0] == kTitlePrefix[0] &&
      IsBodyTerm(std::string_view(term).substr(1))) {
    const std::string body_term = term.substr(1);
    auto it = terms_.find(body_term);
    if (it == terms_.end()) {
      o->title_idf += idf_cache_->Idf(db_, body_term);
      return;
    }
    o->title_idf += it->second.idf;
    o->title_shared_idf += it->second.idf;
    return;
  }
  if (!IsBodyTerm(term)) return;
  o->occurrences += wdf;
  o->distinct += 1;
  auto it = terms_.find(term);
  if (it == terms_.end() || it->second.word) return;
  o->dot += TermProduct(it->second.count, wdf, it->second.idf);
  o->shared_idf += it->second.idf;
}

std::vector<RescoreFeatures> MoreLikeThis::Features(const std::vector<Xapian::docid>& docs,
                                                    const std::vector<double>& weights) const {
  const double best =
      weights.empty() ? 1 : std::max(1e-9, *std::max_element(weights.begin(), weights.end()));
  std::vector<RescoreFeatures> out;
  out.reserve(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    Overlap o;
    for (auto t = db_.termlist_begin(docs[i]); t != db_.termlist_end(docs[i]); ++t) {
      AddCaseTerm(*t, t.get_wdf(), &o);
    }
    // Unknown idfs of the case's other terms: its norms are approximated by
    // sqrt(occurrences), the coverage by the distinct-term count (the
    // constants bring the features to the range of the others).
    RescoreFeatures f;
    f.bm25 = weights[i] / best;
    f.cosine = norm_ > 0 && o.occurrences > 0 ? o.dot / (norm_ * std::sqrt(o.occurrences) * 3) : 0;
    f.coverage = o.distinct > 0 ? o.shared_idf / (o.distinct * 5) : 0;
    f.title = o.title_idf > 0 ? o.title_shared_idf / o.title_idf : 0;
    f.word_cosine = word_norm_ > 0 && o.word_occurrences > 0
                        ? o.word_dot / (word_norm_ * std::sqrt(o.word_occurrences) * 3)
                        : 0;
    f.shared_root = o.distinct > 0 ? o.shared_idf / std::sqrt(o.distinct) / 10 : 0;
    f.place = o.shared_places > 0 ? 1 : has_places_ && o.places > 0 ? -1 : 0;
    out.push_back(f);
  }
  return out;
}

std::vector<double> MoreLikeThis::Rescore(const std::vector<Xapian::docid>& docs,
                                          const std::vector<double>& weights) const {
  std::vector<double> out;
  out.reserve(docs.size());
  for (const RescoreFeatures& f : Features(docs, weights)) {
    out.push_back(f.bm25 + options_.rerank_cosine * f.cosine + options_.rerank_title * f.title +
                  options_.rerank_coverage * f.coverage +
                  options_.rerank_word_cosine * f.word_cosine +
                  options_.rerank_shared_root * f.shared_root + options_.rerank_place * f.place);
  }
  return out;
}

Q MoreLikeThisQuery(std::string_view text, ChineseAnalyzer* analyzer, const Xapian::Database& db,
                    const MoreLikeThisOptions& options) {
  return MoreLikeThis(text, analyzer, db, options).Query();
}

}  // namespace casebook::search
