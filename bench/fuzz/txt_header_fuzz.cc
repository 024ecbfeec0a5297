// libFuzzer target: the importer's txt header reader on arbitrary bytes.
#include <cstddef>
#include <cstdint>

#include "bench/fuzz/fuzz_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  casebook::fuzz::RunTxtInput(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
