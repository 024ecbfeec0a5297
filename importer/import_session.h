// ImportSession: the state of one Importer::Run — the current chunk of cases,
// the ids seen, replies waiting for their cases, the rejects file and the
// summary. Internal to the importer (see importer.h for the behaviour).
#ifndef CASEBOOK_IMPORTER_IMPORT_SESSION_H_
#define CASEBOOK_IMPORTER_IMPORT_SESSION_H_

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "importer/batch_writer.h"
#include "importer/field_mapper.h"
#include "importer/importer.h"
#include "importer/jsonl_reader.h"
#include "importer/rejects_writer.h"
#include "importer/source_record.h"
#include "importer/text_decoder.h"
#include "store/case.h"
#include "store/case_store.h"

namespace casebook::importer {

class ImportSession {
 public:
  // All pointers are borrowed and must outlive the session.
  ImportSession(CaseStore* store, const ImportOptions& options, FieldMapper mapper,
                ImportSummary* summary);

  // Reads one file in `format` (kAuto: detect) and takes its records.
  // Errors: only those that stop the import (store or rejects-file IOError).
  Status ImportFile(const std::filesystem::path& path, ImportFormat format);

  // Writes the last chunk, then the replies; closes the rejects file.
  Status Finish();

  // The size of all input, for ImportProgress.
  void set_bytes_total(int64_t bytes) { bytes_total_ = bytes; }

 private:
  struct SeenCase {
    std::string sha256;
    std::string file;
    int64_t line = 0;
  };
  struct TouchedCase {  // A stored case that replies are being added to.
    Case c;
    bool changed = false;
  };
  struct PendingReply {
    std::string file;
    int64_t line = 0;
    std::string text;
    nlohmann::json mapped;
  };

  // A record mapped and validated, ready to be committed in file order.
  struct PreparedRecord {
    SourceRecord rec;
    Status error;           // Non-ok: reject with this.
    bool is_reply = false;  // A reply to attach later (`mapped` holds it).
    nlohmann::json mapped;
    Case c;
    std::string sha256;
    std::string content;  // EncodeCaseContent(c) when encoded ahead; else empty.
    // A JSON line mapped on the fast path keeps its text here, a view into
    // the decoded file, and rec.text empty until a reject needs it.
    std::string_view line_text;
  };

  void ImportHtml(const DecodedText& decoded, const RecordSink& sink);
  void ImportJsonLines(const DecodedText& decoded);
  void ImportJsonDocument(const DecodedText& decoded, const RecordSink& sink);
  // Maps and validates; touches no mutable state, so it runs on any thread.
  PreparedRecord Prepare(SourceRecord&& rec) const;
  // The same for one JSON line: a flat record is mapped straight into its
  // case (FieldMapper::MapFlatRecord), any other through Prepare. `sha256`
  // is the line's hash (hashed in batches by the caller).
  PreparedRecord PrepareJsonLine(const JsonLine& line, const JsonLimits& limits,
                                 std::string&& sha256) const;
  // Takes a prepared record into the run (duplicates, chunk, rejects). In order.
  void Commit(PreparedRecord&& p);
  void Accept(SourceRecord&& rec) { Commit(Prepare(std::move(rec))); }
  void Reject(const SourceRecord& rec, const Status& error);
  void AssignId(nlohmann::json* mapped, const SourceRecord& rec) const;
  Status Flush();
  Status FlushDryRun();
  // Waits for the store writer; takes its counts and refused cases.
  Status DrainWriter();
  void ReportProgress();
  Status ApplyReplies();
  Result<std::string> ResolveReplyTarget(const nlohmann::json& mapped);
  Status MergeReply(const PendingReply& reply, const std::string& id,
                    std::map<std::string, TouchedCase>* touched);
  Status WriteTouched(std::map<std::string, TouchedCase>* touched);

  CaseStore* store_;
  const ImportOptions& options_;
  FieldMapper mapper_;
  ImportSummary* summary_;
  RejectsWriter rejects_;
  std::string imported_at_;
  std::chrono::steady_clock::time_point start_;

  std::string file_;  // Absolute path of the file being read.
  ImportFormat file_format_ = ImportFormat::kAuto;
  int64_t file_bytes_done_ = 0;   // Approximate bytes of the current file taken.
  int64_t files_bytes_done_ = 0;  // Bytes of the files already finished.
  int64_t bytes_total_ = 0;
  Status fatal_;  // First error that stops the import.

  std::vector<Case> batch_;
  std::vector<std::string> batch_contents_;  // EncodeCaseContent of each of batch_.
  // Where each of batch_ was read (file, line): what a refusal names. Not the
  // case's `source`, which a re-imported export carries from its first import.
  std::vector<BatchWriter::Where> batch_where_;
  size_t batch_bytes_ = 0;
  std::unordered_map<std::string, SeenCase> seen_;
  std::map<std::pair<int, std::string>, std::string> run_numbers_;    // (year, number) -> id
  std::map<int, std::map<std::string, std::string>> stored_numbers_;  // year -> number -> id
  std::vector<PendingReply> replies_;
  // Writes the chunks (null in a dry run). Last: its thread stops first.
  std::unique_ptr<BatchWriter> writer_;
};

// The digits of a case number as written ("第０１２３号" -> "123"); "" when
// it has none.
std::string NumberKey(std::string_view number);

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_IMPORT_SESSION_H_
