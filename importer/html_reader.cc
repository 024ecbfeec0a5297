#include "importer/html_reader.h"

#include <libxml/HTMLparser.h>

#include <cstring>
#include <memory>

#include "importer/value_normalizer.h"
#include "importer/xml_tree_walk.h"

namespace casebook::importer {
namespace {

struct XmlDocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

bool IsDroppedElement(const xmlNode* n) {
  static const char* kDropped[] = {"script",   "style",    "nav",  "header", "footer",
                                   "noscript", "iframe",   "form", "aside",  "select",
                                   "button",   "template", "svg",  "head"};
  for (const char* name : kDropped) {
    if (IsElement(n, name)) return true;
  }
  for (const char* attr : {"id", "class"}) {
    xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(attr));
    if (v == nullptr) continue;
    std::string value(reinterpret_cast<const char*>(v));
    xmlFree(v);
    for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* word : {"nav", "menu", "footer", "breadcrumb", "sidebar", "share"}) {
      if (value.find(word) != std::string::npos) return true;
    }
  }
  return false;
}

bool IsBlockElement(const xmlNode* n) {
  static const char* kBlocks[] = {
      "p",  "div", "br",  "li",      "h1",      "h2",   "h3",    "h4",         "h5", "h6", "tr",
      "ul", "ol",  "pre", "section", "article", "main", "table", "blockquote", "dd", "dt", "body"};
  for (const char* name : kBlocks) {
    if (IsElement(n, name)) return true;
  }
  return false;
}

// The first element named `name` under `root`, or nullptr.
xmlNode* FindFirst(xmlNode* root, const char* name) {
  xmlNode* found = nullptr;
  WalkXmlTree(
      root,
      [&](xmlNode* n) {
        if (found == nullptr && IsElement(n, name)) found = n;
        return found == nullptr && n->type == XML_ELEMENT_NODE;
      },
      [](xmlNode*) {});
  return found;
}

// Appends text with HTML whitespace collapsed; block boundaries become '\n'.
class TextCollector {
 public:
  void Text(const char* s) {
    for (const char* p = s; *p != '\0'; ++p) {
      char c = *p;
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        pending_space_ = !out_.empty() && out_.back() != '\n';
      } else {
        if (pending_space_) out_.push_back(' ');
        pending_space_ = false;
        out_.push_back(c);
      }
    }
  }
  void Break() {
    pending_space_ = false;
    if (!out_.empty() && out_.back() != '\n') out_.push_back('\n');
  }
  // Lines trimmed; runs of blank lines kept as one blank line.
  std::string Finish() const {
    std::string result;
    size_t pos = 0;
    bool blank = false;
    while (pos < out_.size()) {
      size_t nl = out_.find('\n', pos);
      if (nl == std::string::npos) nl = out_.size();
      std::string_view line = TrimText(std::string_view(out_).substr(pos, nl - pos));
      pos = nl + 1;
      if (line.empty()) {
        blank = !result.empty();
        continue;
      }
      if (blank) result.push_back('\n');
      blank = false;
      result.append(line);
      result.push_back('\n');
    }
    return result;
  }

 private:
  std::string out_;
  bool pending_space_ = false;
};

std::string CollectText(xmlNode* root) {
  TextCollector text;
  auto enter = [&](xmlNode* n) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content != nullptr) text.Text(reinterpret_cast<const char*>(n->content));
      return false;
    }
    if (n->type != XML_ELEMENT_NODE || IsDroppedElement(n)) return false;
    if (IsBlockElement(n)) text.Break();
    return true;
  };
  auto leave = [&](xmlNode* n) {
    if (IsElement(n, "p") || IsElement(n, "div") || IsElement(n, "table")) {
      text.Break();
      text.Break();
    } else if (IsBlockElement(n)) {
      text.Break();
    }
  };
  WalkXmlTree(root, enter, leave);
  return text.Finish();
}

}  // namespace

Result<HtmlText> ExtractHtmlText(std::string_view utf8_html) {
  std::unique_ptr<xmlDoc, XmlDocFree> doc(htmlReadMemory(
      utf8_html.data(), static_cast<int>(utf8_html.size()), "page.html", "UTF-8",
      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET));
  if (!doc) return Status::InvalidArgument("not parseable as HTML");
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) return Status::InvalidArgument("the HTML page is empty");
  HtmlText page;
  xmlNode* heading = FindFirst(root, "h1");
  if (heading == nullptr) heading = FindFirst(root, "title");
  if (heading != nullptr) page.title = std::string(TrimText(CollectText(heading)));
  xmlNode* main = FindFirst(root, "article");
  if (main == nullptr) main = FindFirst(root, "main");
  if (main == nullptr) main = FindFirst(root, "body");
  if (main == nullptr) main = root;
  page.text = CollectText(main);
  return page;
}

}  // namespace casebook::importer
