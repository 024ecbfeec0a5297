// UTF-8 validation shared by the store (field checks), the JSON reader and
// the importer's decoder: one strict definition (RFC 3629: no overlong forms,
// no UTF-16 surrogates, nothing above U+10FFFF).
#ifndef CASEBOOK_STORE_UTF8_H_
#define CASEBOOK_STORE_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace casebook {

// The length (1-4) of the valid UTF-8 sequence that starts at s[i] (i < n),
// or 0 when the bytes there are not one.
size_t Utf8SequenceLength(const unsigned char* s, size_t n, size_t i);

// Appends code point `c` to `out` as UTF-8; a UTF-16 surrogate or a value
// above U+10FFFF is appended as U+FFFD. Thread-safe; never throws except
// std::bad_alloc.
void AppendUtf8(uint32_t c, std::string* out);

// The byte offset of the first invalid UTF-8 sequence in `s`, or
// std::string_view::npos when all of it is valid. ASCII and the three-byte
// sequences of CJK text take fast paths. Thread-safe; never throws.
size_t FirstInvalidUtf8(std::string_view s);

// `s` with full-width digits (０-９, U+FF10-FF19), full-width hyphen-minus
// (－) and full stop (．) as their ASCII forms, the rest unchanged: what a
// number or a date typed on a Chinese keyboard means.
std::string HalfWidthDigits(std::string_view s);

}  // namespace casebook

#endif  // CASEBOOK_STORE_UTF8_H_
