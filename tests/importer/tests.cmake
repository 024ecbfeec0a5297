list(APPEND CASEBOOK_TEST_SOURCES
  importer/batch_writer_test.cc
  importer/cli_import_test.cc
  importer/corpus_import_test.cc
  importer/flat_record_test.cc
  importer/fuzz_regression_test.cc
  importer/importer_test.cc
  importer/json_members_test.cc
  importer/readers_test.cc
  importer/sha256_many_test.cc
  importer/text_decoder_test.cc)
list(APPEND CASEBOOK_TEST_LIBS casebook_importer casebook_cli ICU::uc PkgConfig::LIBZIP)
