// Parts of the Searcher shared by searcher.cc and searcher_cached.cc; not for
// use outside the search library.
#ifndef CASEBOOK_SEARCH_SEARCHER_INTERNAL_H_
#define CASEBOOK_SEARCH_SEARCHER_INTERNAL_H_

#include <xapian.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "search/searcher.h"

namespace casebook::search {

struct Searcher::Reader {
  std::unique_ptr<Xapian::Database> db;
  std::unique_ptr<ChineseAnalyzer> analyzer;
  TermIdfCache idf_cache;     // More-like-this idfs, kept while db's revision stays.
  bool last_attempt = false;  // Set by OnReader: no retry follows this attempt.
};

// Borrows a reader from the pool for one call and gives it back.
class Searcher::Lease {
 public:
  Lease(const Searcher* searcher, std::unique_ptr<Reader> reader)
      : searcher_(searcher), reader_(std::move(reader)) {}
  Lease(Lease&&) = default;
  ~Lease() {
    if (!reader_) return;
    std::lock_guard<std::mutex> lock(searcher_->mu_);
    searcher_->idle_.push_back(std::move(reader_));
  }
  Reader* operator->() { return reader_.get(); }
  Reader* get() { return reader_.get(); }
  // Replaces the reader's database with a freshly opened one.
  void Reopen(const std::filesystem::path& dir) {
    reader_->db = std::make_unique<Xapian::Database>(dir.string());
  }

 private:
  const Searcher* searcher_;
  std::unique_ptr<Reader> reader_;
};

// A request planned once, before any reader is touched: how its text is
// matched, whether a second stage re-scores the best hits, and whether the
// result cache answers it. Every later step follows the plan.
struct QueryPlan {
  SearchRequest request;                 // Copies: a background refresh outlives the caller's.
  ParsedQuery parsed;                    // Typed queries; empty for free text.
  std::optional<std::string> free_text;  // SearchText's text, else none.
  std::vector<std::string> exclude_ids;  // Cases left out.
  // Typed text matched by BM25 over OR (else every term must match); free
  // text always is (its answer reports ranked only when the text has terms).
  bool ranked = false;
  bool more_like_this = false;  // Free text matched and re-scored as more-like-this.
  size_t rerank_depth = 0;      // Best first-stage hits re-scored (0: none, the page is direct).
  bool cached = false;          // Answered through the result cache.
};

// Which hits one match keeps, and how far it looks.
struct MatchWindow {
  size_t first = 0;           // Hits skipped at the front.
  size_t count = 0;           // Hits kept after them.
  size_t check_at_least = 0;  // Documents the matcher must look at (exact totals).
};

// A request's query, ready for an Enquire.
struct PreparedQuery {
  Xapian::Query query;                 // With the request's filters and exclusions.
  bool ranked = false;                 // Text matched in ranked (OR) mode.
  bool has_text = false;               // False: filters only (sorted by date).
  std::vector<std::string> highlight;  // Texts to mark in snippets.
  std::string ranked_text;             // Ranked query text (proximity re-scoring), or "".
  // More-like-this text (null otherwise): re-scores the best matches.
  std::shared_ptr<const MoreLikeThis> similar;
};

// Collects the id of every matching document (reads nothing of it): facets
// are counted from the FacetTable, and the result cache records them.
class DocidCollector : public Xapian::MatchSpy {
 public:
  // Keeps the ids in `docids`, or hands each to `sink` when one is given.
  explicit DocidCollector(std::function<void(uint32_t docid)> sink = nullptr)
      : sink_(std::move(sink)) {}
  void operator()(const Xapian::Document& doc, double) override {
    if (sink_) {
      sink_(doc.get_docid());
    } else {
      docids.push_back(doc.get_docid());
    }
  }
  std::vector<Xapian::docid> docids;

 private:
  std::function<void(uint32_t docid)> sink_;
};

// The one match every search runs (cached or not): `query` on `db` in the
// request's order (relevance needs `has_text`), BM25 as the options say, the
// window's hits kept; every match's docid into `matches` when not null.
// May throw Xapian errors.
Xapian::MSet MatchQuery(Xapian::Database& db, const Xapian::Query& query,
                        const SearchRequest& request, bool has_text, const SearcherOptions& options,
                        const MatchWindow& window, DocidCollector* matches);

// The cases the store's change log lists after one sequence up to another.
struct ChangedCases {
  std::unordered_set<std::string> ids;
  // Some case was deleted among them: its document is gone, and if the case
  // was written again it has a new docid (Xapian keeps a docid only when a
  // document is replaced), so what was recorded by docid is stale.
  bool deletions = false;
};

// The cases changed after sequence `from` up to `to`; nullopt when there
// are more than `max` or the log cannot be read (the caller then starts
// afresh).
std::optional<ChangedCases> CasesChangedBetween(const CaseStore& store, uint64_t from, uint64_t to,
                                                size_t max);

// The store sequence an index revision reflects (its "last_seq").
uint64_t IndexSeqOf(const Xapian::Database& db);

// Sets the request's sort order on `enquire`.
void ApplySort(const SearchRequest& request, bool has_text, Xapian::Enquire* enquire);
// The hit of an MSet item (id and title from the document data, values; the
// received date from the sort key: the Enquire must sort on kReceivedSlot, as
// ApplySort makes it).
SearchHit HitOf(const Xapian::MSetIterator& it);
// A year value slot as decimal text ("" when absent).
std::string YearText(const std::string& serialised);
// The BM25 weighting of the searcher's options.
Xapian::BM25Weight WeightOf(const SearcherOptions& options);

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_SEARCHER_INTERNAL_H_
