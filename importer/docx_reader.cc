#include "importer/docx_reader.h"

#include <libxml/parser.h>
#include <strings.h>
#include <zip.h>

#include <memory>

#include "importer/xml_tree_walk.h"

namespace casebook::importer {

bool IsElement(const xmlNode* n, const char* name) {
  return n != nullptr && n->type == XML_ELEMENT_NODE && n->name != nullptr &&
         strcasecmp(reinterpret_cast<const char*>(n->name), name) == 0;
}

namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
struct XmlDocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

Result<std::string> ReadZipEntry(std::string_view bytes, const char* entry, size_t max_bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (src == nullptr) return Status::Internal("libzip: cannot create a buffer source");
  std::unique_ptr<zip_t, ZipCloser> archive(zip_open_from_source(src, ZIP_RDONLY, &error));
  if (!archive) {
    zip_source_free(src);
    std::string msg = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Status::InvalidArgument("not a .docx (zip) file: " + msg);
  }
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(archive.get(), entry, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
    return Status::InvalidArgument(std::string("not a Word document: no ") + entry);
  }
  if (st.size > max_bytes) {
    return Status::ResourceExhausted(std::string(entry) + " is " + std::to_string(st.size) +
                                     " bytes, over the limit of " + std::to_string(max_bytes));
  }
  std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen(archive.get(), entry, 0));
  if (!file) return Status::InvalidArgument(std::string("cannot open ") + entry + " in the zip");
  std::string data(st.size, '\0');
  zip_int64_t got = zip_fread(file.get(), data.data(), data.size());
  if (got < 0 || static_cast<zip_uint64_t>(got) != st.size) {
    return Status::InvalidArgument(std::string("cannot read ") + entry + " (damaged zip?)");
  }
  return data;
}

}  // namespace

Result<std::string> ExtractDocxText(std::string_view bytes, size_t max_xml_bytes) {
  auto xml = ReadZipEntry(bytes, "word/document.xml", max_xml_bytes);
  if (!xml.ok()) return xml.status();
  std::unique_ptr<xmlDoc, XmlDocFree> doc(
      xmlReadMemory(xml->data(), static_cast<int>(xml->size()), "document.xml", nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (!doc) return Status::InvalidArgument("word/document.xml is not well-formed XML");
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) return Status::InvalidArgument("word/document.xml has no root element");
  std::string text;
  auto enter = [&](xmlNode* n) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (IsElement(n->parent, "t") && n->content != nullptr) {
        text.append(reinterpret_cast<const char*>(n->content));
      }
      return false;
    }
    if (IsElement(n, "tab")) text.push_back('\t');
    if (IsElement(n, "br") || IsElement(n, "cr")) text.push_back('\n');
    return !IsElement(n, "delText") && !IsElement(n, "instrText");
  };
  auto leave = [&](xmlNode* n) {
    if (IsElement(n, "p")) text.push_back('\n');
  };
  WalkXmlTree(root, enter, leave);
  return text;
}

}  // namespace casebook::importer
