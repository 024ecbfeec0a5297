// The case model's table (store/case_fields.h) against every path a field
// takes: JSON decode and encode, the binary record, validation, the
// importer's names through a real CSV file and the flat fast path, and the
// CSV export. Nothing here names a field: each test walks the table, so a
// field added to it is checked without a line added here.
#include "store/case_fields.h"

#include <gtest/gtest.h>

#include <random>
#include <type_traits>

#include "api/review/case_export.h"
#include "importer/field_mapper.h"
#include "importer/importer.h"
#include "importer/json_members.h"
#include "search/index_schema.h"
#include "store/case_codec.h"
#include "store/case_json.h"
#include "store/case_store.h"
#include "test_util.h"

namespace casebook {
namespace {

using json = nlohmann::json;

constexpr char kId[] = "F-1";

// The last value of an enumeration field (its table row's enum_name).
int LastEnumValue(const FieldInfo& f) {
  int n = 1;
  while (*f.enum_name(n + 1) != '\0') ++n;
  return n;
}

// Sets a member to a value that is not its default, by its type.
void SetSample(const FieldInfo& f, std::string* v) {
  switch (f.type) {
    case FieldType::kId:
      *v = kId;
      break;
    case FieldType::kDate:
      *v = "2021-03-05";
      break;
    case FieldType::kCode:
      *v = "A-12";
      break;
    default:
      *v = std::string(f.label) + "之值";
  }
}
void SetSample(const FieldInfo& f, int* v) { *v = f.type == FieldType::kYear ? 2021 : 7; }
void SetSample(const FieldInfo&, int64_t* v) { *v = 7; }
void SetSample(const FieldInfo&, bool* v) { *v = true; }
void SetSample(const FieldInfo&, std::vector<std::string>* v) { *v = {"甲", "乙"}; }
void SetSample(const FieldInfo&, Units* v) { *v = {{"甲"}, {"乙"}, {"丙"}}; }
void SetSample(const FieldInfo&, Disclosure* v) {
  *v = {true, "2021-03-05", "https://x.cn/1", true};
}
void SetSample(const FieldInfo&, Source* v) {
  *v = {"a.csv", 3, "ab12", "2021-03-05T10:00:00Z", true};
}
template <typename E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
void SetSample(const FieldInfo& f, E* v) {
  *v = static_cast<E>(LastEnumValue(f));
}
template <typename T>
void SetSample(const FieldInfo&, std::vector<T>* v) {
  T entry;
  Model<T>::Visit(entry, [](const FieldInfo& f, auto& member) { SetSample(f, &member); });
  v->assign(2, entry);
}

// A case with its id and field `f` set (the id alone when `f` is the id).
Case WithField(const FieldInfo& f) {
  Case c;
  c.id = kId;
  CaseModel::VisitAt(c, CaseFieldIndex(f), [](const FieldInfo& g, auto& member) {
    SetSample(g, &member);
    return true;
  });
  return c;
}

// A case with every field set.
Case Full() {
  Case c;
  CaseModel::Visit(c, [](const FieldInfo& f, auto& member) { SetSample(f, &member); });
  return c;
}

TEST(CaseFieldsTest, TheTableIsTheStruct) {
  for (const FieldInfo& f : CaseModel::kFields) {
    EXPECT_EQ(FindCaseField(f.name), &f);
    EXPECT_NE(*f.label, '\0') << f.name;
    EXPECT_EQ(f.enum_name != nullptr, f.type == FieldType::kEnum) << f.name;
  }
  EXPECT_EQ(FindCaseField("extra"), nullptr);
}

TEST(CaseFieldsTest, EveryFieldRoundTripsThroughJson) {
  const json base = CaseToJson(WithField(CaseModel::kFields[CaseModel::id]));
  for (const FieldInfo& f : CaseModel::kFields) {
    SCOPED_TRACE(f.name);
    const json j = CaseToJson(WithField(f));
    if (CaseFieldIndex(f) != CaseModel::id) {
      EXPECT_NE(j, base);
      EXPECT_TRUE(j.contains(f.name));
    }
    auto back = CaseFromJson(j);
    ASSERT_OK(back);
    EXPECT_TRUE(back->extra.empty()) << back->extra.dump();  // Decoded, not kept as unknown.
    EXPECT_EQ(CaseToJson(*back), j);
  }
  auto full = CaseFromJson(CaseToJson(Full()));
  ASSERT_OK(full);
  EXPECT_EQ(CaseToJson(*full), CaseToJson(Full()));
}

TEST(CaseFieldsTest, EveryFieldRoundTripsThroughTheRecord) {
  const std::string base = EncodeCaseRecord(WithField(CaseModel::kFields[CaseModel::id]));
  for (const FieldInfo& f : CaseModel::kFields) {
    SCOPED_TRACE(f.name);
    const Case c = WithField(f);
    const std::string record = EncodeCaseRecord(c);
    if (CaseFieldIndex(f) != CaseModel::id) {
      EXPECT_NE(record, base);
    }
    auto back = DecodeCaseRecord(record);
    ASSERT_OK(back);
    EXPECT_EQ(CaseToJson(*back), CaseToJson(c));
    EXPECT_EQ(EncodeCaseRecord(*back), record);
  }
}

// A record written before the fields of the later parts existed ends where
// they begin: each of them, at its default, takes one byte (an empty string,
// a zero count, a false flag).
TEST(CaseFieldsTest, RecordsFromBeforeLaterPartsDecodeWithDefaults) {
  Case c = Full();
  CaseModel::Visit(c, [](const FieldInfo& f, auto& member) {
    if (f.part != kPartFirst && f.part != kPartStamp) member = {};
  });
  const std::string content = EncodeCaseContent(c);
  size_t later = 0;
  for (const FieldInfo& f : CaseModel::kFields)
    later += f.part != kPartFirst && f.part != kPartStamp;
  ASSERT_GT(later, 0u);
  const std::string old_content = content.substr(0, content.size() - later);
  auto back = DecodeCaseRecord(EncodeCaseRecordWithContent(c, old_content, 3, "2021-01-01"));
  ASSERT_OK(back);
  c.version = 3;
  c.updated_at = "2021-01-01";
  EXPECT_EQ(CaseToJson(*back), CaseToJson(c));
}

// Breaks a member so that validation must refuse it; false when no value of
// its type is invalid.
bool Break(const FieldInfo& f, std::string* v) {
  if (f.type == FieldType::kId) *v = "a/b";
  if (f.type == FieldType::kDate) *v = "2021-13-01";
  if (f.type != FieldType::kId && f.type != FieldType::kDate) *v = std::string("a\0b", 3);
  return true;
}
bool Break(const FieldInfo& f, int* v) {
  *v = 1800;
  return f.type == FieldType::kYear;
}
bool Break(const FieldInfo&, std::vector<std::string>* v) {
  *v = {std::string("a\0b", 3)};
  return true;
}
bool Break(const FieldInfo&, Units* v) {
  v->co = {"\xff"};
  return true;
}
bool Break(const FieldInfo&, Disclosure* v) {
  v->present = true;
  v->date = "2021-02-30";
  return true;
}
template <typename T>
bool Break(const FieldInfo&, T*) {
  return false;
}

// Expects ValidateCase(c) to fail naming `path`.
void ExpectRefusedNaming(const Case& c, const std::string& path) {
  Status s = ValidateCase(c);
  EXPECT_FALSE(s.ok()) << path;
  EXPECT_NE(s.message().find("field '" + path), std::string::npos) << s.message();
}

// For each field of an entry, breaks it in the second entry of `entries` (a
// member of `c`) and expects the error to name it.
template <typename T>
void BreakEachEntryField(const FieldInfo& list, const Case& c, std::vector<T>* entries) {
  for (int i = 0; i < Model<T>::kCount; ++i) {
    const T kept = (*entries)[1];
    Model<T>::VisitAt((*entries)[1], i, [&](const FieldInfo& g, auto& member) {
      if (Break(g, &member)) ExpectRefusedNaming(c, std::string(list.name) + "[1]." + g.name);
      return true;
    });
    (*entries)[1] = kept;
  }
}
void BreakEachEntryField(const FieldInfo&, const Case&, std::vector<std::string>*) {}

template <typename T>
struct IsList : std::false_type {};
template <typename T>
struct IsList<std::vector<T>> : std::true_type {};

TEST(CaseFieldsTest, ValidationNamesEveryField) {
  for (const FieldInfo& f : CaseModel::kFields) {
    if (f.part == kPartStamp) continue;  // Not the user's to check.
    Case c = WithField(f);
    CaseModel::VisitAt(c, CaseFieldIndex(f), [&](const FieldInfo& g, auto& member) {
      if constexpr (IsList<std::decay_t<decltype(member)>>::value) {
        BreakEachEntryField(g, c, &member);
      }
      if (Break(g, &member)) ExpectRefusedNaming(c, g.name);
      return true;
    });
  }
}

TEST(CaseFieldsTest, UnknownWordsAreRefusedNamingTheField) {
  for (const FieldInfo& f : CaseModel::kFields) {
    if (f.type != FieldType::kEnum && f.type != FieldType::kFlag) continue;
    auto c = CaseFromJson(json{{"id", kId}, {f.name, "不知所云"}});
    ASSERT_FALSE(c.ok()) << f.name;
    EXPECT_NE(c.status().message().find(std::string("field '") + f.name + "'"), std::string::npos)
        << c.status().message();
  }
}

// The text an office writes in a CSV cell for field `f`, and the value the
// import must give it (as CaseToJson writes it); false for a field with no
// such text.
struct CellSample {
  std::string text;
  json value;
};
std::string JoinList(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "、") + s;
  return out;
}
std::string CellText(const FieldInfo& f, const std::string& v) {
  return f.type == FieldType::kDate ? "2021/3/5" : v;
}
std::string CellText(const FieldInfo&, int v) { return std::to_string(v) + "年"; }
std::string CellText(const FieldInfo&, bool) { return "是"; }
std::string CellText(const FieldInfo&, const std::vector<std::string>& v) { return JoinList(v); }
std::string CellText(const FieldInfo&, const Units& u) { return JoinList(u.All()); }
template <typename E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
std::string CellText(const FieldInfo&, E v) {
  return ToString(v);
}
template <typename T, std::enable_if_t<!std::is_enum_v<T>, int> = 0>
std::string CellText(const FieldInfo& f, const T&) {
  ADD_FAILURE() << f.name << " is flagged kImported but has no cell text";
  return "";
}

CellSample SampleCell(const FieldInfo& f) {
  Case c = WithField(f);
  CellSample out;
  CaseModel::VisitAt(c, CaseFieldIndex(f), [&](const FieldInfo& g, auto& member) {
    out.text = CellText(g, member);
    if constexpr (std::is_same_v<std::decay_t<decltype(member)>, Units>) {
      member = Units{member.All(), {}, {}};  // A CSV cell names lead units.
    }
    return true;
  });
  out.value = CaseToJson(c)[f.name];
  return out;
}

// The fields the importer maps by name, each with its cell.
std::vector<std::pair<const FieldInfo*, CellSample>> ImportedFields() {
  std::vector<std::pair<const FieldInfo*, CellSample>> out;
  for (const FieldInfo& f : CaseModel::kFields) {
    if (f.has(kImported)) out.emplace_back(&f, SampleCell(f));
  }
  return out;
}

std::unique_ptr<CaseStore> OpenStore(const std::filesystem::path& dir) {
  auto s = CaseStore::Open(dir);
  EXPECT_OK(s);
  return s.ok() ? std::move(*s) : nullptr;
}

void Import(CaseStore* store, const std::filesystem::path& file) {
  importer::Importer importer(store, {});
  auto r = importer.Run({file});
  ASSERT_OK(r);
  EXPECT_EQ(r->rejected, 0);
  for (const auto& reject : r->first_rejects) ADD_FAILURE() << reject.error;
}

TEST(CaseFieldsTest, TheImporterMapsEveryLabelThroughACsvFile) {
  test::ScopedTempDir dir;
  std::string header, row;
  for (const auto& [f, cell] : ImportedFields()) {
    header += (header.empty() ? "" : ",") + std::string(f->label);
    row += (row.empty() ? "" : ",") + cell.text;
  }
  test::WriteFile(dir / "cases.csv", header + "\n" + row + "\n");
  auto store = OpenStore(dir / "store");
  ASSERT_NE(store, nullptr);
  Import(store.get(), dir / "cases.csv");
  auto got = store->Get(kId);
  ASSERT_OK(got);
  const json j = CaseToJson(*got);
  for (const auto& [f, cell] : ImportedFields()) {
    EXPECT_EQ(j.value(f->name, json()), cell.value) << f->label << " -> " << f->name;
  }
}

// The fast path of JSON Lines import takes every field by its label and
// builds what the general path builds.
TEST(CaseFieldsTest, TheFlatPathAgreesWithTheGeneralPathOnEveryField) {
  auto mapper = importer::FieldMapper::Create();
  ASSERT_OK(mapper);
  json all = json::object();
  for (const auto& [f, cell] : ImportedFields()) all[f->label] = cell.text;
  for (const auto& [f, cell] : ImportedFields()) {
    SCOPED_TRACE(f->name);
    json one = {{CaseModel::kFields[CaseModel::id].label, kId},
                {CaseModel::kFields[CaseModel::title].label, "标题"}};
    one[f->label] = cell.text;
    for (const json& record : {one, all}) {
      importer::JsonMembers members;
      ASSERT_TRUE(importer::ParseJsonMembers(record.dump(), 64, &members));
      Case fast;
      ASSERT_EQ(mapper->MapFlatRecord(members, &fast), importer::FieldMapper::FlatResult::kMapped);
      auto general = CaseFromJson(mapper->ToCaseJson(record));
      ASSERT_OK(general);
      EXPECT_EQ(CaseToJson(fast), CaseToJson(*general));
      EXPECT_EQ(CaseToJson(fast).value(f->name, json()), cell.value);
    }
  }
}

// Random flat records over every name of every imported field, with values
// offices write and values at the edges (spaces, unknown words, blanks,
// numbers): the fast path refuses what the general path refuses, hands over
// or builds the same case.
TEST(CaseFieldsTest, TheFlatPathAgreesOnRandomRecords) {
  auto mapper = importer::FieldMapper::Create();
  ASSERT_OK(mapper);
  std::vector<std::string> names;
  for (const FieldInfo& f : CaseModel::kFields) {
    if (!f.has(kImported)) continue;
    names.push_back(f.name);
    names.push_back(f.label);
    for (std::string_view rest = f.names; !rest.empty();) {
      const size_t bar = rest.find('|');
      names.emplace_back(rest.substr(0, bar));
      rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
    }
  }
  std::vector<json> values = {
      "是",     " 是",      "否",    "重点件", "也许", "",      " ",      "2021/3/5", "2021-02-30",
      "2021年", "１９９９", "1800",  "区级",   "lead", "会办 ", "已答复", "unknown",  "甲、乙",
      "、",     "X-1",      " A 1 ", 2021,     7,      1.5,     nullptr};
  for (const FieldInfo& f : CaseModel::kFields) {
    if (f.enum_name == nullptr) continue;
    for (int v = 1; *f.enum_name(v) != '\0'; ++v) values.push_back(f.enum_name(v));
  }
  std::mt19937 rng(20210305);
  int mapped = 0;
  for (int i = 0; i < 3000; ++i) {
    json record = {{"id", "R-" + std::to_string(i)}, {"title", "标题"}};
    for (int k = rng() % 4; k >= 0; --k)
      record[names[rng() % names.size()]] = values[rng() % values.size()];
    const std::string line = record.dump();
    importer::JsonMembers members;
    ASSERT_TRUE(importer::ParseJsonMembers(line, 64, &members));
    Case fast;
    const auto result = mapper->MapFlatRecord(members, &fast);
    auto general = CaseFromJson(mapper->ToCaseJson(json::parse(line)));
    if (result == importer::FieldMapper::FlatResult::kRefused) {
      EXPECT_FALSE(general.ok()) << line;
    } else if (result == importer::FieldMapper::FlatResult::kMapped && ValidateCase(fast).ok()) {
      ++mapped;
      ASSERT_TRUE(general.ok()) << line << " " << general.status().ToString();
      EXPECT_EQ(CaseToJson(fast), CaseToJson(*general)) << line;
    }
  }
  EXPECT_GT(mapped, 300);
}

// Splits a CSV line with no quoted cells.
std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> out(1);
  for (char ch : line) {
    if (ch == ',') {
      out.emplace_back();
    } else {
      out.back().push_back(ch);
    }
  }
  return out;
}

