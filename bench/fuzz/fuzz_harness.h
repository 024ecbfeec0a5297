// What each importer fuzz target does with one input; shared by the libFuzzer
// targets (bench/fuzz/*_fuzz.cc) and the regression test that replays saved
// inputs (tests/importer/fuzz_regression_test.cc).
//
// Every record a reader emits is mapped and converted; a converted case must
// serialise without throwing (no broken UTF-8 gets through).
#ifndef CASEBOOK_BENCH_FUZZ_FUZZ_HARNESS_H_
#define CASEBOOK_BENCH_FUZZ_FUZZ_HARNESS_H_

#include <cstdlib>
#include <string>
#include <string_view>

#include "importer/csv_reader.h"
#include "importer/field_mapper.h"
#include "importer/json_members.h"
#include "importer/jsonl_reader.h"
#include "importer/text_case_reader.h"
#include "importer/text_decoder.h"
#include "store/case_json.h"

namespace casebook::fuzz {

inline const importer::FieldMapper& Mapper() {
  static const importer::FieldMapper* mapper =
      new importer::FieldMapper(*importer::FieldMapper::Create());
  return *mapper;
}

// Maps one record as the Importer does and checks the invariants.
inline void CheckRecord(importer::SourceRecord&& rec) {
  if (!rec.error.ok()) return;
  nlohmann::json mapped = Mapper().ToCaseJson(std::move(rec.fields));
  if (!mapped.contains("id")) mapped["id"] = "fuzz-1";
  auto c = CaseFromJson(mapped);
  if (!c.ok()) return;
  std::string out = CaseToJson(*c).dump();  // Throws (-> crash) on invalid UTF-8.
  if (out.empty()) std::abort();
}

// The JSONL fast path (flat records straight into a Case) must build the
// case the general path builds, or hand the line over; aborts otherwise.
inline void CheckFlatPath(const importer::JsonLine& line, const JsonLimits& limits) {
  importer::JsonMembers members;
  if (line.decode_error != nullptr || !CheckJsonLimits(line.text, limits).ok() ||
      !importer::ParseJsonMembers(line.text, limits.max_depth, &members,
                                  importer::Utf8Check::kAlreadyDone)) {
    return;
  }
  Case fast;
  auto result = Mapper().MapFlatRecord(members, &fast);
  ValidateOptions trusted;
  trusted.check_utf8 = false;  // As the importer validates fast-path cases.
  if (result != importer::FieldMapper::FlatResult::kMapped || !ValidateCase(fast, trusted).ok()) {
    return;
  }
  if (!ValidateCase(fast).ok()) std::abort();  // A string the decoder let through is not UTF-8.
  importer::SourceRecord rec = importer::ReadJsonLine(line, "fuzz.jsonl", limits);
  if (!rec.error.ok()) std::abort();  // The fast path took a line the parser rejects.
  auto general = CaseFromJson(Mapper().ToCaseJson(std::move(rec.fields)));
  if (!general.ok() || CaseToJson(*general) != CaseToJson(fast)) std::abort();
}

inline void RunJsonlInput(std::string_view data) {
  auto decoded = importer::DecodeText(std::string(data));
  if (!decoded.ok()) return;
  JsonLimits limits;
  limits.max_bytes = 1 << 20;
  importer::ReadJsonLines(*decoded, "fuzz.jsonl", limits,
                          [](importer::SourceRecord&& r) { CheckRecord(std::move(r)); });
  importer::ForEachJsonLine(*decoded, 0, decoded->text.size(), 1,
                            [&](const importer::JsonLine& line) { CheckFlatPath(line, limits); });
}

inline void RunCsvInput(std::string_view data) {
  auto decoded = importer::DecodeText(std::string(data));
  if (!decoded.ok()) return;
  importer::ReadCsv(*decoded, "fuzz.csv", {},
                    [](importer::SourceRecord&& r) { CheckRecord(std::move(r)); });
}

inline void RunTxtInput(std::string_view data) {
  auto decoded = importer::DecodeText(std::string(data));
  if (!decoded.ok()) return;
  CheckRecord(importer::ReadTextFile(*decoded, "fuzz.txt", Mapper()));
}

}  // namespace casebook::fuzz

#endif  // CASEBOOK_BENCH_FUZZ_FUZZ_HARNESS_H_
