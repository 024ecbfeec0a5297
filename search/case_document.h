// Turns a Case into the Xapian document the index stores (layout: index_schema.h).
#ifndef CASEBOOK_SEARCH_CASE_DOCUMENT_H_
#define CASEBOOK_SEARCH_CASE_DOCUMENT_H_

#include <xapian.h>

#include <string>

#include "search/chinese_analyzer.h"
#include "store/case.h"

namespace casebook::search {

// The document of `c`: unit terms of every text field, dictionary words,
// filter terms, values (with the near-duplicate fingerprint), the id term Q<id>, and data
// {"id","title"} as JSON. Never throws (Xapian::Document is in-memory). Not thread-safe in
// `analyzer` (it uses Words()); use one analyzer per thread.
Xapian::Document BuildCaseDocument(const Case& c, ChineseAnalyzer* analyzer);

// The id term of a case.
std::string IdTerm(const std::string& id);

// The id and title stored in a document's data. Empty strings when absent.
struct StoredCaseRef {
  std::string id;
  std::string title;
};
StoredCaseRef ParseDocumentData(const std::string& data);

}  // namespace casebook::search

#endif  // CASEBOOK_SEARCH_CASE_DOCUMENT_H_
