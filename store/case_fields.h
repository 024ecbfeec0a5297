// The case model described once: one row per field of Case and of its entry
// types (Reply, Consultation, Feedback, Review, Approval, Proposer), from
// which the JSON codec, the binary record, validation, the importer's names
// and the CSV export are derived.
//
// A row is X(member, type, label, names, part, flags):
//   member  the C++ member, which is also the field's JSON name;
//   type    a FieldType: how the value is decoded, converted and checked;
//   label   the Chinese name: CSV export header, a name the importer maps;
//   names   more names the importer maps, '|'-separated ("" for none);
//   part    where the binary record keeps it (RecordPart);
//   flags   FieldFlag bits.
// Rows are in the order of the struct; the JSON decoder and validation read
// fields in that order (so it decides which error is reported first), the
// binary record writes them in that order within each RecordPart.
//
// Adding a field to Case: add the member to store/case.h and a row here
// (part: a new RecordPart after the last one, so records already stored
// decode with the default). An entry type's fields must keep their record
// order: the record has no room to append to them. The search index's
// enumeration facets (search/index_schema.h kEnumFacets) are a persisted
// layout and are listed there; a test checks they match kFaceted rows.
//
// The tables are constants: thread-safe.
#ifndef CASEBOOK_STORE_CASE_FIELDS_H_
#define CASEBOOK_STORE_CASE_FIELDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "store/case.h"

namespace casebook {

// How a field's value is read, converted and checked.
enum class FieldType : uint8_t {
  kId,        // std::string: required, [A-Za-z0-9._-]{1,64}; trimmed on import.
  kText,      // std::string: any text.
  kCode,      // std::string: a short code; trimmed, integers taken as text.
  kDate,      // std::string: ISO 8601 date (IsIsoDate) or "".
  kYear,      // int: 1900..2200, 0 = unknown; "2021年" accepted on import.
  kInt,       // int / int64_t.
  kEnum,      // An enumeration of case.h: English name or Chinese words.
  kFlag,      // bool: true/false, 是/否 (ParseFlag).
  kTextList,  // std::vector<std::string>: a list, "甲、乙" on import.
  kEntries,   // std::vector<entry type>: entries with their own table.
  kObject,    // Units, Disclosure, Source: a structure with its own codec.
};

// Where the binary record (case_codec.h) keeps a field.
enum RecordPart : uint8_t {
  kPartFirst = 0,      // The content part, before Case::extra.
  kPartApprovals = 1,  // Appended after Case::extra; older records end before it.
  kPartStamp = 255,    // The stamp part (source, version, updated_at), not content.
};

// Field flags.
enum FieldFlag : uint32_t {
  kImported = 1u << 0,      // The importer maps its label and names to it.
  kExported = 1u << 1,      // A column (or columns) of the CSV export.
  kIndexed = 1u << 2,       // Its text is indexed for search.
  kFaceted = 1u << 3,       // A search filter term and facet ("XKIND" + value).
  kAlways = 1u << 4,        // Written to JSON even when empty.
  kStoreManaged = 1u << 5,  // Set by the store; not an input field.
};

// One row of a table.
struct FieldInfo {
  const char* name;   // JSON name (the member's name).
  const char* label;  // Chinese name.
  const char* names;  // More names the importer maps, '|'-separated.
  FieldType type;
  RecordPart part;
  uint32_t flags;
  // The English name of value `v` of an enumeration field ("" for unset or
  // past the last value); null for other fields.
  const char* (*enum_name)(int v);
  // The value of an enumeration field for a word (English or Chinese, as
  // ParseCaseKind ... take it); -1 when the word is unknown. Null for other
  // fields.
  int (*enum_value)(const std::string& word);

