#include "search/searcher.h"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <optional>
#include <thread>

#include "search/case_document.h"
#include "search/facet_table.h"
#include "search/index_schema.h"
#include "search/query_pruning.h"
#include "search/result_cache.h"
#include "search/searcher_internal.h"
#include "search/xapian_status.h"

namespace casebook::search {

namespace {

using Q = Xapian::Query;

}  // namespace

std::string YearText(const std::string& serialised) {
  if (serialised.empty()) return "";
  return std::to_string(static_cast<long long>(Xapian::sortable_unserialise(serialised)));
}

uint64_t IndexSeqOf(const Xapian::Database& db) {
  return std::strtoull(db.get_metadata(kMetaLastSeq).c_str(), nullptr, 10);
}

std::optional<ChangedCases> CasesChangedBetween(const CaseStore& store, uint64_t from, uint64_t to,
                                                size_t max) {
  ChangedCases changed;
  bool too_many = false;
  Status scan = store.ScanChanges(from, [&](const ChangeEntry& c) {
    if (c.seq > to) return false;
    changed.ids.insert(c.id);
    changed.deletions = changed.deletions || c.op == ChangeEntry::Op::kDelete;
    too_many = changed.ids.size() > max;
    return !too_many;
  });
  if (!scan.ok() || too_many) return std::nullopt;
  return changed;
}

Xapian::BM25Weight WeightOf(const SearcherOptions& options) {
  return Xapian::BM25Weight(options.bm25_k1, 0, 1, options.bm25_b, 0.5);
}

namespace {

Status CheckPaging(const SearchRequest& r, const SearcherOptions& o) {
  if (r.limit > o.max_limit) {
    return Status::InvalidArgument("limit: must be at most " + std::to_string(o.max_limit));
  }
  if (r.offset > o.max_offset) {
    return Status::InvalidArgument("offset: must be at most " + std::to_string(o.max_offset));
  }
  return Status::Ok();
}

}  // namespace

Searcher::~Searcher() = default;

Result<std::unique_ptr<Searcher>> Searcher::Open(const std::filesystem::path& dir,
                                                 const CaseStore* store,
                                                 const SearcherOptions& options) {
  if (!std::filesystem::exists(dir)) return Status::NotFound("no index at " + dir.string());
  std::unique_ptr<Searcher> s(new Searcher());
  s->dir_ = dir;
  s->store_ = store;
  s->options_ = options;
  auto prototype = ChineseAnalyzer::Create(options.analyzer);
  if (!prototype.ok()) return prototype.status();
  s->prototype_ = std::move(*prototype);
  if (store != nullptr && options.result_cache.max_entries > 0) {
    s->cache_ = std::make_unique<SearchResultCache>(options.result_cache);
  }
  auto reader = s->NewReader();
  if (!reader.ok()) return reader.status();
  s->idle_.push_back(std::move(*reader));
  return s;
}

Result<std::unique_ptr<Searcher::Reader>> Searcher::NewReader() const {
  auto reader = std::make_unique<Reader>();
  auto analyzer = prototype_->Clone();
  if (!analyzer.ok()) return analyzer.status();
  reader->analyzer = std::move(*analyzer);
  // Opening reads the latest revision; commits landing meanwhile can discard
  // it before the open completes (seen under concurrent indexing): open again.
  Status s;
  for (int attempt = 0; attempt < 4; ++attempt) {
    s = CatchXapian("opening index " + dir_.string(), [&] {
      reader->db = std::make_unique<Xapian::Database>(dir_.string());
      return Status::Ok();
    });
    if (s.code() != Status::Code::kIndexMoved) break;
  }
  if (!s.ok()) return s;
  return reader;
}

std::string Searcher::Normalize(std::string_view text) const { return prototype_->Normalize(text); }

Result<SearchResponse> Searcher::Search(const SearchRequest& request) const {
  return Run(request, nullptr, {});
}

Result<SearchResponse> Searcher::SearchText(std::string_view text, const SearchRequest& request,
                                            const std::vector<std::string>& exclude_ids) const {
  const std::string free_text(text);
  return Run(request, &free_text, exclude_ids);
}

namespace {

Q RequestFilters(const SearchRequest& request, const ChineseAnalyzer& analyzer, Status* status) {
  std::vector<Q> filters;
  for (const auto& [field, value] : request.filters) {
    auto f = FilterQuery(field, value, analyzer);
    if (!f.ok()) {
      *status = f.status();
      return Q();
    }
    filters.push_back(*f);
  }
  if (filters.empty()) return Q();
  return Q(Q::OP_AND, filters.begin(), filters.end());
}

}  // namespace

void ApplySort(const SearchRequest& request, bool has_text, Xapian::Enquire* enquire) {
  switch (request.sort) {
    case SortOrder::kNewest:
      enquire->set_sort_by_value_then_relevance(kReceivedSlot, true);
      break;
    case SortOrder::kOldest:
      enquire->set_sort_by_value_then_relevance(kReceivedSlot, false);
      break;
    case SortOrder::kRelevance:
      if (has_text) {
        enquire->set_sort_by_relevance_then_value(kReceivedSlot, true);
      } else {
        enquire->set_sort_by_value(kReceivedSlot, true);
      }
      break;
  }
}

SearchHit HitOf(const Xapian::MSetIterator& it) {
  Xapian::Document doc = it.get_document();
  StoredCaseRef ref = ParseDocumentData(doc.get_data());
  SearchHit hit;
  hit.id = ref.id;
  hit.title = ref.title;
  hit.score = it.get_weight();
  std::string year = YearText(doc.get_value(kYearSlot));
  hit.year = year.empty() ? 0 : std::stoi(year);
  hit.kind = doc.get_value(kKindSlot);
  hit.result = doc.get_value(kResultSlot);
  hit.status = doc.get_value(kStatusSlot);
  // Every search sorts on the received date (ApplySort), so the matcher has
  // read it already: one B-tree lookup less per hit.
  hit.received = it.get_sort_key();
  return hit;
}

namespace {

// Lists the most complete of near-copies first among the best `depth` hits
// of a ranked query (`order`: indices into `mset`, best first;
// near_copy_order.h), after those holding more of what the question names
// (`precedence`, indexed like `mset`; may be null). Reads each such hit's
// fingerprint.
void OrderRankedNearCopies(const Xapian::MSet& mset, const SearcherOptions& options, size_t depth,
                           const std::vector<double>* precedence, std::vector<size_t>* order) {
  if (options.near_copies.similarity > 1) return;
  depth = std::min(order->size(), depth);
  std::vector<std::optional<Fingerprint>> prints(mset.size());
  std::vector<size_t> top(order->begin(), order->begin() + static_cast<std::ptrdiff_t>(depth));
  for (size_t k : top) {
    const Xapian::MSetIterator item = mset[static_cast<Xapian::doccount>(k)];
    prints[k] = Fingerprint::Parse(item.get_document().get_value(kFingerprintSlot));
  }
  OrderNearCopies(prints, options.near_copies, &top, precedence);
  std::copy(top.begin(), top.end(), order->begin());
}

// Re-scores the first stage's best plan.rerank_depth matches (of `mset`)
// with the more-like-this text when the plan says so, else by proximity,
// sorts them by the new score, and returns the requested page (documents
// read for the page only). Matches past the depth follow in the first
// stage's order, scored as the second stage scores the first stage
// (weight over the best weight), so every page is a slice of one list
// whatever its offset and limit.
std::vector<SearchHit> RescoredPage(const QueryPlan& plan, const Xapian::Database& db,
                                    const PreparedQuery& prepared, const SearcherOptions& options,
                                    const Xapian::MSet& mset) {
  const SearchRequest& request = plan.request;
  const MoreLikeThis* similar = plan.more_like_this ? prepared.similar.get() : nullptr;
  std::vector<Xapian::docid> docs;
  std::vector<double> weights;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    docs.push_back(*it);
    weights.push_back(it.get_weight());
  }
  const size_t depth = std::min(plan.rerank_depth, docs.size());
  const std::vector<Xapian::docid> head(docs.begin(), docs.begin() + depth);
  const std::vector<double> head_weights(weights.begin(), weights.begin() + depth);
  std::vector<double> particulars;
  std::vector<double> scores = similar
                                   ? similar->Rescore(head, head_weights)
                                   : ProximityRescore(db, prepared.ranked_text, head, head_weights,
                                                      options.proximity, &particulars);
  const double best = weights.empty() || weights[0] <= 0 ? 1 : weights[0];
  for (size_t k = depth; k < docs.size(); ++k) scores.push_back(weights[k] / best);
  std::vector<size_t> order(docs.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(depth),
                   [&scores](size_t a, size_t b) { return scores[a] > scores[b]; });
  // Near-copies trade places, not scores: the page's scores stay descending.
  const std::vector<size_t> by_score = order;
  if (!similar) {
    OrderRankedNearCopies(mset, options, depth, particulars.empty() ? nullptr : &particulars,
                          &order);
  }
  std::vector<SearchHit> page;
  for (size_t k = request.offset; k < order.size() && page.size() < request.limit; ++k) {
    const Xapian::MSetIterator item = mset[static_cast<Xapian::doccount>(order[k])];
    page.push_back(HitOf(item));
    page.back().score = scores[by_score[k]];
    if (similar) page.back().fingerprint = item.get_document().get_value(kFingerprintSlot);
  }
  return page;
}

}  // namespace

