// The Importer end to end: files the tests write, a real CaseStore.
#include "importer/importer.h"

#include <gtest/gtest.h>

#include "importer_test_files.h"
#include "store/case_json.h"
#include "test_util.h"

namespace casebook::importer {
namespace {

using json = nlohmann::json;

class ImporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = CaseStore::Open(dir_ / "store");
    ASSERT_OK(s);
    store_ = std::move(*s);
  }

  std::filesystem::path Write(const std::string& name, const std::string& bytes) {
    auto p = dir_ / name;
    std::filesystem::create_directories(p.parent_path());
    test::WriteFile(p, bytes);
    return p;
  }

  ImportSummary Import(const std::vector<std::filesystem::path>& paths, ImportOptions o = {}) {
    o.rejects_path = dir_ / "rejects.jsonl";
    Importer importer(store_.get(), o);
    auto r = importer.Run(paths);
    EXPECT_OK(r);
    return r.ok() ? *r : ImportSummary{};
  }

  std::vector<json> Rejects() {
    std::vector<json> out;
    for (const auto& line : test::ReadLines(dir_ / "rejects.jsonl"))
      out.push_back(json::parse(line));
    return out;
  }

  Case Get(const std::string& id) {
    auto c = store_->Get(id);
    EXPECT_OK(c);
    return c.ok() ? *c : Case{};
  }

  test::ScopedTempDir dir_;
  std::unique_ptr<CaseStore> store_;
};

std::string Line(const std::string& id, const std::string& title) {
  return json{{"id", id}, {"title", title}, {"body", "正文：" + title}, {"year", 2021}}.dump() +
         "\n";
}

TEST_F(ImporterTest, TruncatedLineInTheMiddleIsRejectedOthersGoIn) {
  std::string truncated = Line("C-2", "关于修缮古桥的建议");
  truncated.resize(truncated.size() / 2);
  auto p = Write("cases.jsonl", Line("C-1", "关于增设路灯的建议") + truncated + "\n" +
                                    Line("C-3", "关于整治噪声的建议"));
  ImportSummary s = Import({p});
  EXPECT_EQ(s.read, 3);
  EXPECT_EQ(s.added, 2);
  EXPECT_EQ(s.rejected, 1);
  auto rejects = Rejects();
  ASSERT_EQ(rejects.size(), 1u);
  EXPECT_EQ(rejects[0]["line"], 2);
  EXPECT_EQ(rejects[0]["record"], truncated);
  EXPECT_NE(rejects[0]["error"].get<std::string>().find("syntax"), std::string::npos);
  EXPECT_EQ(Get("C-3").title, "关于整治噪声的建议");
  EXPECT_EQ(Get("C-3").source.line, 3);
  EXPECT_EQ(Get("C-3").source.sha256.size(), 64u);
}

TEST_F(ImporterTest, ReimportChangesNothingAndUpdatesKeepHistory) {
  auto p = Write("a.jsonl", Line("C-1", "关于增设路灯的建议") + Line("C-2", "关于修缮古桥的建议"));
  EXPECT_EQ(Import({p}).added, 2);
  uint64_t seq = store_->LastSequence();
  ImportSummary again = Import({p});
  EXPECT_EQ(again.unchanged, 2);
  EXPECT_EQ(again.added + again.updated, 0);
  EXPECT_EQ(store_->LastSequence(), seq);
  Write("a.jsonl", Line("C-1", "关于增设路灯的建议（修改）") + Line("C-2", "关于修缮古桥的建议"));
  ImportSummary changed = Import({p});
  EXPECT_EQ(changed.updated, 1);
  EXPECT_EQ(changed.unchanged, 1);
  auto history = store_->History("C-1");
  ASSERT_OK(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].title, "关于增设路灯的建议");
}

TEST_F(ImporterTest, InvalidUtf8IsRejectedWithLineAndOffset) {
  std::string good = Line("C-1", "关于增设路灯的建议");
  std::string bad = "{\"id\":\"C-2\",\"title\":\"坏\xE5\xB8\"}\n";
  auto p = Write("bad.jsonl", good + bad + Line("C-3", "关于整治噪声的建议"));
  ImportSummary s = Import({p});
  EXPECT_EQ(s.added, 2);
  ASSERT_EQ(s.rejected, 1);
  auto r = Rejects();
  EXPECT_EQ(r[0]["line"], 2);
  EXPECT_EQ(r[0]["error"], "InvalidArgument: invalid UTF-8 byte sequence at byte offset " +
                               std::to_string(good.size() + bad.rfind('\xE5')));
  EXPECT_TRUE(r[0].contains("record_base64"));
  EXPECT_TRUE(store_->Get("C-2").status().IsNotFound());
}

