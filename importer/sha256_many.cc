#include "importer/sha256_many.h"

#include <immintrin.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <numeric>

#include "importer/content_hash.h"

namespace casebook::importer {
namespace {

// FIPS 180-4, section 4.2.2 and 5.3.3.
constexpr uint32_t kRoundConstants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
constexpr uint32_t kInitialState[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
constexpr int kLanes = 8;
constexpr size_t kBlockBytes = 64;

// One message as 64-byte blocks: the whole blocks read in place, the last
// one or two (the rest of the message, 0x80, zeros, the bit length) from
// `tail`.
struct LaneMessage {
  const unsigned char* data = nullptr;
  size_t whole_blocks = 0;
  size_t blocks = 0;
  unsigned char tail[2 * kBlockBytes];

  void Set(std::string_view m) {
    data = reinterpret_cast<const unsigned char*>(m.data());
    whole_blocks = m.size() / kBlockBytes;
    const size_t rest = m.size() - whole_blocks * kBlockBytes;
    const size_t tail_blocks = rest + 9 <= kBlockBytes ? 1 : 2;
    std::memset(tail, 0, sizeof tail);
    if (rest > 0) std::memcpy(tail, data + whole_blocks * kBlockBytes, rest);
    tail[rest] = 0x80;
    const uint64_t bits = static_cast<uint64_t>(m.size()) * 8;
    unsigned char* end = tail + tail_blocks * kBlockBytes;
    for (int i = 1; i <= 8; ++i) end[-i] = static_cast<unsigned char>(bits >> (8 * (i - 1)));
    blocks = whole_blocks + tail_blocks;
  }
  const unsigned char* Block(size_t i) const {
    return i < whole_blocks ? data + i * kBlockBytes : tail + (i - whole_blocks) * kBlockBytes;
  }
};

// The digest of a finished state: its words, big-endian, as hex.
std::string HexOf(const uint32_t state[8]) {
  unsigned char digest[32];
  for (int i = 0; i < 32; ++i)
    digest[i] = static_cast<unsigned char>(state[i / 4] >> (24 - 8 * (i % 4)));
  return LowerHex(digest, sizeof digest);
}

#define CASEBOOK_AVX2 __attribute__((target("avx2")))

template <int N>
CASEBOOK_AVX2 inline __m256i Rotr(__m256i x) {
  return _mm256_or_si256(_mm256_srli_epi32(x, N), _mm256_slli_epi32(x, 32 - N));
}
CASEBOOK_AVX2 inline __m256i Add(__m256i a, __m256i b) { return _mm256_add_epi32(a, b); }
CASEBOOK_AVX2 inline __m256i Xor3(__m256i a, __m256i b, __m256i c) {
  return _mm256_xor_si256(_mm256_xor_si256(a, b), c);
}

// The message schedule's next word from the 16 before it (w[i & 15] is W[i]).
CASEBOOK_AVX2 inline __m256i NextWord(__m256i* w, int i) {
  const __m256i w15 = w[(i - 15) & 15], w2 = w[(i - 2) & 15];
  const __m256i s0 = Xor3(Rotr<7>(w15), Rotr<18>(w15), _mm256_srli_epi32(w15, 3));
  const __m256i s1 = Xor3(Rotr<17>(w2), Rotr<19>(w2), _mm256_srli_epi32(w2, 10));
  w[i & 15] = Add(Add(w[i & 15], s0), Add(w[(i - 7) & 15], s1));
  return w[i & 15];
}

// Word `j` (big-endian) of eight blocks, one per lane.
CASEBOOK_AVX2 inline __m256i LoadWord(const unsigned char* const* p, int j) {
  uint32_t v[kLanes];
  for (int l = 0; l < kLanes; ++l) {
    uint32_t x;
    std::memcpy(&x, p[l] + 4 * j, 4);
    v[l] = __builtin_bswap32(x);
  }
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(v));
}

// The working variables a..h of the rounds.
using Working = __m256i[8];

// The end of a round: each variable moves down one place, a and e take the
// round's sums.
CASEBOOK_AVX2 inline void EndRound(Working& v, __m256i t1, __m256i t2) {
  for (int k = 7; k > 0; --k) v[k] = v[k - 1];
  v[4] = Add(v[4], t1);  // The old d.
  v[0] = Add(t1, t2);
}

// Adds the rounds' result into the state of the lanes that are active.
CASEBOOK_AVX2 inline void AddToState(__m256i* state, const Working& v, __m256i active) {
  for (int k = 0; k < 8; ++k) {
    state[k] = _mm256_blendv_epi8(state[k], Add(state[k], v[k]), active);
  }
}

// Runs the compression function once on one block per lane; lanes whose
// mask is zero keep their state.
CASEBOOK_AVX2 void Compress(__m256i* state, const unsigned char* const* blocks, __m256i active) {
  __m256i w[16];
  for (int j = 0; j < 16; ++j) w[j] = LoadWord(blocks, j);
  Working v;
  for (int k = 0; k < 8; ++k) v[k] = state[k];
  for (int i = 0; i < 64; ++i) {
    const __m256i wi = i < 16 ? w[i] : NextWord(w, i);
    const __m256i e = v[4], f = v[5], g = v[6], a = v[0], b = v[1], c = v[2];
    const __m256i big_s1 = Xor3(Rotr<6>(e), Rotr<11>(e), Rotr<25>(e));
    const __m256i ch = _mm256_xor_si256(_mm256_and_si256(e, f), _mm256_andnot_si256(e, g));
    const __m256i t1 =
        Add(Add(v[7], big_s1),
            Add(Add(ch, _mm256_set1_epi32(static_cast<int>(kRoundConstants[i]))), wi));
    const __m256i big_s0 = Xor3(Rotr<2>(a), Rotr<13>(a), Rotr<22>(a));
    const __m256i maj =
        _mm256_or_si256(_mm256_and_si256(a, _mm256_or_si256(b, c)), _mm256_and_si256(b, c));
    EndRound(v, t1, Add(big_s0, maj));
  }
  AddToState(state, v, active);
}

// The same rounds with AVX-512's instructions on the same 256-bit registers
// (no wider vectors, so no lower clock): one-instruction rotates, and
// three-input logic (XOR of three, choose, majority) in one instruction each;
// 32 registers hold the schedule without spilling. About 2.5x fewer
// instructions than Compress.
#define CASEBOOK_AVX512VL __attribute__((target("avx2,avx512f,avx512vl")))

CASEBOOK_AVX512VL inline __m256i Xor3Vl(__m256i a, __m256i b, __m256i c) {
  return _mm256_ternarylogic_epi32(a, b, c, 0x96);
}

CASEBOOK_AVX512VL inline __m256i NextWordVl(__m256i* w, int i) {
  const __m256i w15 = w[(i - 15) & 15], w2 = w[(i - 2) & 15];
  const __m256i s0 =
      Xor3Vl(_mm256_ror_epi32(w15, 7), _mm256_ror_epi32(w15, 18), _mm256_srli_epi32(w15, 3));
  const __m256i s1 =
      Xor3Vl(_mm256_ror_epi32(w2, 17), _mm256_ror_epi32(w2, 19), _mm256_srli_epi32(w2, 10));
  w[i & 15] =
      _mm256_add_epi32(_mm256_add_epi32(w[i & 15], s0), _mm256_add_epi32(w[(i - 7) & 15], s1));
  return w[i & 15];
}

CASEBOOK_AVX512VL void CompressVl(__m256i* state, const unsigned char* const* blocks,
                                  __m256i active) {
  __m256i w[16];
  for (int j = 0; j < 16; ++j) w[j] = LoadWord(blocks, j);
  Working v;
  for (int k = 0; k < 8; ++k) v[k] = state[k];
  for (int i = 0; i < 64; ++i) {
    const __m256i wi = i < 16 ? w[i] : NextWordVl(w, i);
    const __m256i e = v[4], a = v[0];
    const __m256i big_s1 =
        Xor3Vl(_mm256_ror_epi32(e, 6), _mm256_ror_epi32(e, 11), _mm256_ror_epi32(e, 25));
    const __m256i ch = _mm256_ternarylogic_epi32(e, v[5], v[6], 0xCA);  // e ? f : g
    const __m256i t1 = _mm256_add_epi32(
        _mm256_add_epi32(v[7], big_s1),
        _mm256_add_epi32(
            _mm256_add_epi32(ch, _mm256_set1_epi32(static_cast<int>(kRoundConstants[i]))), wi));
    const __m256i big_s0 =
        Xor3Vl(_mm256_ror_epi32(a, 2), _mm256_ror_epi32(a, 13), _mm256_ror_epi32(a, 22));
    const __m256i maj = _mm256_ternarylogic_epi32(a, v[1], v[2], 0xE8);  // Majority.
    EndRound(v, t1, _mm256_add_epi32(big_s0, maj));
  }
  AddToState(state, v, active);
}

#undef CASEBOOK_AVX512VL

using CompressFn = void (*)(__m256i* state, const unsigned char* const* blocks, __m256i active);

// Hashes up to eight messages side by side.
CASEBOOK_AVX2 void HashLanes(const LaneMessage* lanes, int count, CompressFn compress,
                             std::string* const* out) {
  static const unsigned char kIdleBlock[kBlockBytes] = {};
  __m256i state[8];
  for (int k = 0; k < 8; ++k) state[k] = _mm256_set1_epi32(static_cast<int>(kInitialState[k]));
  size_t most = 0;
  for (int l = 0; l < count; ++l) most = std::max(most, lanes[l].blocks);
  for (size_t i = 0; i < most; ++i) {
    const unsigned char* blocks[kLanes];
    int32_t mask[kLanes];
    for (int l = 0; l < kLanes; ++l) {
      const bool live = l < count && i < lanes[l].blocks;
      blocks[l] = live ? lanes[l].Block(i) : kIdleBlock;
      mask[l] = live ? -1 : 0;
    }
    compress(state, blocks, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(mask)));
  }
  uint32_t words[8][kLanes];
  for (int k = 0; k < 8; ++k) _mm256_storeu_si256(reinterpret_cast<__m256i*>(words[k]), state[k]);
  for (int l = 0; l < count; ++l) {
    uint32_t lane_state[8];
    for (int k = 0; k < 8; ++k) lane_state[k] = words[k][l];
    *out[l] = HexOf(lane_state);
  }
}

#undef CASEBOOK_AVX2

bool HasAvx2() {
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
}

bool HasAvx512Vl() {
  static const bool has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
  return has;
}

// The compression function for `path` on this CPU; null: use OpenSSL.
CompressFn CompressFor(Sha256Path path) {
  if (path == Sha256Path::kOpenSsl || !HasAvx2()) return nullptr;
  if (path == Sha256Path::kFastest && HasAvx512Vl()) return &CompressVl;
  return &Compress;
}

}  // namespace

const char* Sha256ManyLanes() {
  const CompressFn fastest = CompressFor(Sha256Path::kFastest);
  return fastest == &CompressVl ? "avx512vl" : fastest == &Compress ? "avx2" : "";
}

std::vector<std::string> Sha256HexMany(const std::vector<std::string_view>& messages,
                                       Sha256Path path) {
  std::vector<std::string> out(messages.size());
  const CompressFn compress = CompressFor(path);
  if (compress == nullptr || messages.size() < 2) {
    for (size_t i = 0; i < messages.size(); ++i) out[i] = Sha256Hex(messages[i]);
    return out;
  }
  // Messages of like length share a group, so few lanes idle.
  std::vector<size_t> order(messages.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return messages[x].size() > messages[y].size(); });
  LaneMessage lanes[kLanes];
  std::string* targets[kLanes];
  for (size_t start = 0; start < order.size(); start += kLanes) {
    const int count = static_cast<int>(std::min<size_t>(kLanes, order.size() - start));
    for (int l = 0; l < count; ++l) {
      lanes[l].Set(messages[order[start + l]]);
      targets[l] = &out[order[start + l]];
    }
    HashLanes(lanes, count, compress, targets);
  }
  return out;
}

}  // namespace casebook::importer
