// Binary case records: varint-length strings and counts, one byte per enum.
#include "store/case_codec.h"

#include <cstdint>

namespace casebook {
namespace {

constexpr unsigned char kMagic = 0xCB;
constexpr unsigned char kFormat = 1;

class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}
  void U64(uint64_t v) {
    while (v >= 0x80) {
      out_->push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    out_->push_back(static_cast<char>(v));
  }
  void I64(int64_t v) { U64(static_cast<uint64_t>(v)); }
  void Str(std::string_view s) {
    U64(s.size());
    out_->append(s);
  }
  template <typename E>
  void Enum(E v) {
    out_->push_back(static_cast<char>(v));
  }
  void Strs(const std::vector<std::string>& v) {
    U64(v.size());
    for (const auto& s : v) Str(s);
  }
  void Extra(const nlohmann::json& j) { Str(j.empty() ? std::string() : j.dump()); }

 private:
  std::string* out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  uint64_t U64() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return Fail();
      unsigned char b = in_[pos_++];
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    return Fail();
  }
  int64_t I64() { return static_cast<int64_t>(U64()); }
  void SkipStr() {
    uint64_t n = U64();
    if (!ok_ || n > in_.size() - pos_) return static_cast<void>(Fail());
    pos_ += n;
  }
  std::string Str() {
    uint64_t n = U64();
    if (!ok_ || n > in_.size() - pos_) return Fail(), std::string();
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  template <typename E>
  E Enum() {
    if (pos_ >= in_.size()) return Fail(), E{};
    return static_cast<E>(static_cast<unsigned char>(in_[pos_++]));
  }
  std::vector<std::string> Strs() {
    std::vector<std::string> v(Count());
    for (auto& s : v) s = Str();
    return v;
  }
  // A count, bounded by the bytes left (each item takes at least one byte).
  size_t Count() {
    uint64_t n = U64();
    if (n > in_.size() - pos_) return Fail(), 0;
    return n;
  }
  nlohmann::json Extra() {
    std::string s = Str();
    if (s.empty()) return nlohmann::json::object();
    auto j = nlohmann::json::parse(s, nullptr, false);
    if (j.is_discarded()) return Fail(), nlohmann::json::object();
    return j;
  }
  size_t pos() const { return pos_; }
  bool AtEnd() const { return pos_ >= in_.size(); }

 private:
  uint64_t Fail() {
    ok_ = false;
    pos_ = in_.size();
    return 0;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

void WriteContent(Writer& w, const Case& c) {
  w.Str(c.id);
  w.Enum(c.kind);
  w.Enum(c.level);
  w.U64(static_cast<uint64_t>(c.year));
  for (const std::string* s : {&c.session, &c.number, &c.title, &c.body}) w.Str(*s);
  w.U64(c.proposers.size());
  for (const auto& p : c.proposers) {
    w.Str(p.name);
    w.Str(p.affiliation);
    w.Extra(p.extra);
  }
  w.Enum(c.role);
  w.Strs(c.units.lead);
  w.Strs(c.units.co);
  w.Strs(c.units.joint);
  for (const std::string* s : {&c.received, &c.assigned, &c.reply_due}) w.Str(*s);
  w.Enum(c.result);
  w.Str(c.commitment_due);
  w.Enum(c.status);
  w.U64(c.replies.size());
  for (const auto& r : c.replies) {
    w.I64(r.seq);
    w.Enum(r.kind);
    w.Str(r.date);
    w.Str(r.unit);
    w.Str(r.text);
    w.Enum(r.result);
    w.Extra(r.extra);
  }
  w.U64(c.consultations.size());
  for (const auto& x : c.consultations) {
    w.Str(x.date);
    w.Enum(x.form);
    w.Strs(x.participants);
    w.Str(x.notes);
    w.Extra(x.extra);
  }
  w.U64(c.feedback.size());
  for (const auto& f : c.feedback) {
    w.Str(f.date);
    w.Str(f.from);
    w.Enum(f.satisfaction);
    w.Str(f.text);
    w.Extra(f.extra);
  }
  w.U64(c.reviews.size());
  for (const auto& r : c.reviews) {
    w.Str(r.date);
    w.Enum(r.kind);
    w.Str(r.finding);
    w.Enum(r.outcome);
    w.Str(r.reviewer);
    w.Extra(r.extra);
  }
  w.U64(c.disclosure.present ? 1 + c.disclosure.is_public : 0);
  w.Str(c.disclosure.date);
  w.Str(c.disclosure.url);
  w.Strs(c.tags);
  w.Extra(c.extra);
  // Added after the first records were written: a record that ends before
  // them holds none (ReadContent).
  w.U64(c.approvals.size());
  for (const auto& a : c.approvals) {
    w.Enum(a.kind);
    w.Str(a.approver);
    w.Str(a.date);
    w.Str(a.note);
    w.Extra(a.extra);
  }
  w.U64(c.key_case);
  w.Str(c.supervising_leader);
}

void ReadContent(Reader& r, Case& c) {
  c.id = r.Str();
  c.kind = r.Enum<CaseKind>();
  c.level = r.Enum<Level>();
  c.year = static_cast<int>(r.U64());
  for (std::string* s : {&c.session, &c.number, &c.title, &c.body}) *s = r.Str();
  c.proposers.resize(r.Count());
  for (auto& p : c.proposers) {
    p.name = r.Str();
    p.affiliation = r.Str();
    p.extra = r.Extra();
  }
  c.role = r.Enum<Role>();
  c.units.lead = r.Strs();
  c.units.co = r.Strs();
  c.units.joint = r.Strs();
  for (std::string* s : {&c.received, &c.assigned, &c.reply_due}) *s = r.Str();
  c.result = r.Enum<CaseResult>();
  c.commitment_due = r.Str();
  c.status = r.Enum<CaseStatus>();
  c.replies.resize(r.Count());
  for (auto& x : c.replies) {
    x.seq = static_cast<int>(r.I64());
    x.kind = r.Enum<ReplyKind>();
    x.date = r.Str();
    x.unit = r.Str();
    x.text = r.Str();
    x.result = r.Enum<CaseResult>();
    x.extra = r.Extra();
  }
  c.consultations.resize(r.Count());
  for (auto& x : c.consultations) {
    x.date = r.Str();
    x.form = r.Enum<ConsultationForm>();
    x.participants = r.Strs();
    x.notes = r.Str();
    x.extra = r.Extra();
  }
  c.feedback.resize(r.Count());
  for (auto& f : c.feedback) {
    f.date = r.Str();
    f.from = r.Str();
    f.satisfaction = r.Enum<Satisfaction>();
    f.text = r.Str();
    f.extra = r.Extra();
  }
  c.reviews.resize(r.Count());
  for (auto& x : c.reviews) {
    x.date = r.Str();
    x.kind = r.Enum<ReviewKind>();
    x.finding = r.Str();
    x.outcome = r.Enum<ReviewOutcome>();
    x.reviewer = r.Str();
    x.extra = r.Extra();
  }
  uint64_t d = r.U64();
  c.disclosure.present = d > 0;
  c.disclosure.is_public = d == 2;
  c.disclosure.date = r.Str();
  c.disclosure.url = r.Str();
  c.tags = r.Strs();
  c.extra = r.Extra();
  if (r.AtEnd()) return;  // A record written before approvals existed.
  c.approvals.resize(r.Count());
  for (auto& a : c.approvals) {
    a.kind = r.Enum<ApprovalKind>();
    a.approver = r.Str();
    a.date = r.Str();
    a.note = r.Str();
    a.extra = r.Extra();
  }
  c.key_case = r.U64() != 0;
  c.supervising_leader = r.Str();
}

}  // namespace

std::string EncodeCaseRecord(const Case& c) { return EncodeCaseRecord(c, c.version, c.updated_at); }

std::string EncodeCaseContent(const Case& c) {
  std::string content;
  content.reserve(c.body.size() + c.title.size() + 512);
  Writer cw(&content);
  WriteContent(cw, c);
  return content;
}

std::string EncodeCaseRecord(const Case& c, int64_t version, std::string_view updated_at) {
  return EncodeCaseRecordWithContent(c, EncodeCaseContent(c), version, updated_at);
}

std::string EncodeCaseRecordWithContent(const Case& c, std::string_view content, int64_t version,
                                        std::string_view updated_at) {
  std::string out;
  out.reserve(content.size() + 96);
  out.push_back(static_cast<char>(kMagic));
  out.push_back(static_cast<char>(kFormat));
  Writer w(&out);
  w.Str(content);
  w.I64(version);
  w.Str(updated_at);
  w.U64(c.source.present);
  w.Str(c.source.file);
  w.I64(c.source.line);
  w.Str(c.source.sha256);
  w.Str(c.source.imported_at);
  return out;
}

std::string_view ContentOfRecord(std::string_view data) {
  if (data.size() < 2 || static_cast<unsigned char>(data[0]) != kMagic || data[1] != kFormat) {
    return {};
  }
  Reader r(data.substr(2));
  uint64_t n = r.U64();
  if (!r.ok() || n > data.size() - 2 - r.pos()) return {};
  return data.substr(2 + r.pos(), n);
}

Status PeekCaseRecord(std::string_view data, int64_t* version, int* year) {
  std::string_view content = ContentOfRecord(data);
  if (content.empty()) return Status::Corruption("not a case record");
  Reader cr(content);  // id, kind, level, year: see WriteContent.
  cr.SkipStr();
  cr.Enum<CaseKind>();
  cr.Enum<Level>();
  *year = static_cast<int>(cr.U64());
  Reader r(data.substr(content.data() + content.size() - data.data()));
  *version = r.I64();
  if (!cr.ok() || !r.ok()) return Status::Corruption("case record truncated or malformed");
  return Status::Ok();
}

Result<Case> DecodeCaseRecord(std::string_view data) {
  std::string_view content = ContentOfRecord(data);
  if (content.empty()) return Status::Corruption("not a case record");
  Case c;
  Reader cr(content);
  ReadContent(cr, c);
  Reader r(data.substr(content.data() + content.size() - data.data()));
  c.version = r.I64();
  c.updated_at = r.Str();
  c.source.present = r.U64() != 0;
  c.source.file = r.Str();
  c.source.line = r.I64();
  c.source.sha256 = r.Str();
  c.source.imported_at = r.Str();
  if (!cr.ok() || !r.ok()) return Status::Corruption("case record truncated or malformed");
  return c;
}

}  // namespace casebook