TEST_F(ImporterTest, WrongTypesAndBadIdsAreRejectedNamingTheField) {
  auto p = Write("types.jsonl",
                 "{\"id\":\"T-1\",\"title\":\"x\",\"year\":\"明年\"}\n"
                 "{\"id\":\"T-2\",\"title\":[1,2]}\n"
                 "{\"id\":\"../etc/passwd\",\"title\":\"路径\"}\n"
                 "{\"id\":\"a/b\",\"title\":\"斜杠\"}\n"
                 "{\"id\":\"..\",\"title\":\"点点\"}\n"
                 "[1,2,3]\n" +
                     Line("T-OK", "关于正常记录的建议"));
  ImportSummary s = Import({p});
  EXPECT_EQ(s.added, 1);
  EXPECT_EQ(s.rejected, 6);
  auto r = Rejects();
  ASSERT_EQ(r.size(), 6u);
  EXPECT_NE(r[0]["error"].get<std::string>().find("'year'"), std::string::npos);
  EXPECT_NE(r[1]["error"].get<std::string>().find("'title'"), std::string::npos);
  for (int i = 2; i < 5; ++i) {
    EXPECT_NE(r[i]["error"].get<std::string>().find("'id'"), std::string::npos) << r[i];
  }
  EXPECT_NE(r[5]["error"].get<std::string>().find("JSON object"), std::string::npos);
}

TEST_F(ImporterTest, DuplicateIdsInOneFile) {
  std::string first = Line("D-1", "关于第一份的建议");
  auto p = Write("dup.jsonl", first + first + Line("D-1", "关于另一份的建议"));
  ImportSummary s = Import({p});
  EXPECT_EQ(s.added, 1);
  EXPECT_EQ(s.unchanged, 1);  // The identical repeat.
  ASSERT_EQ(s.rejected, 1);   // The different record with the same id.
  EXPECT_NE(Rejects()[0]["error"].get<std::string>().find(":1 in this import"), std::string::npos);
  std::string third = Line("D-1", "关于另一份的建议");
  third.pop_back();  // The record as it was in the file, without its newline.
  EXPECT_EQ(Rejects()[0]["record"], third);
  EXPECT_EQ(Rejects()[0]["line"], 3);
  EXPECT_EQ(Get("D-1").title, "关于第一份的建议");
}

TEST_F(ImporterTest, EmptyFilesImportNothing) {
  ImportSummary s = Import({Write("e.jsonl", ""), Write("e.csv", ""), Write("e.txt", "\n\n")});
  EXPECT_EQ(s.read, 0);
  EXPECT_EQ(s.rejected, 0);
  EXPECT_EQ(store_->CaseCount(), 0u);
}

TEST_F(ImporterTest, HugeRecordGetsASizeError) {
  std::string big = "{\"id\":\"BIG\",\"body\":\"" + std::string(20 << 20, 'x') + "\"}\n";
  ImportSummary s = Import({Write("big.jsonl", big + Line("S-1", "关于小记录的建议"))});
  EXPECT_EQ(s.added, 1);
  ASSERT_EQ(s.rejected, 1);
  EXPECT_EQ(s.first_rejects[0].line, 1);
  EXPECT_NE(s.first_rejects[0].error.find("ResourceExhausted"), std::string::npos);
  EXPECT_GT(std::filesystem::file_size(dir_ / "rejects.jsonl"), size_t{20} << 20);  // Kept whole.
}

TEST_F(ImporterTest, DeepNestingIsRejectedWithoutStackOverflow) {
  std::string deep =
      "{\"id\":\"DEEP\",\"x\":" + std::string(10000, '[') + std::string(10000, ']') + "}\n";
  ImportSummary s = Import({Write("deep.jsonl", deep + Line("S-1", "关于浅记录的建议"))});
  EXPECT_EQ(s.added, 1);
  ASSERT_EQ(s.rejected, 1);
  EXPECT_NE(Rejects()[0]["error"].get<std::string>().find("nested deeper"), std::string::npos);
}

TEST_F(ImporterTest, NulBytesRejectTheirRecord) {
  std::string nul = "{\"id\":\"N-1\",\"title\":\"a" + std::string(1, '\0') + "b\"}\n";
  ImportSummary s = Import({Write("nul.jsonl", Line("S-1", "关于正常的建议") + nul)});
  EXPECT_EQ(s.added, 1);
  ASSERT_EQ(s.rejected, 1);
  EXPECT_NE(Rejects()[0]["error"].get<std::string>().find("NUL byte"), std::string::npos);
}

