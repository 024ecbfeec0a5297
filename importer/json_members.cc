#include "importer/json_members.h"

namespace casebook::importer {
namespace {

using json = nlohmann::json;

// SAX handler: top-level members go to `out`; a nested value is built as
// json in place, with a stack of the containers still open under it.
class MembersHandler {
 public:
  MembersHandler(int max_depth, JsonMembers* out) : max_depth_(max_depth), out_(out) {}

  bool null() { return Put(json()); }
  bool boolean(bool v) { return Put(json(v)); }
  bool number_integer(json::number_integer_t v) { return Put(json(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return Put(json(v)); }
  bool number_float(json::number_float_t v, const std::string& /*text*/) { return Put(json(v)); }
  bool string(std::string& v) { return Put(json(std::move(v))); }
  bool binary(json::binary_t& /*v*/) { return false; }  // Not produced by JSON text.

  bool start_object(std::size_t /*size*/) {
    if (depth_ == 0) {  // The record itself.
      depth_ = 1;
      return true;
    }
    return Open(json::object());
  }
  bool key(std::string& k) {
    key_ = std::move(k);
    return true;
  }
  bool end_object() { return Close(); }
  bool start_array(std::size_t /*size*/) {
    if (depth_ == 0) return false;  // A record must be an object.
    return Open(json::array());
  }
  bool end_array() { return Close(); }
  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const json::exception& /*error*/) {
    return false;
  }

 private:
  // Stores a value where the parse is: a top-level member, an array element
  // or an object member (a repeated name keeps the last value).
  json* Place(json&& v) {
    if (depth_ == 0) return nullptr;  // A scalar where the record should be.
    if (open_.empty()) {
      out_->emplace_back(std::move(key_), std::move(v));
      return &out_->back().second;
    }
    json& container = *open_.back();
    if (container.is_array()) {
      container.push_back(std::move(v));
      return &container.back();
    }
    json& slot = container[key_];
    slot = std::move(v);
    return &slot;
  }
  bool Put(json&& v) { return Place(std::move(v)) != nullptr; }
  bool Open(json&& container) {
    if (++depth_ > max_depth_) return false;
    json* placed = Place(std::move(container));
    if (placed == nullptr) return false;
    open_.push_back(placed);
    return true;
  }
  bool Close() {
    --depth_;
    if (!open_.empty()) open_.pop_back();
    return true;
  }

  const int max_depth_;
  JsonMembers* out_;
  int depth_ = 0;            // 1 inside the record's own braces.
  std::vector<json*> open_;  // Nested containers not yet closed, innermost last.
  std::string key_;
};

}  // namespace

bool ParseJsonMembers(std::string_view text, int max_depth, JsonMembers* out) {
  out->clear();
  MembersHandler handler(max_depth, out);
  try {
    return json::sax_parse(text.begin(), text.end(), &handler);
  } catch (const std::exception&) {
    return false;
  }
}

json MembersToObject(JsonMembers&& members) {
  json object = json::object();
  for (auto& [name, value] : members) object[name] = std::move(value);
  return object;
}

}  // namespace casebook::importer
