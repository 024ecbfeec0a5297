// FacetTable: the facet values of every indexed document held in memory as
// small integer codes, so that counting a search's facets reads no document
// values: a tight loop over the matching document ids (Count).
//
// A table belongs to one revision of one index (uuid, the store sequence the
// index had applied). It is immutable: WithDocuments makes the next one by
// copying the codes and re-reading the documents that changed. The
// dictionary of values behind the codes is shared by a table and its
// successors and only grows, so a code keeps its meaning.
//
// Thread safety: a table's const methods may run from many threads at once.
#ifndef CASEBOOK_SEARCH_FACET_TABLE_H_
#define CASEBOOK_SEARCH_FACET_TABLE_H_

#include <xapian.h>

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "search/result_cache.h"
#include "search/searcher.h"

namespace casebook::search {

class FacetDictionary;

// The key two spellings of one unit share ("區交通委" and "区交通委"): the
// analyzer's normalisation, by which the `unit:` filter matches. Must be
// thread-safe and outlive the tables.
using UnitKey = std::function<std::string(std::string_view)>;

class FacetTable {
 public:
  // Reads every document's facet values from `db` (one pass over each value
  // stream). `seq` is the store sequence `db` reflects. Units count by
  // `unit_key` (a case once per unit, however often or however spelled it
  // names it) and show the first spelling the table met. May throw Xapian
  // errors.
  static std::shared_ptr<const FacetTable> Build(const Xapian::Database& db, uint64_t seq,
                                                 UnitKey unit_key);
  // This table with the documents `docids` read again from `db` (at `seq`;
  // documents no longer there keep their codes, which no search can match).
  // May throw Xapian errors.
  std::shared_ptr<const FacetTable> WithDocuments(const Xapian::Database& db,
                                                  const std::vector<Xapian::docid>& docids,
                                                  uint64_t seq) const;

  const std::string& uuid() const { return uuid_; }
  uint64_t seq() const { return seq_; }
  // Whether the table reflects `db`'s revision: same index, same sequence,
  // same last document id.
  bool LevelWith(const Xapian::Database& db, uint64_t seq) const {
    return seq == seq_ && db.get_lastdocid() == last_docid_ && db.get_uuid() == uuid_;
  }

  // The facet counts of the documents `docids` (each listed once), every
  // facet cut to its `keep` most frequent values; ties in value order.
  std::map<std::string, std::vector<FacetCount>> Count(const std::vector<Xapian::docid>& docids,
                                                       size_t keep) const;

 private:
  // A document's codes: one per single-valued facet, and its units as the
  // code of their combination (at kUnitFacet).
  using Codes = std::array<uint32_t, kFacetNames.size()>;
  FacetTable() = default;
  // Sets the codes of `doc` from its values in `db`.
  void Read(const Xapian::Database& db, Xapian::docid doc);

  std::string uuid_;
  uint64_t seq_ = 0;
  Xapian::docid last_docid_ = 0;
  std::shared_ptr<FacetDictionary> dictionary_;
  std::vector<Codes> codes_;  // By docid; code 0 = no value.
};

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_FACET_TABLE_H_
