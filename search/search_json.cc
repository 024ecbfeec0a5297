#include "search/search_json.h"

#include <cmath>
#include <cstdio>

namespace casebook::search {

namespace {

// The length of the valid UTF-8 character at s[i], or 0 when it is invalid.
size_t Utf8Length(const std::string& s, size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

// Appends s as a JSON string literal.
void AppendString(const std::string& s, std::string* out) {
  out->push_back('"');
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(static_cast<char>(c));
      ++i;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out->append(buf);
      ++i;
    } else {
      const size_t n = Utf8Length(s, i);
      if (n == 0) {
        out->append("\xEF\xBF\xBD");  // U+FFFD for a byte that starts no valid character.
        ++i;
      } else {
        out->append(s, i, n);
        i += n;
      }
    }
  }
  out->push_back('"');
}

void AppendField(const char* name, const std::string& value, std::string* out) {
  out->push_back(',');
  AppendString(name, out);
  out->push_back(':');
  AppendString(value, out);
}

void AppendNumber(double v, std::string* out) {
  if (!std::isfinite(v)) v = 0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  out->append(buf);
}

void AppendHit(const SearchHit& h, std::string* out) {
  out->append("{\"id\":");
  AppendString(h.id, out);
  out->append(",\"score\":");
  AppendNumber(h.score, out);
  AppendField("title", h.title, out);
  AppendField("snippet", h.snippet, out);
  if (h.year != 0) out->append(",\"year\":" + std::to_string(h.year));
  const std::pair<const char*, const std::string*> optional[] = {
      {"kind", &h.kind}, {"result", &h.result}, {"status", &h.status}, {"received", &h.received}};
  for (const auto& [name, value] : optional) {
    if (!value->empty()) AppendField(name, *value, out);
  }
  out->push_back('}');
}

}  // namespace

std::string SearchResponseJson(const SearchResponse& response) {
  std::string out;
  out.reserve(2048 + response.hits.size() * 512);
  out.append("{\"total\":" + std::to_string(response.total));
  out.append(response.ranked ? ",\"ranked\":true" : ",\"ranked\":false");
  out.append(",\"hits\":[");
  for (size_t i = 0; i < response.hits.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendHit(response.hits[i], &out);
  }
  out.append("],\"facets\":{");
  bool first_facet = true;
  for (const auto& [name, values] : response.facets) {
    if (!first_facet) out.push_back(',');
    first_facet = false;
    AppendString(name, &out);
    out.append(":[");
    for (size_t i = 0; i < values.size(); ++i) {
      out.append(i > 0 ? ",{\"value\":" : "{\"value\":");
      AppendString(values[i].value, &out);
      out.append(",\"count\":" + std::to_string(values[i].count) + "}");
    }
    out.push_back(']');
  }
  out.append("}}");
  return out;
}

}  // namespace casebook::search
