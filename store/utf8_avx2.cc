// The AVX2 check of FirstInvalidUtf8 (see utf8_avx2.h).
#include "store/utf8_avx2.h"

#include <immintrin.h>

#include <cstdint>

namespace casebook::utf8_internal {
namespace {

#define CASEBOOK_AVX2 __attribute__((target("avx2")))

// Error classes of a byte pair (the byte before, this byte), after Keiser and
// Lemire, "Validating UTF-8 in less than one instruction per byte" (2021).
// Each table maps one nibble to the classes it can be part of; a pair is in
// error when all three agree on a class.
constexpr uint8_t kTooShort = 1 << 0;   // Lead or ASCII, then a lead or ASCII: 11______ 0_______.
constexpr uint8_t kTooLong = 1 << 1;    // ASCII then a continuation: 0_______ 10______.
constexpr uint8_t kOverlong3 = 1 << 2;  // 11100000 100_____.
constexpr uint8_t kTooLarge = 1 << 3;   // 11110100 1001____ and above.
constexpr uint8_t kSurrogate = 1 << 4;  // 11101101 101_____.
constexpr uint8_t kOverlong2 = 1 << 5;  // 1100000_ 10______.
constexpr uint8_t kTooLarge1000 = 1 << 6;  // 11110101 1000____ and above.
constexpr uint8_t kOverlong4 = 1 << 6;     // 11110000 1000____.
constexpr uint8_t kTwoConts = 1 << 7;      // 10______ 10______ (allowed where a lead needs them).
constexpr uint8_t kCarry = kTooShort | kTooLong | kTwoConts;

CASEBOOK_AVX2 inline __m256i Table(const uint8_t (&t)[16]) {
  const __m128i half = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t));
  return _mm256_broadcastsi128_si256(half);
}

// The bytes of `input` shifted N places later, the first N from `prev`.
template <int N>
CASEBOOK_AVX2 inline __m256i Before(__m256i input, __m256i prev) {
  return _mm256_alignr_epi8(input, _mm256_permute2x128_si256(prev, input, 0x21), 16 - N);
}

CASEBOOK_AVX2 inline __m256i HighNibbles(__m256i v) {
  return _mm256_and_si256(_mm256_srli_epi16(v, 4), _mm256_set1_epi8(0x0F));
}

// Nonzero bytes where `input` (with the 32 bytes before it in `prev`) breaks
// a rule of UTF-8; a sequence cut by the end of `input` is not an error yet.
CASEBOOK_AVX2 inline __m256i BlockErrors(__m256i input, __m256i prev) {
  static constexpr uint8_t kByte1High[16] = {kTooLong,
                                             kTooLong,
                                             kTooLong,
                                             kTooLong,
                                             kTooLong,
                                             kTooLong,
                                             kTooLong,
                                             kTooLong,
                                             kTwoConts,
                                             kTwoConts,
                                             kTwoConts,
                                             kTwoConts,
                                             kTooShort | kOverlong2,
                                             kTooShort,
                                             kTooShort | kOverlong3 | kSurrogate,
                                             kTooShort | kTooLarge | kTooLarge1000 | kOverlong4};
  static constexpr uint8_t kByte1Low[16] = {kCarry | kOverlong3 | kOverlong2 | kOverlong4,
                                            kCarry | kOverlong2,
                                            kCarry,
                                            kCarry,
                                            kCarry | kTooLarge,
                                            kCarry | kTooLarge | kTooLarge1000,
                                            kCarry | kTooLarge | kTooLarge1000,
                                            kCarry | kTooLarge | kTooLarge1000,
                                            kCarry | kTooLarge | kTooLarge1000,
                                            kCarry | kTooLarge | kTooLarge1000,
                                            kCarry | kTooLarge | kTooLarge1000,
                                            kCarry | kTooLarge | kTooLarge1000,
                                            kCarry | kTooLarge | kTooLarge1000,
                                            kCarry | kTooLarge | kTooLarge1000 | kSurrogate,
                                            kCarry | kTooLarge | kTooLarge1000,
                                            kCarry | kTooLarge | kTooLarge1000};
  static constexpr uint8_t kByte2High[16] = {
      kTooShort,
      kTooShort,
      kTooShort,
      kTooShort,
      kTooShort,
      kTooShort,
      kTooShort,
      kTooShort,
      kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge1000 | kOverlong4,
      kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge,
      kTooLong | kOverlong2 | kTwoConts | kSurrogate | kTooLarge,
      kTooLong | kOverlong2 | kTwoConts | kSurrogate | kTooLarge,
      kTooShort,
      kTooShort,
      kTooShort,
      kTooShort};
  const __m256i prev1 = Before<1>(input, prev);
  const __m256i special = _mm256_and_si256(
      _mm256_and_si256(
          _mm256_shuffle_epi8(Table(kByte1High), HighNibbles(prev1)),
          _mm256_shuffle_epi8(Table(kByte1Low), _mm256_and_si256(prev1, _mm256_set1_epi8(0x0F)))),
      _mm256_shuffle_epi8(Table(kByte2High), HighNibbles(input)));
  // Where the byte two (three) before is a lead of three (four) bytes, this
  // byte must be a continuation: the high bit that says so must match the
  // kTwoConts bit of the pair classes.
  const __m256i third = _mm256_subs_epu8(Before<2>(input, prev), _mm256_set1_epi8(0xE0 - 0x80));
  const __m256i fourth = _mm256_subs_epu8(Before<3>(input, prev), _mm256_set1_epi8(0xF0 - 0x80));
  const __m256i must_continue =
      _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8(static_cast<char>(0x80)));
  return _mm256_xor_si256(must_continue, special);
}

}  // namespace

CASEBOOK_AVX2 size_t ValidPrefixAvx2(const unsigned char* s, size_t n) {
  __m256i prev = _mm256_setzero_si256();
  __m256i errors = _mm256_setzero_si256();
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256i input = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + i));
    errors = _mm256_or_si256(errors, BlockErrors(input, prev));
    prev = input;
  }
  if (!_mm256_testz_si256(errors, errors)) return 0;
  // Back up to the start of the last character, which the blocks may cut.
  size_t start = i;
  for (int k = 0; k < 3 && start > 0 && (s[start - 1] & 0xC0) == 0x80; ++k) --start;
  if (start > 0 && s[start - 1] >= 0xC0) --start;
  return start;
}

bool CpuHasAvx2() {
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
}

#undef CASEBOOK_AVX2

}  // namespace casebook::utf8_internal
