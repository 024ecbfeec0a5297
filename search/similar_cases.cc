// Similar cases: ranked text search, then near-duplicate re-scoring.
#include "search/similar_cases.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>
#include <unordered_set>

#include "search/index_schema.h"
#include "search/near_duplicate.h"

namespace casebook::search {
namespace {

constexpr size_t kMaxLimit = 100;
// The most candidates read when copies left out leave fewer than the limit.
constexpr size_t kMaxCandidates = 1000;
constexpr size_t kMaxSharedTerms = 8;
constexpr size_t kMinWordBytes = 6;  // Shared words have two characters or more.

// A hit of the text search with its near-duplicate similarity to the query.
struct Candidate {
  const SearchHit* hit;
  double similarity = 0;
  bool near_duplicate = false;
  std::optional<Case> stored;  // Read from the store (when needed).
};

// The similar hit of a candidate whose case has been read.
SimilarHit HitOf(const Candidate& c) {
  SimilarHit s;
  s.id = c.hit->id;
  s.score = c.hit->score;
  s.similarity = c.similarity;
  s.near_duplicate = c.near_duplicate;
  s.title = c.stored->title;
  s.year = c.stored->year;
  s.kind = ToString(c.stored->kind);
  s.result = ToString(c.stored->result);
  if (!c.stored->replies.empty()) {
    s.reply_excerpt = SimilarCases::Excerpt(c.stored->replies.front().text);
  }
  return s;
}

// The hit's dictionary words (with their document frequencies), already
// limited to words of two or more characters that the query text holds
// (AddSharedTerms), rarest first, leaving out words inside a chosen one and
// words most cases hold.
std::vector<std::string> SharedWords(const std::vector<std::pair<std::string, uint64_t>>& doc_words,
                                     uint64_t doc_count) {
  const size_t prefix = std::char_traits<char>::length(kWordPrefix);
  std::vector<std::pair<std::string, uint64_t>> words;
  for (const auto& [t, df] : doc_words) {
    if (df * 5 > doc_count) continue;  // In more than a fifth of all cases.
    words.emplace_back(t.substr(prefix), df);
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

// The candidates among `found` with their similarity to `query_print`,
// near-duplicates first (most similar first), then the rest by relevance.
// Fingerprints come from the index, or from the stored text for an index
// written before it kept them.
std::vector<Candidate> RankedCandidates(const Searcher& searcher, const CaseStore& store,
                                        const std::vector<SearchHit>& found,
                                        const Fingerprint& query_print, bool exclude_copies) {
  std::vector<Candidate> candidates;
  for (const SearchHit& h : found) {
    Candidate c{&h, 0, false, std::nullopt};
    std::optional<Fingerprint> print = Fingerprint::Parse(h.fingerprint);
    if (!print) {
      auto stored = store.Get(h.id);
      if (!stored.ok()) continue;  // Deleted since the index was read.
      print = FingerprintOf(searcher.Normalize(FingerprintText(stored->title, stored->body)));
      c.stored = std::move(*stored);
    }
    c.similarity = Similarity(query_print, *print);
    c.near_duplicate = c.similarity >= kNearDuplicateThreshold;
    if (exclude_copies && c.near_duplicate) continue;
    candidates.push_back(std::move(c));
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) {
                     if (a.near_duplicate != b.near_duplicate) return a.near_duplicate;
                     if (a.near_duplicate) return a.similarity > b.similarity;
                     return a.hit->score > b.hit->score;
                   });
  return candidates;
}

// Fills each hit's shared_terms (SharedWords); df lookups only for the words
// of the hit that the query text holds.
void AddSharedTerms(const Searcher& searcher, const std::string& normalized_query,
                    std::vector<SimilarHit>* hits) {
  auto doc_count = searcher.DocumentCount();
  // The openings (first kMinWordBytes bytes) of the query text's substrings
  // from every character: a word occurs in the text only if its opening is
  // among them (a cheap test before searching the text).
  std::unordered_set<std::string_view> openings;
  const std::string_view text(normalized_query);
  for (size_t i = 0; i + kMinWordBytes <= text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      openings.insert(text.substr(i, kMinWordBytes));
    }
  }
  const auto in_query = [&](std::string_view term) {
    const size_t prefix = std::char_traits<char>::length(kWordPrefix);
    if (term.size() < prefix + kMinWordBytes) return false;
    const std::string_view word = term.substr(prefix);
    return openings.count(word.substr(0, kMinWordBytes)) > 0 &&
           text.find(word) != std::string_view::npos;
  };
  for (SimilarHit& s : *hits) {
    auto words = searcher.DocumentTermFrequencies(s.id, kWordPrefix, in_query);
    if (words.ok()) {
      s.shared_terms = SharedWords(*words, doc_count.ok() ? *doc_count : 0);
    }
  }
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

Result<std::vector<SimilarHit>> SimilarCases::Run(const std::string& title, const std::string& body,
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
    if (req.before_year == 0) {
      return Status::InvalidArgument("parameter 'before_year': needed for earlier_only");
    }
    if (req.before_year <= 1900) {
      return Status::InvalidArgument("parameter 'before_year': a year after 1900, got " +
                                     std::to_string(req.before_year));
    }
    sr.filters.emplace_back("year", "1900.." + std::to_string(req.before_year - 1));
  }
  const std::string text = title + "\n" + title + "\n" + body;  // Title counts twice.
  const std::string normalized_query = searcher_->Normalize(text);
  const Fingerprint query_print = FingerprintOf(searcher_->Normalize(FingerprintText(title, body)));
  Result<SearchResponse> found = searcher_->SearchText(text, sr, exclude_ids);
  if (!found.ok()) return found.status();
  std::vector<Candidate> candidates =
      RankedCandidates(*searcher_, *store_, found->hits, query_print, req.exclude_copies);
  // Copies left out can leave fewer than `limit`: look deeper while more match.
  while (candidates.size() < req.limit && found->hits.size() == sr.limit &&
         found->total > sr.limit && sr.limit < kMaxCandidates) {
    sr.limit = std::min(kMaxCandidates, sr.limit * 4);
    found = searcher_->SearchText(text, sr, exclude_ids);
    if (!found.ok()) return found.status();
    candidates =
        RankedCandidates(*searcher_, *store_, found->hits, query_print, req.exclude_copies);
  }
  std::vector<SimilarHit> hits;
  for (Candidate& c : candidates) {
    if (hits.size() == req.limit) break;
    if (!c.stored) {
      auto stored = store_->Get(c.hit->id);
      if (!stored.ok()) continue;  // Deleted since the index was read.
      c.stored = std::move(*stored);
    }
    hits.push_back(HitOf(c));
  }
  AddSharedTerms(*searcher_, normalized_query, &hits);
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
