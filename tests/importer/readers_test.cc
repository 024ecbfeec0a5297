// Format readers and the field mapping, without a store.
#include <gtest/gtest.h>

#include "importer/csv_reader.h"
#include "importer/docx_reader.h"
#include "importer/field_mapper.h"
#include "importer/html_reader.h"
#include "importer/progress_meter.h"
#include "importer/text_case_reader.h"
#include "importer/value_normalizer.h"
#include "importer_test_files.h"
#include "test_util.h"

namespace casebook::importer {
namespace {

using json = nlohmann::json;

std::vector<SourceRecord> ReadCsvText(const std::string& text) {
  std::vector<SourceRecord> out;
  auto decoded = DecodeText(text);
  EXPECT_TRUE(decoded.ok());
  ReadCsv(*decoded, "t.csv", {}, [&](SourceRecord&& r) { out.push_back(std::move(r)); });
  return out;
}

TEST(CsvReaderTest, QuotedMultiLineCellsAndLineNumbers) {
  auto rows = ReadCsvText(
      "标题,内容,年度\n"
      "关于增设公交线路的建议,\"第一段，含逗号\n第二段 \"\"引号\"\"\",2021\n"
      "关于老旧小区加装电梯的建议,正文,2020\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_OK(rows[0].error);
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(rows[0].fields["内容"], "第一段，含逗号\n第二段 \"引号\"");
  EXPECT_EQ(rows[1].line, 4);
  EXPECT_EQ(rows[1].fields["标题"], "关于老旧小区加装电梯的建议");
}

TEST(CsvReaderTest, TabDelimiterAndTooManyCells) {
  auto rows = ReadCsvText("title\tbody\na\tb\nc\td\te\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_OK(rows[0].error);
  EXPECT_EQ(rows[0].fields["body"], "b");
  EXPECT_FALSE(rows[1].error.ok());
  EXPECT_NE(rows[1].error.message().find("3 cells"), std::string::npos);
}

TEST(CsvReaderTest, UnterminatedQuoteRejectsOnlyItsRow) {
  auto rows = ReadCsvText("title,body\n\"broken,x\nok,y\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_FALSE(rows[0].error.ok());
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_OK(rows[1].error);
  EXPECT_EQ(rows[1].line, 3);
}

TEST(TextCaseReaderTest, HeaderBlockAndProposalTitle) {
  auto mapper = FieldMapper::Create();
  ASSERT_OK(mapper);
  auto rec = ReadTextCase(
      "编号：第0456号\n年度: 2022\n承办单位：区交通委、区建管委\n\n"
      "市民代表反映：\n关于优化早高峰信号灯配时的建议\n正文第一段。\n",
      "a.txt", *mapper);
  ASSERT_OK(rec.error);
  EXPECT_EQ(rec.fields["编号"], "第0456号");
  EXPECT_EQ(rec.fields["title"], "关于优化早高峰信号灯配时的建议");
  EXPECT_EQ(rec.fields["body"], "市民代表反映：\n关于优化早高峰信号灯配时的建议\n正文第一段。");
  json mapped = mapper->ToCaseJson(rec.fields);
  EXPECT_EQ(mapped["year"], 2022);
  EXPECT_EQ(mapped["number"], "第0456号");
  EXPECT_EQ(mapped["units"]["lead"], json::array({"区交通委", "区建管委"}));
}

TEST(TextCaseReaderTest, BodyFirstLineWithColonIsNotAHeader) {
  auto mapper = FieldMapper::Create();
  ASSERT_OK(mapper);
  auto rec = ReadTextCase("各位代表：\n现在报告工作。\n", "b.txt", *mapper);
  EXPECT_EQ(rec.fields["body"], "各位代表：\n现在报告工作。");
  EXPECT_FALSE(rec.fields.contains("各位代表"));
}

TEST(DocxReaderTest, ParagraphsKeptDeletedTextDropped) {
  std::string docx = test::MakeDocx({"关于改善河道水质的建议", "一、现状。", "二、建议。"});
  auto text = ExtractDocxText(docx);
  ASSERT_OK(text);
  EXPECT_EQ(*text, "关于改善河道水质的建议\n一、现状。\n二、建议。\n\n");
  EXPECT_FALSE(ExtractDocxText("not a zip").ok());
}

TEST(HtmlReaderTest, MainTextWithoutScriptsAndNavigation) {
  auto page = ExtractHtmlText(
      "<html><head><title>门户网站</title><script>var x='脚本';</script>"
      "<style>p{color:red}</style></head><body><nav>首页 | 政务公开</nav>"
      "<div class=\"top-menu\">菜单</div><article><h1>关于加强校园周边交通管理的答复</h1>"
      "<p>您好！来信收悉。</p><p>现答复如下。<br>第二行</p></article>"
      "<footer>版权所有</footer></body></html>");
  ASSERT_OK(page);
  EXPECT_EQ(page->title, "关于加强校园周边交通管理的答复");
  EXPECT_NE(page->text.find("您好！来信收悉。"), std::string::npos);
  EXPECT_NE(page->text.find("现答复如下。\n第二行"), std::string::npos);
  for (const char* dropped : {"脚本", "color", "首页", "菜单", "版权"}) {
    EXPECT_EQ(page->text.find(dropped), std::string::npos) << dropped;
  }
}

TEST(FieldMapperTest, CorpusShapesMapToTheCaseModel) {
  auto mapper = FieldMapper::Create();
  ASSERT_OK(mapper);
  json in = {{"id", "X-1"},
             {"msg_no", 77},
             {"kind", "群众留言+答复"},
             {"reply", "已处理。"},
             {"reply_time", "2019/5/10 14:56:53"},
             {"created", "2019-04-25 09:32:09"},
             {"proposer", "A0001"},
             {"units", nullptr},
             {"votes_up", 3},
             {"source", "github:example"},
             {"status", "已答复"}};
  json out = mapper->ToCaseJson(in);
  EXPECT_EQ(out["number"], "77");
  EXPECT_EQ(out["kind"], "appeal");
  EXPECT_EQ(out["received"], "2019-04-25 09:32:09");
  EXPECT_EQ(out["replies"][0]["text"], "已处理。");
  EXPECT_EQ(out["replies"][0]["date"], "2019-05-10 14:56:53");
  EXPECT_EQ(out["replies"][0]["kind"], "first");
  EXPECT_EQ(out["proposers"][0]["name"], "A0001");
  EXPECT_EQ(out["votes_up"], 3);
  EXPECT_EQ(out["origin"], "github:example");
  EXPECT_EQ(out["status"], "replied");
  EXPECT_FALSE(out.contains("units"));
}

TEST(FieldMapperTest, UnknownKindKeptAsText) {
  auto mapper = FieldMapper::Create();
  ASSERT_OK(mapper);
  json out = mapper->ToCaseJson({{"kind", "政府工作报告"}});
  EXPECT_EQ(out["kind"], "other");
  EXPECT_EQ(out["kind_text"], "政府工作报告");
}

TEST(FieldMapperTest, UserMapOverridesAndBadTargetIsRefused) {
  auto m = FieldMapper::ParseMapping("建议名称=title");
  ASSERT_OK(m);
  auto mapper = FieldMapper::Create({*m});
  ASSERT_OK(mapper);
  EXPECT_EQ(mapper->TargetOf("建议名称"), "title");
  EXPECT_EQ(mapper->TargetOf(" Reply Date: "), "reply_date");
  EXPECT_FALSE(FieldMapper::Create({{"x", "nonsense"}}).ok());
  EXPECT_FALSE(FieldMapper::ParseMapping("no-equals").ok());
}

TEST(ProgressMeterTest, LineShowsRatesAndEta) {
  ImportProgress p;
  p.bytes_done = 50'000'000;
  p.bytes_total = 100'000'000;
  p.records = 20000;
  p.elapsed_seconds = 10;
  EXPECT_EQ(FormatProgressLine(p),
            "[############------------]  50%  20000 records  2000 rec/s  5.0 MB/s  ETA 0:10");
}

TEST(ValueNormalizerTest, DatesYearsLists) {
  EXPECT_EQ(NormalizeDateText("2021年3月5日"), "2021-03-05");
  EXPECT_EQ(NormalizeDateText("２０２１/３/５"), "2021-03-05");
  EXPECT_EQ(NormalizeDateText("20210305"), "2021-03-05");
  EXPECT_EQ(NormalizeDateText("2021.3.5 9:05"), "2021-03-05 09:05");
  EXPECT_FALSE(NormalizeDateText("2021-13-01").has_value());
  EXPECT_FALSE(NormalizeDateText("下周").has_value());
  EXPECT_EQ(ParseYearText("２０２１年度"), 2021);
  EXPECT_FALSE(ParseYearText("21").has_value());
  EXPECT_EQ(SplitList("市交通委、 市公安局；市规划资源局,"),
            (std::vector<std::string>{"市交通委", "市公安局", "市规划资源局"}));
  EXPECT_EQ(CanonicalResult("列入计划拟解决"), "planned");
  EXPECT_EQ(CanonicalRole("会办"), "co");
}

}  // namespace
}  // namespace casebook::importer