TEST_F(ImporterTest, Gb18030CsvWithChineseHeaders) {
  std::string csv =
      "编号,年度,类别,标题,内容,承办单位,主办/会办,办理结果,答复,答复日期,代表/委员\r\n"
      "第0012号,2021,政协提案,关于发展夜间经济的提案,\"建议：\r\n一、延长营业时间。\","
      "区商务委、区文旅局,"
      "主办,解决采纳,已采纳并推进。,2021/6/30,王五、赵六\r\n"
      "第0013号,２０２１年,人大代表建议,关于增加停车位的建议,正文,区交通委,会办,留作参考,,,"
      "钱七\r\n";
  auto p = Write("gb.csv", test::ToGb18030(csv));
  ImportSummary s = Import({p});
  EXPECT_EQ(s.added, 2);
  EXPECT_EQ(s.rejected, 0) << (s.first_rejects.empty() ? "" : s.first_rejects[0].error);
  Case c = Get("2021-ZX-12");
  EXPECT_EQ(c.title, "关于发展夜间经济的提案");
  EXPECT_EQ(c.body, "建议：\n一、延长营业时间。");
  EXPECT_EQ(c.kind, CaseKind::kCppccProposal);
  EXPECT_EQ(c.role, Role::kLead);
  EXPECT_EQ(c.result, CaseResult::kSolved);
  EXPECT_EQ(c.units.lead, (std::vector<std::string>{"区商务委", "区文旅局"}));
  ASSERT_EQ(c.replies.size(), 1u);
  EXPECT_EQ(c.replies[0].date, "2021-06-30");
  ASSERT_EQ(c.proposers.size(), 2u);
  EXPECT_EQ(c.proposers[1].name, "赵六");
  Case d = Get("2021-RD-13");
  EXPECT_EQ(d.year, 2021);
  EXPECT_EQ(d.role, Role::kCo);
  EXPECT_EQ(d.result, CaseResult::kReference);
}

TEST_F(ImporterTest, BomCrlfCsvAndUserMapping) {
  std::string csv =
      "\xEF\xBB\xBF"
      "案件ID,建议名称,正文\r\nM-1,关于设立社区食堂的建议,\"两行\r\n正文\"\r\n";
  ImportOptions o;
  o.field_map = {{"案件ID", "id"}, {"建议名称", "title"}};
  ImportSummary s = Import({Write("m.csv", csv)}, o);
  ASSERT_EQ(s.added, 1);
  Case c = Get("M-1");
  EXPECT_EQ(c.title, "关于设立社区食堂的建议");
  EXPECT_EQ(c.body, "两行\n正文");
}

TEST_F(ImporterTest, TxtFolderWithHeaderBlocks) {
  Write("docs/2022-A-1.txt",
        "标题：关于完善垃圾分类设施的建议\n年度：2022\n类别：人大代表建议\n\n正文第一段。\n第二段。"
        "\n");
  Write("docs/sub/说明.txt", "关于保护老街区风貌的提案\n\n老街区需要保护。\n");
  Write("docs/ignored.png", "not an image");
  ImportSummary s = Import({dir_ / "docs"});
  EXPECT_EQ(s.added, 2);
  EXPECT_EQ(s.skipped_files.size(), 1u);
  Case a = Get("2022-A-1");
  EXPECT_EQ(a.title, "关于完善垃圾分类设施的建议");
  EXPECT_EQ(a.body, "正文第一段。\n第二段。");
  bool found = false;
  ASSERT_OK(store_->ScanAll([&](const Case& c) {
    found = found || c.title == "关于保护老街区风貌的提案";
    return true;
  }));
  EXPECT_TRUE(found);
}

TEST_F(ImporterTest, DocxAndHtml) {
  Write("in/p.docx", test::MakeDocx({"编号：第0099号", "年度：2020", "", "关于加强河长制落实的建议",
                                     "建议内容。"}));
  Write("in/page.html",
        "<html><head><meta charset=\"utf-8\"><title>门户</title></head><body>"
        "<div id=\"nav\">导航</div><main><h1>关于公园延长开放时间的答复</h1>"
        "<p>正文段落。</p></main><script>alert(1)</script></body></html>");
  ImportSummary s = Import({dir_ / "in"});
  EXPECT_EQ(s.added, 2);
  EXPECT_EQ(s.rejected, 0);
  Case d = Get("2020-99");
  EXPECT_EQ(d.title, "关于加强河长制落实的建议");
  EXPECT_EQ(d.body.find("已删除"), std::string::npos);
  Case h = Get("page");
  EXPECT_EQ(h.title, "关于公园延长开放时间的答复");
  EXPECT_NE(h.body.find("正文段落。"), std::string::npos);
  EXPECT_EQ(h.body.find("alert"), std::string::npos);
  EXPECT_EQ(h.body.find("导航"), std::string::npos);
}

