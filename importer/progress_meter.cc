#include "importer/progress_meter.h"

#include <algorithm>

namespace casebook::importer {

std::string FormatProgressLine(const ImportProgress& p) {
  constexpr int kWidth = 24;
  double fraction = p.bytes_total > 0 ? static_cast<double>(p.bytes_done) / p.bytes_total : 0;
  fraction = std::clamp(fraction, 0.0, 1.0);
  int filled = static_cast<int>(fraction * kWidth);
  std::string bar = "[" + std::string(filled, '#') + std::string(kWidth - filled, '-') + "]";
  double secs = std::max(p.elapsed_seconds, 1e-3);
  double rate = p.records / secs;
  double mbps = p.bytes_done / secs / 1e6;
  char buf[160];
  std::string eta = "--:--";
  if (fraction > 0.001) {
    int left = static_cast<int>(secs / fraction - secs);
    std::snprintf(buf, sizeof(buf), "%d:%02d", left / 60, left % 60);
    eta = buf;
  }
  std::snprintf(buf, sizeof(buf), "%s %3d%%  %lld records  %.0f rec/s  %.1f MB/s  ETA %s",
                bar.c_str(), static_cast<int>(fraction * 100), static_cast<long long>(p.records),
                rate, mbps, eta.c_str());
  return buf;
}

void ProgressMeter::Update(const ImportProgress& p) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  drawn_ = true;
  std::fprintf(out_, "\r%s\x1b[K", FormatProgressLine(p).c_str());
  std::fflush(out_);
}

void ProgressMeter::Finish() {
  if (!enabled_ || !drawn_) return;
  std::fprintf(out_, "\r\x1b[K");
  std::fflush(out_);
  drawn_ = false;
}

}  // namespace casebook::importer
