// Whether a candidate document holds a piece of the query verbatim, read from
// its positional postings (chinese_terms.h: one main-text term per unit, at
// its own position): the quoted strings and the particulars (places, figures)
// of a ranked question, for the second stage (proximity_rescore.h).
#ifndef CASEBOOK_SEARCH_VERBATIM_MATCH_H_
#define CASEBOOK_SEARCH_VERBATIM_MATCH_H_

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace casebook::search {

// The main-text terms of analyzer-normalised `quote` at adjacent positions
// when a document holds it (its units' terms, SubstringQuery's phrase without
// the loose tail). Pure.
std::vector<std::string> PhraseTerms(std::string_view quote);

// Whether document `doc` holds `terms` at adjacent positions (false for none).
// May throw Xapian::Error.
bool HoldsPhrase(const Xapian::Database& db, Xapian::docid doc,
                 const std::vector<std::string>& terms);

// The shares of a question's places and of its figures a document holds.
struct ParticularShares {
  double places = 0;   // 0 when the question names none.
  double figures = 0;  // 0 when the question names none.
};

// A question's places and figures (query_particulars.h) prepared for matching
// in candidates. A CJK pair's bigram covers both characters; a lone CJK
// character after a word ("年" of "2020年", "县" of "a7县") is held by any term
// that starts with it: its run-end term ("年$") and the bigram it forms in the
// question ("项措" of "3项措施") are read first, and only when both miss is
// the candidate's term list walked — once for all the question's lone
// characters, and only in candidates whose Xapian document length (every
// posting of every field) is at most `walk_max_length` (longer ones are
// judged by those two terms alone).
class ParticularMatcher {
 public:
  // `normalized`: the analyzer-normalised question; `places`, `figures`:
  // its PlaceNames and Figures (either may be empty: not measured).
  ParticularMatcher(std::string_view normalized, const std::vector<std::string>& places,
                    const std::vector<std::string>& figures, Xapian::termcount walk_max_length);
  ~ParticularMatcher();

  // The shares of the places and of the figures document `doc` holds. Not
  // thread-safe for one `db`; may throw Xapian::Error.
  ParticularShares Held(const Xapian::Database& db, Xapian::docid doc) const;

  struct Particular;  // One place or figure as the terms that hold it.

 private:
  std::vector<Particular> places_;
  std::vector<Particular> figures_;
  std::vector<std::string> lone_characters_;  // Sorted, distinct.
  Xapian::termcount walk_max_length_;
};

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_VERBATIM_MATCH_H_
