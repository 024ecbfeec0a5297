#include "search/case_document.h"

#include <map>
#include <nlohmann/json.hpp>
#include <type_traits>
#include <vector>

#include "search/chinese_terms.h"
#include "search/index_schema.h"
#include "search/near_duplicate.h"
#include "store/case_fields.h"

namespace casebook::search {

namespace {

constexpr size_t kMaxFilterTermBytes = 200;  // Xapian's limit is 245 bytes per term.

// Cuts `s` to at most `max` bytes without splitting a UTF-8 character.
std::string CutUtf8(std::string s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
  return s;
}

// Collects the terms of one document.
class DocumentWriter {
 public:
  DocumentWriter(ChineseAnalyzer* analyzer, Xapian::Document* doc)
      : analyzer_(analyzer), doc_(doc) {}

  // Indexes one value of a text field; `words` adds its dictionary words.
  void AddText(const std::string& text, const char* prefix, bool words) {
    if (text.empty()) return;
    std::string normalized = analyzer_->Normalize(text);
    Xapian::termpos& pos = next_position_[prefix];
    if (pos == 0) pos = 1;
    AddUnitPostings(normalized, prefix, &pos, doc_);
    if (!words) return;
    for (std::string& w : analyzer_->Words(normalized)) ++word_counts_[std::move(w)];
    for (std::string& code : PlaceCodes(normalized)) ++word_counts_[std::move(code)];
  }

  void AddFilter(const char* prefix, const std::string& value) {
    if (value.empty()) return;
    doc_->add_boolean_term(CutUtf8(prefix + value, kMaxFilterTermBytes));
  }

  void AddNormalizedFilter(const char* prefix, const std::string& value) {
    AddFilter(prefix, analyzer_->Normalize(value));
  }

  void Finish() {
    for (const auto& [word, count] : word_counts_) doc_->add_term(kWordPrefix + word, count);
  }

 private:
  ChineseAnalyzer* analyzer_;
  Xapian::Document* doc_;
  std::map<std::string, Xapian::termpos> next_position_;
  std::map<std::string, Xapian::termcount> word_counts_;
};

void AddTextFields(const Case& c, DocumentWriter* w) {
  w->AddText(c.title, kTitlePrefix, false);
  w->AddText(c.title, kBodyPrefix, true);  // The main text is title then body.
  w->AddText(c.body, kBodyPrefix, true);
  for (const Reply& r : c.replies) w->AddText(r.text, kReplyPrefix, true);
  for (const Proposer& p : c.proposers) {
    w->AddText(p.name, kProposerPrefix, false);
    w->AddText(p.affiliation, kProposerPrefix, false);
  }
  for (const std::string& u : c.units.All()) w->AddText(u, kUnitPrefix, false);
  for (const std::string& t : c.tags) w->AddText(t, kTagPrefix, false);
  for (const Consultation& k : c.consultations) w->AddText(k.notes, kNotePrefix, false);
  for (const Feedback& f : c.feedback) w->AddText(f.text, kNotePrefix, false);
  for (const Review& r : c.reviews) w->AddText(r.finding, kNotePrefix, false);
}

// The English value of `c`'s field of `facet` ("" when unset).
const char* EnumName(const Case& c, const EnumFacet& facet) {
  static const std::vector<int> kRows = [] {  // Row in CaseModel, by facet.
    std::vector<int> rows;
    for (const EnumFacet& f : kEnumFacets) rows.push_back(CaseFieldIndex(*FindCaseField(f.field)));
    return rows;
  }();
  const char* name = "";
  CaseModel::VisitAt(c, kRows[&facet - kEnumFacets], [&](const FieldInfo&, const auto& member) {
    if constexpr (std::is_enum_v<std::decay_t<decltype(member)>>) name = ToString(member);
    return true;
  });
  return name;
}

void AddFiltersAndValues(const Case& c, DocumentWriter* w, Xapian::Document* doc) {
  for (const EnumFacet& facet : kEnumFacets) {
    const char* name = EnumName(c, facet);
    w->AddFilter(facet.filter, name);
    if (*name) doc->add_value(facet.slot, name);
  }
  std::string units_joined;
  for (const std::string& u : c.units.All()) {
    w->AddNormalizedFilter(kUnitFilter, u);
    if (!units_joined.empty()) units_joined.push_back(kUnitSeparator);
    units_joined += u;
  }
  for (const std::string& t : c.tags) w->AddNormalizedFilter(kTagFilter, t);
  if (c.year != 0) {
    w->AddFilter(kYearFilter, std::to_string(c.year));
    doc->add_value(kYearSlot, Xapian::sortable_serialise(c.year));
  }
  if (!c.received.empty()) doc->add_value(kReceivedSlot, c.received);
  if (!c.commitment_due.empty()) doc->add_value(kCommitmentDueSlot, c.commitment_due);
  if (!units_joined.empty()) doc->add_value(kUnitsSlot, units_joined);
}

}  // namespace

std::string IdTerm(const std::string& id) { return kIdPrefix + id; }

Xapian::Document BuildCaseDocument(const Case& c, ChineseAnalyzer* analyzer) {
  Xapian::Document doc;
  DocumentWriter writer(analyzer, &doc);
  AddTextFields(c, &writer);
  AddFiltersAndValues(c, &writer, &doc);
  doc.add_value(kFingerprintSlot,
                FingerprintOf(analyzer->Normalize(FingerprintText(c.title, c.body))).Serialize());
  writer.Finish();
  doc.add_boolean_term(IdTerm(c.id));
  nlohmann::json data = {{"id", c.id}, {"title", c.title}};
  doc.set_data(data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return doc;
}

StoredCaseRef ParseDocumentData(const std::string& data) {
  StoredCaseRef ref;
  nlohmann::json j = nlohmann::json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return ref;
  if (j.contains("id") && j["id"].is_string()) ref.id = j["id"].get<std::string>();
  if (j.contains("title") && j["title"].is_string()) ref.title = j["title"].get<std::string>();
  return ref;
}

}  // namespace casebook::search
