// Internals shared by case_store.cc and case_store_read.cc.
#ifndef CASEBOOK_STORE_CASE_STORE_INTERNAL_H_
#define CASEBOOK_STORE_CASE_STORE_INTERNAL_H_

#include <rocksdb/db.h>

#include <memory>
#include <vector>

#include "store/case_store.h"

namespace casebook {

// Column family indexes into Handles::cfs.
enum StoreCf {
  kCfDefault = 0,
  kCfCases,
  kCfHistory,
  kCfChangelog,
  kCfByYear,
  kCfMeta,
  kCfDerived,
  kCfCount
};

// The open database and its column families; destroys the handles before the DB.
struct CaseStore::Handles {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;
  ~Handles() {
    if (db) {
      for (auto* cf : cfs) db->DestroyColumnFamilyHandle(cf);
    }
    cfs.clear();
    db.reset();
  }
  rocksdb::ColumnFamilyHandle* cf(int i) const { return cfs[i]; }
};

// Converts a RocksDB status to ours, prefixed with what was being done.
Status FromRocks(const rocksdb::Status& s, const char* doing);

// Meta keys kept by the store itself.
inline constexpr char kMetaSchemaVersion[] = "casebook.schema_version";
inline constexpr char kMetaLastSeq[] = "casebook.last_seq";
inline constexpr char kMetaCaseCount[] = "casebook.case_count";
// Present once any case was deleted: a case written again under a deleted
// id continues the old version numbers (its history is kept).
inline constexpr char kMetaHadDeletes[] = "casebook.had_deletes";
// The DerivedIndex::version the derived entries were written under.
inline constexpr char kMetaDerived[] = "casebook.derived";
inline constexpr int kSchemaVersion = 1;

}  // namespace casebook

#endif  // CASEBOOK_STORE_CASE_STORE_INTERNAL_H_
