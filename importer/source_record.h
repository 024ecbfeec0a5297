// SourceRecord: one record as a format reader found it, before it becomes a
// Case. Readers (JSONL, CSV, TXT, DOCX, HTML) produce these; the Importer maps,
// validates and stores them.
#ifndef CASEBOOK_IMPORTER_SOURCE_RECORD_H_
#define CASEBOOK_IMPORTER_SOURCE_RECORD_H_

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "store/status.h"

namespace casebook::importer {

struct SourceRecord {
  std::string file;  // The input file, as given.
  int64_t line = 0;  // First line of the record in the file (1-based).
  std::string text;  // The record's original text (kept for the rejects file).
  Status error;      // Non-ok when the reader already knows the record is bad.
  // Field name as written in the input (e.g. "标题", "title", "msg_no") -> value.
  nlohmann::json fields = nlohmann::json::object();
};

// Receives records in file order. Readers never throw.
using RecordSink = std::function<void(SourceRecord&&)>;

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_SOURCE_RECORD_H_
