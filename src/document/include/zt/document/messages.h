// File: messages.h
//
// The zh-CN and English texts of every message key this module returns (document.*, xlsx.*),
// as plain data: the api registers them with http::RegisterMessages, so an upload refused
// as "xlsx.not_xlsx" reads 「文件不是 XLSX 工作簿」 to a clerk. "{detail}" is replaced by the
// error's English detail.
#pragma once

#include <span>
#include <string_view>

namespace zt::document {

struct MessageText {
  std::string_view key;
  std::string_view zh_cn;
  std::string_view en;
};

std::span<const MessageText> MessageTexts();

}  // namespace zt::document
