// Internal to store/utf8.cc: the bulk of a UTF-8 check, 32 bytes per step
// with AVX2 (checked at run time by the caller).
#ifndef CASEBOOK_STORE_UTF8_AVX2_H_
#define CASEBOOK_STORE_UTF8_AVX2_H_

#include <cstddef>

namespace casebook::utf8_internal {

// Whether this CPU has AVX2.
bool CpuHasAvx2();

// Checks s[0, n) in blocks of 32 bytes. Returns 0 when some block holds an
// invalid sequence (the caller then finds it byte by byte), otherwise the
// offset from which the caller must go on checking byte by byte: the start
// of the last character the blocks reached (possibly cut by their end).
// Everything before that offset is valid UTF-8. REQUIRES: CpuHasAvx2().
size_t ValidPrefixAvx2(const unsigned char* s, size_t n);

}  // namespace casebook::utf8_internal

#endif  // CASEBOOK_STORE_UTF8_AVX2_H_
