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

// Long texts, which take the 32-byte path where the CPU has AVX2: every
// byte value that matters, at every place of a mixed text (so at every
// place within and across the 32-byte blocks), against the definition.
TEST(Utf8Test, LongTextsAgreeWithTheDefinition) {
  std::string base;
  for (int k = 0; k < 12; ++k)
    base +=
        "\xE5\x90\x8D"
        "ab"
        "\xF0\x9F\x98\x80"
        "\xC3\xA9";
  ASSERT_EQ(FirstInvalidUtf8(base), std::string_view::npos);
  const unsigned char values[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                  0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
                                  0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
  for (size_t at = 0; at < base.size(); ++at) {
    for (unsigned char v : values) {
      std::string s = base;
      s[at] = static_cast<char>(v);
      ASSERT_EQ(FirstInvalidUtf8(s), SlowFirstInvalid(s)) << "byte " << int{v} << " at " << at;
      s.resize(at + 1);  // Cut right after it.
      ASSERT_EQ(FirstInvalidUtf8(s), SlowFirstInvalid(s)) << "cut, byte " << int{v} << " at " << at;
    }
  }
  const std::vector<std::string> pieces = {"a",
                                           "\xE5\x90\x8D",
                                           "\xC3\xA9",
                                           "\xF0\x9F\x98\x80",
                                           "\xE0\xA4\x85",
                                           "\xED\x9F\xBF",
                                           "\xF4\x8F\xBF\xBF",
                                           "\x80",
                                           "\xE5\x90",
                                           "\xC0\xAF",
                                           "\xED\xA0\x80",
                                           "\xF4\x90\x80\x80",
                                           "\xE0\x9F\x80",
                                           "\xF0\x8F\x80\x80"};
  std::mt19937 rng(11);
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    const int n = 20 + static_cast<int>(rng() % 200);
    for (int k = 0; k < n; ++k) s += pieces[rng() % (rng() % 50 == 0 ? pieces.size() : 7)];
    ASSERT_EQ(FirstInvalidUtf8(s), SlowFirstInvalid(s)) << "round " << round;
  }
}

}  // namespace
}  // namespace casebook
