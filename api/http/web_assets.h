// The console's web files (api/web/: HTML, CSS, JavaScript modules), built
// into the binary at build time (cmake/EmbedFiles.cmake), so `casebook
// serve` stays one program and the console needs no network.
#ifndef CASEBOOK_API_HTTP_WEB_ASSETS_H_
#define CASEBOOK_API_HTTP_WEB_ASSETS_H_

#include <string>
#include <string_view>
#include <vector>

namespace casebook::api {

// One file: its name in api/web/ ("app.js") and its bytes.
struct WebAsset {
  std::string_view name;
  std::string_view bytes;
};

// Every file, in the order api/CMakeLists.txt lists them (generated).
const std::vector<WebAsset>& WebAssets();

// The file named `name`, or null.
const WebAsset* FindWebAsset(std::string_view name);

// The Content-Type for a file name by its extension (HTML, CSS, JavaScript,
// SVG, PNG; "application/octet-stream" otherwise).
std::string ContentTypeOf(std::string_view name);

// A strong ETag for the bytes (a hash in quotes).
std::string AssetETag(const WebAsset& asset);

}  // namespace casebook::api

#endif  // CASEBOOK_API_HTTP_WEB_ASSETS_H_
