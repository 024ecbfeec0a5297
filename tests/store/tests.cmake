list(APPEND CASEBOOK_TEST_SOURCES
  store/case_json_test.cc
  store/utf8_test.cc
  store/case_codec_test.cc
  store/case_fields_test.cc
  store/case_store_test.cc
  store/case_store_crash_test.cc
  store/case_store_fault_test.cc
  store/case_store_disk_full_test.cc)
