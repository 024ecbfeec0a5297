#include "importer/format_detect.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "importer/value_normalizer.h"

namespace casebook::importer {

ImportFormat FormatFromExtension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".jsonl" || ext == ".ndjson" || ext == ".json") return ImportFormat::kJsonl;
  if (ext == ".csv" || ext == ".tsv") return ImportFormat::kCsv;
  if (ext == ".txt" || ext == ".text") return ImportFormat::kTxt;
  if (ext == ".docx") return ImportFormat::kDocx;
  if (ext == ".html" || ext == ".htm" || ext == ".shtml") return ImportFormat::kHtml;
  return ImportFormat::kAuto;
}

ImportFormat FormatFromContent(std::string_view head) {
  if (head.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return ImportFormat::kDocx;
  std::string_view t = TrimText(head.substr(0, 4096));
  if (!t.empty() && t.front() == '{') return ImportFormat::kJsonl;
  std::string lower(t.substr(0, 1024));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.find("<html") != std::string::npos ||
      lower.find("<!doctype html") != std::string::npos) {
    return ImportFormat::kHtml;
  }
  std::string_view first = t.substr(0, t.find('\n'));
  if (std::count(first.begin(), first.end(), ',') >= 1 ||
      std::count(first.begin(), first.end(), '\t') >= 1) {
    // A header row is short and has no sentence punctuation.
    if (first.size() < 2048 && first.find("。") == std::string_view::npos) {
      return ImportFormat::kCsv;
    }
  }
  return ImportFormat::kTxt;
}

}  // namespace casebook::importer
