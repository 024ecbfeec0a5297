#include "api/review/case_export.h"

#include <functional>
#include <map>
#include <vector>

#include "api/review/case_facts.h"
#include "api/review/case_words.h"
#include "store/case_json.h"

namespace casebook::review {
namespace {

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
  return latest ? ChineseWord(ToString(latest->satisfaction)) : "";
}

std::vector<std::string> Row(const Case& c, bool include_body) {
  std::vector<std::string> row = {c.id,
                                  ChineseWord(ToString(c.kind)),
                                  ChineseWord(ToString(c.level)),
                                  c.year ? std::to_string(c.year) : "",
                                  c.session,
                                  c.number,
                                  c.title,
                                  ProposerNames(c),
                                  ChineseWord(ToString(c.role)),
                                  Join(c.units.lead),
                                  Join(c.units.co),
                                  Join(c.units.joint),
                                  c.received,
                                  c.reply_due,
                                  ChineseWord(ToString(c.result)),
                                  c.commitment_due,
                                  ChineseWord(ToString(c.status)),
                                  std::to_string(c.replies.size()),
                                  FirstReplyDate(c),
                                  LatestSatisfaction(c),
                                  c.key_case ? "是" : "",
                                  c.supervising_leader,
                                  c.disclosure.present && c.disclosure.is_public ? "是" : "",
                                  Join(c.tags),
                                  std::to_string(c.version),
                                  c.updated_at};
  if (include_body) row.push_back(c.body);
  return row;
}

// Calls fn for each case the filter passes, in id order (by year when the
// filter names one).
Status ScanFiltered(const CaseStore& store, const CaseFilter& filter,
                    const std::function<void(const Case&)>& fn) {
  auto visit = [&](const Case& c) {
    if (filter.empty() || filter.Matches(SummarizeCase(c))) fn(c);
    return true;
  };
  if (filter.year != 0) return store.ScanYear(filter.year, visit);
  return store.ScanAll(visit);
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
      "首次答复日期", "最新满意度", "重点件",     "督办领导", "已公开",   "标签",
      "版本",         "更新时间"};
  if (options.include_body) header.push_back("正文");
  AppendRow(header, out);
  return ScanFiltered(store, options.filter, [&](const Case& c) {
    AppendRow(Row(c, options.include_body), out);
  });
}

Status WriteCasesJsonl(const CaseStore& store, const CaseFilter& filter, std::string* out) {
  return ScanFiltered(store, filter, [&](const Case& c) {
    out->append(CaseToJson(c).dump());
    out->push_back('\n');
  });
}

}  // namespace casebook::review
