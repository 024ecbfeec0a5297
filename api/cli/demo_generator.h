// Deterministic generator of realistic demo cases: deputies' suggestions and
// CPPCC proposals over several years, with units, replies, results, due dates,
// consultations, feedback and reviews. All text is composed here from phrases
// written for this project (fictional places and units).
#ifndef CASEBOOK_API_CLI_DEMO_GENERATOR_H_
#define CASEBOOK_API_CLI_DEMO_GENERATOR_H_

#include <cstdint>
#include <vector>

#include "store/case.h"

namespace casebook {

// Settings for GenerateDemoCases.
struct DemoOptions {
  int count = 400;        // How many cases.
  uint64_t seed = 2021;   // Same seed -> same cases, byte for byte.
  int first_year = 2022;  // Years covered, inclusive.
  int last_year = 2026;
};

// Returns `count` valid cases (ids like 2024-DEMO-RD-0007). Thread-safe (pure).
std::vector<Case> GenerateDemoCases(const DemoOptions& options);

}  // namespace casebook

#endif  // CASEBOOK_API_CLI_DEMO_GENERATOR_H_
