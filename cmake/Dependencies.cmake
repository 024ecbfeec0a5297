# Finds the Debian 12 packages listed in ../shared/DEPENDENCIES.md and exposes
# each as an imported target.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(RocksDB CONFIG REQUIRED)
find_package(nlohmann_json CONFIG REQUIRED)
find_package(ICU REQUIRED COMPONENTS uc i18n)

find_package(Xapian CONFIG REQUIRED)
if(NOT TARGET casebook::xapian)
  add_library(casebook::xapian INTERFACE IMPORTED)
  set_target_properties(casebook::xapian PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${XAPIAN_LIBRARIES}")
endif()

# cpp-httplib ships a compiled .so; its pkg-config cflags change class layouts,
# so every user must compile with them.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)

if(CASEBOOK_TESTS)
  find_package(GTest CONFIG REQUIRED)
endif()
