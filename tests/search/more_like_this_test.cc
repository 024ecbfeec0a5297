// The more-like-this helpers that need no corpus: place codes, the reader's
// idf cache, and the fingerprint the index keeps for near-duplicates.
#include "search/more_like_this.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <cmath>

#include "search/case_document.h"
#include "search/chinese_analyzer.h"
#include "search/chinese_terms.h"
#include "search/index_schema.h"
#include "search/near_duplicate.h"
#include "test_util.h"

namespace casebook::search {
namespace {

TEST(MoreLikeThisPlaceCodesTest, FindsLetterDigitsAndPlaceKind) {
  const std::vector<std::string> codes =
      PlaceCodes("请a7县和b12区处理；a市不算，ab3区不算，x1234市不算，c5州与a7县");
  EXPECT_EQ(codes, (std::vector<std::string>{"a7县", "b12区", "c5州", "a7县"}));
  EXPECT_TRUE(PlaceCodes("没有地名代码的句子").empty());
  EXPECT_TRUE(PlaceCodes("a7").empty());
}

TEST(MoreLikeThisPlaceCodesTest, IndexedAsWordsAfterNormalisation) {
  auto analyzer = ChineseAnalyzer::Create();
  ASSERT_OK(analyzer);
  Case c = test::SampleCase("place-1");
  c.body = "Ｂ１２区某小区门口的路灯坏了。";  // Full-width letter and digits.
  Xapian::Document doc = BuildCaseDocument(c, analyzer->get());
  bool found = false;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    found = found || *t == std::string(kWordPrefix) + "b12区";
  }
  EXPECT_TRUE(found);
}

TEST(MoreLikeThisIdfCacheTest, KeepsIdfsUntilTheDatabaseChanges) {
  test::ScopedTempDir dir;
  Xapian::WritableDatabase writer(dir.path().string(), Xapian::DB_CREATE_OR_OPEN);
  for (int i = 0; i < 4; ++i) {
    Xapian::Document d;
    d.add_term("常见");
    if (i == 0) d.add_term("罕见");
    writer.add_document(d);
  }
  writer.commit();
  Xapian::Database db(dir.path().string());
  TermIdfCache cache;
  cache.Sync(db);
  EXPECT_DOUBLE_EQ(cache.Idf(db, "罕见"), std::log(1.0 + 4.0 / 1));
  EXPECT_DOUBLE_EQ(cache.Idf(db, "常见"), std::log(1.0 + 4.0 / 4));
  EXPECT_DOUBLE_EQ(cache.Idf(db, "没有"), 0.0);

  Xapian::Document d;
  d.add_term("罕见");
  writer.add_document(d);
  writer.commit();
  db.reopen();
  cache.Sync(db);  // A new revision: the idfs are looked up again.
  EXPECT_DOUBLE_EQ(cache.Idf(db, "罕见"), std::log(1.0 + 5.0 / 2));

  TermIdfCache tiny(/*max_terms=*/1);
  tiny.Sync(db);
  EXPECT_DOUBLE_EQ(tiny.Idf(db, "罕见"), std::log(1.0 + 5.0 / 2));
  EXPECT_DOUBLE_EQ(tiny.Idf(db, "常见"), std::log(1.0 + 5.0 / 4));  // Evicts, stays right.
}

TEST(MoreLikeThisFingerprintSlotTest, IndexKeepsTheBodyFingerprint) {
  auto analyzer = ChineseAnalyzer::Create();
  ASSERT_OK(analyzer);
  Case c = test::SampleCase("print-1");
  c.body = "楼道里的声控灯坏了三个月，物业一直没有修。夜里上下楼很不方便。";
  Xapian::Document doc = BuildCaseDocument(c, analyzer->get());
  auto stored = Fingerprint::Parse(doc.get_value(kFingerprintSlot));
  ASSERT_TRUE(stored.has_value());
  const Fingerprint computed = FingerprintOf((*analyzer)->Normalize(c.body));
  EXPECT_EQ(stored->shingles, computed.shingles);
  EXPECT_EQ(stored->mins, computed.mins);
  EXPECT_DOUBLE_EQ(Similarity(*stored, computed), 1.0);
}

}  // namespace
}  // namespace casebook::search
