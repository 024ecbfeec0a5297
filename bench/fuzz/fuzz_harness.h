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

inline void RunJsonlInput(std::string_view data) {
  auto decoded = importer::DecodeText(std::string(data));
  if (!decoded.ok()) return;
  JsonLimits limits;
  limits.max_bytes = 1 << 20;
  importer::ReadJsonLines(*decoded, "fuzz.jsonl", limits,
                          [](importer::SourceRecord&& r) { CheckRecord(std::move(r)); });
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
