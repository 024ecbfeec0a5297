#include "api/case_export_csv.h"

#include <map>
#include <vector>

#include "api/case_facts.h"

namespace casebook::api {
namespace {

// The Chinese word users write for an English enum name ("" stays "").
std::string Chinese(const std::string& english) {
  static const std::map<std::string, std::string> kWords = {
      {"deputy_suggestion", "人大代表建议"},
      {"cppcc_proposal", "政协提案"},
      {"npc_motion", "议案"},
      {"appeal", "群众来信"},
      {"other", "其他"},
      {"national", "全国"},
      {"provincial", "省级"},
      {"municipal", "市级"},
      {"district", "区级"},
      {"lead", "主办"},
      {"co", "会办"},
      {"joint", "合办"},
      {"solved", "已经解决"},
      {"solving", "正在解决"},
      {"planned", "计划解决"},
      {"reference", "留作参考"},
      {"received", "已收到"},
      {"handling", "办理中"},
      {"replied", "已答复"},
      {"closed", "已办结"},
      {"reopened", "重新办理"},
      {"satisfied", "满意"},
      {"basically_satisfied", "基本满意"},
      {"unsatisfied", "不满意"},
  };
  auto it = kWords.find(english);
  return it == kWords.end() ? english : it->second;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "、") + p;
  return out;
}

std::string ProposerNames(const Case& c) {
  std::vector<std::string> names;
  for (const Proposer& p : c.proposers) names.push_back(p.name);
  return Join(names);
}

std::string LatestSatisfaction(const Case& c) {
  const Feedback* latest = LatestRatedFeedback(c);
  return latest ? Chinese(ToString(latest->satisfaction)) : "";
}

std::vector<std::string> Row(const Case& c, bool include_body) {
  std::vector<std::string> row = {c.id,
                                  Chinese(ToString(c.kind)),
                                  Chinese(ToString(c.level)),
                                  c.year ? std::to_string(c.year) : "",
                                  c.session,
                                  c.number,
                                  c.title,
                                  ProposerNames(c),
                                  Chinese(ToString(c.role)),
                                  Join(c.units.lead),
                                  Join(c.units.co),
                                  Join(c.units.joint),
                                  c.received,
                                  c.reply_due,
                                  Chinese(ToString(c.result)),
                                  c.commitment_due,
                                  Chinese(ToString(c.status)),
                                  std::to_string(c.replies.size()),
                                  FirstReplyDate(c),
                                  LatestSatisfaction(c),
                                  Join(c.tags),
                                  std::to_string(c.version),
                                  c.updated_at};
  if (include_body) row.push_back(c.body);
  return row;
}

void AppendRow(const std::vector<std::string>& cells, std::string* out) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out->push_back(',');
    out->append(CsvCell(cells[i]));
  }
  out->append("\r\n");
}

}  // namespace

std::string CsvCell(std::string_view text) {
  std::string cell(text);
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@')) {
    cell.insert(cell.begin(), '\'');
  }
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char ch : cell) {
    if (ch == '"') quoted.push_back('"');
    quoted.push_back(ch);
  }
  quoted.push_back('"');
  return quoted;
}

Status WriteCasesCsv(const CaseStore& store, const CsvExportOptions& options, std::string* out) {
  out->append("\xEF\xBB\xBF");  // UTF-8 byte-order mark: Excel then reads UTF-8.
  std::vector<std::string> header = {
      "案件编号",     "类别",       "层级",       "年份",     "届次",     "案号",
      "标题",         "提出人",     "本单位角色", "主办单位", "会办单位", "合办单位",
      "收到日期",     "答复期限",   "办理结果",   "承诺期限", "状态",     "答复次数",
      "首次答复日期", "最新满意度", "标签",       "版本",     "更新时间"};
  if (options.include_body) header.push_back("正文");
  AppendRow(header, out);
  auto visit = [&](const Case& c) {
    AppendRow(Row(c, options.include_body), out);
    return true;
  };
  if (options.year != 0) return store.ScanYear(options.year, visit);
  return store.ScanAll(visit);
}

}  // namespace casebook::api
