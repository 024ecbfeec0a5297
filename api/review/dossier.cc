#include "api/review/dossier.h"

#include "api/review/case_rules.h"
#include "api/review/case_words.h"
#include "store/case_json.h"

namespace casebook::review {
namespace {

constexpr char kStyle[] = R"(
body{font-family:"Noto Sans CJK SC","Noto Serif CJK SC",sans-serif;margin:2em auto;max-width:52em;
color:#111;line-height:1.6}
h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.1em;border-bottom:1px solid #999;margin-top:1.6em}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:.25em .5em;
vertical-align:top;text-align:left}th{background:#f2f2f2;width:9em;font-weight:normal}
.meta{color:#555}.body{white-space:pre-wrap}.empty{color:#777}.rule{color:#a00}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}
table,tr{break-inside:avoid}@page{size:A4;margin:18mm}}
)";

class Page {
 public:
  void Raw(std::string_view html) { out_.append(html); }
  void Text(std::string_view text) { out_ += EscapeHtml(text); }
  void Heading(const char* title) { out_ += "<h2>" + std::string(title) + "</h2>\n"; }
  // A two-column table row, skipped when `value` is empty.
  void Row(const char* label, const std::string& value) {
    if (value.empty()) return;
    out_ += "<tr><th>" + std::string(label) + "</th><td>" + EscapeHtml(value) + "</td></tr>\n";
  }
  void Empty(const char* what) { out_ += "<p class=\"empty\">" + std::string(what) + "</p>\n"; }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

std::string Word(const char* english) { return ChineseWord(english); }

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : "、") + s;
  return out;
}

// A table whose rows are the entries of `list`, one column per header.
template <typename T, typename F>
void EntryTable(Page& p, const std::vector<T>& list, std::initializer_list<const char*> headers,
                const char* none, F cells) {
  if (list.empty()) return p.Empty(none);
  p.Raw("<table><tr>");
  for (const char* h : headers) p.Raw(std::string("<th>") + h + "</th>");
  p.Raw("</tr>\n");
  for (const T& e : list) {
    p.Raw("<tr>");
    for (const std::string& cell : cells(e)) {
      p.Raw("<td class=\"body\">");
      p.Text(cell);
      p.Raw("</td>");
    }
    p.Raw("</tr>\n");
  }
  p.Raw("</table>\n");
}

void Proposal(Page& p, const Case& c) {
  p.Raw("<table>\n");
  p.Row("编号", c.id);
  p.Row("类别", Word(ToString(c.kind)));
  p.Row("层级", Word(ToString(c.level)));
  p.Row("年份", c.year ? std::to_string(c.year) : "");
  p.Row("届次", c.session);
  p.Row("案号", c.number);
  std::vector<std::string> names;
  for (const Proposer& x : c.proposers) {
    names.push_back(x.affiliation.empty() ? x.name : x.name + "（" + x.affiliation + "）");
  }
  p.Row("提出人", Join(names));
  p.Row("本单位角色", Word(ToString(c.role)));
  p.Row("主办单位", Join(c.units.lead));
  p.Row("会办单位", Join(c.units.co));
  p.Row("合办单位", Join(c.units.joint));
  p.Row("收到日期", c.received);
  p.Row("交办日期", c.assigned);
  p.Row("答复期限", c.reply_due);
  p.Row("办理结果", Word(ToString(c.result)));
  p.Row("承诺期限", c.commitment_due);
  p.Row("办理状态", Word(ToString(c.status)));
  p.Row("重点件", c.key_case ? "是" : "");
  p.Row("督办领导", c.supervising_leader);
  p.Row("标签", Join(c.tags));
  p.Raw("</table>\n");
  if (!c.body.empty()) {
    p.Raw("<p class=\"body\">");
    p.Text(c.body);
    p.Raw("</p>\n");
  }
}

void Process(Page& p, const Case& c) {
  p.Heading("面商沟通");
  EntryTable(p, c.consultations, {"日期", "方式", "参加人员", "情况"}, "尚无面商记录。",
             [](const Consultation& x) {
               return std::vector<std::string>{x.date, Word(ToString(x.form)), Join(x.participants),
                                               x.notes};
             });
  p.Heading("答复");
  EntryTable(p, c.replies, {"序号", "类别", "日期", "答复单位", "结果", "答复内容"}, "尚无答复。",
             [](const Reply& r) {
               return std::vector<std::string>{r.seq ? std::to_string(r.seq) : "",
                                               Word(ToString(r.kind)),
                                               r.date,
                                               r.unit,
                                               Word(ToString(r.result)),
                                               r.text};
             });
  p.Heading("代表委员反馈");
  EntryTable(
      p, c.feedback, {"日期", "反馈人", "满意度", "意见"}, "尚无反馈。", [](const Feedback& f) {
        return std::vector<std::string>{f.date, f.from, Word(ToString(f.satisfaction)), f.text};
      });
  p.Heading("回头看与评估");
  EntryTable(p, c.reviews, {"日期", "类别", "结论", "情况", "评估人"}, "尚无回头看记录。",
             [](const Review& r) {
               return std::vector<std::string>{r.date, Word(ToString(r.kind)),
                                               Word(ToString(r.outcome)), r.finding, r.reviewer};
             });
  p.Heading("领导审批");
  EntryTable(p, c.approvals, {"日期", "事项", "审批领导", "意见"}, "尚无审批记录。",
             [](const Approval& a) {
               const std::string what =
                   a.kind == ApprovalKind::kReference ? "留作参考" : Word(ToString(a.kind));
               return std::vector<std::string>{a.date, what, a.approver, a.note};
             });
  p.Heading("公开情况");
  if (!c.disclosure.present) return p.Empty("未记录公开情况。");
  p.Raw("<table>\n");
  p.Row("是否公开", c.disclosure.is_public ? "已公开" : "未公开");
  p.Row("公开日期", c.disclosure.date);
  p.Row("网址", c.disclosure.url);
  p.Raw("</table>\n");
}

void Rules(Page& p, const Case& c) {
  const std::vector<RuleViolation> broken = CheckCaseRules(c);
  if (broken.empty()) return;
  p.Heading("不合办理规则之处");
  p.Raw("<ul>\n");
  for (const RuleViolation& v : broken) {
    p.Raw("<li class=\"rule\">");
    p.Text(v.Message());
    p.Raw("</li>\n");
  }
  p.Raw("</ul>\n");
}

void History(Page& p, const std::vector<Case>& history) {
  p.Heading("修改记录");
  EntryTable(p, history, {"版本", "保存时间", "办理结果", "状态", "答复", "反馈", "回头看"}, "无。",
             [](const Case& v) {
               return std::vector<std::string>{
                   std::to_string(v.version),        v.updated_at,
                   Word(ToString(v.result)),         Word(ToString(v.status)),
                   std::to_string(v.replies.size()), std::to_string(v.feedback.size()),
                   std::to_string(v.reviews.size())};
             });
}

// One line of a history summary: which version, when, and the state it had.
nlohmann::json VersionSummary(const Case& c) {
  nlohmann::json j = {{"version", c.version}, {"updated_at", c.updated_at}};
  if (c.result != CaseResult::kUnset) j["result"] = ToString(c.result);
  if (c.status != CaseStatus::kUnset) j["status"] = ToString(c.status);
  j["replies"] = c.replies.size();
  j["feedback"] = c.feedback.size();
  j["reviews"] = c.reviews.size();
  return j;
}

}  // namespace

