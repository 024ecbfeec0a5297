// ProgressMeter: a one-line progress bar for a terminal (records/s, MB/s, ETA),
// redrawn at most a few times a second; silent when the stream is not a TTY.
#ifndef CASEBOOK_IMPORTER_PROGRESS_METER_H_
#define CASEBOOK_IMPORTER_PROGRESS_METER_H_

#include <chrono>
#include <cstdio>
#include <string>

#include "importer/importer.h"

namespace casebook::importer {

class ProgressMeter {
 public:
  // Draws on `out` only when `enabled` (the CLI passes isatty(fileno(out))).
  ProgressMeter(std::FILE* out, bool enabled) : out_(out), enabled_(enabled) {}
  // Redraws the bar if enough time has passed since the last draw. Not thread-safe.
  void Update(const ImportProgress& p);
  // Clears the bar line (before the summary is printed).
  void Finish();

 private:
  std::FILE* out_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

// The bar's text, e.g. "[#######-------------]  35%  12,034 records  4,210 rec/s
// 51.3 MB/s  ETA 0:07". Pure; thread-safe.
std::string FormatProgressLine(const ImportProgress& p);

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_PROGRESS_METER_H_
