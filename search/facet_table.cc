#include "search/facet_table.h"

#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "search/index_schema.h"
#include "search/searcher_internal.h"

namespace casebook::search {

// The values behind a table's codes; shared by a table and its successors.
// Thread-safe; codes never change meaning.
class FacetDictionary {
 public:
  explicit FacetDictionary(UnitKey unit_key) : unit_key_(std::move(unit_key)) {
    for (size_t f = 0; f < kFacetNames.size(); ++f) {
      names_[f].push_back("");
      index_[f].emplace("", 0);
    }
    unit_sets_.emplace_back();
    unit_set_index_.emplace("", 0);
  }

  // The code of a value as a slot holds it ("" -> 0).
  uint32_t CodeOf(size_t facet, const std::string& stored) {
    if (stored.empty()) return 0;
    std::lock_guard<std::mutex> lock(mu_);
    return facet == kUnitFacet ? UnitSetLocked(stored)
                               : NameLocked(facet, facet == kYearFacet ? YearText(stored) : stored);
  }

  // Counts by value: `counts[f][code]` for single-valued facets and the
  // units' combinations, cut to `keep` values each (most first, ties in
  // value order).
  std::map<std::string, std::vector<FacetCount>> Name(
      const std::array<std::vector<uint64_t>, kFacetNames.size()>& counts, size_t keep) {
    std::map<std::string, std::vector<FacetCount>> out;
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<uint64_t> units(names_[kUnitFacet].size(), 0);
    for (size_t set = 1; set < counts[kUnitFacet].size(); ++set) {
      if (counts[kUnitFacet][set] == 0) continue;
      for (uint32_t unit : unit_sets_[set]) units[unit] += counts[kUnitFacet][set];
    }
    for (size_t f = 0; f < kFacetNames.size(); ++f) {
      const std::vector<uint64_t>& by_code = f == kUnitFacet ? units : counts[f];
      std::vector<FacetCount> values;
      for (size_t code = 1; code < by_code.size(); ++code) {
        if (by_code[code] > 0) values.push_back({names_[f][code], by_code[code]});
      }
      std::sort(values.begin(), values.end(), [](const FacetCount& a, const FacetCount& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
      });
      if (values.size() > keep) values.resize(keep);
      out[kFacetNames[f]] = std::move(values);
    }
    return out;
  }

  // Codes handed out so far, per facet (units: their combinations).
  std::array<size_t, kFacetNames.size()> Sizes() {
    std::lock_guard<std::mutex> lock(mu_);
    std::array<size_t, kFacetNames.size()> sizes;
    for (size_t f = 0; f < sizes.size(); ++f) {
      sizes[f] = f == kUnitFacet ? unit_sets_.size() : names_[f].size();
    }
    return sizes;
  }

 private:
  uint32_t NameLocked(size_t facet, const std::string& name) {
    auto [it, added] = index_[facet].emplace(name, static_cast<uint32_t>(names_[facet].size()));
    if (added) names_[facet].push_back(name);
    return it->second;
  }
  uint32_t UnitSetLocked(const std::string& joined) {
    auto found = unit_set_index_.find(joined);
    if (found != unit_set_index_.end()) return found->second;
    std::vector<uint32_t> units;
    ForEachUnitName(joined, [&](std::string_view unit) {
      const std::string key = unit_key_(unit);
      auto [it, added] = unit_by_key_.emplace(key, 0);
      if (added) it->second = NameLocked(kUnitFacet, std::string(unit));
      if (std::find(units.begin(), units.end(), it->second) == units.end()) {
        units.push_back(it->second);
      }
    });
    const auto code = static_cast<uint32_t>(unit_sets_.size());
    unit_sets_.push_back(std::move(units));
    unit_set_index_.emplace(joined, code);
    return code;
  }

  std::mutex mu_;
  std::array<std::vector<std::string>, kFacetNames.size()> names_;  // Units: unit names.
  std::array<std::unordered_map<std::string, uint32_t>, kFacetNames.size()> index_;
  std::vector<std::vector<uint32_t>> unit_sets_;  // A combination's unit codes, each once.
  std::unordered_map<std::string, uint32_t> unit_set_index_;
  UnitKey unit_key_;
  std::unordered_map<std::string, uint32_t> unit_by_key_;  // A unit's code by its key.
};

std::shared_ptr<const FacetTable> FacetTable::Build(const Xapian::Database& db, uint64_t seq,
                                                    UnitKey unit_key) {
  std::shared_ptr<FacetTable> table(new FacetTable());
  table->uuid_ = db.get_uuid();
  table->seq_ = seq;
  table->last_docid_ = db.get_lastdocid();
  table->dictionary_ = std::make_shared<FacetDictionary>(std::move(unit_key));
  table->codes_.assign(static_cast<size_t>(db.get_lastdocid()) + 1, Codes{});
  for (size_t f = 0; f < kFacetNames.size(); ++f) {
    std::unordered_map<std::string, uint32_t> seen;  // Spares the dictionary's lock.
    const Xapian::valueno slot = kFacetSlots[f];
    for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
      const std::string value = *it;
      auto [known, added] = seen.emplace(value, 0);
      if (added) known->second = table->dictionary_->CodeOf(f, value);
      const Xapian::docid doc = it.get_docid();
      if (doc < table->codes_.size()) table->codes_[doc][f] = known->second;
    }
  }
  return table;
}

void FacetTable::Read(const Xapian::Database& db, Xapian::docid doc) {
  if (doc >= codes_.size()) codes_.resize(doc + 1, Codes{});
  Codes codes{};
  try {
    const Xapian::Document d = db.get_document(doc);
    for (size_t f = 0; f < kFacetNames.size(); ++f) {
      codes[f] = dictionary_->CodeOf(f, d.get_value(kFacetSlots[f]));
    }
  } catch (const Xapian::DocNotFoundError&) {
    // Deleted: no search matches it.
  }
  codes_[doc] = codes;
}

std::shared_ptr<const FacetTable> FacetTable::WithDocuments(
    const Xapian::Database& db, const std::vector<Xapian::docid>& docids, uint64_t seq) const {
  std::shared_ptr<FacetTable> next(new FacetTable());
  next->uuid_ = uuid_;
  next->seq_ = seq;
  next->last_docid_ = db.get_lastdocid();
  next->dictionary_ = dictionary_;
  next->codes_ = codes_;
  next->codes_.resize(std::max(codes_.size(), static_cast<size_t>(db.get_lastdocid()) + 1));
  for (Xapian::docid doc : docids) next->Read(db, doc);
  return next;
}

std::map<std::string, std::vector<FacetCount>> FacetTable::Count(
    const std::vector<Xapian::docid>& docids, size_t keep) const {
  const std::array<size_t, kFacetNames.size()> sizes = dictionary_->Sizes();
  std::array<std::vector<uint64_t>, kFacetNames.size()> counts;
  for (size_t f = 0; f < counts.size(); ++f) counts[f].assign(sizes[f], 0);
  for (Xapian::docid doc : docids) {
    if (doc >= codes_.size()) continue;
    const Codes& c = codes_[doc];
    for (size_t f = 0; f < c.size(); ++f) ++counts[f][c[f]];
  }
  return dictionary_->Name(counts, keep);
}

}  // namespace casebook::search
