#include "importer/bulk_memory.h"

#include <malloc.h>

namespace casebook::importer {

void KeepFreedMemoryForBulkWork() {
#if defined(__GLIBC__)
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
#endif
}

}  // namespace casebook::importer
