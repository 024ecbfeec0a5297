// Every case-shaped file of ../shared/corpus imports with zero rejects.
//
// Skipped, because they are not cases: appeal-exact-duplicate-groups (groups
// of ids), appeal-topic-clusters-silver (cluster labels over copies of
// appeals, no ids), appeal-topic-taxonomy (a topic tree), policy-qa-queries-dev
// (questions), shanghai-npc-suggestion-handling (several handling rows per
// suggestion number, no text), and the .tsv files (qrels, id lists).
#include <gtest/gtest.h>

#include "importer/importer.h"
#include "test_util.h"

namespace casebook::importer {
namespace {

TEST(CorpusImportTest, EveryCaseFileImportsWithZeroRejects) {
  SKIP_WITHOUT_CORPUS();
  const char* kCaseFiles[] = {"appeals-with-replies.jsonl",    "appeals-more-a.jsonl",
                              "appeals-more-b.jsonl",          "shanghai-npc-suggestions.jsonl",
                              "long-government-reports.jsonl", "policy-qa-docs.jsonl"};
  test::ScopedTempDir dir;
  StoreOptions so;
  so.sync = false;  // Durability is not under test here; speed is kept for the suite.
  auto store = CaseStore::Open(dir / "store", so);
  ASSERT_OK(store);
  std::vector<std::filesystem::path> paths;
  size_t lines = 0;
  for (const char* name : kCaseFiles) {
    auto p = test::CorpusFile(name);
    ASSERT_FALSE(p.empty()) << name;
    paths.push_back(p);
    lines += test::ReadLines(p).size();
  }
  ImportOptions o;
  o.rejects_path = dir / "rejects.jsonl";
  Importer importer(store->get(), o);
  auto summary = importer.Run(paths);
  ASSERT_OK(summary);
  EXPECT_EQ(summary->rejected, 0) << summary->first_rejects[0].file << ":"
                                  << summary->first_rejects[0].line << " "
                                  << summary->first_rejects[0].error;
  EXPECT_EQ(summary->read, static_cast<int64_t>(lines));
  EXPECT_EQ(summary->added, static_cast<int64_t>(lines));
  EXPECT_EQ((*store)->CaseCount(), lines);

  // Spot checks of the shape mapping on the first record of the reply file.
  std::string first = test::ReadLines(test::CorpusFile("appeals-with-replies.jsonl"), 1)[0];
  auto raw = nlohmann::json::parse(first);
  auto c = (*store)->Get(raw["id"].get<std::string>());
  ASSERT_OK(c);
  EXPECT_EQ(c->kind, CaseKind::kAppeal);
  ASSERT_EQ(c->replies.size(), 1u);
  EXPECT_EQ(c->replies[0].text, raw["reply"].get<std::string>());
  EXPECT_EQ(c->number, std::to_string(raw["msg_no"].get<int64_t>()));
  EXPECT_EQ(c->received, raw["created"].get<std::string>());
  EXPECT_EQ(c->extra["origin"], raw["source"]);
}

}  // namespace
}  // namespace casebook::importer
