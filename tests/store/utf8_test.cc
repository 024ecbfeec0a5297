#include "store/utf8.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace casebook {
namespace {

// The plain definition: one sequence at a time, no fast paths.
size_t SlowFirstInvalid(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0; i < s.size();) {
    size_t len = Utf8SequenceLength(p, s.size(), i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

TEST(Utf8Test, NamesTheFirstBadByte) {
  const std::string han = "\xE5\x90\x8D";  // A three-byte character.
  EXPECT_EQ(FirstInvalidUtf8(""), std::string_view::npos);
  EXPECT_EQ(FirstInvalidUtf8(han + han + "abc" + han), std::string_view::npos);
  EXPECT_EQ(FirstInvalidUtf8(han + han + "\xE5\x90"), 6u);      // Cut at the end.
  EXPECT_EQ(FirstInvalidUtf8(han + "\xE5\x41\x8D" + han), 3u);  // Bad continuation.
  EXPECT_EQ(FirstInvalidUtf8("\xE0\x80\x80"), 0u);              // Overlong.
  EXPECT_EQ(FirstInvalidUtf8("\xED\xA0\x80"), 0u);              // Surrogate.
  EXPECT_EQ(FirstInvalidUtf8("\xF4\x90\x80\x80"), 0u);          // Above U+10FFFF.
  EXPECT_EQ(FirstInvalidUtf8("\xF0\x9F\x98\x80" + han), std::string_view::npos);
  EXPECT_EQ(FirstInvalidUtf8("12345678\xFF"), 8u);  // After an ASCII word.
  EXPECT_EQ(FirstInvalidUtf8(han + "\x80"), 3u);    // Lone continuation.
}

// The fast paths agree with the plain definition on random mixes of ASCII,
// CJK, other sequences and broken bytes.
TEST(Utf8Test, FastPathsAgreeWithTheDefinition) {
  const std::vector<std::string> pieces = {"a",
                                           "12345678",
                                           "\xE5\x90\x8D",
                                           "\xE4\xB8\x80",
                                           "\xC3\xA9",
                                           "\xF0\x9F\x98\x80",
                                           "\xE0\xA4\x85",
                                           "\xED\x9F\xBF",
                                           "\xEF\xBC\x92",
                                           "\x80",
                                           "\xE5\x90",
                                           "\xC0\xAF",
                                           "\xED\xA0\x80",
                                           "\xFF",
                                           "\xE5"};
  std::mt19937 rng(7);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    const int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) {
      // Mostly valid pieces, so that bad bytes land deep inside long runs.
      size_t pick = rng() % (rng() % 4 == 0 ? pieces.size() : 9);
      s += pieces[pick];
    }
    ASSERT_EQ(FirstInvalidUtf8(s), SlowFirstInvalid(s)) << "round " << round;
  }
}

}  // namespace
}  // namespace casebook
