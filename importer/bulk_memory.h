// Process-wide allocator settings for bulk work (a whole import in one
// process). Internal choice of the programs that call it, not of the library.
#ifndef CASEBOOK_IMPORTER_BULK_MEMORY_H_
#define CASEBOOK_IMPORTER_BULK_MEMORY_H_

namespace casebook::importer {

// Asks glibc's allocator to keep freed memory for reuse instead of handing it
// back to the kernel after each chunk of records (trim threshold 512 MiB,
// 64 MiB of padding, mmap only for blocks over 256 MiB): an import allocates
// and frees the same few hundred MiB over and over, and giving pages back
// made every chunk fault them in again (about 8% of an import's CPU).
// The process keeps its peak memory until it exits, so call it only in
// programs that import and end (casebook import, import_bench), not in a
// server. Call before starting threads. Never fails (unknown settings are
// ignored).
void KeepFreedMemoryForBulkWork();

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_BULK_MEMORY_H_
