// Case <-> JSON. Decoding is strict about types and names the field at fault;
// enumerations accept English and Chinese words; unknown fields are kept.
#include "store/case_json.h"

#include <algorithm>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "store/case_fields.h"

namespace casebook {
namespace {

using nlohmann::json;

// Walks a json value, recording the first error with the path of the field.
class Decoder {
 public:
  // `take`: the json being decoded is the caller's to consume, so strings
  // are moved out of it instead of copied.
  explicit Decoder(bool take = false) : take_(take) {}
  bool take() const { return take_; }

  const Status& status() const { return status_; }
  bool failed() const { return !status_.ok(); }

  void Fail(const std::string& path, const std::string& what) {
    if (status_.ok()) status_ = Status::InvalidArgument("field '" + path + "': " + what);
  }

  // The member `key` of `o`, or null when absent.
  static const json* Member(const json& o, const char* key) {
    auto it = o.find(key);
    return it == o.end() ? nullptr : &*it;
  }

  // A string field; numbers are accepted and written as text.
  void Str(const json& o, const char* key, const std::string& path, std::string* out) {
    Str(Member(o, key), key, path, out);
  }
  // The same for the member's value `it` (null: absent).
  void Str(const json* it, const char* key, const std::string& path, std::string* out) {
    if (it == nullptr || it->is_null()) return;
    if (it->is_string()) {
      *out = Text(*it);
    } else if (it->is_number_integer()) {
      *out = std::to_string(it->get<long long>());
    } else {
      Fail(Join(path, key), "expected a string, got " + std::string(it->type_name()));
    }
  }

  void Date(const json& o, const char* key, const std::string& path, std::string* out) {
    Date(Member(o, key), key, path, out);
  }
  void Date(const json* it, const char* key, const std::string& path, std::string* out) {
    Str(it, key, path, out);
    if (!out->empty() && !IsIsoDate(*out)) {
      Fail(Join(path, key), "expected an ISO 8601 date (YYYY-MM-DD), got '" + *out + "'");
    }
  }

  void StrList(const json& o, const char* key, const std::string& path,
               std::vector<std::string>* out) {
    StrList(Member(o, key), key, path, out);
  }
  void StrList(const json* it, const char* key, const std::string& path,
               std::vector<std::string>* out) {
    if (it == nullptr || it->is_null()) return;
    if (it->is_string()) {  // A single value is taken as a one-element list.
      out->push_back(Text(*it));
      return;
    }
    if (!it->is_array()) return Fail(Join(path, key), "expected an array of strings");
    for (size_t i = 0; i < it->size(); ++i) {
      const json& v = (*it)[i];
      if (!v.is_string()) {
        return Fail(Join(path, key) + "[" + std::to_string(i) + "]", "expected a string");
      }
      out->push_back(Text(v));
    }
  }

  // The text of a json string: moved out when the json is ours to consume.
  std::string Text(const json& v) {
    if (!take_) return v.get<std::string>();
    return std::move(const_cast<json&>(v).get_ref<std::string&>());
  }

  // Copies (or, when taking, moves) the members of `o` not named in the
  // table `known` into `extra`.
  template <size_t N>
  void KeepUnknown(const json& o, const FieldInfo (&known)[N], json* extra) {
    for (auto it = o.begin(); it != o.end(); ++it) {
      const std::string& key = it.key();
      if (std::any_of(known, known + N, [&](const FieldInfo& f) { return key == f.name; })) {
        continue;
      }
      if (take_) {
        (*extra)[key] = std::move(const_cast<json&>(it.value()));
      } else {
        (*extra)[key] = it.value();
      }
    }
  }

  template <typename E>
  void Enum(const json* it, const char* key, const std::string& path, E* out) {
    std::string word;
    Str(it, key, path, &word);
    if (word.empty()) return;
    auto v = ParseWord(word, E{});
    if (!v) return Fail(Join(path, key), "unknown value '" + word + "'");
    *out = *v;
  }

  // An array of objects decoded one by one with `each`.
  template <typename T, typename Each>
  void Objects(const json* it, const char* key, std::vector<T>* out, Each&& each) {
    if (it == nullptr || it->is_null()) return;
    if (!it->is_array()) return Fail(key, "expected an array of objects");
    for (size_t i = 0; i < it->size() && !failed(); ++i) {
      std::string path = std::string(key) + "[" + std::to_string(i) + "]";
      if (!(*it)[i].is_object()) return Fail(path, "expected an object");
      T item;
      each((*it)[i], path, &item);
      out->push_back(std::move(item));
    }
  }

