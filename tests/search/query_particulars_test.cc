#include "search/query_particulars.h"

#include <gtest/gtest.h>

#include <memory>

#include "search/chinese_analyzer.h"

namespace casebook::search {
namespace {

using Names = std::vector<std::string>;

// Questions written for this test, as the analyzer normalises them.
class QueryParticularsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto created = ChineseAnalyzer::Create({});
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    analyzer_ = std::move(*created).release();
  }
  static void TearDownTestSuite() { delete analyzer_; }
  static std::string N(const std::string& text) { return analyzer_->Normalize(text); }
  static ChineseAnalyzer* analyzer_;
};
ChineseAnalyzer* QueryParticularsTest::analyzer_ = nullptr;

TEST_F(QueryParticularsTest, ProvincesByTheirShortNames) {
  EXPECT_EQ(PlaceNames(N("陕西省对小微企业有哪些帮扶？")), Names({"陕西"}));
  EXPECT_EQ(PlaceNames(N("广西壮族自治区和内蒙古自治区的做法")), Names({"广西", "内蒙古"}));
  // "北京市" is the province's name, not a city beside it; "东城区" is.
  EXPECT_EQ(PlaceNames(N("北京市东城区如何办理？")), Names({"北京", "东城区"}));
}

TEST_F(QueryParticularsTest, CitiesCountiesAndDistrictsWithTheirKind) {
  EXPECT_EQ(PlaceNames(N("泰州市海陵区和浠水县的停车问题")), Names({"泰州市", "海陵区", "浠水县"}));
  EXPECT_EQ(PlaceNames(N("昌吉州怎么做")), Names({"昌吉州"}));
  EXPECT_EQ(PlaceNames(N("没有地名的问题")), Names());
  // A function character is no part of a name: "的小区" is not a place.
  EXPECT_EQ(PlaceNames(N("各市和我们的小区")), Names());
}

TEST_F(QueryParticularsTest, TraditionalAndFullWidthTextIsFoldedFirst) {
  // The analyzer folds 陝西 to 陕西 and Ａ７縣 to a7县 before the scan.
  EXPECT_EQ(PlaceNames(N("陝西省的規定")), Names({"陕西"}));
  EXPECT_EQ(PlaceNames(N("Ａ７縣的小区")), Names({"a7县"}));
}

TEST_F(QueryParticularsTest, EachNameOnceInOrderOfFirstMention) {
  EXPECT_EQ(PlaceNames(N("重庆和四川，再说重庆市")), Names({"重庆", "四川"}));
}

TEST_F(QueryParticularsTest, NamesDoNotOverlap) {
  EXPECT_EQ(PlaceNames(N("上海南站怎么走")), Names({"上海"}));    // Not 海南 too.
  EXPECT_EQ(PlaceNames(N("苏州市区的停车")), Names({"苏州市"}));  // Not 州市区 too.
  EXPECT_EQ(PlaceNames(N("海南和上海")), Names({"海南", "上海"}));
}

TEST_F(QueryParticularsTest, FiguresAreDigitsWithTheirUnit) {
  EXPECT_EQ(Figures(N("2020年2月，山东出台了哪3项措施？")), Names({"2020年", "2月", "3项"}));
  EXPECT_EQ(Figures(N("贴息比率是75%还是37.5%？")), Names({"75", "37.5"}));
  EXPECT_EQ(Figures(N("拨打12366咨询，共5.5亿元")), Names({"12366", "5.5亿"}));
}

TEST_F(QueryParticularsTest, FullWidthDigitsAreFigures) {
  EXPECT_EQ(Figures(N("２０２０年的补贴")), Names({"2020年"}));
}

TEST_F(QueryParticularsTest, ABareDigitAndACodeAreNotFigures) {
  EXPECT_EQ(Figures(N("第3，共5")), Names());
  EXPECT_EQ(Figures(N("N95口罩")), Names());  // "95" belongs to the code "n95".
}

}  // namespace
}  // namespace casebook::search
