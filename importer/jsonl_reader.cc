#include "importer/jsonl_reader.h"

#include "importer/value_normalizer.h"

namespace casebook::importer {

void ForEachJsonLine(const DecodedText& text, size_t begin, size_t end, int64_t first_line,
                     const std::function<void(const JsonLine&)>& fn) {
  std::string_view all = std::string_view(text.text).substr(0, end);
  int64_t line_no = first_line - 1;
  size_t pos = begin;
  while (pos < all.size()) {
    ++line_no;
    size_t nl = all.find('\n', pos);
    if (nl == std::string_view::npos) nl = all.size();
    std::string_view line = all.substr(pos, nl - pos);
    pos = nl + 1;
    const std::string* bad = text.ErrorIn(line_no, line_no);
    if (TrimText(line).empty() && bad == nullptr) continue;
    fn(JsonLine{line_no, line, bad});
  }
}

SourceRecord ReadJsonLine(const JsonLine& line, const std::string& file, const JsonLimits& limits) {
  SourceRecord rec;
  rec.file = file;
  rec.line = line.line;
  rec.text = std::string(line.text);
  if (line.decode_error != nullptr) {
    rec.error = Status::InvalidArgument(*line.decode_error);
    return rec;
  }
  auto parsed = ParseJsonText(line.text, limits);
  if (!parsed.ok()) {
    rec.error = parsed.status();
  } else if (!parsed->is_object()) {
    rec.error =
        Status::InvalidArgument("expected a JSON object, got " + std::string(parsed->type_name()));
  } else {
    rec.fields = std::move(*parsed);
  }
  return rec;
}

void ReadJsonLines(const DecodedText& text, const std::string& file, const JsonLimits& limits,
                   const RecordSink& sink) {
  ReadJsonLineRange(text, 0, text.text.size(), 1, file, limits, sink);
}

void ReadJsonLineRange(const DecodedText& text, size_t begin, size_t end, int64_t first_line,
                       const std::string& file, const JsonLimits& limits, const RecordSink& sink) {
  ForEachJsonLine(text, begin, end, first_line,
                  [&](const JsonLine& line) { sink(ReadJsonLine(line, file, limits)); });
}

}  // namespace casebook::importer
