#include "api/review/case_export.h"

#include <functional>
#include <map>
#include <type_traits>
#include <vector>

#include "api/review/case_facts.h"
#include "api/review/case_words.h"
#include "store/case_fields.h"
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

std::string LeadUnits(const Case& c) { return Join(c.units.lead); }
std::string CoUnits(const Case& c) { return Join(c.units.co); }
std::string JointUnits(const Case& c) { return Join(c.units.joint); }
std::string ReplyCount(const Case& c) { return std::to_string(c.replies.size()); }
std::string IsPublic(const Case& c) {
  return c.disclosure.present && c.disclosure.is_public ? "是" : "";
}

// A column of the export: a field's value written by its type, or a cell
// function for the fields not written that way.
struct Column {
  const char* header;
  int field;                                   // Row in CaseModel.
  std::string (*cell)(const Case&) = nullptr;  // Null: the field's value.
};

// The columns of the exported fields whose value is not one cell of text:
// structured ones, and those shown by a fact of them (header null: the
// field's label).
const std::map<std::string, std::vector<Column>>& CellColumns() {
  static const std::map<std::string, std::vector<Column>> kColumns = {
      {"proposers", {{nullptr, 0, ProposerNames}}},
      {"units",
       {{"主办单位", 0, LeadUnits}, {"会办单位", 0, CoUnits}, {"合办单位", 0, JointUnits}}},
      {"replies", {{"答复次数", 0, ReplyCount}, {"首次答复日期", 0, FirstReplyDate}}},
      {"feedback", {{"最新满意度", 0, LatestSatisfaction}}},
      {"disclosure", {{nullptr, 0, IsPublic}}}};
  return kColumns;
}

// The columns: the fields of CaseModel flagged kExported, in its order; the
// body (正文), optional, last.
std::vector<Column> Columns(bool include_body) {
  std::vector<Column> out;
  for (const FieldInfo& f : CaseModel::kFields) {
    const int i = CaseFieldIndex(f);
    if (!f.has(kExported) || i == CaseModel::body) continue;
    auto cells = CellColumns().find(f.name);
    if (cells == CellColumns().end()) {
      out.push_back({f.label, i});
      continue;
    }
    for (Column col : cells->second) {
      if (col.header == nullptr) col.header = f.label;
      col.field = i;
      out.push_back(col);
    }
  }
  if (include_body) out.push_back({CaseModel::kFields[CaseModel::body].label, CaseModel::body});
  return out;
}

// The cell of a field's value, by its type: enumerations in Chinese, lists
// joined with 、, flags 是 or empty, an unknown year empty.
std::string Cell(const FieldInfo&, const std::string& v) { return v; }
std::string Cell(const FieldInfo& f, int v) {
  return f.type == FieldType::kYear && v == 0 ? "" : std::to_string(v);
}
std::string Cell(const FieldInfo&, int64_t v) { return std::to_string(v); }
std::string Cell(const FieldInfo&, bool v) { return v ? "是" : ""; }
std::string Cell(const FieldInfo&, const std::vector<std::string>& v) { return Join(v); }
template <typename E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
std::string Cell(const FieldInfo&, E v) {
  return ChineseWord(ToString(v));
}
template <typename T, std::enable_if_t<!std::is_enum_v<T>, int> = 0>
std::string Cell(const FieldInfo&, const T&) {
  return "";  // Structured: CellColumns names its cells.
}

std::vector<std::string> Row(const Case& c, const std::vector<Column>& columns) {
  std::vector<std::string> row;
  row.reserve(columns.size());
  for (const Column& col : columns) {
    if (col.cell != nullptr) {
      row.push_back(col.cell(c));
      continue;
    }
    CaseModel::VisitAt(c, col.field, [&](const FieldInfo& f, const auto& member) {
      row.push_back(Cell(f, member));
      return true;
    });
  }
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
  const std::vector<Column> columns = Columns(options.include_body);
  std::vector<std::string> header;
  for (const Column& col : columns) header.push_back(col.header);
  AppendRow(header, out);
  return ScanFiltered(store, options.filter,
                      [&](const Case& c) { AppendRow(Row(c, columns), out); });
}

Status WriteCasesJsonl(const CaseStore& store, const CaseFilter& filter, std::string* out) {
  return ScanFiltered(store, filter, [&](const Case& c) {
    out->append(CaseToJson(c).dump());
    out->push_back('\n');
  });
}

}  // namespace casebook::review