// Every exported field has its column(s), filled for a case with every field
// set; and the export, imported again, gives back every field both flag.
TEST(CaseFieldsTest, TheCsvExportHasEveryFieldAndImportsBack) {
  test::ScopedTempDir dir;
  auto store = OpenStore(dir / "store");
  ASSERT_NE(store, nullptr);
  Case c = Full();
  ASSERT_OK(store->Put(c));
  std::string csv;
  review::CsvExportOptions options;
  options.include_body = true;
  ASSERT_OK(review::WriteCasesCsv(*store, options, &csv));
  ASSERT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u);
  const size_t eol = csv.find("\r\n");
  const size_t eol2 = csv.find("\r\n", eol + 2);
  const auto header = SplitCsvLine(csv.substr(3, eol - 3));
  const auto cells = SplitCsvLine(csv.substr(eol + 2, eol2 - eol - 2));
  ASSERT_EQ(header.size(), cells.size());
  for (size_t i = 0; i < cells.size(); ++i) EXPECT_FALSE(cells[i].empty()) << header[i];
  for (const FieldInfo& f : CaseModel::kFields) {
    if (!f.has(kExported) || f.type == FieldType::kEntries || f.type == FieldType::kObject)
      continue;
    EXPECT_NE(std::find(header.begin(), header.end(), f.label), header.end()) << f.name;
  }
  test::WriteFile(dir / "export.csv", csv);
  auto again = OpenStore(dir / "again");
  ASSERT_NE(again, nullptr);
  Import(again.get(), dir / "export.csv");
  auto back = again->Get(c.id);
  ASSERT_OK(back);
  const json want = CaseToJson(c), got = CaseToJson(*back);
  for (const FieldInfo& f : CaseModel::kFields) {
    if (f.has(kExported) && f.has(kImported)) {
      EXPECT_EQ(got.value(f.name, json()), want[f.name]) << f.name;
    }
  }
}

// The search index has a filter term and a value slot for every faceted
// enumeration field, and for no other.
TEST(CaseFieldsTest, EveryFacetedEnumerationHasItsFilterAndSlot) {
  size_t faceted = 0;
  for (const FieldInfo& f : CaseModel::kFields) {
    if (f.type != FieldType::kEnum || !f.has(kFaceted)) continue;
    ++faceted;
    EXPECT_TRUE(
        std::any_of(std::begin(search::kEnumFacets), std::end(search::kEnumFacets),
                    [&](const search::EnumFacet& e) { return f.name == std::string(e.field); }))
        << f.name;
  }
  EXPECT_EQ(faceted, std::size(search::kEnumFacets));
}

}  // namespace
}  // namespace casebook
