#include "api/http/api_keys.h"

#include <fstream>
#include <set>
#include <sstream>

namespace casebook::api {
namespace {

bool ParseScope(const std::string& word, Scope* scope) {
  if (word == "read")
    *scope = Scope::kRead;
  else if (word == "write")
    *scope = Scope::kWrite;
  else if (word == "admin")
    *scope = Scope::kAdmin;
  else
    return false;
  return true;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

}  // namespace

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  size_t n = a.size() > b.size() ? a.size() : b.size();
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

Result<KeyRing> KeyRing::Parse(std::string_view text, const std::string& source) {
  KeyRing ring;
  std::istringstream in{std::string(text)};
  std::string line;
  std::set<std::string> names, tokens;
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    size_t hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    line = Trim(line);
    if (line.empty()) continue;
    std::istringstream fields(line);
    ApiKey key;
    std::string scope, extra;
    std::string where = source + ":" + std::to_string(line_no) + ": ";
    if (!(fields >> key.name >> scope >> key.token) || (fields >> extra)) {
      return Status::InvalidArgument(where + "expected 'name scope token'");
    }
    if (!ParseScope(scope, &key.scope)) {
      return Status::InvalidArgument(where + "scope '" + scope +
                                     "': expected read, write or admin");
    }
    if (key.token.size() < kMinTokenLength) {
      return Status::InvalidArgument(where + "token of key '" + key.name + "' is shorter than " +
                                     std::to_string(kMinTokenLength) + " characters");
    }
    if (!names.insert(key.name).second) {
      return Status::InvalidArgument(where + "key name '" + key.name + "' used twice");
    }
    if (!tokens.insert(key.token).second) {
      return Status::InvalidArgument(where + "key '" + key.name + "' reuses another key's token");
    }
    ring.keys_.push_back(std::move(key));
  }
  return ring;
}

Result<KeyRing> KeyRing::Load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::IOError("cannot read keys file " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return Parse(text.str(), file.string());
}

const ApiKey* KeyRing::Find(std::string_view token) const {
  const ApiKey* found = nullptr;
  for (const ApiKey& key : keys_) {
    if (ConstantTimeEquals(key.token, token) && found == nullptr) found = &key;
  }
  return found;
}

std::string TokenFromHeaders(const std::string& authorization, const std::string& x_api_key) {
  const std::string kBearer = "Bearer ";
  if (authorization.size() > kBearer.size() &&
      authorization.compare(0, kBearer.size(), kBearer) == 0) {
    return Trim(authorization.substr(kBearer.size()));
  }
  return Trim(x_api_key);
}

}  // namespace casebook::api
