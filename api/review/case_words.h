// The Chinese words offices write for the case model's enumerations, for
// what people read: CSV columns, the dossier page, the statistics' summary.
#ifndef CASEBOOK_API_REVIEW_CASE_WORDS_H_
#define CASEBOOK_API_REVIEW_CASE_WORDS_H_

#include <string>

namespace casebook::review {

// The Chinese word for an English enum name as stored ("solved" -> "已经解决",
// "lead" -> "主办"); a name without one, and "", come back unchanged.
// Note: "reference" is the result 留作参考 (an approval of that kind reads
// the same).
std::string ChineseWord(const std::string& english);

}  // namespace casebook::review

#endif  // CASEBOOK_API_REVIEW_CASE_WORDS_H_
