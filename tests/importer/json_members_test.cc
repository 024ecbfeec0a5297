// ParseJsonMembers, the importer's own scanner of JSON Lines records,
// against nlohmann's parser: the same members for every object nlohmann
// accepts, a refusal for everything it rejects.
#include "importer/json_members.h"

#include <gtest/gtest.h>

#include <random>

#include "test_util.h"

namespace casebook::importer {
namespace {

using json = nlohmann::json;

// Checks one text: accepted exactly when nlohmann accepts it as an object,
// with the same value (types included: 5 is unsigned, -5 signed, 5.0 float).
void ExpectAsNlohmann(const std::string& text) {
  json expected = json::parse(text, nullptr, /*allow_exceptions=*/false);
  JsonMembers members;
  const bool ok = ParseJsonMembers(text, 64, &members);
  if (expected.is_discarded() || !expected.is_object()) {
    EXPECT_FALSE(ok) << "accepted what nlohmann rejects: " << text;
    return;
  }
  ASSERT_TRUE(ok) << "refused what nlohmann accepts: " << text;
  json got = MembersToObject(std::move(members));
  EXPECT_EQ(got, expected) << text;
  EXPECT_EQ(got.dump(), expected.dump()) << text;
}

TEST(JsonMembersTest, ValuesAsNlohmannReadsThem) {
  for (const char* text :
       {R"({})", " \t\r\n{ } \n", R"({"a":"甲乙"})", R"({"a" : "x" , "b":"y"})",
        R"({"e":"\"\\\/\b\f\n\r\t"})", R"({"u":"\u4e2d\u6587\u0041\u00e9"})",
        R"({"pair":"\ud83d\ude00"})", R"({"nul":"a\u0000b"})", R"({"del":"\u007f"})",
        R"({"n":0,"m":-0,"p":123,"q":-456,"r":999999999999999999})",
        R"({"big":18446744073709551615,"bigger":18446744073709551616,"neg":-9223372036854775809})",
        R"({"f":1.5,"g":-0.25,"h":1e3,"i":2E-2,"j":1.0})", R"({"t":true,"f":false,"z":null})",
        R"({"a":[1,"]",{"b":"}"}],"c":{"d":[[]],"e":"\""}})", R"({"x":1,"x":"后"})",
        R"({"k":"鑫\u7E41體"})", R"({"full":"２０２１年"})",
        // Rejected by both:
        R"({"a":1,})", R"({"a":01})", R"({"a":1.})", R"({"a":.5})", R"({"a":-})", R"({"a":+1})",
        R"({"a":1e})", R"({"a":tru})", R"({"a":nulls})", R"({"a":'x'})", R"({"a":"\x"})",
        R"({"a":"\u12"})", R"({"a":"\ud83d"})", R"({"a":"\ude00"})", R"({"a":"\ud83d\u0041"})",
        "{\"a\":\"tab\there\"}", "{\"a\":\"line\nbreak\"}", R"({a:1})", R"({"a" 1})", R"({"a":1}})",
        R"({"a":[1,]})", R"({"a":{"b":1,}})", R"({"a":[}})", R"([1])", R"("x")", R"(5)", "", "{",
        R"({"a":"x)", "{\"a\":\"\xff\"}", "{\"a\":\"\xe4\xb8\"}", "{\"a\":\"\xc0\xaf\"}",
        "{\"a\":\"\xed\xa0\x80\"}", "{}\xe4", R"({"a":1} {"b":2})", R"({"a":1}x)"}) {
    ExpectAsNlohmann(text);
  }
}

TEST(JsonMembersTest, KeepsMembersInOrderWithRepeats) {
  JsonMembers members;
  ASSERT_TRUE(ParseJsonMembers(R"({"b":1,"a":[true],"b":"后"})", 64, &members));
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[0].first, "b");
  EXPECT_TRUE(members[0].second.is_number_unsigned());
  EXPECT_EQ(members[1].second, json::parse("[true]"));
  EXPECT_EQ(members[2].second, "后");
}

TEST(JsonMembersTest, DepthIsCountedFromTheRecord) {
  JsonMembers members;
  EXPECT_TRUE(ParseJsonMembers(R"({"a":{"b":{}}})", 3, &members));
  EXPECT_FALSE(ParseJsonMembers(R"({"a":{"b":{"c":{}}}})", 3, &members));
  EXPECT_TRUE(ParseJsonMembers(R"({"a":"[[[[[[","b":[]})", 2, &members));  // Brackets in strings.
  std::string deep = "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_FALSE(ParseJsonMembers(deep, 64, &members));
}

TEST(JsonMembersTest, UTF8CheckCanBeLeftToTheCaller) {
  JsonMembers members;
  const std::string bad = "{\"a\":\"\xff\"}";
  EXPECT_FALSE(ParseJsonMembers(bad, 64, &members));
  EXPECT_TRUE(ParseJsonMembers(bad, 64, &members, Utf8Check::kAlreadyDone));
  EXPECT_FALSE(ParseJsonMembers("{\"a\":\"\x01\"}", 64, &members, Utf8Check::kAlreadyDone));
}

// Every one-byte change (replace, insert, delete) of records written here
// and of real corpus lines: accepted and read exactly as nlohmann does.
TEST(JsonMembersTest, MutatedRecordsAgreeWithNlohmann) {
  std::vector<std::string> seeds = {
      R"({"id":"m-1","title":"关于\"老街\"的建议","year":2021,"n":-3.5e2,"ok":true,)"
      R"("x":null,"list":[1,"二",{"三":[]}],"esc":"\u4e2d\n\ud83d\ude00"})"};
  const auto corpus = test::CorpusFile("appeals-with-replies.jsonl");
  if (std::filesystem::exists(corpus)) {
    for (std::string& line : test::ReadLines(corpus, 3)) seeds.push_back(std::move(line));
  }
  const std::string alphabet = "{}[]\":,\\u0123456789.eE+-tfnlrsa \t\xe4\xb8\xad\xff\x01";
  std::mt19937 rng(20261128);
  int checked = 0;
  for (const std::string& seed : seeds) {
    ExpectAsNlohmann(seed);
    for (int round = 0; round < 600; ++round) {
      std::string text = seed;
      const size_t at = rng() % (text.size() + 1);
      const char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0:
          if (at < text.size()) text[at] = c;
          break;
        case 1:
          text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c);
          break;
        default:
          if (at < text.size()) text.erase(at, 1);
      }
      ExpectAsNlohmann(text);
      ++checked;
    }
  }
  EXPECT_GE(checked, 600);
}

}  // namespace
}  // namespace casebook::importer