nlohmann::json DossierJson(const Case& c, const std::vector<Case>& history) {
  nlohmann::json changes = nlohmann::json::array();
  for (const Case& v : history) changes.push_back(VersionSummary(v));
  return {{"case", CaseToJson(c)},
          {"history", {{"versions", changes.size()}, {"changes", std::move(changes)}}}};
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(ch);
    }
  }
  return out;
}

std::string DossierHtml(const Case& c, const std::vector<Case>& history) {
  Page p;
  p.Raw("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n<title>");
  p.Text(c.title.empty() ? c.id : c.title);
  p.Raw(" — 一案一册</title>\n<style>");
  p.Raw(kStyle);
  p.Raw("</style></head>\n<body>\n<h1>");
  p.Text(c.title.empty() ? c.id : c.title);
  p.Raw("</h1>\n<p class=\"meta\">一案一册 · ");
  p.Text(c.id);
  p.Raw(" · 第" + std::to_string(c.version) + "版");
  if (!c.updated_at.empty()) {
    p.Raw(" · ");
    p.Text(c.updated_at);
  }
  p.Raw("</p>\n");
  p.Heading("建议提案");
  Proposal(p, c);
  Process(p, c);
  Rules(p, c);
  History(p, history);
  p.Raw("</body></html>\n");
  return p.Take();
}

}  // namespace casebook::review