  bool has(uint32_t flag) const { return (flags & flag) != 0; }
};

// clang-format off
#define CASEBOOK_CASE_FIELDS(X)                                                              \
  X(id, kId, "案件编号", "唯一编号|案件id", kPartFirst, kImported | kExported | kAlways)       \
  X(kind, kEnum, "类别", "类型|案件类别|案件类型|种类|type", kPartFirst,                     \
    kImported | kExported | kFaceted)                                                        \
  X(level, kEnum, "层级", "级别", kPartFirst, kImported | kExported | kFaceted)               \
  X(year, kYear, "年份", "年度|年", kPartFirst, kImported | kExported | kFaceted)             \
  X(session, kText, "届次", "会议|届别|会次", kPartFirst, kImported | kExported)              \
  X(number, kCode, "案号",                                                                   \
    "编号|建议号|提案号|建议编号|提案编号|留言编号|msg_no|no", kPartFirst,                   \
    kImported | kExported)                                                                   \
  X(title, kText, "标题", "题目|案由|主题|建议标题|提案标题|留言标题|名称", kPartFirst,       \
    kImported | kExported | kIndexed)                                                        \
  X(body, kText, "正文",                                                                     \
    "内容|全文|建议内容|提案内容|留言内容|留言详情|text|content", kPartFirst,                 \
    kImported | kExported | kIndexed)                                                        \
  X(proposers, kEntries, "提出人", "", kPartFirst, kExported | kIndexed)                      \
  X(role, kEnum, "本单位角色", "主办/会办|主办会办|办理类型|承办类型|承办方式", kPartFirst,   \
    kImported | kExported | kFaceted)                                                        \
  X(units, kObject, "承办单位", "办理单位|承办部门|责任单位", kPartFirst,                     \
    kImported | kExported | kIndexed | kFaceted)                                             \
  X(received, kDate, "收到日期",                                                             \
    "收文日期|登记日期|留言时间|留言日期|提交时间|提交日期|提出日期|提出时间|created|"        \
    "created_at", kPartFirst, kImported | kExported)                                         \
  X(assigned, kDate, "交办日期", "交办时间", kPartFirst, kImported)                          \
  X(reply_due, kDate, "答复期限", "办理期限|答复截止日期", kPartFirst, kImported | kExported) \
  X(result, kEnum, "办理结果", "结果|答复结果|解决情况", kPartFirst,                          \
    kImported | kExported | kFaceted)                                                        \
  X(commitment_due, kDate, "承诺期限", "承诺解决时间|承诺完成时间|承诺日期", kPartFirst,      \
    kImported | kExported)                                                                   \
  X(status, kEnum, "状态", "办理状态|答复状态", kPartFirst, kImported | kExported | kFaceted) \
  X(replies, kEntries, "答复", "", kPartFirst, kExported | kIndexed)                          \
  X(consultations, kEntries, "面商", "", kPartFirst, kIndexed)                                \
  X(feedback, kEntries, "反馈", "", kPartFirst, kExported | kIndexed)                         \
  X(reviews, kEntries, "复查", "", kPartFirst, kIndexed)                                      \
  X(approvals, kEntries, "审批", "", kPartApprovals, 0)                                       \
  X(key_case, kFlag, "重点件", "是否重点件|重点督办件", kPartApprovals,                        \
    kImported | kExported)                                                                   \
  X(supervising_leader, kText, "督办领导", "领导督办|督办", kPartApprovals,                   \
    kImported | kExported)                                                                   \
  X(disclosure, kObject, "已公开", "", kPartFirst, kExported)                                 \
  X(tags, kTextList, "标签", "关键词|主题词|分类标签", kPartFirst,                            \
    kImported | kExported | kIndexed | kFaceted)                                             \
  X(source, kObject, "来源", "", kPartStamp, 0)                                               \
  X(version, kInt, "版本", "", kPartStamp, kExported | kStoreManaged)                         \
  X(updated_at, kText, "更新时间", "", kPartStamp, kExported | kStoreManaged)

#define CASEBOOK_PROPOSER_FIELDS(X)                             \
  X(name, kText, "姓名", "", kPartFirst, kAlways | kIndexed)    \
  X(affiliation, kText, "单位", "", kPartFirst, kIndexed)

#define CASEBOOK_REPLY_FIELDS(X)                                \
  X(seq, kInt, "序号", "", kPartFirst, 0)                       \
  X(kind, kEnum, "答复类型", "", kPartFirst, 0)                  \
  X(date, kDate, "答复日期", "", kPartFirst, 0)                  \
  X(unit, kText, "答复单位", "", kPartFirst, 0)                  \
  X(text, kText, "答复内容", "", kPartFirst, kIndexed)           \
  X(result, kEnum, "答复类别", "", kPartFirst, 0)

#define CASEBOOK_CONSULTATION_FIELDS(X)                         \
  X(date, kDate, "面商日期", "", kPartFirst, 0)                  \
  X(form, kEnum, "面商方式", "", kPartFirst, 0)                  \
  X(participants, kTextList, "参加人员", "", kPartFirst, 0)      \
  X(notes, kText, "面商记录", "", kPartFirst, kIndexed)

#define CASEBOOK_FEEDBACK_FIELDS(X)                             \
  X(date, kDate, "反馈日期", "", kPartFirst, 0)                  \
  X(from, kText, "反馈人", "", kPartFirst, 0)                    \
  X(satisfaction, kEnum, "满意度", "", kPartFirst, 0)            \
  X(text, kText, "反馈意见", "", kPartFirst, kIndexed)

#define CASEBOOK_REVIEW_FIELDS(X)                               \
  X(date, kDate, "复查日期", "", kPartFirst, 0)                  \
  X(kind, kEnum, "复查类型", "", kPartFirst, 0)                  \
  X(finding, kText, "复查意见", "", kPartFirst, kIndexed)        \
  X(outcome, kEnum, "复查结论", "", kPartFirst, 0)               \
  X(reviewer, kText, "复查人", "", kPartFirst, 0)

#define CASEBOOK_APPROVAL_FIELDS(X)                             \
  X(kind, kEnum, "审批类型", "", kPartFirst, 0)                  \
  X(approver, kText, "审批领导", "", kPartFirst, 0)              \
  X(date, kDate, "审批日期", "", kPartFirst, 0)                  \
  X(note, kText, "审批意见", "", kPartFirst, 0)
// clang-format on

// The English name of value `v` of enumeration E; "" past the last value.
template <typename E>
const char* EnumNameOf(int v) {
  return ToString(static_cast<E>(v));
}
template <typename T>
constexpr const char* (*EnumNameFn())(int) {
  if constexpr (std::is_enum_v<T>) {
    return &EnumNameOf<T>;
  } else {
    return nullptr;
  }
}

// The enumeration parsers of case.h by type, for code generic over them.
inline std::optional<CaseKind> ParseWord(const std::string& s, CaseKind) {
  return ParseCaseKind(s);
}
inline std::optional<Level> ParseWord(const std::string& s, Level) { return ParseLevel(s); }
inline std::optional<Role> ParseWord(const std::string& s, Role) { return ParseRole(s); }
inline std::optional<CaseResult> ParseWord(const std::string& s, CaseResult) {
  return ParseCaseResult(s);
}
inline std::optional<CaseStatus> ParseWord(const std::string& s, CaseStatus) {
  return ParseCaseStatus(s);
}
inline std::optional<ReplyKind> ParseWord(const std::string& s, ReplyKind) {
  return ParseReplyKind(s);
}
inline std::optional<ConsultationForm> ParseWord(const std::string& s, ConsultationForm) {
  return ParseConsultationForm(s);
}
inline std::optional<Satisfaction> ParseWord(const std::string& s, Satisfaction) {
  return ParseSatisfaction(s);
}
inline std::optional<ReviewKind> ParseWord(const std::string& s, ReviewKind) {
  return ParseReviewKind(s);
}
inline std::optional<ReviewOutcome> ParseWord(const std::string& s, ReviewOutcome) {
  return ParseReviewOutcome(s);
}
inline std::optional<ApprovalKind> ParseWord(const std::string& s, ApprovalKind) {
  return ParseApprovalKind(s);
}

// A yes/no word of a kFlag field: "true", "1", "yes", "是", "重点件" -> true;
// "false", "0", "no", "否", "" -> false; nullopt for other text (not trimmed).
std::optional<bool> ParseFlag(std::string_view s);

// The value of enumeration E for `word`; -1 when unknown.
template <typename E>
int EnumValueOf(const std::string& word) {
  auto v = ParseWord(word, E{});
  return v ? static_cast<int>(*v) : -1;
}
template <typename T>
constexpr int (*EnumValueFn())(const std::string&) {
  if constexpr (std::is_enum_v<T>) {
    return &EnumValueOf<T>;
  } else {
    return nullptr;
  }
}

// The table of struct T: Model<T>::kFields, kCount, Visit and VisitAt.
template <typename T>
struct Model;

#define CASEBOOK_MODEL_INDEX_(m, type, label, names, part, flags) m,
#define CASEBOOK_MODEL_INFO_(m, type, label, names, part, flags) \
  FieldInfo{#m,                                                  \
            label,                                               \
            names,                                               \
            FieldType::type,                                     \
            part,                                                \
            flags,                                               \
            EnumNameFn<decltype(Struct::m)>(),                   \
            EnumValueFn<decltype(Struct::m)>()},
#define CASEBOOK_MODEL_VISIT_(m, type, label, names, part, flags) fn(kFields[Index::m], s.m);
#define CASEBOOK_MODEL_CASE_(m, type, label, names, part, flags) \
  case Index::m:                                                 \
    return fn(kFields[Index::m], s.m);

// Defines Model<T> from a row list:
//   kFields[i]         the rows, in order; kCount of them; Index::member = i;
//   Visit(s, fn)       calls fn(info, s.member) for every row, in order
//                      (s: T or const T; fn is generic over the member type);
//   VisitAt(s, i, fn)  calls fn(info, s.member) for row i alone and returns
//                      what it returns (a bool); false when i is no row.
#define CASEBOOK_DEFINE_MODEL(T, LIST)                                   \
  template <>                                                            \
  struct Model<T> {                                                      \
    using Struct = T;                                                    \
    enum Index : int { LIST(CASEBOOK_MODEL_INDEX_) kCount };             \
    static constexpr FieldInfo kFields[] = {LIST(CASEBOOK_MODEL_INFO_)}; \
    template <typename S, typename Fn>                                   \
    static void Visit(S& s, Fn&& fn) {                                   \
      LIST(CASEBOOK_MODEL_VISIT_)                                        \
    }                                                                    \
    template <typename S, typename Fn>                                   \
    static bool VisitAt(S& s, int i, Fn&& fn) {                          \
      switch (i) { LIST(CASEBOOK_MODEL_CASE_) }                          \
      return false;                                                      \
    }                                                                    \
  };

CASEBOOK_DEFINE_MODEL(Case, CASEBOOK_CASE_FIELDS)
CASEBOOK_DEFINE_MODEL(Proposer, CASEBOOK_PROPOSER_FIELDS)
CASEBOOK_DEFINE_MODEL(Reply, CASEBOOK_REPLY_FIELDS)
CASEBOOK_DEFINE_MODEL(Consultation, CASEBOOK_CONSULTATION_FIELDS)
CASEBOOK_DEFINE_MODEL(Feedback, CASEBOOK_FEEDBACK_FIELDS)
CASEBOOK_DEFINE_MODEL(Review, CASEBOOK_REVIEW_FIELDS)
CASEBOOK_DEFINE_MODEL(Approval, CASEBOOK_APPROVAL_FIELDS)

using CaseModel = Model<Case>;

// The row of the case field named `name` (its JSON name), or null.
const FieldInfo* FindCaseField(std::string_view name);

// The index in CaseModel::kFields of a row of that table.
inline int CaseFieldIndex(const FieldInfo& f) { return static_cast<int>(&f - CaseModel::kFields); }

}  // namespace casebook

#endif  // CASEBOOK_STORE_CASE_FIELDS_H_