TEST_F(ImporterTest, Gb18030HtmlPageDeclaringGb2312) {
  std::string page =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
      "<title>政府门户网站</title></head><body><div class=\"breadcrumb\">首页 &gt; 答复</div>"
      "<div id=\"zoom\"><p>关于优化公交线网的建议的答复</p><p>答复正文：已调整两条线路。</p></div>"
      "</body></html>";
  ImportSummary s = Import({Write("gb-page.html", test::ToGb18030(page))});
  ASSERT_EQ(s.added, 1);
  Case c = Get("gb-page");
  EXPECT_EQ(c.title, "关于优化公交线网的建议的答复");
  EXPECT_NE(c.body.find("答复正文：已调整两条线路。"), std::string::npos);
  EXPECT_EQ(c.body.find("首页"), std::string::npos);
}

TEST_F(ImporterTest, RepliesInSeparateFilesByIdAndByNumberYear) {
  Write("cases.csv",
        "编号,年度,标题,内容\n第0001号,2021,关于甲的建议,甲\n第0002号,2021,关于乙的建议,乙\n");
  Write("replies.csv",
        "编号,年度,答复,答复日期,答复单位\n0001,2021,已办理完毕。,2021-05-01,区建管委\n"
        "0404,2021,找不到案件的答复。,2021-05-01,区建管委\n");
  Write("reply.txt", "关联案件：2021-2\n答复日期：2021年6月1日\n\n乙案的书面答复。\n");
  ImportSummary s = Import({dir_ / "cases.csv", dir_ / "replies.csv", dir_ / "reply.txt"});
  EXPECT_EQ(s.added, 2);
  EXPECT_EQ(s.updated, 2);
  ASSERT_EQ(s.rejected, 1);
  EXPECT_NE(Rejects()[0]["error"].get<std::string>().find("no case numbered '0404'"),
            std::string::npos);
  Case a = Get("2021-1");
  ASSERT_EQ(a.replies.size(), 1u);
  EXPECT_EQ(a.replies[0].text, "已办理完毕。");
  EXPECT_EQ(a.replies[0].unit, "区建管委");
  Case b = Get("2021-2");
  ASSERT_EQ(b.replies.size(), 1u);
  EXPECT_EQ(b.replies[0].date, "2021-06-01");
  ImportSummary again = Import({dir_ / "replies.csv", dir_ / "reply.txt"});
  EXPECT_EQ(again.updated, 0);
  EXPECT_EQ(again.unchanged, 2);
  EXPECT_EQ(Get("2021-1").replies.size(), 1u);
}

TEST_F(ImporterTest, DryRunWritesNothing) {
  auto p = Write("a.jsonl", Line("C-1", "关于试运行的建议"));
  ImportOptions o;
  o.dry_run = true;
  ImportSummary s = Import({p}, o);
  EXPECT_EQ(s.added, 1);
  EXPECT_EQ(store_->CaseCount(), 0u);
}

TEST_F(ImporterTest, JsonArrayAndPrettyPrintedObject) {
  auto array = Write("arr.json",
                     "[\n  {\"id\": \"J-1\", \"title\": \"关于一的建议\"},\n  {\"id\": \"J/2\"},\n"
                     "  {\"id\": \"J-3\",\n   \"title\": \"关于三的建议\"}\n]\n");
  auto pretty = Write("one.json", "{\n  \"id\": \"J-4\",\n  \"title\": \"关于四的建议\"\n}\n");
  ImportSummary s = Import({array, pretty});
  EXPECT_EQ(s.added, 3);
  ASSERT_EQ(s.rejected, 1);
  EXPECT_EQ(Rejects()[0]["line"], 3);
  EXPECT_EQ(Get("J-3").source.line, 4);
  EXPECT_EQ(Get("J-4").title, "关于四的建议");
}

TEST_F(ImporterTest, MissingPathCannotRun) {
  Importer importer(store_.get(), {});
  EXPECT_TRUE(importer.Run({dir_ / "nope.jsonl"}).status().IsNotFound());
}

}  // namespace
}  // namespace casebook::importer
