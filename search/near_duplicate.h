// Near-duplicate detection: MinHash fingerprints of normalised character
// shingles, and a similarity figure between 0 and 1.
//
// The figure is the cosine (Ochiai) similarity of the two shingle sets,
// |A∩B| / sqrt(|A|·|B|), with |A∩B| estimated from the MinHash Jaccard
// estimate J as J·(|A|+|B|)/(1+J). Unlike Jaccard it stays high when one text
// is the other with a sentence dropped or inserted, and falls when one text is
// a small part of a much longer one. Shingles are 4 consecutive characters of
// the normalised text after dropping spaces and punctuation and folding every
// run of digits to one placeholder, so changed numbers, reordered sentences
// (only the shingles across sentence joins change), full-width forms and
// Traditional characters (given text normalised by the analyzer) do not hide
// a copy.
#ifndef CASEBOOK_SEARCH_NEAR_DUPLICATE_H_
#define CASEBOOK_SEARCH_NEAR_DUPLICATE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook::search {

// A case is flagged near_duplicate when Similarity() >= this. Chosen on 600
// real appeal messages and perturbed copies of each (bench/near_duplicate_bench):
// a dropped sentence scores >= 0.5 in 98.5% of copies, two inserted sentences
// with changed numbers 99%, shuffled sentences 100%; unrelated messages score
// at most 0.06, and different 物业 complaints at most 0.07 (bar two pairs that
// are in fact resubmissions).
constexpr double kNearDuplicateThreshold = 0.50;

// The MinHash fingerprint of one text. A plain value; thread-compatible.
struct Fingerprint {
  static constexpr int kHashes = 128;  // MinHash permutations.
  static constexpr int kBands = 32;    // LSH bands of kRows hashes each.
  static constexpr int kRows = kHashes / kBands;
  uint32_t shingles = 0;                 // Distinct shingles in the text (0 = empty text).
  std::array<uint32_t, kHashes> mins{};  // Minimum hash per permutation.

  // A compact byte form for storing (e.g. in an index value) and its parser;
  // Parse returns nullopt for anything Serialize did not write.
  std::string Serialize() const;
  static std::optional<Fingerprint> Parse(std::string_view bytes);
};

// The text a case's fingerprint is taken of: its body, or its title when the
// body is empty (before normalisation).
const std::string& FingerprintText(const std::string& title, const std::string& body);

// The fingerprint of `normalized` (text already normalised: NFKC, case-folded,
// Traditional -> Simplified). Pure; thread-safe.
Fingerprint FingerprintOf(std::string_view normalized);

// Estimated cosine similarity of the shingle sets, in [0, 1]; 0 if either
// text is empty. Pure; thread-safe.
double Similarity(const Fingerprint& a, const Fingerprint& b);

// LSH keys: one short string per band ("<band>:<hex>"); two fingerprints
// sharing any key are candidates for comparison. Pure; thread-safe.
std::vector<std::string> BandKeys(const Fingerprint& f);

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_NEAR_DUPLICATE_H_
