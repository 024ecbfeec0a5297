// API keys: a keys file of "name scope token" lines (scope read, write or
// admin; '#' starts a comment), looked up in constant time. Tokens are never
// logged or put in error messages.
#ifndef CASEBOOK_API_HTTP_API_KEYS_H_
#define CASEBOOK_API_HTTP_API_KEYS_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "api/http/api_types.h"
#include "store/status.h"

namespace casebook::api {

// One key.
struct ApiKey {
  std::string name;  // Who holds it (appears in logs).
  Scope scope = Scope::kRead;
  std::string token;  // Secret; at least kMinTokenLength printable characters.
};

// The keys a server accepts. Immutable after loading; thread-safe to read.
class KeyRing {
 public:
  static constexpr size_t kMinTokenLength = 16;

  // Reads a keys file. Errors: IOError (unreadable), InvalidArgument naming
  // "<file>:<line>" (wrong field count, unknown scope, short token, a name or
  // token used twice) — the token itself is never quoted.
  static Result<KeyRing> Load(const std::filesystem::path& file);
  // Parses keys-file text; `source` names it in errors.
  static Result<KeyRing> Parse(std::string_view text, const std::string& source);

  // The key whose token equals `token`, or null. Compares against every key
  // in constant time per key (no early exit on the first differing byte).
  const ApiKey* Find(std::string_view token) const;

  size_t size() const { return keys_.size(); }
  bool empty() const { return keys_.empty(); }

 private:
  std::vector<ApiKey> keys_;
};

// The token a request carries: "Authorization: Bearer <token>" or
// "X-API-Key: <token>"; "" when neither is present.
std::string TokenFromHeaders(const std::string& authorization, const std::string& x_api_key);

// Byte-wise comparison whose time depends only on the lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace casebook::api

#endif  // CASEBOOK_API_HTTP_API_KEYS_H_