  static std::string Join(const std::string& path, const char* key) {
    return path.empty() ? key : path + "." + key;
  }

 private:
  Status status_;
  bool take_;
};

// A kYear field: an integer or its digits, in 1900..2200.
void DecodeYear(Decoder& d, const FieldInfo& f, const json* it, int* out) {
  long long y = 0;
  if (it->is_number_integer()) {
    y = it->get<long long>();
  } else if (it->is_string()) {
    const std::string s = it->get<std::string>();
    if (s.empty() || s.size() > 4 || s.find_first_not_of("0123456789") != std::string::npos) {
      return d.Fail(f.name, "expected a year such as 2021, got '" + s + "'");
    }
    y = std::stoll(s);
  } else {
    return d.Fail(f.name, "expected an integer, got " + std::string(it->type_name()));
  }
  if (y < 1900 || y > 2200) {
    return d.Fail(f.name, "out of range 1900..2200: " + std::to_string(y));
  }
  *out = static_cast<int>(y);
}

void Value(Decoder& d, const FieldInfo& f, const json* it, const std::string& p, std::string* out) {
  if (f.type == FieldType::kDate) return d.Date(it, f.name, p, out);
  d.Str(it, f.name, p, out);
}

// A kInt field of an entry (Reply::seq): an integer or nothing.
void Value(Decoder& d, const FieldInfo& f, const json* it, const std::string& p, int* out) {
  if (it == nullptr || it->is_null()) return;
  if (f.type == FieldType::kYear) return DecodeYear(d, f, it, out);
  if (!it->is_number_integer()) return d.Fail(Decoder::Join(p, f.name), "expected an integer");
  *out = it->get<int>();
}

// A store-managed number (Case::version): taken when it is an integer.
void Value(Decoder&, const FieldInfo&, const json* it, const std::string&, int64_t* out) {
  if (it != nullptr && it->is_number_integer()) *out = it->get<int64_t>();
}

template <typename E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
void Value(Decoder& d, const FieldInfo& f, const json* it, const std::string& p, E* out) {
  d.Enum(it, f.name, p, out);
}

void Value(Decoder& d, const FieldInfo& f, const json* it, const std::string&, bool* out) {
  if (it == nullptr || it->is_null()) return;
  if (it->is_boolean()) {
    *out = it->get<bool>();
  } else if (it->is_number_integer() && (*it == 0 || *it == 1)) {
    *out = *it == 1;
  } else if (it->is_string()) {
    const std::string& s = it->get_ref<const std::string&>();
    auto v = ParseFlag(s);
    if (!v) return d.Fail(f.name, "expected true or false (是/否), got '" + s + "'");
    *out = *v;
  } else {
    d.Fail(f.name, "expected true or false (是/否)");
  }
}

void Value(Decoder& d, const FieldInfo& f, const json* it, const std::string& p,
           std::vector<std::string>* out) {
  d.StrList(it, f.name, p, out);
}

template <typename T>
void Value(Decoder& d, const FieldInfo& f, const json* it, const std::string&, std::vector<T>* out);
void Value(Decoder& d, const FieldInfo& f, const json* it, const std::string&,
           std::vector<Proposer>* out);

// The fields of one entry (Reply, Consultation ...) from the object `o`.
template <typename T>
void DecodeEntry(Decoder& d, const json& o, const std::string& p, T* entry) {
  Model<T>::Visit(*entry, [&](const FieldInfo& f, auto& member) {
    Value(d, f, Decoder::Member(o, f.name), p, &member);
  });
  d.KeepUnknown(o, Model<T>::kFields, &entry->extra);
}

template <typename T>
void Value(Decoder& d, const FieldInfo& f, const json* it, const std::string&,
           std::vector<T>* out) {
  d.Objects(it, f.name, out,
            [&](const json& o, const std::string& p, T* entry) { DecodeEntry(d, o, p, entry); });
}

// Proposers: objects {name, affiliation} or bare names.
void Value(Decoder& d, const FieldInfo& f, const json* it, const std::string&,
           std::vector<Proposer>* out) {
  if (it == nullptr || it->is_null()) return;
  if (!it->is_array()) return d.Fail(f.name, "expected an array");
  for (size_t i = 0; i < it->size(); ++i) {
    const json& v = (*it)[i];
    std::string p = std::string(f.name) + "[" + std::to_string(i) + "]";
    Proposer pr;
    if (v.is_string()) {
      pr.name = d.Text(v);
    } else if (v.is_object()) {
      DecodeEntry(d, v, p, &pr);
    } else {
      return d.Fail(p, "expected an object {name, affiliation} or a string");
    }
    out->push_back(std::move(pr));
  }
}

void Value(Decoder& d, const FieldInfo& f, const json* it, const std::string&, Units* out) {
  if (it == nullptr || it->is_null()) return;
  if (it->is_array() || it->is_string()) {  // A bare list: all lead units.
    d.StrList(it, f.name, "", &out->lead);
    return;
  }
  if (!it->is_object()) return d.Fail(f.name, "expected an object {lead, co, joint}");
  d.StrList(*it, "lead", f.name, &out->lead);
  d.StrList(*it, "co", f.name, &out->co);
  d.StrList(*it, "joint", f.name, &out->joint);
  for (auto u = it->begin(); u != it->end(); ++u) {
    if (u.key() != "lead" && u.key() != "co" && u.key() != "joint") {
      return d.Fail(std::string(f.name) + "." + u.key(),
                    "unknown unit role (use lead, co or joint)");
    }
  }
}

void Value(Decoder& d, const FieldInfo& f, const json* it, const std::string&, Disclosure* out) {
  if (it == nullptr || it->is_null()) return;
  if (!it->is_object()) return d.Fail(f.name, "expected an object {public, date, url}");
  out->present = true;
  if (auto p = it->find("public"); p != it->end() && !p->is_null()) {
    if (!p->is_boolean()) return d.Fail(std::string(f.name) + ".public", "expected true or false");
    out->is_public = p->get<bool>();
  }
  d.Date(*it, "date", f.name, &out->date);
  d.Str(*it, "url", f.name, &out->url);
}

// Source: an object; anything else (corpus files carry a provenance string)
// is kept in `extra` under the field's name.
void DecodeSource(Decoder& d, const FieldInfo& f, const json* it, Source* out, json* extra) {
  if (it == nullptr || it->is_null()) return;
  if (!it->is_object()) {
    (*extra)[f.name] = d.take() ? std::move(const_cast<json&>(*it)) : *it;
    return;
  }
  out->present = true;
  d.Str(*it, "file", f.name, &out->file);
  if (auto l = it->find("line"); l != it->end() && l->is_number_integer()) {
    out->line = l->get<int64_t>();
  }
  d.Str(*it, "sha256", f.name, &out->sha256);
  d.Str(*it, "imported_at", f.name, &out->imported_at);
}

// The members of a case object, found in one pass over it (instead of one
// lookup per known name): known ones by their row in CaseModel, the others
// in order.
struct CaseMembers {
  explicit CaseMembers(const json& j) {
    static const std::unordered_map<std::string_view, int> kIndex = [] {
      std::unordered_map<std::string_view, int> m;
      for (int i = 0; i < CaseModel::kCount; ++i) m.emplace(CaseModel::kFields[i].name, i);
      return m;
    }();
    for (auto it = j.begin(); it != j.end(); ++it) {
      auto known = kIndex.find(it.key());
      if (known == kIndex.end()) {
        unknown.emplace_back(&it.key(), &it.value());
      } else {
        at[known->second] = &it.value();
      }
    }
  }
  const json* at[CaseModel::kCount] = {};
  std::vector<std::pair<const std::string*, const json*>> unknown;
};

// Decodes `j` into a case; `d.take()` says whether strings may be moved out.
Result<Case> DecodeCase(const json& j, Decoder& d) {
  if (!j.is_object()) return Status::InvalidArgument("a case must be a JSON object");
  const CaseMembers m(j);
  Case c;
  CaseModel::Visit(c, [&](const FieldInfo& f, auto& member) {
    const json* it = m.at[CaseFieldIndex(f)];
    if constexpr (std::is_same_v<std::decay_t<decltype(member)>, Source>) {
      DecodeSource(d, f, it, &member, &c.extra);
    } else {
      Value(d, f, it, "", &member);
    }
  });
  if (d.failed()) return d.status();
  for (const auto& [key, value] : m.unknown) {
    c.extra[*key] = d.take() ? std::move(const_cast<json&>(*value)) : *value;
  }
  CASEBOOK_RETURN_IF_ERROR(ValidateCase(c));
  return c;
}

}  // namespace

Result<Case> CaseFromJson(const json& j) {
  Decoder d;
  return DecodeCase(j, d);
}

Result<Case> CaseFromJson(json&& j) {
  Decoder d(/*take=*/true);
  return DecodeCase(j, d);
}

Result<Case> CaseFromJsonText(std::string_view text, const JsonLimits& limits) {
  auto j = ParseJsonText(text, limits);
  if (!j.ok()) return j.status();
  return CaseFromJson(std::move(*j));
}

}  // namespace casebook
