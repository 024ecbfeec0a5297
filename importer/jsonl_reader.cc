#include "importer/jsonl_reader.h"

#include "importer/value_normalizer.h"

namespace casebook::importer {

void ReadJsonLines(const DecodedText& text, const std::string& file, const JsonLimits& limits,
                   const RecordSink& sink) {
  ReadJsonLineRange(text, 0, text.text.size(), 1, file, limits, sink);
}

void ReadJsonLineRange(const DecodedText& text, size_t begin, size_t end, int64_t first_line,
                       const std::string& file, const JsonLimits& limits, const RecordSink& sink) {
  std::string_view all = std::string_view(text.text).substr(0, end);
  int64_t line_no = first_line - 1;
  size_t pos = begin;
  while (pos < all.size()) {
    ++line_no;
    size_t nl = all.find('\n', pos);
    if (nl == std::string_view::npos) nl = all.size();
    std::string_view line = all.substr(pos, nl - pos);
    pos = nl + 1;
    if (TrimText(line).empty() && !text.ErrorIn(line_no, line_no)) continue;
    SourceRecord rec;
    rec.file = file;
    rec.line = line_no;
    rec.text = std::string(line);
    if (const std::string* bad = text.ErrorIn(line_no, line_no)) {
      rec.error = Status::InvalidArgument(*bad);
    } else {
      auto parsed = ParseJsonText(line, limits);
      if (!parsed.ok()) {
        rec.error = parsed.status();
      } else if (!parsed->is_object()) {
        rec.error = Status::InvalidArgument("expected a JSON object, got " +
                                            std::string(parsed->type_name()));
      } else {
        rec.fields = std::move(*parsed);
      }
    }
    sink(std::move(rec));
  }
}

}  // namespace casebook::importer
