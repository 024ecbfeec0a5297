// Sha256HexMany (eight lanes side by side where the CPU has AVX2) against
// OpenSSL's one-at-a-time SHA-256.
#include "importer/sha256_many.h"

#include <gtest/gtest.h>

#include <random>

#include "importer/content_hash.h"
#include "test_util.h"

namespace casebook::importer {
namespace {

void ExpectAsOpenSsl(const std::vector<std::string>& texts) {
  std::vector<std::string_view> views(texts.begin(), texts.end());
  std::vector<std::string> got = Sha256HexMany(views);
  ASSERT_EQ(got.size(), texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(got[i], Sha256Hex(texts[i]))
        << "message " << i << " of " << texts[i].size() << " bytes";
  }
}

TEST(Sha256ManyTest, KnownDigests) {
  std::vector<std::string_view> m = {"abc", "", "abc"};
  std::vector<std::string> got = Sha256HexMany(m);
  EXPECT_EQ(got[0], "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(got[1], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(got[2], got[0]);
  EXPECT_TRUE(Sha256HexMany({}).empty());
}

// Every length around the padding boundaries, in groups of every size.
TEST(Sha256ManyTest, EveryLengthAndGroupSize) {
  std::mt19937 rng(7);
  std::vector<std::string> texts;
  for (size_t len = 0; len <= 300; ++len) {
    std::string s(len, '\0');
    for (char& c : s) c = static_cast<char>(rng());
    texts.push_back(std::move(s));
  }
  ExpectAsOpenSsl(texts);
  for (size_t count = 1; count <= 17; ++count) {
    std::vector<std::string> some;
    for (size_t i = 0; i < count; ++i) some.push_back(texts[rng() % texts.size()]);
    ExpectAsOpenSsl(some);
  }
  std::vector<std::string> mixed = {std::string(5000, 'x'), "y",
                                    std::string(64, 'z'),   "",
                                    std::string(119, 'q'),  std::string(120, 'r')};
  ExpectAsOpenSsl(mixed);
}

TEST(Sha256ManyTest, CorpusLines) {
  SKIP_WITHOUT_CORPUS();
  ExpectAsOpenSsl(test::ReadLines(test::CorpusFile("appeals-with-replies.jsonl"), 200));
  std::cout << "eight-lane path: " << (Sha256ManyUsesLanes() ? "yes" : "no (no AVX2)") << "\n";
}

}  // namespace
}  // namespace casebook::importer
