// Helpers for importer tests: byte-level encodings and .docx files the tests
// write themselves (ICU for GB18030, libzip for the zip container).
#ifndef CASEBOOK_TESTS_IMPORTER_IMPORTER_TEST_FILES_H_
#define CASEBOOK_TESTS_IMPORTER_IMPORTER_TEST_FILES_H_

#include <unicode/ucnv.h>
#include <zip.h>

#include <string>
#include <vector>

namespace casebook::test {

// `utf8` re-encoded as GB18030 (for files as offices' Excel writes them).
inline std::string ToGb18030(const std::string& utf8) {
  UErrorCode err = U_ZERO_ERROR;
  std::string out(utf8.size() * 2 + 16, '\0');
  int32_t n = ucnv_convert("GB18030", "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                           utf8.data(), static_cast<int32_t>(utf8.size()), &err);
  out.resize(U_SUCCESS(err) ? n : 0);
  return out;
}

// A minimal .docx (zip with word/document.xml) whose body has one <w:p> per
// paragraph. Returns the file's bytes.
inline std::string MakeDocx(const std::vector<std::string>& paragraphs) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
      "<w:body>";
  for (const auto& p : paragraphs)
    xml += "<w:p><w:r><w:t xml:space=\"preserve\">" + p + "</w:t></w:r></w:p>";
  xml += "<w:p><w:r><w:delText>已删除的文字</w:delText></w:r></w:p></w:body></w:document>";
  static const std::string kTypes =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* mem = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* z = zip_open_from_source(mem, ZIP_TRUNCATE, &error);
  zip_source_keep(mem);
  zip_file_add(z, "[Content_Types].xml", zip_source_buffer(z, kTypes.data(), kTypes.size(), 0),
               ZIP_FL_OVERWRITE);
  zip_file_add(z, "word/document.xml", zip_source_buffer(z, xml.data(), xml.size(), 0),
               ZIP_FL_OVERWRITE);
  zip_close(z);
  std::string bytes;
  zip_stat_t st;
  if (zip_source_stat(mem, &st) == 0 && zip_source_open(mem) == 0) {
    bytes.resize(st.size);
    zip_source_read(mem, bytes.data(), st.size);
    zip_source_close(mem);
  }
  zip_source_free(mem);
  return bytes;
}

}  // namespace casebook::test

#endif  // CASEBOOK_TESTS_IMPORTER_IMPORTER_TEST_FILES_H_
