#include "bench/soak_recorder.h"

#include <algorithm>

namespace casebook::bench {

uint64_t SoakFigures::count() const {
  uint64_t n = 0;
  for (uint64_t c : outcomes) n += c;
  return n;
}

double SoakFigures::Quantile(double q) {
  if (ms.empty()) return 0;
  const size_t at = std::min(ms.size() - 1, static_cast<size_t>(q * ms.size()));
  std::nth_element(ms.begin(), ms.begin() + at, ms.end());
  return ms[at];
}

uint64_t SoakFigures::errors() const {
  return outcomes[static_cast<size_t>(SoakOutcome::kClientError)] +
         outcomes[static_cast<size_t>(SoakOutcome::kServerError)] +
         outcomes[static_cast<size_t>(SoakOutcome::kTransportError)];
}

void SoakRecorder::Record(SoakKind kind, double ms, SoakOutcome outcome) {
  std::lock_guard<std::mutex> lock(mu_);
  for (SoakFigures* f : {&total_[static_cast<size_t>(kind)], &interval_}) {
    if (outcome != SoakOutcome::kTransportError) f->ms.push_back(static_cast<float>(ms));
    ++f->outcomes[static_cast<size_t>(outcome)];
  }
}

void SoakRecorder::NoteFailure(const std::string& what) {
  std::lock_guard<std::mutex> lock(mu_);
  if (failures_.size() < 5 &&
      std::find(failures_.begin(), failures_.end(), what) == failures_.end())
    failures_.push_back(what);
}

SoakFigures SoakRecorder::TakeInterval() {
  std::lock_guard<std::mutex> lock(mu_);
  SoakFigures out = std::move(interval_);
  interval_ = SoakFigures();
  return out;
}

SoakFigures SoakRecorder::Total(SoakKind kind) const {
  std::lock_guard<std::mutex> lock(mu_);
  return total_[static_cast<size_t>(kind)];
}

std::vector<std::string> SoakRecorder::failures() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failures_;
}

}  // namespace casebook::bench
