// The queue and the statistics read from the review keys the store keeps
// must equal the same answers computed from every case (the reference), on
// any as-of day, with any filter, after updates and deletes, and after the
// store was written by a process that did not keep the keys.
#include "api/review/review_index.h"

#include <gtest/gtest.h>

#include <random>

#include "api/review/case_stats.h"
#include "api/review/review_queue.h"
#include "api/review_store_options.h"
#include "test_util.h"

namespace casebook::review {
namespace {

std::string Date(std::mt19937& rng, int year) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, 1 + int(rng() % 12), 1 + int(rng() % 28));
  return buf;
}

template <typename T>
const T& Pick(std::mt19937& rng, const std::vector<T>& v) {
  return v[rng() % v.size()];
}

// A case of 2019-2022 with random process entries (dates in and out of order,
// so some break rules: imports keep them as they are).
Case RandomCase(std::mt19937& rng, int n) {
  Case c;
  c.id = "R-" + std::to_string(n);
  c.year = 2019 + int(rng() % 4);
  c.kind = Pick(rng, std::vector<CaseKind>{CaseKind::kDeputySuggestion, CaseKind::kCppccProposal,
                                           CaseKind::kUnset});
  c.role = Pick(rng, std::vector<Role>{Role::kLead, Role::kCo, Role::kJoint, Role::kUnset});
  c.level = Pick(rng, std::vector<Level>{Level::kMunicipal, Level::kDistrict});
  c.session = Pick(rng, std::vector<std::string>{"市十五届人大四次会议", "市十五届人大五次会议",
                                                 "市政协十三届四次会议"});
  c.title = "关于第" + std::to_string(n) + "号事项的建议";
  c.units.lead = {Pick(rng, std::vector<std::string>{"区交通委", "区教育局", "区民政局"})};
  if (rng() % 2) c.units.co = {"区财政局"};
  c.received = Date(rng, c.year);
  if (rng() % 4) c.reply_due = Date(rng, c.year);
  c.result = Pick(
      rng, std::vector<CaseResult>{CaseResult::kUnset, CaseResult::kSolved, CaseResult::kSolving,
                                   CaseResult::kPlanned, CaseResult::kReference});
  if (rng() % 3) c.commitment_due = Date(rng, c.year + 1);
  c.status = Pick(rng, std::vector<CaseStatus>{CaseStatus::kReceived, CaseStatus::kHandling,
                                               CaseStatus::kReplied, CaseStatus::kClosed,
                                               CaseStatus::kReopened});
  for (int i = 0, n_replies = int(rng() % 3); i < n_replies; ++i) {
    c.replies.push_back({i + 1,
                         i == 0 ? ReplyKind::kFirst : ReplyKind::kSecond,
                         Date(rng, c.year),
                         "区交通委",
                         "答复",
                         c.result,
                         {}});
  }
  if (rng() % 2) {
    c.feedback.push_back(
        {Date(rng, c.year),
         "代表",
         Pick(rng, std::vector<Satisfaction>{Satisfaction::kSatisfied, Satisfaction::kUnsatisfied}),
         "",
         {}});
  }
  if (rng() % 3 == 0) {
    c.reviews.push_back(
        {Date(rng, c.year + 1),
         ReviewKind::kLookBack,
         "",
         Pick(rng, std::vector<ReviewOutcome>{ReviewOutcome::kConfirmed, ReviewOutcome::kRehandle}),
         "区府办",
         {}});
  }
  if (rng() % 3 == 0)
    c.consultations.push_back({Date(rng, c.year), ConsultationForm::kPhone, {}, "", {}});
  if (rng() % 2)
    c.approvals.push_back({ApprovalKind::kReference, "王副区长", Date(rng, c.year), "", {}});
  if (rng() % 2) c.disclosure = {true, Date(rng, c.year), "", true};
  c.key_case = rng() % 5 == 0;
  if (c.key_case) c.supervising_leader = "张副区长";
  return c;
}

class ReviewIndexTest : public ::testing::Test {
 protected:
  void Open(bool with_keys) {
    store_.reset();
    auto s =
        CaseStore::Open(dir_ / "store", with_keys ? test::ReviewStoreOptions() : StoreOptions{});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }

