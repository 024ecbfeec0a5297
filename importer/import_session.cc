#include "importer/import_session.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <fstream>
#include <future>
#include <thread>

#include "importer/content_hash.h"
#include "importer/csv_reader.h"
#include "importer/docx_reader.h"
#include "importer/format_detect.h"
#include "importer/html_reader.h"
#include "importer/jsonl_reader.h"
#include "importer/sha256_many.h"
#include "importer/text_case_reader.h"
#include "importer/value_normalizer.h"
#include "store/case_codec.h"
#include "store/case_json.h"

namespace casebook::importer {
namespace {

using json = nlohmann::json;
constexpr size_t kMaxListedRejects = 100;
constexpr size_t kJsonlChunkBytes = 4 << 20;  // Unit of parallel JSONL parsing.

std::string NowUtcIso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<std::string> ReadWholeFile(const std::filesystem::path& path, size_t max_bytes) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return Status::IOError("cannot read " + path.string() + ": " + ec.message());
  if (size > max_bytes) {
    return Status::ResourceExhausted("file is " + std::to_string(size) +
                                     " bytes, over the limit of " + std::to_string(max_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot open " + path.string());
  std::string data(size, '\0');
  in.read(data.data(), static_cast<std::streamsize>(size));
  if (static_cast<size_t>(in.gcount()) != size) return Status::IOError("short read");
  return data;
}

const char* KindCode(const json& kind) {
  if (!kind.is_string()) return "";
  const std::string& k = kind.get_ref<const std::string&>();
  if (k == "deputy_suggestion") return "RD-";
  if (k == "cppcc_proposal") return "ZX-";
  if (k == "npc_motion") return "YA-";
  if (k == "appeal") return "XF-";
  return "";
}

// True when the text is one JSON value spread over lines (a pretty-printed
// object: first line "{") or an array, rather than JSON Lines.
bool IsWholeJsonDocument(std::string_view text) {
  std::string_view t = TrimText(text);
  if (t.empty()) return false;
  if (t.front() == '[') return true;
  return TrimText(t.substr(0, t.find('\n'))) == "{";
}

// The line on which each element of a top-level JSON array starts.
std::vector<int64_t> TopLevelElementLines(std::string_view text) {
  std::vector<int64_t> lines;
  int depth = 0;
  int64_t line = 1;
  bool in_string = false, expect_element = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (ch == '\n') ++line;
    if (in_string) {
      if (ch == '\\')
        ++i;
      else if (ch == '"')
        in_string = false;
      continue;
    }
    bool space = ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t';
    if (expect_element && !space && ch != ']') {
      lines.push_back(line);
      expect_element = false;
    }
    if (ch == '"') in_string = true;
    if (ch == '[' || ch == '{') expect_element = (++depth == 1);
    if (ch == ']' || ch == '}') --depth;
    if (ch == ',' && depth == 1) expect_element = true;
  }
  return lines;
}

// Counts '\n' in `s` with memchr (std::count goes byte by byte at -O2).
int64_t CountNewlines(std::string_view s) {
  int64_t n = 0;
  const char* p = s.data();
  const char* end = p + s.size();
  while ((p = static_cast<const char*>(std::memchr(p, '\n', end - p))) != nullptr) {
    ++n;
    ++p;
  }
  return n;
}

bool IsReplyRecord(const json& m) {
  if (m.contains("case_id")) return true;
  if (m.contains("title") || m.contains("body")) return false;
  if (!m.contains("replies") || !m["replies"].is_array() || m["replies"].empty()) return false;
  return m.contains("id") || (m.contains("number") && m.contains("year"));
}

}  // namespace

std::string NumberKey(std::string_view number) {
  std::string folded = FoldFullWidth(number);
  std::string digits;
  for (char c : folded) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  size_t nz = digits.find_first_not_of('0');
  return nz == std::string::npos ? (digits.empty() ? "" : "0") : digits.substr(nz);
}

ImportSession::ImportSession(CaseStore* store, const ImportOptions& options, FieldMapper mapper,
                             ImportSummary* summary)
    : store_(store),
      options_(options),
      mapper_(std::move(mapper)),
      summary_(summary),
      rejects_(options.rejects_path),
      imported_at_(options.imported_at.empty() ? NowUtcIso() : options.imported_at),
      start_(std::chrono::steady_clock::now()) {
  if (store_ != nullptr && !options_.dry_run) writer_ = std::make_unique<BatchWriter>(store_);
}

Status ImportSession::ImportFile(const std::filesystem::path& path, ImportFormat format) {
  file_ = std::filesystem::absolute(path).lexically_normal().string();
  file_bytes_done_ = 0;
  SourceRecord file_rec;
  file_rec.file = file_;
  auto raw = ReadWholeFile(path, options_.max_file_bytes);
  if (!raw.ok()) {
    ++summary_->read;
    Reject(file_rec, raw.status());
    return fatal_;
  }
  ++summary_->files;
  int64_t size = static_cast<int64_t>(raw->size());
  summary_->bytes += size;
  if (format == ImportFormat::kAuto) format = FormatFromExtension(path);
  if (format == ImportFormat::kAuto) format = FormatFromContent(*raw);
  file_format_ = format;
  RecordSink sink = [this](SourceRecord&& rec) { Accept(std::move(rec)); };
  if (format == ImportFormat::kDocx) {
    auto text = ExtractDocxText(*raw, options_.max_record_bytes);
    if (!text.ok()) {
      ++summary_->read;
      Reject(file_rec, text.status());
    } else if (!TrimText(*text).empty()) {
      sink(ReadTextCase(*text, file_, mapper_));
    }
  } else {
    auto decoded = DecodeText(std::move(*raw), options_.encoding);
    if (!decoded.ok()) return decoded.status();
    if (TrimText(decoded->text).empty() && decoded->line_errors.empty()) {
      // An empty file holds no record: nothing to store, nothing lost.
    } else if (format == ImportFormat::kJsonl && IsWholeJsonDocument(decoded->text)) {
      ImportJsonDocument(*decoded, sink);
    } else if (format == ImportFormat::kJsonl) {
      ImportJsonLines(*decoded);
    } else if (format == ImportFormat::kCsv) {
      CsvOptions csv;
      csv.max_record_bytes = options_.max_record_bytes;
      ReadCsv(*decoded, file_, csv, sink);
    } else if (format == ImportFormat::kHtml) {
      ImportHtml(*decoded, sink);
    } else {
      sink(ReadTextFile(*decoded, file_, mapper_));
    }
  }
  files_bytes_done_ += size;
  file_bytes_done_ = 0;
  ReportProgress();
  return fatal_;
}

void ImportSession::ImportHtml(const DecodedText& decoded, const RecordSink& sink) {
  SourceRecord rec;
  if (!decoded.line_errors.empty()) {
    rec = ReadTextFile(decoded, file_, mapper_);
  } else {
    auto page = ExtractHtmlText(decoded.text);
    if (!page.ok()) {
      rec.file = file_;
      rec.error = page.status();
    } else {
      rec = ReadTextCase(page->text, file_, mapper_);
      bool proposal_title = rec.fields.contains("title") && rec.fields["title"].is_string() &&
                            LooksLikeProposalTitle(rec.fields["title"].get<std::string>());
      if (!proposal_title && !page->title.empty() && rec.error.ok()) {
        rec.fields["title"] = page->title;
      }
    }
    rec.text = decoded.text;
  }
  sink(std::move(rec));
}

ImportSession::PreparedRecord ImportSession::Prepare(SourceRecord&& rec) const {
  PreparedRecord p;
  p.rec = std::move(rec);
  if (!p.rec.error.ok()) {
    p.error = p.rec.error;
    return p;
  }
  json mapped = mapper_.ToCaseJson(std::move(p.rec.fields));
  p.rec.fields = json();
  if (IsReplyRecord(mapped)) {
    p.is_reply = true;
    p.mapped = std::move(mapped);
    return p;
  }
  if (!mapped.contains("id")) AssignId(&mapped, p.rec);
  p.sha256 = Sha256Hex(p.rec.text);
  if (!mapped.contains("source") || !mapped["source"].is_object()) {
    mapped["source"] = {{"file", p.rec.file},
                        {"line", p.rec.line},
                        {"sha256", p.sha256},
                        {"imported_at", imported_at_}};
  }
  auto c = CaseFromJson(std::move(mapped));
  if (!c.ok()) {
    p.error = c.status();
  } else {
    p.c = std::move(*c);
  }
  return p;
}

ImportSession::PreparedRecord ImportSession::PrepareJsonLine(const JsonLine& line,
                                                             const JsonLimits& limits,
                                                             std::string&& sha256) const {
  JsonMembers members;
  // The scan is iterative and stops at max_depth, so no nesting pre-scan
  // here; input it refuses gets one on the general path. A line without a
  // decode error is valid UTF-8 (the decoder checked or converted it).
  if (line.decode_error == nullptr && line.text.size() <= limits.max_bytes &&
      ParseJsonMembers(line.text, limits.max_depth, &members, Utf8Check::kAlreadyDone)) {
    PreparedRecord p;
    p.rec.file = file_;
    p.rec.line = line.line;
    p.line_text = line.text;
    auto flat = mapper_.MapFlatRecord(members, &p.c);
    if (flat == FieldMapper::FlatResult::kMapped) {
      p.sha256 = std::move(sha256);
      p.c.source = Source{file_, line.line, p.sha256, imported_at_, /*present=*/true};
      // Every string of the case is, or is cut at character boundaries
      // from, a string of the line, which the decoder checked.
      ValidateOptions parsed_text;
      parsed_text.check_utf8 = false;
      if (ValidateCase(p.c, parsed_text).ok()) return p;
    } else if (flat == FieldMapper::FlatResult::kNotFlat) {
      p.rec.text = std::string(line.text);
      p.rec.fields = MembersToObject(std::move(members));
      return Prepare(std::move(p.rec));
    }
  }
  // Not parsed, refused, or invalid: the general path names the error.
  return Prepare(ReadJsonLine(line, file_, limits));
}

void ImportSession::Commit(PreparedRecord&& p) {
  if (!fatal_.ok()) return;
  ++summary_->read;
  const size_t text_size = p.rec.text.empty() ? p.line_text.size() : p.rec.text.size();
  file_bytes_done_ += static_cast<int64_t>(text_size) + 1;
  auto reject = [&](const Status& error) {
    if (p.rec.text.empty()) p.rec.text.assign(p.line_text);
    Reject(p.rec, error);
  };
  if (!p.error.ok()) return reject(p.error);
  if (p.is_reply) {
    replies_.push_back({p.rec.file, p.rec.line, std::move(p.rec.text), std::move(p.mapped)});
    return;
  }
  const std::string& id = p.c.id;
  auto seen = seen_.find(id);
  if (seen != seen_.end()) {
    if (seen->second.sha256 == p.sha256) {
      ++summary_->unchanged;  // The same record twice: nothing new.
      return;
    }
    return reject(Status::InvalidArgument("duplicate id '" + id + "': already read at " +
                                          seen->second.file + ":" +
                                          std::to_string(seen->second.line) + " in this import"));
  }
  seen_.emplace(id, SeenCase{p.sha256, p.rec.file, p.rec.line});
  if (p.c.year != 0 && !p.c.number.empty()) {
    run_numbers_[{p.c.year, NumberKey(p.c.number)}] = id;
  }
  batch_bytes_ += text_size;
  if (p.content.empty() && writer_) p.content = EncodeCaseContent(p.c);
  batch_contents_.push_back(std::move(p.content));
  batch_where_.push_back({p.rec.file, p.rec.line});
  batch_.push_back(std::move(p.c));
  if (batch_.size() >= options_.batch_records || batch_bytes_ >= options_.batch_bytes) {
    fatal_ = Flush();
  }
}

// Reads the file in chunks of lines: while this thread commits chunk k
// (duplicates, store batches), other threads parse and map the next chunks.
void ImportSession::ImportJsonLines(const DecodedText& decoded) {
  JsonLimits limits;
  limits.max_bytes = options_.max_record_bytes;
  limits.max_depth = options_.max_json_depth;
  const std::string& text = decoded.text;
  struct Chunk {
    size_t begin = 0, end = 0;
    int64_t first_line = 1;
  };
  std::vector<Chunk> chunks;
  for (size_t pos = 0, line = 1; pos < text.size();) {
    size_t end = std::min(text.size(), pos + kJsonlChunkBytes);
    size_t nl = text.find('\n', end == 0 ? 0 : end - 1);
    end = nl == std::string::npos ? text.size() : nl + 1;
    chunks.push_back({pos, end, static_cast<int64_t>(line)});
    line += CountNewlines(std::string_view(text).substr(pos, end - pos));
    pos = end;
  }
  auto prepare = [&](const Chunk& c) {
    std::vector<JsonLine> lines;
    ForEachJsonLine(decoded, c.begin, c.end, c.first_line,
                    [&](const JsonLine& line) { lines.push_back(line); });
    std::vector<std::string_view> texts;
    texts.reserve(lines.size());
    for (const JsonLine& line : lines) texts.push_back(line.text);
    std::vector<std::string> hashes = Sha256HexMany(texts);
    std::vector<PreparedRecord> out;
    out.reserve(lines.size());
    for (size_t i = 0; i < lines.size(); ++i) {
      PreparedRecord p = PrepareJsonLine(lines[i], limits, std::move(hashes[i]));
      // Encoded here, in parallel, rather than on the store's writer thread.
      if (p.error.ok() && !p.is_reply && writer_) p.content = EncodeCaseContent(p.c);
      out.push_back(std::move(p));
    }
    return out;
  };
  // Up to `threads` chunks are prepared ahead while this thread commits.
  size_t threads = options_.parse_threads != 0 ? options_.parse_threads
                                               : std::max(1u, std::thread::hardware_concurrency());
  std::deque<std::future<std::vector<PreparedRecord>>> ahead;
  size_t launched = 0;
  auto launch_more = [&] {
    while (launched < chunks.size() && ahead.size() < threads) {
      ahead.push_back(std::async(std::launch::async, prepare, chunks[launched++]));
    }
  };
  launch_more();
  while (!ahead.empty()) {
    std::vector<PreparedRecord> current = ahead.front().get();
    ahead.pop_front();
    launch_more();
    for (PreparedRecord& p : current) Commit(std::move(p));
    ReportProgress();
  }
}

// A .json file holding one pretty-printed object or an array of objects.
void ImportSession::ImportJsonDocument(const DecodedText& decoded, const RecordSink& sink) {
  JsonLimits limits;
  limits.max_bytes = options_.max_file_bytes;
  limits.max_depth = options_.max_json_depth;
  SourceRecord whole;
  whole.file = file_;
  whole.line = 1;
  if (!decoded.line_errors.empty()) {
    whole.line = decoded.line_errors.begin()->first;
    whole.error = Status::InvalidArgument(decoded.line_errors.begin()->second);
    whole.text = decoded.text;
    return sink(std::move(whole));
  }
  auto parsed = ParseJsonText(decoded.text, limits);
  if (!parsed.ok() || parsed->is_object()) {
    whole.text = decoded.text;
    if (parsed.ok())
      whole.fields = std::move(*parsed);
    else
      whole.error = parsed.status();
    return sink(std::move(whole));
  }
  std::vector<int64_t> lines = TopLevelElementLines(decoded.text);
  size_t index = 0;
  for (auto& element : *parsed) {
    SourceRecord rec;
    rec.file = file_;
    rec.line = index < lines.size() ? lines[index] : 1;
    rec.text = element.dump();
    if (element.is_object()) {
      rec.fields = std::move(element);
    } else {
      rec.error = Status::InvalidArgument("array element " + std::to_string(index + 1) +
                                          " is not a JSON object");
    }
    ++index;
    sink(std::move(rec));
  }
}

void ImportSession::Reject(const SourceRecord& rec, const Status& error) {
  ++summary_->rejected;
  std::string message = error.ToString();
  if (summary_->first_rejects.size() < kMaxListedRejects) {
    summary_->first_rejects.push_back({rec.file, rec.line, message});
  }
  Status s = rejects_.Write(rec.file, rec.line, message, rec.text);
  if (!s.ok() && fatal_.ok()) fatal_ = s;
  if (rejects_.written() > 0) summary_->rejects_path = rejects_.path();
}

void ImportSession::AssignId(json* mapped, const SourceRecord& rec) const {
  const json& m = *mapped;
  if (m.contains("number") && m["number"].is_string() && m.contains("year") &&
      m["year"].is_number_integer()) {
    std::string key = NumberKey(m["number"].get<std::string>());
    if (!key.empty()) {
      (*mapped)["id"] =
          std::to_string(m["year"].get<int>()) + "-" + KindCode(m.value("kind", json())) + key;
      return;
    }
  }
  bool whole_document = file_format_ == ImportFormat::kTxt || file_format_ == ImportFormat::kDocx ||
                        file_format_ == ImportFormat::kHtml;
  if (whole_document) {
    std::filesystem::path p(rec.file);
    std::string stem = p.stem().string();
    if (IsValidCaseId(stem)) {
      (*mapped)["id"] = stem;
    } else {
      std::string where = (p.parent_path().filename() / p.filename()).string();
      (*mapped)["id"] = "doc-" + Sha256Hex(where).substr(0, 16);
    }
    return;
  }
  std::string basis;
  if (m.contains("title") && m["title"].is_string()) {
    basis = m["title"].get<std::string>() + "\x1f" + m.value("year", json()).dump();
  } else if (m.contains("body") && m["body"].is_string()) {
    basis = m["body"].get<std::string>();
  } else {
    basis = rec.text;
  }
  (*mapped)["id"] = "rec-" + Sha256Hex(basis).substr(0, 16);
}

void ImportSession::ReportProgress() {
  if (!options_.on_progress) return;
  ImportProgress p;
  p.bytes_done = files_bytes_done_ + file_bytes_done_;
  p.bytes_total = bytes_total_;
  p.records = summary_->read;
  p.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  options_.on_progress(p);
}

}  // namespace casebook::importer