std::unique_ptr<Searcher::Reader> Searcher::TakeIdleReader() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.empty()) return nullptr;
  std::unique_ptr<Reader> r = std::move(idle_.back());
  idle_.pop_back();
  return r;
}

Status Searcher::Plan(const SearchRequest& request, const std::string* free_text,
                      const std::vector<std::string>& exclude_ids, QueryPlan* plan) const {
  CASEBOOK_RETURN_IF_ERROR(CheckPaging(request, options_));
  plan->request = request;
  plan->exclude_ids = exclude_ids;
  const bool by_relevance = request.sort == SortOrder::kRelevance;
  if (free_text != nullptr) {
    plan->free_text = *free_text;
    plan->ranked = true;
    plan->more_like_this = request.more_like_this;
    plan->rerank_depth =
        plan->more_like_this && by_relevance ? request.more_like_this_options.rerank_depth : 0;
    return Status::Ok();
  }
  QueryLimits limits = options_.limits;
  // Auto mode reads staff's plain text: a stray ASCII quote there is text.
  limits.unclosed_quote_as_text = request.mode == MatchMode::kAuto;
  auto parsed = ParseQuery(request.query, limits);
  if (!parsed.ok()) return parsed.status();
  plan->parsed = std::move(*parsed);
  plan->ranked = IsRankedQuery(plan->parsed, request.mode, options_.query, *prototype_);
  plan->rerank_depth = plan->ranked && by_relevance ? options_.proximity.depth : 0;
  // Re-scored pages and exclusions are not kept. A page past the hits an
  // entry keeps is answered through it too: it continues the kept hits' order.
  plan->cached = cache_ != nullptr && plan->rerank_depth == 0 && exclude_ids.empty() &&
                 !request.more_like_this;
  return Status::Ok();
}

