// Perturbed copies of a text, as a resubmitted proposal might be: the
// near-duplicate tests and benchmark make them from real corpus texts.
#ifndef CASEBOOK_BENCH_PERTURB_H_
#define CASEBOOK_BENCH_PERTURB_H_

#include <cstdint>
#include <string>
#include <vector>

namespace casebook::perturb {

// Sentences of a text, each with its closing punctuation (。！？；).
std::vector<std::string> Sentences(const std::string& text);

// The text in Traditional characters (ICU Simplified-Traditional).
std::string ToTraditional(const std::string& text);

// ASCII letters, digits and common punctuation as full-width forms.
std::string ToFullWidth(const std::string& text);

// The text without its sentence number `seed % count` (unchanged if it has
// fewer than two sentences).
std::string DropSentence(const std::string& text, uint64_t seed);

// The text with two sentences inserted (one in the middle, one at the end)
// and every digit changed.
std::string InsertTwoAndChangeNumbers(const std::string& text);

// The sentences in a different order (deterministic for a seed).
std::string ShuffleSentences(const std::string& text, uint64_t seed);

}  // namespace casebook::perturb

#endif  // CASEBOOK_BENCH_PERTURB_H_
