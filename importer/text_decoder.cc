#include "importer/text_decoder.h"

#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <cstring>
#include <future>
#include <memory>

#include "store/utf8.h"

namespace casebook::importer {
namespace {

// Counts of valid multi-byte sequences and invalid bytes, for detection.
struct Utf8Census {
  size_t multibyte = 0;
  size_t invalid = 0;
};

Utf8Census CountUtf8(std::string_view s) {
  Utf8Census census;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = 0;
  while (i < s.size()) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    size_t len = Utf8SequenceLength(p, s.size(), i);
    if (len == 0) {
      ++census.invalid;
      ++i;
    } else {
      ++census.multibyte;
      i += len;
    }
  }
  return census;
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

Result<ConverterPtr> OpenConverter(const char* name) {
  UErrorCode err = U_ZERO_ERROR;
  ConverterPtr conv(ucnv_open(name, &err));
  if (U_FAILURE(err)) {
    return Status::Internal(std::string("ICU cannot open converter ") + name + ": " +
                            u_errorName(err));
  }
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
  return conv;
}

// Converts `bytes` to UTF-8 appended to `out`. Returns npos on success, else
// the offset within `bytes` of the first invalid sequence (out is then partial).
size_t ConvertToUtf8(UConverter* conv, std::string_view bytes, std::string* out) {
  ucnv_reset(conv);
  std::u16string units(bytes.size() + 1, u'\0');
  const char* src = bytes.data();
  const char* src_end = bytes.data() + bytes.size();
  UChar* dst = reinterpret_cast<UChar*>(units.data());
  UChar* dst_begin = dst;
  UErrorCode err = U_ZERO_ERROR;
  ucnv_toUnicode(conv, &dst, dst + units.size(), &src, src_end, nullptr, /*flush=*/true, &err);
  if (U_FAILURE(err)) {
    char bad[32];
    int8_t bad_len = sizeof(bad);
    UErrorCode e2 = U_ZERO_ERROR;
    ucnv_getInvalidChars(conv, bad, &bad_len, &e2);
    size_t consumed = static_cast<size_t>(src - bytes.data());
    return consumed >= static_cast<size_t>(bad_len) ? consumed - bad_len : 0;
  }
  int32_t n16 = static_cast<int32_t>(dst - dst_begin);
  int32_t need = 0;
  UErrorCode e3 = U_ZERO_ERROR;
  u_strToUTF8(nullptr, 0, &need, dst_begin, n16, &e3);
  size_t at = out->size();
  out->resize(at + need);
  e3 = U_ZERO_ERROR;
  u_strToUTF8(out->data() + at, need, nullptr, dst_begin, n16, &e3);
  if (U_FAILURE(e3)) {  // Unpaired surrogate from UTF-16 input.
    out->resize(at);
    return 0;
  }
  return std::string_view::npos;
}

// Whether all of `body` is valid UTF-8. A large body is checked in two
// halves at once (the check is most of what decoding a UTF-8 file costs, and
// it runs before the import's parallel work starts); the halves meet at a
// byte that starts a character, so each half is valid exactly when its part
// of the whole is.
bool IsValidUtf8(std::string_view body) {
  constexpr size_t kSplitAbove = 4 << 20;
  if (body.size() < kSplitAbove) return FirstInvalidUtf8(body) == std::string_view::npos;
  size_t mid = body.size() / 2;
  while (mid < body.size() && (static_cast<unsigned char>(body[mid]) & 0xC0) == 0x80) ++mid;
  auto second = std::async(std::launch::async, [body, mid] {
    return FirstInvalidUtf8(body.substr(mid)) == std::string_view::npos;
  });
  const bool first = FirstInvalidUtf8(body.substr(0, mid)) == std::string_view::npos;
  return second.get() && first;
}

std::string OffsetError(const char* what, size_t offset) {
  return std::string(what) + " at byte offset " + std::to_string(offset);
}

// Splits `body` (starting at file offset `base`) into lines and appends each,
// decoded, to result->text. `conv` null means the bytes are UTF-8.
void DecodeLines(std::string_view body, size_t base, UConverter* conv, const char* invalid_what,
                 DecodedText* result) {
  result->text.reserve(body.size() + body.size() / 2);
  int64_t line_no = 1;
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t nl = body.find('\n', pos);
    bool last = nl == std::string_view::npos;
    size_t end = last ? body.size() : nl;
    if (last && pos == body.size()) break;
    std::string_view line = body.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const void* nul = std::memchr(line.data(), '\0', line.size());
    size_t bad = std::string_view::npos;
    if (nul != nullptr) {
      size_t off = static_cast<const char*>(nul) - line.data();
      result->line_errors[line_no] = OffsetError("NUL byte", base + pos + off);
    } else if (conv == nullptr) {
      bad = FirstInvalidUtf8(line);
    } else {
      size_t before = result->text.size();
      bad = ConvertToUtf8(conv, line, &result->text);
      if (bad != std::string_view::npos) result->text.resize(before);
    }
    if (bad != std::string_view::npos) {
      result->line_errors[line_no] = OffsetError(invalid_what, base + pos + bad);
    }
    if (conv == nullptr || result->line_errors.count(line_no)) result->text.append(line);
    if (!last) result->text.push_back('\n');
    pos = end + 1;
    ++line_no;
  }
}

Result<DecodedText> DecodeUtf16(std::string_view body, TextEncoding enc) {
  DecodedText result;
  result.encoding = enc;
  auto conv = OpenConverter(enc == TextEncoding::kUtf16Le ? "UTF-16LE" : "UTF-16BE");
  if (!conv.ok()) return conv.status();
  std::string utf8;
  size_t bad = ConvertToUtf8(conv->get(), body, &utf8);
  if (bad != std::string_view::npos) {
    // Decode up to the fault; the rest of the file cannot be trusted.
    utf8.clear();
    ConvertToUtf8(conv->get(), body.substr(0, bad & ~size_t{1}), &utf8);
    int64_t line = 1 + std::count(utf8.begin(), utf8.end(), '\n');
    result.line_errors[line] = OffsetError("invalid UTF-16 sequence", bad + 2);
  }
  DecodeLines(utf8, 0, nullptr, "invalid UTF-8 byte sequence", &result);
  for (auto& [line, err] : result.line_errors) {
    if (err.rfind("NUL", 0) == 0) err = "NUL character on this line";
  }
  return result;
}

}  // namespace