Status Searcher::Prepare(Reader* reader, const QueryPlan& plan, PreparedQuery* prepared) const {
  const SearchRequest& request = plan.request;
  Xapian::Database& db = *reader->db;
  TermLister lister = [&db](const std::string& prefix, size_t max) {
    std::vector<std::string> terms;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      terms.push_back(*t);
      if (terms.size() > max) break;
    }
    return terms;
  };
  BuiltQuery built;
  std::shared_ptr<const MoreLikeThis> similar;
  if (plan.free_text) {
    const std::string& text = *plan.free_text;
    if (plan.more_like_this) {
      reader->idf_cache.Sync(db);
      similar = std::make_shared<const MoreLikeThis>(
          text, reader->analyzer.get(), db, request.more_like_this_options, &reader->idf_cache);
    }
    built.query =
        similar ? similar->Query() : RankedTextQuery(text, reader->analyzer.get(), options_.query);
    built.ranked = built.has_text = !built.query.empty();
    built.highlight.push_back(reader->analyzer->Normalize(text));
    if (built.query.empty()) built.query = Q::MatchNothing;
  } else {
    QueryBuildOptions o = options_.query;
    o.mode = plan.ranked ? MatchMode::kRanked : MatchMode::kAll;  // As planned.
    auto b = BuildQuery(plan.parsed, reader->analyzer.get(), lister, o);
    if (!b.ok()) return b.status();
    built = std::move(*b);
    prepared->ranked_text = std::move(built.ranked_text);
  }
  Status filter_status;
  Q filters = RequestFilters(request, *reader->analyzer, &filter_status);
  CASEBOOK_RETURN_IF_ERROR(filter_status);
  Q q = built.query;
  if (!filters.empty()) q = Q(Q::OP_FILTER, q, filters);
  for (const std::string& id : plan.exclude_ids) q = Q(Q::OP_AND_NOT, q, Q(IdTerm(id)));
  // Keyword queries name every field; most field terms are absent (pruning
  // keeps matches and weights). Ranked queries are left as built.
  prepared->query = built.ranked ? q : PruneAbsentTerms(q, db);
  prepared->ranked = built.ranked;
  prepared->has_text = built.has_text;
  prepared->highlight = std::move(built.highlight);
  prepared->similar = std::move(similar);
  return Status::Ok();
}