  // Keys and scan agree on every as-of day and filter tried.
  void ExpectKeysEqualScan(const char* when) {
    std::vector<CaseFilter> filters(4);
    filters[1].year = 2020;
    filters[2].unit = "区财政局";
    filters[2].role = Role::kLead;
    filters[3].term = "人大";
    filters[3].kind = CaseKind::kDeputySuggestion;
    for (const char* as_of :
         {"2019-06-30", "2020-12-31", "2021-07-15", "2023-12-31", "2030-01-01"}) {
      for (size_t f = 0; f < filters.size(); ++f) {
        ReviewQueueOptions q;
        q.as_of = as_of;
        q.max_per_section = 7;
        q.offset = f;  // Pages other than the first, too.
        q.filter = filters[f];
        auto keys = BuildReviewQueue(*store_, q);
        auto scan = BuildReviewQueueByScan(*store_, q);
        ASSERT_TRUE(keys.ok() && scan.ok()) << keys.status().ToString();
        EXPECT_EQ(ReviewQueueToJson(*keys), ReviewQueueToJson(*scan))
            << when << ", as of " << as_of << ", filter " << f;
        CaseStatsOptions s;
        s.as_of = as_of;
        s.filter = filters[f];
        auto st_keys = ComputeCaseStats(*store_, s);
        auto st_scan = ComputeCaseStatsByScan(*store_, s);
        ASSERT_TRUE(st_keys.ok() && st_scan.ok());
        EXPECT_EQ(CaseStatsToJson(*st_keys), CaseStatsToJson(*st_scan))
            << when << ", as of " << as_of << ", filter " << f;
      }
    }
  }

  test::ScopedTempDir dir_;
  std::unique_ptr<CaseStore> store_;
};

TEST_F(ReviewIndexTest, KeysAnswerAsTheWholeStoreDoes) {
  std::mt19937 rng(20211);
  Open(true);
  std::vector<Case> cases;
  for (int i = 0; i < 400; ++i) cases.push_back(RandomCase(rng, i));
  ASSERT_OK(store_->PutBatch(cases));
  ExpectKeysEqualScan("after the import");
  // The sections are not all empty (the comparison compares something).
  ReviewQueueOptions q;
  q.as_of = "2023-12-31";
  auto queue = BuildReviewQueue(*store_, q);
  ASSERT_OK(queue);
  for (Section s : {Section::kCommitments, Section::kOverdueReplies, Section::kNoConsultation,
                    Section::kVerifySolved, Section::kRuleExceptions, Section::kReopened}) {
    EXPECT_GT(queue->Find(s)->total, 0u) << SectionName(s);
  }

  for (int i = 0; i < 100; ++i) {  // Updates, each one a new version.
    Case c = RandomCase(rng, int(rng() % 400));
    ASSERT_OK(store_->Put(c));
  }
  for (int i = 0; i < 30; ++i) store_->Delete("R-" + std::to_string(rng() % 400)).ok();
  ExpectKeysEqualScan("after updates and deletes");

  // Written by a process without the keys, then reopened with them: rebuilt.
  Open(false);
  for (int i = 0; i < 50; ++i) ASSERT_OK(store_->Put(RandomCase(rng, 1000 + i)));
  ASSERT_OK(store_->Delete("R-1000"));
  Open(true);
  ExpectKeysEqualScan("after writes that kept no keys");
}

TEST_F(ReviewIndexTest, StoreWithoutKeysSaysSo) {
  Open(false);
  auto q = BuildReviewQueue(*store_, {});
  EXPECT_EQ(q.status().code(), Status::Code::kFailedPrecondition);
}

TEST(CaseAsOfTest, NothingDatedAfterTheDayCounts) {
  Case c;
  c.id = "A-1";
  c.received = "2021-02-01";
  c.status = CaseStatus::kClosed;
  c.result = CaseResult::kSolved;
  c.replies = {{1, ReplyKind::kFirst, "2021-05-01", "", "", CaseResult::kPlanned, {}},
               {2, ReplyKind::kSecond, "2021-09-01", "", "", CaseResult::kSolved, {}}};
  c.feedback = {{"2021-10-01", "代表", Satisfaction::kUnsatisfied, "", {}}};
  auto view = CaseAsOf(c, "2021-06-30");
  ASSERT_TRUE(view);
  EXPECT_EQ(view->replies.size(), 1u);
  EXPECT_TRUE(view->feedback.empty());
  EXPECT_EQ(view->result, CaseResult::kPlanned);
  EXPECT_EQ(view->status, CaseStatus::kReplied);
  EXPECT_FALSE(CaseAsOf(c, "2021-01-31"));  // Not received yet.
  auto before_reply = CaseAsOf(c, "2021-04-30");
  EXPECT_EQ(before_reply->status, CaseStatus::kHandling);
  EXPECT_EQ(before_reply->result, CaseResult::kUnset);
  auto now = CaseAsOf(c, "2022-01-01");
  EXPECT_EQ(now->status, CaseStatus::kClosed);
  EXPECT_EQ(now->result, CaseResult::kSolved);
}

TEST(CaseSummaryTest, RoundTrips) {
  std::mt19937 rng(7);
  for (int i = 0; i < 50; ++i) {
    CaseSummary s = SummarizeCase(RandomCase(rng, i));
    CaseSummary back;
    ASSERT_TRUE(DecodeSummary(EncodeSummary(s), &back));
    EXPECT_EQ(EncodeSummary(back), EncodeSummary(s));
    EXPECT_EQ(back.title, s.title);
    EXPECT_EQ(back.co, s.co);
  }
  CaseSummary junk;
  EXPECT_FALSE(DecodeSummary(std::string("\xff\xff\xff", 3), &junk));
}

}  // namespace
}  // namespace casebook::review
