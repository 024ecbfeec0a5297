#include "importer/text_decoder.h"

#include <gtest/gtest.h>

#include "importer_test_files.h"
#include "store/utf8.h"
#include "test_util.h"

namespace casebook::importer {
namespace {

const std::string kText = "关于加强社区养老服务的建议\n第二行：全角２０２１年\n";

TEST(TextDecoderTest, PlainUtf8IsTakenAsIs) {
  auto d = DecodeText(kText);
  ASSERT_OK(d);
  EXPECT_EQ(d->encoding, TextEncoding::kUtf8);
  EXPECT_EQ(d->text, kText);
  EXPECT_TRUE(d->line_errors.empty());
}

TEST(TextDecoderTest, BomAndCrlfAreRemoved) {
  auto d = DecodeText(
      "\xEF\xBB\xBF"
      "标题\r\n正文\r\n");
  ASSERT_OK(d);
  EXPECT_TRUE(d->had_bom);
  EXPECT_EQ(d->text, "标题\n正文\n");
}

TEST(TextDecoderTest, Gb18030IsDetectedAndConverted) {
  std::string gb = test::ToGb18030(kText);
  ASSERT_FALSE(gb.empty());
  ASSERT_NE(gb, kText);
  auto d = DecodeText(gb);
  ASSERT_OK(d);
  EXPECT_EQ(d->encoding, TextEncoding::kGb18030);
  EXPECT_EQ(d->text, kText);
  EXPECT_TRUE(d->line_errors.empty());
}

TEST(TextDecoderTest, Gb18030FourByteCharactersRoundTrip) {
  std::string rare = "生僻字𠀀与欧元€\n";  // U+20000 needs a four-byte GB18030 sequence.
  auto d = DecodeText(test::ToGb18030(rare + rare + kText));
  ASSERT_OK(d);
  EXPECT_EQ(d->text, rare + rare + kText);
}

TEST(TextDecoderTest, InvalidUtf8LineIsReportedWithOffset) {
  std::string bytes = "第一行正常\n坏\xE4\xB8行\n第三行\n";
  auto d = DecodeText(bytes);
  ASSERT_OK(d);
  EXPECT_EQ(d->encoding, TextEncoding::kUtf8);
  ASSERT_EQ(d->line_errors.size(), 1u);
  EXPECT_EQ(d->line_errors.begin()->first, 2);
  size_t offset = bytes.find('\xE4', bytes.find('\n'));
  EXPECT_EQ(d->line_errors.begin()->second,
            "invalid UTF-8 byte sequence at byte offset " + std::to_string(offset));
  EXPECT_NE(d->ErrorIn(1, 3), nullptr);
  EXPECT_EQ(d->ErrorIn(3, 3), nullptr);
}

// A large text is checked in two halves at once: a bad sequence in either
// half, or cut by the middle, is still found, on the right line.
TEST(TextDecoderTest, LargeTextIsCheckedWhole) {
  std::string line;
  for (int i = 0; i < 100; ++i) line += "社区养老";
  line += "\n";  // 1,201 bytes.
  std::string big;
  while (big.size() < (6u << 20)) big += line;
  const int64_t lines = static_cast<int64_t>(big.size() / line.size());
  auto whole = DecodeText(big);
  ASSERT_OK(whole);
  EXPECT_EQ(whole->encoding, TextEncoding::kUtf8);
  EXPECT_TRUE(whole->line_errors.empty());
  EXPECT_EQ(whole->text.size(), big.size());
  for (size_t at :
       {size_t{5}, big.size() / 2 - 1, big.size() / 2, big.size() / 2 + 1, big.size() - 4}) {
    std::string bad = big;
    bad[at] = '\xFF';
    auto d = DecodeText(bad);
    ASSERT_OK(d);
    EXPECT_EQ(d->encoding, TextEncoding::kUtf8) << at;
    ASSERT_EQ(d->line_errors.size(), 1u) << at;
    EXPECT_EQ(d->line_errors.begin()->first, static_cast<int64_t>(at / line.size()) + 1) << at;
    EXPECT_LE(d->line_errors.begin()->first, lines);
  }
}

TEST(TextDecoderTest, InvalidGb18030LineIsReported) {
  std::string good = test::ToGb18030("办理结果良好，群众满意度较高\n");
  std::string bytes = good + good + "\x81\x20" + "x\n" + good;
  auto d = DecodeText(bytes, TextEncoding::kGb18030);
  ASSERT_OK(d);
  ASSERT_EQ(d->line_errors.count(3), 1u);
  EXPECT_EQ(d->line_errors.at(3),
            "invalid GB18030 byte sequence at byte offset " + std::to_string(2 * good.size()));
  EXPECT_EQ(d->ErrorIn(4, 4), nullptr);
}

TEST(TextDecoderTest, NulByteMarksTheLine) {
  std::string bytes = std::string("a\nb\0c\n", 6);
  auto d = DecodeText(bytes);
  ASSERT_OK(d);
  ASSERT_EQ(d->line_errors.count(2), 1u);
  EXPECT_EQ(d->line_errors.at(2), "NUL byte at byte offset 3");
}

TEST(TextDecoderTest, Utf16WithBomIsConverted) {
  std::string le = "\xFF\xFE";
  for (char16_t c : std::u16string(u"提案\r\n")) {
    le.push_back(static_cast<char>(c & 0xFF));
    le.push_back(static_cast<char>(c >> 8));
  }
  auto d = DecodeText(le);
  ASSERT_OK(d);
  EXPECT_EQ(d->encoding, TextEncoding::kUtf16Le);
  EXPECT_EQ(d->text, "提案\n");
}

TEST(TextDecoderTest, EncodingNames) {
  EXPECT_EQ(ParseEncodingName("GBK"), TextEncoding::kGb18030);
  EXPECT_EQ(ParseEncodingName("utf-8"), TextEncoding::kUtf8);
  EXPECT_FALSE(ParseEncodingName("latin1").has_value());
  EXPECT_EQ(casebook::FirstInvalidUtf8("\xED\xA0\x80"), 0u);  // A UTF-16 surrogate is not UTF-8.
  EXPECT_EQ(casebook::FirstInvalidUtf8("\xC0\xAF"), 0u);      // Overlong.
}

}  // namespace
}  // namespace casebook::importer