Xapian::MSet MatchQuery(Xapian::Database& db, const Xapian::Query& query,
                        const SearchRequest& request, bool has_text, const SearcherOptions& options,
                        const MatchWindow& window, DocidCollector* matches) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(WeightOf(options));
  ApplySort(request, has_text, &enquire);
  if (matches != nullptr) enquire.add_matchspy(matches);
  return enquire.get_mset(static_cast<Xapian::doccount>(window.first),
                          static_cast<Xapian::doccount>(window.count),
                          static_cast<Xapian::doccount>(window.check_at_least));
}

Status Searcher::Execute(Reader* reader, const QueryPlan& plan, SearchResponse* response,
                         std::vector<std::string>* highlight) const {
  const SearchRequest& request = plan.request;
  Xapian::Database& db = *reader->db;
  db.reopen();
  PreparedQuery prepared;
  CASEBOOK_RETURN_IF_ERROR(Prepare(reader, plan, &prepared));
  // check_at_least = every document: exact totals and facet counts. A query
  // of one term (after pruning) has its exact total in the term's frequency,
  // so without facets its match may stop once the page is certain.
  const std::optional<std::string> single_term =
      request.facets ? std::nullopt : SingleTermOf(prepared.query);
  const bool exact = (request.exact_total || request.facets) && !single_term;
  // A second stage re-scores the best `depth` first-stage hits and pages those.
  const size_t depth = plan.rerank_depth;
  MatchWindow window;
  window.first = depth ? 0 : request.offset;
  window.count = depth ? std::max(depth, request.offset + request.limit) : request.limit;
  window.check_at_least = exact ? db.get_doccount() : request.offset + request.limit;
  DocidCollector matches;
  const Xapian::MSet mset = MatchQuery(db, prepared.query, request, prepared.has_text, options_,
                                       window, request.facets ? &matches : nullptr);
  *response = SearchResponse();
  response->total = single_term ? db.get_termfreq(*single_term) : mset.get_matches_estimated();
  // A writer's commits during the match can leave the reader's revision
  // half overwritten without Xapian noticing; seen as a query that finds
  // nothing (~1 in 75 runs of SearchIndexTest.ConcurrentSearchesWhileIndexing).
  // An empty answer while the index moved on is therefore looked at again
  // (OnReader retries this error on the newer revision; its last attempt's
  // answer stands).
  if (response->total == 0 && !reader->last_attempt && db.reopen()) {
    return Status::IndexMoved("the index moved on while the query found nothing");
  }
  response->ranked = prepared.ranked;
  if (depth) {
    response->hits = RescoredPage(plan, db, prepared, options_, mset);
  } else {
    for (auto it = mset.begin(); it != mset.end(); ++it) response->hits.push_back(HitOf(it));
  }
  if (request.facets) {
    response->facets = FacetTableFor(reader)->Count(matches.docids, request.facet_values);
  }
  *highlight = std::move(prepared.highlight);
  return Status::Ok();
}

