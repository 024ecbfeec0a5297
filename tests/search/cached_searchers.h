// A fixture for the result cache's tests: a store holding the test's cases,
// its index caught up, and two searchers over them — one with the result
// cache, one without, whose answers the cached ones are checked against.
#ifndef CASEBOOK_TESTS_SEARCH_CACHED_SEARCHERS_H_
#define CASEBOOK_TESTS_SEARCH_CACHED_SEARCHERS_H_

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "search/search_index.h"
#include "search/searcher.h"
#include "store/case_store.h"
#include "test_util.h"

namespace casebook::search {

class CachedSearchersTest : public ::testing::Test {
 protected:
  // Stores `cases`, indexes them, and opens cached_ (with `cached_options`)
  // and plain_ (the defaults: no cache). Use under ASSERT_NO_FATAL_FAILURE.
  void OpenWith(const std::vector<Case>& cases, const SearcherOptions& cached_options) {
    auto store = CaseStore::Open(dir_ / "store");
    ASSERT_OK(store);
    store_ = std::move(*store);
    ASSERT_OK(store_->PutBatch(cases));
    auto index = SearchIndex::Open(dir_ / "index");
    ASSERT_OK(index);
    index_ = std::move(*index);
    ASSERT_OK(index_->CatchUp(*store_));
    auto cached = Searcher::Open(dir_ / "index", store_.get(), cached_options);
    ASSERT_OK(cached);
    cached_ = std::move(*cached);
    auto plain = Searcher::Open(dir_ / "index", store_.get());
    ASSERT_OK(plain);
    plain_ = std::move(*plain);
  }

  test::ScopedTempDir dir_;
  std::unique_ptr<CaseStore> store_;
  std::unique_ptr<SearchIndex> index_;
  std::unique_ptr<Searcher> cached_, plain_;
};

}  // namespace casebook::search

#endif  // CASEBOOK_TESTS_SEARCH_CACHED_SEARCHERS_H_
