// The facet counts a search answers come from the in-memory facet table
// (facet_table.h); they must equal counts made the slow way — reading each
// matching document's values from the index — for every query, through
// added, changed and deleted cases, cached or not.
#include "search/facet_table.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <random>
#include <set>

#include "search/case_document.h"
#include "search/index_schema.h"
#include "search/search_index.h"
#include "search/searcher.h"
#include "store/case_store.h"
#include "test_util.h"

namespace casebook::search {
namespace {

const char* const kWords[] = {"垃圾分类", "加装电梯", "停车难",   "老旧小区", "公交线路",
                              "河道整治", "养老服务", "社区医院", "噪音扰民", "路灯维修"};
// Two spellings of one unit among them: counted as one.
const char* const kUnits[] = {"市交通委", "区民政局", "区卫生健康委", "區教育局", "区教育局"};

Case RandomCase(int n, std::mt19937* rng) {
  Case c;
  c.id = "2024-F-" + std::to_string(n);
  const CaseKind kinds[] = {CaseKind::kDeputySuggestion, CaseKind::kCppccProposal,
                            CaseKind::kAppeal};
  c.kind = kinds[(*rng)() % 3];
  c.year = 2018 + static_cast<int>((*rng)() % 7);
  c.received = std::to_string(c.year) + "-03-0" + std::to_string(1 + n % 9);
  c.title = std::string("关于") + kWords[(*rng)() % 10] + "的建议";
  for (int k = 0; k < 3; ++k) c.body += std::string(kWords[(*rng)() % 10]) + "问题需要解决。";
  if ((*rng)() % 5) c.units.lead = {kUnits[(*rng)() % 5]};
  if ((*rng)() % 3 == 0) c.units.co = {kUnits[(*rng)() % 5], kUnits[(*rng)() % 5]};
  const CaseResult results[] = {CaseResult::kSolved, CaseResult::kSolving, CaseResult::kPlanned,
                                CaseResult::kReference, CaseResult::kUnset};
  c.result = results[(*rng)() % 5];
  c.role = (*rng)() % 2 ? Role::kLead : Role::kCo;
  c.status = (*rng)() % 2 ? CaseStatus::kClosed : CaseStatus::kReplied;
  return c;
}

using Facets = std::map<std::string, std::map<std::string, uint64_t>>;

// Facet counts of the cases `ids`, read value by value from the documents;
// units by their normalised spelling, a case once per unit.
Facets CountByReading(const std::filesystem::path& index, const std::vector<std::string>& ids,
                      const ChineseAnalyzer& analyzer) {
  Xapian::Database db(index.string());
  Facets out;
  for (const char* name : kFacetNames) out[name];
  for (const std::string& id : ids) {
    Xapian::PostingIterator p = db.postlist_begin(IdTerm(id));
    EXPECT_NE(p, db.postlist_end(IdTerm(id))) << id;
    const Xapian::Document doc = db.get_document(*p);
    for (size_t f = 0; f < kFacetNames.size(); ++f) {
      const std::string value = doc.get_value(kFacetSlots[f]);
      if (f == kUnitFacet) {
        std::set<std::string> units;
        ForEachUnitName(value, [&](std::string_view u) { units.insert(analyzer.Normalize(u)); });
        for (const std::string& u : units) ++out["unit"][u];
      } else if (!value.empty()) {
        ++out[kFacetNames[f]][f == kYearFacet ? std::to_string(static_cast<int>(
                                                    Xapian::sortable_unserialise(value)))
                                              : value];
      }
    }
  }
  return out;
}

// Units by their normalised spelling, each listed once.
Facets AsMaps(const std::map<std::string, std::vector<FacetCount>>& facets,
              const ChineseAnalyzer& analyzer) {
  Facets out;
  for (const auto& [name, values] : facets) {
    out[name];  // Present even when no match has a value.
    for (const FacetCount& v : values) {
      const std::string value = name == "unit" ? analyzer.Normalize(v.value) : v.value;
      EXPECT_EQ(out[name].count(value), 0u) << name << " lists " << value << " twice";
      out[name][value] = v.count;
    }
  }
  return out;
}

TEST(FacetTableTest, CountsEqualValuesReadFromTheDocumentsThroughChanges) {
  auto analyzer = ChineseAnalyzer::Create();
  ASSERT_OK(analyzer);
  test::ScopedTempDir dir;
  auto store = CaseStore::Open(dir / "store");
  ASSERT_OK(store);
  auto index = SearchIndex::Open(dir / "index");
  ASSERT_OK(index);
  std::mt19937 rng(5);
  int next = 0;
  std::vector<Case> cases;
  for (; next < 300; ++next) cases.push_back(RandomCase(next, &rng));
  ASSERT_OK((*store)->PutBatch(cases));
  ASSERT_OK((*index)->CatchUp(**store));
  SearcherOptions cached_options;
  cached_options.result_cache.max_entries = 64;
  cached_options.result_cache.top_hits = 1000;
  auto cached = Searcher::Open(dir / "index", store->get(), cached_options);
  auto plain = Searcher::Open(dir / "index", store->get());
  ASSERT_OK(cached);
  ASSERT_OK(plain);
  std::vector<std::string> queries = {"", "unit:市交通委", "問題", "电梯 -河道"};
  for (const char* w : kWords) queries.push_back(w);
  for (int round = 0; round < 6; ++round) {
    for (const std::string& q : queries) {
      for (const Searcher* s : {cached->get(), plain->get()}) {
        SearchRequest r;
        r.query = q;
        r.limit = 1000;
        r.facet_values = 1000;
        r.snippets = false;
        if (round % 2) r.filters = {{"result", "solved"}};
        Result<SearchResponse> answer = s->Search(r);
        ASSERT_OK(answer);
        std::vector<std::string> ids;
        for (const SearchHit& h : answer->hits) ids.push_back(h.id);
        ASSERT_EQ(ids.size(), answer->total) << q;
        EXPECT_EQ(AsMaps(answer->facets, **analyzer),
                  CountByReading(dir / "index", ids, **analyzer))
            << "query '" << q << "' round " << round << (s == cached->get() ? " cached" : "");
      }
    }
    // Adds, changes (units and results move) and deletes, then indexes.
    std::vector<Case> puts;
    for (int k = 0; k < 20; ++k) puts.push_back(RandomCase(next++, &rng));
    for (int k = 0; k < 30; ++k) puts.push_back(RandomCase(static_cast<int>(rng() % next), &rng));
    ASSERT_OK((*store)->PutBatch(puts));
    for (int k = 0; k < 5; ++k) (void)(*store)->Delete("2024-F-" + std::to_string(rng() % next));
    ASSERT_OK((*index)->CatchUp(**store));
  }
}

// A unit facet's count is what filtering by that value finds, whichever
// spelling the facet shows: the filter matches every spelling.
TEST(FacetTableTest, AUnitSpelledTwoWaysIsOneValueCountedOncePerCase) {
  test::ScopedTempDir dir;
  auto store = CaseStore::Open(dir / "store");
  ASSERT_OK(store);
  auto index = SearchIndex::Open(dir / "index");
  ASSERT_OK(index);
  std::vector<Case> cases;
  const std::vector<std::vector<std::string>> units = {
      {"區交通委"}, {"区交通委"}, {"区交通委", "區交通委"}, {"Ａ市水務局"}, {"a市水务局"}};
  std::mt19937 rng(1);
  for (size_t n = 0; n < units.size(); ++n) {
    Case c = RandomCase(static_cast<int>(n), &rng);
    c.units = {};
    c.units.lead = {units[n][0]};
    c.units.co.assign(units[n].begin() + 1, units[n].end());
    cases.push_back(c);
  }
  ASSERT_OK((*store)->PutBatch(cases));
  ASSERT_OK((*index)->CatchUp(**store));
  auto searcher = Searcher::Open(dir / "index", store->get());
  ASSERT_OK(searcher);
  SearchRequest r;
  Result<SearchResponse> all = (*searcher)->Search(r);
  ASSERT_OK(all);
  ASSERT_EQ(all->facets.at("unit").size(), 2u);
  for (const FacetCount& unit : all->facets.at("unit")) {
    SearchRequest filtered;
    filtered.filters = {{"unit", unit.value}};
    Result<SearchResponse> found = (*searcher)->Search(filtered);
    ASSERT_OK(found);
    EXPECT_EQ(found->total, unit.count) << unit.value;
  }
  EXPECT_EQ(all->facets.at("unit")[0].count, 3u);  // 区交通委: three cases, one of them twice.
  EXPECT_EQ(all->facets.at("unit")[1].count, 2u);
}

}  // namespace
}  // namespace casebook::search