Status Searcher::OnReader(const std::function<Status(Reader*)>& fn) const {
  std::unique_ptr<Reader> taken = TakeIdleReader();
  if (!taken) {
    auto fresh = NewReader();
    if (!fresh.ok()) return fresh.status();
    taken = std::move(*fresh);
  }
  Lease reader(this, std::move(taken));
  Status status;
  // A writer that commits twice during a query invalidates the reader's
  // snapshot. Xapian usually says so (DatabaseModifiedError), but a block the
  // writer has already reused can also read as DatabaseCorruptError ("Expected
  // block N to be level 1"). Both are retried, the corrupt case on a freshly
  // opened database; a corruption that a fresh open still sees is reported.
  // Other Xapian errors (a document "not found") are retried too when the
  // index moved on during the query.
  // Each retry reads the newest revision; after the first two, it waits a
  // little (1 ms, 2 ms, ...) so a writer committing in a loop lets one through.
  constexpr int kAttempts = 12;
  bool fresh_open = false;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (attempt >= 2) std::this_thread::sleep_for(std::chrono::milliseconds(attempt - 1));
    status = CatchXapian("searching " + dir_.string(), [&] {
      if (fresh_open || attempt == kAttempts - 1) {
        reader.Reopen(dir_);
      } else if (attempt > 0) {
        reader->db->reopen();
      }
      reader->last_attempt = attempt == kAttempts - 1;
      return fn(reader.get());
    });
    const bool modified = status.code() == Status::Code::kIndexMoved;
    const bool corrupt = status.code() == Status::Code::kCorruption;
    bool moved = false;  // Another error, read while the index moved on?
    if (!status.ok() && !modified && !corrupt) {
      CatchXapian("reopening", [&] {
        moved = reader->db->reopen();
        return Status::Ok();
      });
    }
    if (!modified && !corrupt && !moved) break;
    fresh_open = corrupt;
  }
  return status;
}

