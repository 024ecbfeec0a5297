#include "search/query_pruning.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "test_util.h"

namespace casebook::search {
namespace {

using Q = Xapian::Query;

// A small index of documents written for this test: body terms without
// prefix, reply terms under "XR", a filter term under "XKIND".
class QueryPruningTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Xapian::WritableDatabase db((dir_ / "db").string(), Xapian::DB_CREATE);
    const std::vector<std::vector<std::string>> docs = {
        {"垃圾", "圾分", "分类", "XR垃圾", "XKINDappeal"},
        {"垃圾", "圾桶", "XKINDappeal"},
        {"交通", "通委", "XR交通", "XR通委"},
        {"分类", "类回", "回收", "XKINDproposal"},
    };
    for (const auto& terms : docs) {
      Xapian::Document doc;
      Xapian::termpos pos = 1;
      for (const std::string& t : terms) doc.add_posting(t, pos++);
      db.add_document(doc);
    }
    db.commit();
    db_ = Xapian::Database((dir_ / "db").string());
  }

  // (docid, weight) of every match, best first.
  std::vector<std::pair<Xapian::docid, double>> Matches(const Q& q) {
    Xapian::Enquire enquire(db_);
    enquire.set_query(q);
    std::vector<std::pair<Xapian::docid, double>> out;
    Xapian::MSet mset = enquire.get_mset(0, 100);
    for (auto it = mset.begin(); it != mset.end(); ++it) out.emplace_back(*it, it.get_weight());
    return out;
  }

  test::ScopedTempDir dir_;
  Xapian::Database db_;
};

Q Phrase(const std::vector<std::string>& terms) {
  return Q(Q::OP_PHRASE, terms.begin(), terms.end(), static_cast<Xapian::termcount>(terms.size()));
}

Q Or(const std::vector<Q>& parts) { return Q(Q::OP_OR, parts.begin(), parts.end()); }

TEST_F(QueryPruningTest, DropsAbsentFieldTermsFromAnOr) {
  const Q q = Or({Q("垃圾"), Q("XR垃圾"), Q("A垃圾"), Q("XU垃圾")});
  const Q pruned = PruneAbsentTerms(q, db_);
  EXPECT_EQ(pruned.get_description(), Or({Q("垃圾"), Q("XR垃圾")}).get_description());
  EXPECT_EQ(Matches(pruned), Matches(q));
}

TEST_F(QueryPruningTest, OneTermLeftIsThatTerm) {
  const Q pruned = PruneAbsentTerms(Or({Q("分类"), Q("XR分类"), Q("K分类")}), db_);
  EXPECT_EQ(SingleTermOf(pruned), std::optional<std::string>("分类"));
  EXPECT_EQ(db_.get_termfreq(*SingleTermOf(pruned)), 2u);
}

TEST_F(QueryPruningTest, ConjunctionsWithAnAbsentPartMatchNothing) {
  for (const Q& q :
       {Q(Q::OP_AND, Q("垃圾"), Q("地铁")), Phrase({"垃圾", "圾站"}),
        Q(Q::OP_FILTER, Q("垃圾"), Q("XKINDsuggestion")), Q(Q::OP_SCALE_WEIGHT, Q("地铁"), 2.0),
        Q(Q::OP_AND_NOT, Q("地铁"), Q("垃圾"))}) {
    const Q pruned = PruneAbsentTerms(q, db_);
    EXPECT_TRUE(pruned.empty()) << q.get_description() << " -> " << pruned.get_description();
    EXPECT_TRUE(Matches(q).empty()) << q.get_description();
  }
}

TEST_F(QueryPruningTest, KeepsWhatCanMatchWithItsWeights) {
  const std::vector<Q> queries = {
      Or({Phrase({"垃圾", "圾分"}), Phrase({"XR垃圾", "XR圾分"}), Phrase({"A垃圾", "A圾分"})}),
      Q(Q::OP_AND, Or({Q("分类"), Q("XR分类")}), Or({Q("回收"), Q("K回收")})),
      Q(Q::OP_AND_NOT, Q("垃圾"), Or({Q("圾桶"), Q("XU圾桶")})),
      Q(Q::OP_AND_NOT, Q("垃圾"), Q("地铁")),
      Q(Q::OP_AND_MAYBE, Q("分类"), Q("XR分类")),
      Q(Q::OP_FILTER, Or({Q("垃圾"), Q("XN垃圾")}), Q("XKINDappeal")),
      Q(Q::OP_SCALE_WEIGHT, Or({Q("交通"), Q("A交通")}), 0.5),
      Q(Q::OP_SYNONYM, Q("通委"), Q("XR通委")),
      Q(std::string()),  // Every document.
  };
  for (const Q& q : queries) {
    const Q pruned = PruneAbsentTerms(q, db_);
    EXPECT_FALSE(pruned.empty()) << q.get_description();
    EXPECT_EQ(Matches(pruned), Matches(q)) << q.get_description();
  }
}

TEST(SingleTermOfTest, OnlyANonEmptyTermAlone) {
  EXPECT_EQ(SingleTermOf(Q("垃圾")), std::optional<std::string>("垃圾"));
  EXPECT_EQ(SingleTermOf(Q(std::string())), std::nullopt);
  EXPECT_EQ(SingleTermOf(Q()), std::nullopt);
  EXPECT_EQ(SingleTermOf(Q(Q::OP_OR, Q("垃圾"), Q("分类"))), std::nullopt);
  EXPECT_EQ(SingleTermOf(Q(Q::OP_SCALE_WEIGHT, Q("垃圾"), 2.0)), std::nullopt);
}

}  // namespace
}  // namespace casebook::search
