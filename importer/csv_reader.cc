#include "importer/csv_reader.h"

#include <algorithm>
#include <vector>

#include "importer/value_normalizer.h"

namespace casebook::importer {
namespace {

// One parsed row and where it lies in the text.
struct CsvRow {
  std::vector<std::string> cells;
  size_t begin = 0, end = 0;  // Byte range of the row (without its line break).
  int64_t first_line = 0, last_line = 0;
  bool unterminated = false;  // A quoted cell never closed.
};

class CsvScanner {
 public:
  CsvScanner(std::string_view text, char delimiter) : text_(text), delim_(delimiter) {}

  bool Done() const { return pos_ >= text_.size(); }

  // Reads the next row. On an unterminated quote, the row is cut at the end of
  // its first line and scanning resumes on the next line.
  CsvRow Next() {
    CsvRow row;
    row.begin = pos_;
    row.first_line = line_;
    std::string cell;
    size_t i = pos_;
    bool at_cell_start = true;
    while (true) {
      if (i >= text_.size()) {
        row.cells.push_back(std::move(cell));
        row.end = i;
        break;
      }
      char c = text_[i];
      if (at_cell_start && c == '"') {
        size_t close = ReadQuoted(i + 1, &cell);
        if (close == std::string_view::npos) return Unterminated(row);
        i = close + 1;
        at_cell_start = false;
        continue;
      }
      if (c == delim_) {
        row.cells.push_back(std::move(cell));
        cell.clear();
        at_cell_start = true;
        ++i;
        continue;
      }
      if (c == '\n') {
        row.cells.push_back(std::move(cell));
        row.end = i;
        ++i;
        break;
      }
      cell.push_back(c);
      at_cell_start = false;
      ++i;
    }
    row.last_line = line_;
    ++line_;
    pos_ = i;
    return row;
  }

 private:
  // Reads a quoted cell body from `i` (after the opening quote) into `cell`;
  // returns the index of the closing quote, or npos. Counts line breaks.
  size_t ReadQuoted(size_t i, std::string* cell) {
    int64_t breaks = 0;
    while (i < text_.size()) {
      char c = text_[i];
      if (c == '"') {
        if (i + 1 < text_.size() && text_[i + 1] == '"') {
          cell->push_back('"');
          i += 2;
          continue;
        }
        line_ += breaks;
        return i;
      }
      if (c == '\n') ++breaks;
      cell->push_back(c);
      ++i;
    }
    return std::string_view::npos;
  }

  CsvRow Unterminated(CsvRow row) {
    size_t nl = text_.find('\n', row.begin);
    row.end = nl == std::string_view::npos ? text_.size() : nl;
    row.last_line = row.first_line;
    row.unterminated = true;
    row.cells.clear();
    line_ = row.first_line + 1;
    pos_ = nl == std::string_view::npos ? text_.size() : nl + 1;
    return row;
  }

  std::string_view text_;
  char delim_;
  size_t pos_ = 0;
  int64_t line_ = 1;
};

char DetectDelimiter(std::string_view text) {
  std::string_view first = text.substr(0, text.find('\n'));
  size_t comma = 0, tab = 0, semicolon = 0;
  for (char c : first) {
    comma += c == ',';
    tab += c == '\t';
    semicolon += c == ';';
  }
  if (tab > comma && tab >= semicolon) return '\t';
  if (semicolon > comma) return ';';
  return ',';
}

bool RowIsBlank(const CsvRow& row) {
  for (const auto& c : row.cells) {
    if (!TrimText(c).empty()) return false;
  }
  return true;
}

// Column names from the header row; repeated names get " (2)", " (3)" ...
std::vector<std::string> HeaderNames(const CsvRow& header) {
  std::vector<std::string> names;
  for (const auto& cell : header.cells) {
    std::string name(TrimText(cell));
    if (name.empty()) name = "column " + std::to_string(names.size() + 1);
    std::string unique = name;
    for (int n = 2; std::find(names.begin(), names.end(), unique) != names.end(); ++n) {
      unique = name + " (" + std::to_string(n) + ")";
    }
    names.push_back(unique);
  }
  return names;
}

Status CheckRow(const CsvRow& row, const std::vector<std::string>& names, const DecodedText& text,
                const CsvOptions& options) {
  if (const std::string* bad = text.ErrorIn(row.first_line, row.last_line)) {
    return Status::InvalidArgument(*bad);
  }
  if (row.unterminated) {
    return Status::InvalidArgument("quoted cell never closed (a '\"' without its pair)");
  }
  if (row.end - row.begin > options.max_record_bytes) {
    return Status::ResourceExhausted("row is " + std::to_string(row.end - row.begin) +
                                     " bytes, over the limit of " +
                                     std::to_string(options.max_record_bytes));
  }
  for (size_t i = names.size(); i < row.cells.size(); ++i) {
    if (!TrimText(row.cells[i]).empty()) {
      return Status::InvalidArgument("row has " + std::to_string(row.cells.size()) +
                                     " cells but the header has " + std::to_string(names.size()) +
                                     " columns");
    }
  }
  return Status::Ok();
}

}  // namespace

void ReadCsv(const DecodedText& text, const std::string& file, const CsvOptions& options,
             const RecordSink& sink) {
  std::string_view all(text.text);
  char delim = options.delimiter != 0 ? options.delimiter : DetectDelimiter(all);
  CsvScanner scanner(all, delim);
  std::vector<std::string> names;
  bool have_header = false;
  while (!scanner.Done()) {
    CsvRow row = scanner.Next();
    if (!row.unterminated && RowIsBlank(row)) continue;
    if (!have_header) {
      const std::string* bad = text.ErrorIn(row.first_line, row.last_line);
      if (bad != nullptr || row.unterminated) {
        SourceRecord rec;
        rec.file = file;
        rec.line = row.first_line;
        rec.text = std::string(all.substr(row.begin, row.end - row.begin));
        rec.error = Status::InvalidArgument("header row unreadable, file not imported: " +
                                            (bad ? *bad : std::string("quoted cell never closed")));
        sink(std::move(rec));
        return;
      }
      names = HeaderNames(row);
      have_header = true;
      continue;
    }
    SourceRecord rec;
    rec.file = file;
    rec.line = row.first_line;
    rec.text = std::string(all.substr(row.begin, row.end - row.begin));
    rec.error = CheckRow(row, names, text, options);
    if (rec.error.ok()) {
      for (size_t i = 0; i < row.cells.size() && i < names.size(); ++i) {
        if (!TrimText(row.cells[i]).empty()) rec.fields[names[i]] = std::move(row.cells[i]);
      }
    }
    sink(std::move(rec));
  }
}

}  // namespace casebook::importer