const char* EncodingName(TextEncoding e) {
  switch (e) {
    case TextEncoding::kAuto:
      return "auto";
    case TextEncoding::kUtf8:
      return "utf-8";
    case TextEncoding::kGb18030:
      return "gb18030";
    case TextEncoding::kUtf16Le:
      return "utf-16le";
    case TextEncoding::kUtf16Be:
      return "utf-16be";
  }
  return "?";
}

std::optional<TextEncoding> ParseEncodingName(std::string_view name) {
  std::string n(name);
  for (char& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  n.erase(std::remove(n.begin(), n.end(), '-'), n.end());
  if (n == "auto") return TextEncoding::kAuto;
  if (n == "utf8") return TextEncoding::kUtf8;
  if (n == "gb18030" || n == "gbk" || n == "gb2312" || n == "cp936") return TextEncoding::kGb18030;
  if (n == "utf16le" || n == "utf16") return TextEncoding::kUtf16Le;
  if (n == "utf16be") return TextEncoding::kUtf16Be;
  return std::nullopt;
}

const std::string* DecodedText::ErrorIn(int64_t first_line, int64_t last_line) const {
  auto it = line_errors.lower_bound(first_line);
  if (it == line_errors.end() || it->first > last_line) return nullptr;
  return &it->second;
}

Result<DecodedText> DecodeText(std::string raw, TextEncoding forced) {
  std::string_view bytes(raw);
  TextEncoding enc = forced;
  bool bom = false;
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    enc = TextEncoding::kUtf8, bom = true;
  } else if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFF\xFE") {
    enc = TextEncoding::kUtf16Le, bom = true;
  } else if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFE\xFF") {
    enc = TextEncoding::kUtf16Be, bom = true;
  }
  size_t base = bom ? (enc == TextEncoding::kUtf8 ? 3 : 2) : 0;
  std::string_view body = bytes.substr(base);
  if (enc == TextEncoding::kUtf16Le || enc == TextEncoding::kUtf16Be) {
    auto r = DecodeUtf16(body, enc);
    if (r.ok()) r->had_bom = bom;
    return r;
  }
  bool valid_utf8 = IsValidUtf8(body);
  if (enc == TextEncoding::kAuto) {
    if (valid_utf8) {
      enc = TextEncoding::kUtf8;
    } else {
      Utf8Census census = CountUtf8(body);
      enc = census.multibyte >= census.invalid ? TextEncoding::kUtf8 : TextEncoding::kGb18030;
    }
  }
  DecodedText result;
  result.encoding = enc;
  result.had_bom = bom;
  if (enc == TextEncoding::kUtf8 && valid_utf8 && body.find('\r') == std::string_view::npos &&
      body.find('\0') == std::string_view::npos) {
    raw.erase(0, base);  // Fast path: the bytes are the text.
    result.text = std::move(raw);
    return result;
  }
  if (enc == TextEncoding::kUtf8) {
    DecodeLines(body, base, nullptr, "invalid UTF-8 byte sequence", &result);
    return result;
  }
  auto conv = OpenConverter("GB18030");
  if (!conv.ok()) return conv.status();
  DecodeLines(body, base, conv->get(), "invalid GB18030 byte sequence", &result);
  return result;
}

}  // namespace casebook::importer
