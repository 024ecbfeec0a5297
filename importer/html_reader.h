// Extracts the main text of an HTML page (a government portal's page of a
// proposal or reply) with libxml2's HTML parser: scripts, styles, navigation,
// headers, footers and forms are dropped; block elements become lines.
#ifndef CASEBOOK_IMPORTER_HTML_READER_H_
#define CASEBOOK_IMPORTER_HTML_READER_H_

#include <string>
#include <string_view>

#include "store/status.h"

namespace casebook::importer {

struct HtmlText {
  std::string title;  // The first <h1>, else <title>; may be empty.
  std::string text;   // Main text: <article> or <main> when present, else <body>.
};

// Parses UTF-8 HTML (the caller decodes the bytes first). Tolerates broken
// markup. Errors: InvalidArgument when nothing could be parsed. Thread-safe.
Result<HtmlText> ExtractHtmlText(std::string_view utf8_html);

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_HTML_READER_H_
