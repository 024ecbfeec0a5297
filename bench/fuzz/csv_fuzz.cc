// libFuzzer target: the importer's csv reader on arbitrary bytes.
#include <cstddef>
#include <cstdint>

#include "bench/fuzz/fuzz_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  casebook::fuzz::RunCsvInput(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
