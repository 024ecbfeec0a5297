#include "search/search_index.h"

#include <xapian.h>

#include <algorithm>
#include <functional>
#include <future>
#include <optional>
#include <sstream>
#include <string_view>
#include <unordered_set>

#include "search/case_document.h"
#include "search/index_schema.h"
#include "search/xapian_status.h"

namespace casebook::search {

namespace fs = std::filesystem;

fs::path IndexDirOf(const fs::path& data_dir) { return data_dir / "index"; }
fs::path DictionaryFileOf(const fs::path& data_dir) { return data_dir / "dictionary.txt"; }

Result<SearchIndexOptions> IndexOptionsForDataDir(const fs::path& data_dir) {
  auto terms = LoadUserDictionary(DictionaryFileOf(data_dir));
  if (!terms.ok()) return terms.status();
  SearchIndexOptions options;
  options.analyzer.user_terms = std::move(*terms);
  return options;
}

namespace {

uint64_t ParseSeq(const std::string& s) {
  uint64_t v = 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return 0;
    v = v * 10 + static_cast<uint64_t>(ch - '0');
  }
  return v;
}

void CommitWithSequence(Xapian::WritableDatabase* db, uint64_t seq) {
  db->set_metadata(kMetaLastSeq, std::to_string(seq));
  db->set_metadata(kMetaSchema, kSchemaVersion);
  db->commit();
}

}  // namespace

SearchIndex::~SearchIndex() = default;

Result<std::unique_ptr<SearchIndex>> SearchIndex::Open(const fs::path& dir,
                                                       const SearchIndexOptions& options) {
  auto analyzer = ChineseAnalyzer::Create(options.analyzer);
  if (!analyzer.ok()) return analyzer.status();
  std::unique_ptr<SearchIndex> index(new SearchIndex());
  index->dir_ = dir;
  index->options_ = options;
  index->analyzer_ = std::move(*analyzer);
  const std::string what = "opening index " + dir.string();
  Status s = CatchXapian(what, [&] {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Status::IOError(what + ": " + ec.message());
    index->db_ =
        std::make_unique<Xapian::WritableDatabase>(dir.string(), Xapian::DB_CREATE_OR_OPEN);
    std::string schema = index->db_->get_metadata(kMetaSchema);
    if (schema.empty() && index->db_->get_doccount() == 0) {
      CommitWithSequence(index->db_.get(), 0);
    } else if (schema != kSchemaVersion) {
      return Status::FailedPrecondition(what + ": index schema '" + schema + "', this build " +
                                        "writes '" + kSchemaVersion + "': run casebook reindex");
    }
    index->applied_seq_ = ParseSeq(index->db_->get_metadata(kMetaLastSeq));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return index;
}

uint64_t SearchIndex::AppliedSequence() const {
  std::lock_guard<std::mutex> lock(mu_);
  return applied_seq_;
}

uint64_t SearchIndex::DocumentCount() const {
  std::lock_guard<std::mutex> lock(mu_);
  return DocumentCountLocked();
}

uint64_t SearchIndex::DocumentCountLocked() const {
  if (!db_) return 0;
  try {
    return db_->get_doccount();
  } catch (const Xapian::Error&) {
    return 0;
  }
}

Result<uint64_t> SearchIndex::CatchUp(const CaseStore& store) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!db_) return Status::FailedPrecondition("index " + dir_.string() + " is closed: reopen it");
  uint64_t applied = 0;
  const uint64_t backlog = store.LastSequence() - std::min(applied_seq_, store.LastSequence());
  if (backlog >= std::max<uint64_t>(1, options_.bulk_catch_up_changes) &&
      DocumentCountLocked() == 0) {
    const uint64_t before = applied_seq_;
    CASEBOOK_RETURN_IF_ERROR(LoadInBulk(store));
    applied = applied_seq_ - before;
  }
  const size_t batch_size = std::max<size_t>(1, options_.changes_per_commit);
  while (true) {
    std::vector<ChangeEntry> batch;
    Status scan = store.ScanChanges(applied_seq_, [&](const ChangeEntry& e) {
      batch.push_back(e);
      return batch.size() < batch_size;
    });
    if (!scan.ok()) return scan;
    if (batch.empty()) break;
    Status s = ApplyBatch(store, batch);
    if (!s.ok()) {
      // Drop the uncommitted part; the index stays at its last commit.
      try {
        db_->cancel_transaction();
      } catch (const Xapian::Error&) {
      }
      return s;
    }
    applied_seq_ = batch.back().seq;
    applied += batch.size();
  }
  return applied;
}

