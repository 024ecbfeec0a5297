// Binary case records: varint-length strings and counts, one byte per enum.
#include "store/case_codec.h"

#include <cstdint>
#include <type_traits>

#include "store/case_fields.h"

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

// One field's value, by the type of its member. Integers are varints
// (two's complement for negatives), enumerations one byte, lists a count
// then their items, entries their fields in table order then their extra.
void Put(Writer& w, const std::string& v) { w.Str(v); }
void Put(Writer& w, int v) { w.I64(v); }
void Put(Writer& w, int64_t v) { w.I64(v); }
void Put(Writer& w, bool v) { w.U64(v); }
template <typename E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
void Put(Writer& w, E v) {
  w.Enum(v);
}
void Put(Writer& w, const std::vector<std::string>& v) { w.Strs(v); }
void Put(Writer& w, const Units& u) {
  w.Strs(u.lead);
  w.Strs(u.co);
  w.Strs(u.joint);
}
void Put(Writer& w, const Disclosure& d) {
  w.U64(d.present ? 1 + d.is_public : 0);
  w.Str(d.date);
  w.Str(d.url);
}
template <typename T>
void Put(Writer& w, const std::vector<T>& entries);
void Put(Writer&, const Source&);
template <typename T>
void Put(Writer& w, const std::vector<T>& entries) {
  w.U64(entries.size());
  for (const T& e : entries) {
    Model<T>::Visit(e, [&](const FieldInfo&, const auto& member) { Put(w, member); });
    w.Extra(e.extra);
  }
}
void Put(Writer&, const Source&) {}  // In the stamp part, written apart.

void Get(Reader& r, std::string* v) { *v = r.Str(); }
void Get(Reader& r, int* v) { *v = static_cast<int>(r.I64()); }
void Get(Reader& r, int64_t* v) { *v = r.I64(); }
void Get(Reader& r, bool* v) { *v = r.U64() != 0; }
template <typename E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
void Get(Reader& r, E* v) {
  *v = r.Enum<E>();
}
void Get(Reader& r, std::vector<std::string>* v) { *v = r.Strs(); }
void Get(Reader& r, Units* u) {
  u->lead = r.Strs();
  u->co = r.Strs();
  u->joint = r.Strs();
}
void Get(Reader& r, Disclosure* d) {
  uint64_t present = r.U64();
  d->present = present > 0;
  d->is_public = present == 2;
  d->date = r.Str();
  d->url = r.Str();
}
template <typename T>
void Get(Reader& r, std::vector<T>* entries);
void Get(Reader&, Source*);
template <typename T>
void Get(Reader& r, std::vector<T>* entries) {
  entries->resize(r.Count());
  for (T& e : *entries) {
    Model<T>::Visit(e, [&](const FieldInfo&, auto& member) { Get(r, &member); });
    e.extra = r.Extra();
  }
}
void Get(Reader&, Source*) {}

// The content part: the fields of each RecordPart in table order, Case::extra
// after the first part. Parts after the first were added later: a record
// that ends before one holds none of its fields (they keep their defaults).
void WriteContent(Writer& w, const Case& c) {
  for (int part = kPartFirst; part < kPartStamp; ++part) {
    bool any = false;
    CaseModel::Visit(c, [&](const FieldInfo& f, const auto& member) {
      if (f.part != part) return;
      any = true;
      Put(w, member);
    });
    if (part == kPartFirst) w.Extra(c.extra);
    if (!any && part != kPartFirst) break;
  }
}

void ReadContent(Reader& r, Case& c) {
  for (int part = kPartFirst; part < kPartStamp; ++part) {
    if (part != kPartFirst && r.AtEnd()) return;  // A record from before this part.
    bool any = false;
    CaseModel::Visit(c, [&](const FieldInfo& f, auto& member) {
      if (f.part != part) return;
      any = true;
      Get(r, &member);
    });
    if (part == kPartFirst) c.extra = r.Extra();
    if (!any && part != kPartFirst) break;
  }
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
