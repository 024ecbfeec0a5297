// Similar cases: ranked text search, then near-duplicate re-scoring.
#include "search/similar_cases.h"

#include <algorithm>
#include <cmath>

#include "search/index_schema.h"
#include "search/near_duplicate.h"

namespace casebook::search {
namespace {

constexpr size_t kMaxLimit = 100;
constexpr size_t kMaxSharedTerms = 8;

// The text a fingerprint is taken of: the body, or the title when there is none.
const std::string& FingerprintText(const std::string& title, const std::string& body) {
  return body.empty() ? title : body;
}

// Dictionary words of the hit (with their document frequencies) that also
// occur in the query text, rarest first, leaving out words inside a chosen
// one and words most cases hold.
std::vector<std::string> SharedWords(const std::vector<std::pair<std::string, uint64_t>>& doc_words,
                                     const std::string& normalized_query, uint64_t doc_count) {
  const std::string prefix = kWordPrefix;
  std::vector<std::pair<std::string, uint64_t>> words;
  for (const auto& [t, df] : doc_words) {
    std::string w = t.substr(prefix.size());
    if (w.size() < 6 || df * 5 > doc_count) continue;  // One character, or in >20% of cases.
    if (normalized_query.find(w) != std::string::npos) words.emplace_back(std::move(w), df);
  }
  std::stable_sort(words.begin(), words.end(),
                   [](const auto& a, const auto& b) { return a.second < b.second; });
  std::vector<std::string> out;
  for (const auto& [w, df] : words) {
    bool inside = std::any_of(out.begin(), out.end(), [&w](const std::string& chosen) {
      return chosen.find(w) != std::string::npos || w.find(chosen) != std::string::npos;
    });
    if (!inside) out.push_back(w);
    if (out.size() == kMaxSharedTerms) break;
  }
  return out;
}

}  // namespace

std::string SimilarCases::Excerpt(const std::string& text, size_t max_chars) {
  size_t chars = 0, i = 0;
  while (i < text.size() && chars < max_chars) {
    unsigned char c = text[i];
    i += c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    ++chars;
  }
  if (i >= text.size()) return text;
  return text.substr(0, i) + "…";
}

Result<std::vector<SimilarHit>> SimilarCases::ForCase(const std::string& id,
                                                       const SimilarRequest& req) const {
  auto c = store_->Get(id);
  if (!c.ok()) return c.status();
  SimilarRequest r = req;
  if (r.earlier_only && r.before_year == 0) r.before_year = c->year;
  return Run(c->title, c->body, {id}, r);
}

Result<std::vector<SimilarHit>> SimilarCases::ForText(const std::string& title,
                                                      const std::string& body,
                                                      const SimilarRequest& req) const {
  if (title.empty() && body.empty()) {
    return Status::InvalidArgument("parameter 'text': empty; give the proposal's text");
  }
  return Run(title, body, {}, req);
}

Result<std::vector<SimilarHit>> SimilarCases::Run(const std::string& title,
                                                  const std::string& body,
                                                  const std::vector<std::string>& exclude_ids,
                                                  const SimilarRequest& req) const {
  if (req.limit == 0 || req.limit > kMaxLimit) {
    return Status::InvalidArgument("parameter 'limit': must be 1.." + std::to_string(kMaxLimit));
  }
  SearchRequest sr;
  sr.limit = std::max(req.limit, req.candidates);
  sr.facets = false;
  sr.snippets = false;
  sr.filters = req.filters;
  sr.more_like_this = req.more_like_this;
  sr.more_like_this_options = req.more_like_this_options;
  if (req.earlier_only) {
    if (req.before_year <= 1900) {
      return Status::InvalidArgument("parameter 'before_year': needed for earlier_only");
    }
    sr.filters.emplace_back("year", "1900.." + std::to_string(req.before_year - 1));
  }
  const std::string text = title + "\n" + title + "\n" + body;  // Title counts twice.
  auto found = searcher_->SearchText(text, sr, exclude_ids);
  if (!found.ok()) return found.status();

  const std::string normalized_query = searcher_->Normalize(text);
  const Fingerprint query_print =
      FingerprintOf(searcher_->Normalize(FingerprintText(title, body)));
  std::vector<SimilarHit> hits;
  for (const SearchHit& h : found->hits) {
    auto c = store_->Get(h.id);
    if (!c.ok()) continue;  // Deleted since the index was read.
    SimilarHit s;
    s.id = h.id;
    s.score = h.score;
    s.similarity = Similarity(query_print,
                              FingerprintOf(searcher_->Normalize(FingerprintText(c->title, c->body))));
    s.near_duplicate = s.similarity >= kNearDuplicateThreshold;
    if (req.exclude_copies && s.near_duplicate) continue;
    s.title = c->title;
    s.year = c->year;
    s.kind = ToString(c->kind);
    s.result = ToString(c->result);
    if (!c->replies.empty()) s.reply_excerpt = Excerpt(c->replies.front().text);
    hits.push_back(std::move(s));
  }
  // Copies first (most similar first), then the rest by relevance.
  std::stable_sort(hits.begin(), hits.end(), [](const SimilarHit& a, const SimilarHit& b) {
    if (a.near_duplicate != b.near_duplicate) return a.near_duplicate;
    if (a.near_duplicate) return a.similarity > b.similarity;
    return a.score > b.score;
  });
  if (hits.size() > req.limit) hits.resize(req.limit);
  auto doc_count = searcher_->DocumentCount();
  for (SimilarHit& s : hits) {
    auto words = searcher_->DocumentTermFrequencies(s.id, kWordPrefix);
    if (words.ok()) {
      s.shared_terms = SharedWords(*words, normalized_query, doc_count.ok() ? *doc_count : 0);
    }
  }
  return hits;
}

nlohmann::json SimilarHitsToJson(const std::vector<SimilarHit>& hits) {
  nlohmann::json out = nlohmann::json::array();
  for (const SimilarHit& h : hits) {
    out.push_back({{"id", h.id},
                   {"score", h.score},
                   {"similarity", std::round(h.similarity * 1000) / 1000},
                   {"near_duplicate", h.near_duplicate},
                   {"shared_terms", h.shared_terms},
                   {"title", h.title},
                   {"year", h.year},
                   {"kind", h.kind},
                   {"result", h.result},
                   {"reply_excerpt", h.reply_excerpt}});
  }
  return {{"hits", std::move(out)}};
}

}  // namespace casebook::search