Result<SearchResponse> Searcher::Run(const SearchRequest& request, const std::string* free_text,
                                     const std::vector<std::string>& exclude_ids) const {
  QueryPlan plan;
  CASEBOOK_RETURN_IF_ERROR(Plan(request, free_text, exclude_ids, &plan));
  if (plan.cached) return RunCached(plan);
  SearchResponse response;
  Status status = OnReader([&](Reader* reader) {
    std::vector<std::string> highlight;
    CASEBOOK_RETURN_IF_ERROR(Execute(reader, plan, &response, &highlight));
    if (request.snippets) AddSnippets(highlight, *reader->analyzer, &response);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return response;
}

void Searcher::AddSnippets(const std::vector<std::string>& highlight,
                           const ChineseAnalyzer& analyzer, SearchResponse* response) const {
  Highlighter highlighter(highlight, /*whole_texts=*/!response->ranked);
  for (SearchHit& hit : response->hits) {
    std::vector<std::string> texts;
    if (store_ != nullptr) {
      Result<Case> c = store_->Get(hit.id);
      if (c.ok()) {
        texts.push_back(c->body);
        for (const Reply& r : c->replies) texts.push_back(r.text);
      }
    }
    texts.push_back(hit.title);
    size_t best_marks = 0;
    for (const std::string& t : texts) {
      size_t marks = 0;
      std::string snippet = MakeSnippet(t, highlighter, analyzer, options_.snippet, &marks);
      if (hit.snippet.empty() || marks > best_marks) {
        hit.snippet = std::move(snippet);
        best_marks = marks;
      }
    }
  }
}

std::shared_ptr<const FacetTable> Searcher::FacetTableFor(Reader* reader) const {
  const Xapian::Database& db = *reader->db;
  const uint64_t seq = IndexSeqOf(db);
  std::shared_ptr<const FacetTable> newest;
  {
    std::lock_guard<std::mutex> lock(facet_mu_);
    for (const auto& t : facet_tables_) {
      if (t->LevelWith(db, seq)) return t;
    }
    if (!facet_tables_.empty()) newest = facet_tables_.back();
  }
  std::shared_ptr<const FacetTable> table;
  if (newest && store_ != nullptr && newest->uuid() == db.get_uuid() && newest->seq() < seq) {
    // The cases written since the newest table: read those documents again
    // (a deleted case has no document left to read).
    const auto ids = CasesChangedBetween(*store_, newest->seq(), seq, 100000);
    if (ids) {
      std::vector<Xapian::docid> changed;
      for (const std::string& id : ids->ids) {
        Xapian::PostingIterator p = db.postlist_begin(IdTerm(id));
        if (p != db.postlist_end(IdTerm(id))) changed.push_back(*p);
      }
      table = newest->WithDocuments(db, changed, seq);
    }
  }
  if (!table) {
    const ChineseAnalyzer* analyzer = prototype_.get();  // Lives as long as the tables.
    table = FacetTable::Build(
        db, seq, [analyzer](std::string_view unit) { return analyzer->Normalize(unit); });
  }
  std::lock_guard<std::mutex> lock(facet_mu_);
  const bool newer = facet_tables_.empty() || facet_tables_.back()->uuid() != table->uuid() ||
                     facet_tables_.back()->seq() <= table->seq();
  if (newer) {
    facet_tables_.push_back(table);
    if (facet_tables_.size() > 4) facet_tables_.erase(facet_tables_.begin());
  }
  return table;
}

Status Searcher::OnDocument(const std::string& id,
                            const std::function<void(Reader*, uint32_t docid)>& fn) const {
  // A pooled reader, not a database opened per call (opening costs more than
  // reading one termlist; similar cases call this once per hit).
  return OnReader([&](Reader* reader) {
    Xapian::Database& db = *reader->db;
    db.reopen();
    auto post = db.postlist_begin(IdTerm(id));
    if (post == db.postlist_end(IdTerm(id))) {
      return Status::NotFound("case " + id + " is not in the index");
    }
    fn(reader, *post);
    return Status::Ok();
  });
}

Result<std::vector<std::string>> Searcher::DocumentTerms(const std::string& id) const {
  std::vector<std::string> terms;
  Status s = OnDocument(id, [&](Reader* reader, uint32_t doc) {
    terms.assign(reader->db->termlist_begin(doc), reader->db->termlist_end(doc));
  });
  if (!s.ok()) return s;
  return terms;
}

Result<std::vector<std::pair<std::string, uint64_t>>> Searcher::DocumentTermFrequencies(
    const std::string& id, const std::string& prefix,
    const std::function<bool(std::string_view term)>& wanted) const {
  std::vector<std::pair<std::string, uint64_t>> terms;
  Status s = OnDocument(id, [&](Reader* reader, uint32_t doc) {
    terms.clear();
    const auto end = reader->db->termlist_end(doc);
    for (auto t = reader->db->termlist_begin(doc); t.skip_to(prefix), t != end; ++t) {
      const std::string term = *t;
      if (term.compare(0, prefix.size(), prefix) != 0) break;
      if (wanted && !wanted(term)) continue;
      terms.emplace_back(term, t.get_termfreq());
    }
  });
  if (!s.ok()) return s;
  return terms;
}

Result<uint64_t> Searcher::DocumentCount() const {
  uint64_t count = 0;
  Status s = OnReader([&](Reader* reader) {
    reader->db->reopen();
    count = reader->db->get_doccount();
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return count;
}

}  // namespace casebook::search
