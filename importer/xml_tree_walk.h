// Depth-first walk over a libxml2 tree without recursion (input nesting depth
// cannot overflow the stack). Internal to the importer's DOCX/HTML readers.
#ifndef CASEBOOK_IMPORTER_XML_TREE_WALK_H_
#define CASEBOOK_IMPORTER_XML_TREE_WALK_H_

#include <libxml/tree.h>

namespace casebook::importer {

// Calls enter(node) for `root` and every descendant in document order, and
// leave(node) after a node's children. When enter returns false the node's
// children are skipped (leave is still called). Thread-compatible.
template <typename Enter, typename Leave>
void WalkXmlTree(xmlNode* root, Enter&& enter, Leave&& leave) {
  xmlNode* n = root;
  while (n != nullptr) {
    if (enter(n) && n->children != nullptr) {
      n = n->children;
      continue;
    }
    leave(n);
    while (n != root && n->next == nullptr) {
      n = n->parent;
      leave(n);
    }
    if (n == root) break;
    n = n->next;
  }
}

// Whether `n` is an element with this local name (ASCII, case-insensitive).
bool IsElement(const xmlNode* n, const char* name);

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_XML_TREE_WALK_H_
