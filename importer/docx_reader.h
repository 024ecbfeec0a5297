// Extracts the text of a Word .docx file: the paragraphs of word/document.xml
// (read with libzip and libxml2), one line per paragraph; tabs and line breaks
// kept; table cells become paragraphs; deleted (tracked) text is left out.
#ifndef CASEBOOK_IMPORTER_DOCX_READER_H_
#define CASEBOOK_IMPORTER_DOCX_READER_H_

#include <string>
#include <string_view>

#include "store/status.h"

namespace casebook::importer {

// Returns the UTF-8 text of the document. Errors: InvalidArgument (not a zip
// archive, no word/document.xml, malformed XML), ResourceExhausted (the
// document XML is larger than `max_xml_bytes`). Thread-safe.
Result<std::string> ExtractDocxText(std::string_view bytes, size_t max_xml_bytes = 64 << 20);

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_DOCX_READER_H_
