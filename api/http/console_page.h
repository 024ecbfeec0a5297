// The review console: one static HTML page (with its script and styles
// inline) embedded in the binary and served at "/". Chinese UI: search box,
// results, dossier view, review queue. It calls the JSON API with the key the
// user types (kept in the browser's localStorage).
#ifndef CASEBOOK_API_HTTP_CONSOLE_PAGE_H_
#define CASEBOOK_API_HTTP_CONSOLE_PAGE_H_

#include <string>

namespace casebook::api {

// The page's HTML (UTF-8).
std::string ConsolePageHtml();

}  // namespace casebook::api

#endif  // CASEBOOK_API_HTTP_CONSOLE_PAGE_H_
