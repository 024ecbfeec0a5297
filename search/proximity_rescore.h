// Second stage of ranked (sentence / question) search: the best BM25 matches
// are scored again by how closely they hold the query's bigrams together.
//
// A question is usually answered by one passage of one document. BM25 over the
// OR of the question's bigrams counts them anywhere in the document; this
// stage adds, for each candidate, the idf share of the question's distinct
// terms found inside the best window of `window` adjacent positions (one
// passage), and the idf share found anywhere (coverage). Measured on
// bench/search_quality (docs/search.md): MRR@10 +0.01, also under 2-fold
// cross-validation. The particulars the question names (query_particulars.h:
// its places and figures) add the share of them a candidate holds verbatim:
// +0.004 held out (docs/benchmarks.md).
#ifndef CASEBOOK_SEARCH_PROXIMITY_RESCORE_H_
#define CASEBOOK_SEARCH_PROXIMITY_RESCORE_H_

#include <xapian.h>

#include <string_view>
#include <vector>

namespace casebook::search {

// Tuning of the second stage (defaults fitted on bench/search_quality, see
// docs/search.md for the cross-validated figures).
struct ProximityRescoreOptions {
  size_t depth = 30;             // Ranked matches re-scored; 0 = off (BM25 order).
  Xapian::termpos window = 19;   // Positions in a passage window (19 bigrams = 20 characters).
  double window_weight = 0.5;    // Weight of the best window's idf share.
  double coverage_weight = 0.2;  // Weight of the idf share found anywhere in the document.
  // Weight of the share of the query's quoted strings (《…》 “…” 「…」 『…』:
  // the title of a notice, a named campaign or term) that the document's main
  // text holds verbatim. 0 = off.
  double quote_weight = 0.2;
  // Weight of the idf share of the query's main-text terms found in the
  // title. 0 = off.
  double title_weight = 0;
  // Weight of the idf share of the longest stretch of the query (adjacent
  // units) that the main text holds verbatim. 0 = off.
  double run_weight = 0;
  // Weight of log2(document length / average length); negative favours
  // short documents. 0 = off.
  double length_weight = 0;
  // Weight of the share of the query's place names (PlaceNames of
  // query_particulars.h) the main text holds verbatim. 0 = off.
  double place_weight = 0.15;
  // Weight of the share of the query's figures (Figures of
  // query_particulars.h: "2020年", "3项") the main text holds verbatim. 0 = off.
  double figure_weight = 0.15;
  // Longest candidate, by Xapian's document length (every posting of every
  // field: title, main text, words — well above its number of characters),
  // whose term list a figure's unit may be looked up in when its run-end
  // term and the query's bigram miss (30 candidates of 20,000 units cost
  // 10.7 ms unbounded). Longer candidates are judged by those two terms.
  Xapian::termcount walk_max_length = 5000;
};

// What the second stage measures of one candidate.
struct PassageFeatures {
  double first_stage = 0;  // First-stage weight / the best candidate's weight.
  double window = 0;       // Idf share of the query's terms in the best passage window.
  double coverage = 0;     // Idf share of the query's terms anywhere in the main text.
  double quote = 0;        // Share of the query's quoted strings held verbatim.
  double title = 0;        // Idf share of the query's terms in the title.
  double run = 0;          // Idf share of the longest stretch of the query held verbatim.
  double length = 0;       // log2(document length / the index's average length).
  double place = 0;        // Share of the query's place names held verbatim.
  double figure = 0;       // Share of the query's figures held verbatim.
};

// The quoted strings of analyzer-normalised `normalized` (between 《》, “”,
// 「」 or 『』; nesting is not followed, an unclosed quote is ignored), without
// the marks, in order. Pure; thread-safe.
std::vector<std::string_view> QuotedStrings(std::string_view normalized);

// The features of candidates `docs` of `db` whose first-stage weights are
// `weights` (same order), for ranked query text `normalized` (as for
// ProximityRescore); `options.window` sets the passage. Empty when the query
// has no indexed main-text term or no candidate has a positive weight. Reads
// the positions of every query term in every candidate (and in its title when
// options.title_weight != 0, in quoted strings when options.quote_weight !=
// 0, of places and figures when their weights are not 0; a figure's unit
// after digits that neither its run-end term nor the query's own bigram
// finds costs one walk of the candidate's term list, shared by all the
// query's figures, in candidates no longer than options.walk_max_length).
// Not thread-safe for one `db`; may throw Xapian::Error.
std::vector<PassageFeatures> MeasureCandidates(const Xapian::Database& db,
                                               std::string_view normalized,
                                               const std::vector<Xapian::docid>& docs,
                                               const std::vector<double>& weights,
                                               const ProximityRescoreOptions& options);

// The second-stage score of one candidate: first_stage + the options' weights
// times the features. Pure.
double RescoreOf(const PassageFeatures& f, const ProximityRescoreOptions& options);

// The part of RescoreOf that the question's places and figures give: among
// near-copies, the copy with more of it is listed first. Pure.
double ParticularsOf(const PassageFeatures& f, const ProximityRescoreOptions& options);

// New scores of candidates `docs` of `db` whose BM25 weights are `weights`
// (same order), for ranked query text `normalized` (analyzer-normalised, with
// the question words already cut out, as RankedTextQuery uses it):
// weights[i] / max weight + window_weight · best window share +
// coverage_weight · coverage, over the main-text (title + body) unit terms,
// + quote_weight · the share of QuotedStrings(normalized) found verbatim
// (+ the other weights of the options times their features: RescoreOf).
// The weights unchanged when MeasureCandidates finds nothing to measure.
// When `particulars` is not null it gets each candidate's ParticularsOf (the
// near-copy order's precedence), or is left empty when nothing was measured.
// Reads the positions of every query term in every candidate. Not
// thread-safe for one `db` (use on the reader's thread); may throw
// Xapian::Error (the caller converts it).
std::vector<double> ProximityRescore(const Xapian::Database& db, std::string_view normalized,
                                     const std::vector<Xapian::docid>& docs,
                                     const std::vector<double>& weights,
                                     const ProximityRescoreOptions& options,
                                     std::vector<double>* particulars = nullptr);

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_PROXIMITY_RESCORE_H_
