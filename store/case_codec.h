// Compact binary encoding of a Case, the form the store keeps on disk
// (internal to store/; JSON is for the outside world).
//
// Layout: 0xCB, format version (1), varint length of the content part, the
// content part (every user-visible field in a fixed order; unknown fields as
// JSON text), then the stamp part (version, updated_at, source). Two cases
// with equal content parts are "unchanged" for the store.
#ifndef CASEBOOK_STORE_CASE_CODEC_H_
#define CASEBOOK_STORE_CASE_CODEC_H_

#include <string>
#include <string_view>

#include "store/case.h"
#include "store/status.h"

namespace casebook {

// Encodes a case. Never fails.
std::string EncodeCaseRecord(const Case& c);

// Encodes `c` as if its version were `version` and its updated_at
// `updated_at` (what the store writes, without copying the case). Never fails.
std::string EncodeCaseRecord(const Case& c, int64_t version, std::string_view updated_at);

// The content part of `c`'s record: what EncodeCaseRecord writes first and
// ContentOfRecord returns. Writers may encode it ahead, on other threads.
std::string EncodeCaseContent(const Case& c);

// EncodeCaseRecord(c, version, updated_at) with the content part given
// (`content` must be EncodeCaseContent(c)). Never fails.
std::string EncodeCaseRecordWithContent(const Case& c, std::string_view content, int64_t version,
                                        std::string_view updated_at);

// Decodes a record written by EncodeCaseRecord. Errors: Corruption.
Result<Case> DecodeCaseRecord(std::string_view data);

// Reads only the version and year of a record written by EncodeCaseRecord
// (what a write needs to know of the case it replaces). Errors: Corruption.
Status PeekCaseRecord(std::string_view data, int64_t* version, int* year);

// The content part of an encoded record (empty view if malformed).
std::string_view ContentOfRecord(std::string_view data);

}  // namespace casebook

#endif  // CASEBOOK_STORE_CASE_CODEC_H_
