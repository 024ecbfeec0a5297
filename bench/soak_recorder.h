// SoakRecorder: what bench/soak's clients saw, per request kind and outcome,
// for the whole run and for the interval since the last report.
// Thread-safe: clients call Record, the reporting thread the rest.
#ifndef CASEBOOK_BENCH_SOAK_RECORDER_H_
#define CASEBOOK_BENCH_SOAK_RECORDER_H_

#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace casebook::bench {

// The requests of the soak's mix.
enum class SoakKind { kGet, kSearch, kPut, kPatch, kCreate };
inline constexpr std::array<const char*, 5> kSoakKindNames = {"GET case", "search", "PUT", "PATCH",
                                                              "bulk POST"};

// How a request ended.
enum class SoakOutcome {
  kOk,  // 2xx.
  // Another writer changed the case first: 412 on a PUT with If-Match, 409 on
  // a PATCH whose read-modify-write lost five times running. Not an error.
  kLostRace,
  kClientError,    // Any other 4xx: a bug in the soak or the server.
  kServerError,    // 5xx.
  kTransportError  // No answer: connection refused or reset, timeout.
};

// Latencies (ms) and outcome counts of a set of requests.
struct SoakFigures {
  std::vector<float> ms;  // One per request that got an answer.
  std::array<uint64_t, 5> outcomes{};
  uint64_t count() const;
  // The q-quantile (0..1) of ms, 0 when empty. Sorts ms.
  double Quantile(double q);
  // Outcomes that count as errors: client, server and transport errors.
  uint64_t errors() const;
  uint64_t outcome(SoakOutcome o) const { return outcomes[static_cast<size_t>(o)]; }
};

class SoakRecorder {
 public:
  void Record(SoakKind kind, double ms, SoakOutcome outcome);
  // Keeps up to 5 distinct messages of failed requests, for the report.
  void NoteFailure(const std::string& what);
  // The requests of every kind since the last call (or the start).
  SoakFigures TakeInterval();
  // The requests of one kind over the whole run.
  SoakFigures Total(SoakKind kind) const;
  std::vector<std::string> failures() const;

 private:
  mutable std::mutex mu_;
  std::array<SoakFigures, kSoakKindNames.size()> total_;
  SoakFigures interval_;
  std::vector<std::string> failures_;
};

}  // namespace casebook::bench

#endif  // CASEBOOK_BENCH_SOAK_RECORDER_H_
