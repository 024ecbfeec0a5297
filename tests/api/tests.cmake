list(APPEND CASEBOOK_TEST_SOURCES
  api/api_test_server.cc
  api/api_unit_test.cc
  api/case_rules_test.cc
  api/cli_process.cc
  api/review_index_test.cc
  api/review_test.cc
  api/review_rules_http_test.cc
  api/seed_year_test.cc
  api/operations_test.cc
  api/http_server_test.cc
  api/http_concurrency_test.cc
  api/slow_client_test.cc
  api/disk_full_serve_test.cc
  api/serve_command_test.cc
  api/serve_kill_drill_test.cc
  api/index_catch_up_thread_test.cc)
list(APPEND CASEBOOK_TEST_LIBS casebook_cli)
