// The message catalogue: message key -> (zh-CN, en). Built-in entries cover the generic
// keys this module produces; other modules add theirs with RegisterMessages().
#include <map>
#include <mutex>
#include <shared_mutex>

#include "zt/http/problem.h"

namespace zt::http {
namespace {

struct Entry {
  std::string zh_cn;
  std::string en;
};

struct Catalogue {
  std::shared_mutex mu;
  std::map<std::string, Entry, std::less<>> entries;
};

Catalogue& TheCatalogue() {
  static Catalogue* catalogue = [] {
    auto* c = new Catalogue;
    const struct {
      const char* key;
      const char* zh_cn;
      const char* en;
    } kBuiltIn[] = {
        {"json.malformed", "请求体不是合法的 JSON：{detail}",
         "The request body is not valid JSON: {detail}"},
        {"json.not_object", "请求体必须是 JSON 对象", "The request body must be a JSON object"},
        {"json.unknown_field", "不支持的字段", "Unknown field"},
        {"json.type", "字段类型不正确：{detail}", "Wrong type: {detail}"},
        {"json.required", "必填字段缺失", "This field is required"},
        {"json.too_short", "内容过短：{detail}", "Too short: {detail}"},
        {"json.too_long", "内容过长：{detail}", "Too long: {detail}"},
        {"json.out_of_range", "数值超出范围：{detail}", "Out of range: {detail}"},
        {"json.too_few_items", "条目过少：{detail}", "Too few items: {detail}"},
        {"json.too_many_items", "条目过多：{detail}", "Too many items: {detail}"},
        {"json.duplicate_key", "同一对象中字段重复：{detail}",
         "A member appears twice in one object: {detail}"},
        {"json.nul_character", "文本中不能含空字符（U+0000）",
         "Text may not contain the NUL character (U+0000)"},
        {"json.number_range", "数值超出可表示的范围",
         "The number is beyond the representable range"},
        {"request.unsupported_media_type", "请求体类型不受支持：{detail}",
         "Unsupported request body type: {detail}"},
        {"request.invalid", "请求中有字段不符合要求，请逐项检查",
         "Some fields are invalid; see errors"},
        {"request.too_large", "请求体过大（上限 1 MiB）",
         "The request body is too large (limit 1 MiB)"},
        {"request.headers_too_large", "请求头过大", "The request headers are too large"},
        {"request.timeout", "服务处理超时，请稍后重试",
         "The request took too long; please retry later"},
        {"route.not_found", "请求的地址不存在", "No resource at this path"},
        {"query.encoding", "查询参数须为不含空字符的 UTF-8 文本",
         "Query parameters must be UTF-8 text without NUL"},
        {"method.not_allowed", "该地址不支持此请求方法",
         "This method is not allowed for this path"},
        {"static.not_found", "文件不存在", "File not found"},
        {"internal", "服务器内部错误，请稍后重试；如持续出现请提供请求编号",
         "Internal server error; please retry later and quote the request id if it persists"},
    };
    for (const auto& e : kBuiltIn) c->entries[e.key] = {e.zh_cn, e.en};
    return c;
  }();
  return *catalogue;
}

}  // namespace

void RegisterMessages(std::string_view key, std::string_view zh_cn, std::string_view en) {
  Catalogue& c = TheCatalogue();
  std::unique_lock lock(c.mu);
  c.entries.insert_or_assign(std::string(key), Entry{std::string(zh_cn), std::string(en)});
}

std::optional<std::string> LocalizeMessage(std::string_view key, Locale locale,
                                           std::string_view detail) {
  std::string text;
  {
    Catalogue& c = TheCatalogue();
    std::shared_lock lock(c.mu);
    auto it = c.entries.find(key);
    if (it == c.entries.end()) return std::nullopt;
    text = locale == Locale::kEn ? it->second.en : it->second.zh_cn;
  }
  static constexpr std::string_view kPlaceholder = "{detail}";
  if (std::size_t pos = text.find(kPlaceholder); pos != std::string::npos) {
    if (detail.empty()) {
      // Drop the placeholder and a separator just before it ("：", ": ").
      std::string head = text.substr(0, pos);
      for (std::string_view sep : {std::string_view("："), std::string_view(": ")}) {
        if (head.ends_with(sep)) head.resize(head.size() - sep.size());
      }
      text = head + text.substr(pos + kPlaceholder.size());
    } else {
      text.replace(pos, kPlaceholder.size(), detail);
    }
  }
  return text;
}

}  // namespace zt::http
