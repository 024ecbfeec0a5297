// Reads one case from a plain-text document: a .txt file, or the text that the
// DOCX and HTML readers extract.
//
// An optional header block opens the text: `key: value` lines (ASCII or
// full-width colon; Chinese or English keys such as 标题, 编号, 年度, 承办单位,
// title, year) up to the first blank line. It counts as a header only when
// every line of it has that shape and at least one key is a known field name.
// The rest is the body. With no title in the header, the title is the first
// line that reads like 关于……的建议/提案/议案 (among the first lines), else the
// first short line.
#ifndef CASEBOOK_IMPORTER_TEXT_CASE_READER_H_
#define CASEBOOK_IMPORTER_TEXT_CASE_READER_H_

#include <string>
#include <string_view>

#include "importer/field_mapper.h"
#include "importer/source_record.h"
#include "importer/text_decoder.h"

namespace casebook::importer {

// Builds the record of one text document. `fields` get the header keys as
// written, plus "body" (the text after the header) and "title" when found.
// A header carrying a case_id key (关联案件 ...) makes the document a reply:
// its text goes to "reply" instead of "body". An empty document gives a
// record with an InvalidArgument error. Never throws. Thread-compatible.
SourceRecord ReadTextCase(std::string_view text, const std::string& file,
                          const FieldMapper& mapper);

// Same for a decoded file: a bad line rejects the document (error names it).
SourceRecord ReadTextFile(const DecodedText& text, const std::string& file,
                          const FieldMapper& mapper);

// True when `line` reads like a proposal title: starts with 关于 and ends with
// 建议, 提案, 议案, 意见, 请示 or 报告 (optionally followed by closing punctuation).
bool LooksLikeProposalTitle(std::string_view line);

}  // namespace casebook::importer

#endif  // CASEBOOK_IMPORTER_TEXT_CASE_READER_H_
