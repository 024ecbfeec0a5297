#include "importer/text_case_reader.h"

#include <vector>

#include "importer/value_normalizer.h"

namespace casebook::importer {
namespace {

constexpr size_t kMaxHeaderKeyBytes = 40;
constexpr size_t kMaxFallbackTitleBytes = 120;
constexpr int kTitleSearchLines = 10;

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    lines.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return lines;
}

// Splits "key: value" / "key：value"; false when the line has no such shape.
bool SplitHeaderLine(std::string_view line, std::string_view* key, std::string_view* value) {
  size_t ascii = line.find(':');
  size_t wide = line.find("：");
  size_t at = std::min(ascii, wide);
  if (at == std::string_view::npos) return false;
  size_t colon_len = at == ascii ? 1 : 3;
  std::string_view k = TrimText(line.substr(0, at));
  if (k.empty() || k.size() > kMaxHeaderKeyBytes) return false;
  for (std::string_view punct : {"，", "。", "；", "、", "？", "！"}) {
    if (k.find(punct) != std::string_view::npos) return false;
  }
  *key = k;
  *value = TrimText(line.substr(at + colon_len));
  return true;
}

// Parses the header block starting at lines[first]; returns the index of the
// first body line, or `first` when there is no header.
size_t ParseHeader(const std::vector<std::string_view>& lines, size_t first,
                   const FieldMapper& mapper, nlohmann::json* fields) {
  nlohmann::json header = nlohmann::json::object();
  bool known = false;
  size_t i = first;
  for (; i < lines.size() && !TrimText(lines[i]).empty(); ++i) {
    std::string_view key, value;
    if (!SplitHeaderLine(lines[i], &key, &value)) return first;
    known = known || !mapper.TargetOf(key).empty();
    header[std::string(key)] = std::string(value);
  }
  if (!known) return first;
  for (auto& [k, v] : header.items()) (*fields)[k] = std::move(v);
  return i;
}

std::string FindTitle(const std::vector<std::string_view>& lines, size_t first) {
  std::string_view fallback;
  int seen = 0;
  for (size_t i = first; i < lines.size() && seen < kTitleSearchLines; ++i) {
    std::string_view line = TrimText(lines[i]);
    if (line.empty()) continue;
    ++seen;
    if (LooksLikeProposalTitle(line)) return std::string(line);
    if (fallback.empty()) fallback = line;
  }
  if (fallback.size() <= kMaxFallbackTitleBytes) return std::string(fallback);
  return "";
}

bool HasTarget(const nlohmann::json& fields, const FieldMapper& mapper, std::string_view target) {
  for (const auto& item : fields.items()) {
    if (mapper.TargetOf(item.key()) == target) return true;
  }
  return false;
}

}  // namespace

bool LooksLikeProposalTitle(std::string_view line) {
  line = TrimText(line);
  if (line.substr(0, 6) != "关于") return false;
  for (std::string_view tail : {"。", "”", "》", "\"", ")", "）"}) {
    while (line.size() >= tail.size() && line.substr(line.size() - tail.size()) == tail) {
      line.remove_suffix(tail.size());
    }
  }
  for (std::string_view end : {"建议", "提案", "议案", "意见", "请示", "报告", "答复"}) {
    if (line.size() > 6 + end.size() && line.substr(line.size() - end.size()) == end) return true;
  }
  return false;
}

SourceRecord ReadTextCase(std::string_view text, const std::string& file,
                          const FieldMapper& mapper) {
  SourceRecord rec;
  rec.file = file;
  rec.line = 1;
  rec.text = std::string(text);
  std::vector<std::string_view> lines = SplitLines(text);
  size_t first = 0;
  while (first < lines.size() && TrimText(lines[first]).empty()) ++first;
  if (first == lines.size()) {
    rec.error = Status::InvalidArgument("the document is empty");
    return rec;
  }
  size_t body_start = ParseHeader(lines, first, mapper, &rec.fields);
  while (body_start < lines.size() && TrimText(lines[body_start]).empty()) ++body_start;
  std::string body;
  for (size_t i = body_start; i < lines.size(); ++i) {
    body.append(lines[i]);
    if (i + 1 < lines.size()) body.push_back('\n');
  }
  body = std::string(TrimText(body));
  bool is_reply = HasTarget(rec.fields, mapper, "case_id");
  if (!body.empty()) rec.fields[is_reply ? "reply" : "body"] = body;
  if (!is_reply && !HasTarget(rec.fields, mapper, "title")) {
    std::string title = FindTitle(lines, body_start);
    if (!title.empty()) rec.fields["title"] = title;
  }
  return rec;
}

SourceRecord ReadTextFile(const DecodedText& text, const std::string& file,
                          const FieldMapper& mapper) {
  if (!text.line_errors.empty()) {
    SourceRecord rec;
    rec.file = file;
    rec.line = text.line_errors.begin()->first;
    rec.text = text.text;
    rec.error = Status::InvalidArgument(text.line_errors.begin()->second);
    return rec;
  }
  return ReadTextCase(text.text, file, mapper);
}

}  // namespace casebook::importer
