#include "api/console_page.h"

namespace casebook::api {

std::string ConsolePageHtml() {
  return R"HTML(<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Casebook 建议提案办理</title></head>
<body><h1>Casebook</h1><p>审阅控制台即将提供。API 文档：<a href="/api/v1/openapi.json">openapi.json</a></p></body></html>
)HTML";
}

}  // namespace casebook::api
