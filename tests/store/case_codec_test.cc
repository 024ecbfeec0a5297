#include "store/case_codec.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace casebook {
namespace {

TEST(CaseCodecTest, RoundTripsAndPeeksVersionAndYear) {
  Case c = test::SampleCase("2019-RD-0042");
  c.year = 2019;
  const std::string record = EncodeCaseRecord(c, 7, "2026-11-28T00:00:00Z");
  auto back = DecodeCaseRecord(record);
  ASSERT_OK(back);
  EXPECT_EQ(back->id, c.id);
  EXPECT_EQ(back->body, c.body);
  EXPECT_EQ(back->version, 7);
  int64_t version = 0;
  int year = 0;
  ASSERT_OK(PeekCaseRecord(record, &version, &year));
  EXPECT_EQ(version, 7);
  EXPECT_EQ(year, 2019);
}

TEST(CaseCodecTest, PeekRejectsBrokenRecords) {
  Case c = test::SampleCase("2020-ZX-0001");
  const std::string record = EncodeCaseRecord(c, 3, "2026-11-28T00:00:00Z");
  int64_t version = 0;
  int year = 0;
  EXPECT_EQ(PeekCaseRecord("not a record", &version, &year).code(), Status::Code::kCorruption);
  // Cut inside the stamp part: the content is whole, the version is not.
  const std::string_view content = ContentOfRecord(record);
  const size_t stamp = content.data() + content.size() - record.data();
  EXPECT_EQ(PeekCaseRecord(record.substr(0, stamp), &version, &year).code(),
            Status::Code::kCorruption);
}

}  // namespace
}  // namespace casebook
