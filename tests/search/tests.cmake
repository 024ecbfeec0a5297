list(APPEND CASEBOOK_TEST_SOURCES
  search/chinese_analyzer_test.cc
  search/query_parser_test.cc
  search/search_index_test.cc
  search/searcher_test.cc
  search/search_corpus_test.cc
  search/near_duplicate_test.cc
  search/similar_cases_test.cc
  search/more_like_this_test.cc
  search/result_cache_test.cc
  search/result_cache_paging_test.cc
  search/ranked_paging_test.cc
  search/snippet_test.cc
  search/similar_copies_test.cc
  search/facet_table_test.cc
  search/search_json_test.cc
  search/proximity_rescore_test.cc
  search/query_particulars_test.cc
  search/query_pruning_test.cc
  search/near_copy_order_test.cc
  ../bench/perturb.cc)
list(APPEND CASEBOOK_TEST_LIBS casebook_search)
