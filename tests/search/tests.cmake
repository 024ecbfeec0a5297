list(APPEND CASEBOOK_TEST_SOURCES
  search/chinese_analyzer_test.cc
  search/query_parser_test.cc
  search/search_index_test.cc
  search/searcher_test.cc
  search/search_corpus_test.cc)
list(APPEND CASEBOOK_TEST_LIBS casebook_search)