namespace {

// The current state of one changed case, made ready for the writer: its
// document, or none when the case was deleted, or the error reading it.
struct PreparedChange {
  std::string id;
  std::optional<Xapian::Document> doc;
  Status status;
};

// Reads and analyses the cases ids[begin, end) (BuildCaseDocument; never throws).
std::vector<PreparedChange> PrepareChanges(const CaseStore& store,
                                           const std::vector<std::string>& ids, size_t begin,
                                           size_t end, ChineseAnalyzer* analyzer) {
  std::vector<PreparedChange> out(end - begin);
  for (size_t i = begin; i < end; ++i) {
    PreparedChange& p = out[i - begin];
    p.id = ids[i];
    Result<Case> c = store.Get(p.id);
    if (c.ok()) {
      p.doc = BuildCaseDocument(*c, analyzer);
    } else if (!c.status().IsNotFound()) {
      p.status = c.status().WithContext("reading case " + p.id + " for the index");
    }
  }
  return out;
}

// Changes analysed per step of the pipeline below.
constexpr size_t kPrepareChunk = 64;

}  // namespace

Status SearchIndex::ApplyBatch(const CaseStore& store, const std::vector<ChangeEntry>& batch) {
  // Each changed case once, at its current state (latest change first).
  std::vector<std::string> ids;
  std::unordered_set<std::string_view> seen;
  for (auto it = batch.rbegin(); it != batch.rend(); ++it) {
    if (seen.insert(it->id).second) ids.push_back(it->id);
  }
  // Pipeline: the next chunk of cases is read and analysed on another thread
  // while this one writes the current chunk (Xapian's writer is the slower
  // half). One chunk is analysed at a time, so one analyzer serves them all.
  auto prepare = [&](size_t begin) {
    const auto policy = options_.analyse_ahead ? std::launch::async : std::launch::deferred;
    return std::async(policy, PrepareChanges, std::cref(store), std::cref(ids), begin,
                      std::min(ids.size(), begin + kPrepareChunk), analyzer_.get());
  };
  return CatchXapian("indexing into " + dir_.string(), [&] {
    db_->begin_transaction(/*flushed=*/true);  // commit_transaction() commits to disk.
    std::future<std::vector<PreparedChange>> next;
    if (!ids.empty()) next = prepare(0);
    for (size_t begin = 0; begin < ids.size(); begin += kPrepareChunk) {
      std::vector<PreparedChange> chunk = next.get();
      if (begin + kPrepareChunk < ids.size()) next = prepare(begin + kPrepareChunk);
      for (PreparedChange& p : chunk) {
        if (!p.status.ok()) return p.status;  // `next` finishes before it is destroyed.
        if (p.doc) {
          db_->replace_document(IdTerm(p.id), *p.doc);
        } else {
          db_->delete_document(IdTerm(p.id));
        }
      }
    }
    db_->set_metadata(kMetaLastSeq, std::to_string(batch.back().seq));
    db_->set_metadata(kMetaSchema, kSchemaVersion);
    db_->commit_transaction();
    return Status::Ok();
  });
}

uint64_t DirectoryBytes(const fs::path& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

std::string IndexCheckReport::Describe() const {
  std::ostringstream out;
  out << "store: " << store_cases << " cases, sequence " << store_sequence << "\n";
  out << "index: " << index_documents << " documents, sequence " << index_sequence << "\n";
  if (index_sequence < store_sequence) {
    out << "index is behind the store by " << (store_sequence - index_sequence)
        << " changes (it catches up on the next open or write)\n";
  } else if (index_sequence > store_sequence) {
    out << "index claims a sequence ahead of the store: rebuild it (casebook reindex)\n";
  }
  auto list = [&](const char* what, uint64_t n, const std::vector<std::string>& ids) {
    if (n == 0) return;
    out << n << " " << what << ":";
    for (const std::string& id : ids) out << " " << id;
    if (n > ids.size()) out << " ...";
    out << "\n";
  };
  list("cases missing from the index", missing_count, missing_ids);
  list("index documents with no case in the store", extra_count, extra_ids);
  out << (Level() ? "level: the index matches the store\n" : "NOT level\n");
  return out.str();
}

Result<IndexCheckReport> CheckIndex(const CaseStore& store, const fs::path& dir) {
  if (!fs::exists(dir)) return Status::NotFound("no index at " + dir.string());
  IndexCheckReport report;
  constexpr size_t kShownIds = 10;
  Status s = CatchXapian("checking index " + dir.string(), [&] {
    Xapian::Database db(dir.string());
    report.store_sequence = store.LastSequence();
    report.index_documents = db.get_doccount();
    report.index_sequence = ParseSeq(db.get_metadata(kMetaLastSeq));
    Xapian::TermIterator t = db.allterms_begin(kIdPrefix);
    const Xapian::TermIterator t_end = db.allterms_end(kIdPrefix);
    auto note_extra = [&](const std::string& term) {
      if (report.extra_count++ < kShownIds) report.extra_ids.push_back(term.substr(1));
    };
    Status scan = store.ScanAll([&](const Case& c) {
      ++report.store_cases;
      const std::string want = IdTerm(c.id);
      while (t != t_end && *t < want) note_extra(*t++);
      if (t != t_end && *t == want) {
        ++t;
      } else if (report.missing_count++ < kShownIds) {
        report.missing_ids.push_back(c.id);
      }
      return true;
    });
    if (!scan.ok()) return scan;
    while (t != t_end) note_extra(*t++);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return report;
}

}  // namespace casebook::search
