// The store options every API and review test opens its store with: the
// review keys kept on each write, as DataDir opens it.
#ifndef CASEBOOK_TESTS_API_REVIEW_STORE_OPTIONS_H_
#define CASEBOOK_TESTS_API_REVIEW_STORE_OPTIONS_H_

#include "api/review/review_index.h"
#include "store/case_store.h"

namespace casebook::test {

inline StoreOptions ReviewStoreOptions() {
  StoreOptions options;
  options.derived = review::ReviewDerivedIndex();
  return options;
}

}  // namespace casebook::test

#endif  // CASEBOOK_TESTS_API_REVIEW_STORE_OPTIONS_H_
