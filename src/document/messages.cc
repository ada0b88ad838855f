#include "zt/document/messages.h"

namespace zt::document {

std::span<const MessageText> MessageTexts() {
  static constexpr MessageText kTexts[] = {
      {"document.heading_level", "标题级别只能是 1、2 或 3", "A heading level is 1, 2 or 3"},
      {"document.table_shape", "表格的列数不正确：{detail}",
       "The table's shape is wrong: {detail}"},
      {"document.column_widths", "表格列宽不正确：{detail}",
       "The table's column widths are wrong: {detail}"},
      {"document.qr_payload_empty", "二维码内容不能为空", "A QR code needs a payload"},
      {"document.qr_payload_too_long", "二维码内容过长：{detail}",
       "The QR payload is too long: {detail}"},
      {"document.qr_size", "二维码尺寸超出允许范围", "The QR code size is out of range"},
      {"document.spacer_height", "空白高度超出允许范围", "The spacer height is out of range"},
      {"document.invalid_utf8", "文本不是有效的 UTF-8 编码", "The text is not valid UTF-8"},
      {"document.too_large", "文档过大：{detail}", "The document is too large: {detail}"},
      {"document.render_failed", "文档生成失败，请稍后重试",
       "The document could not be rendered; try again later"},
      {"xlsx.sheet_name", "工作表名称不正确：1–31 个字符，不含 []:*?/\\，且不能重名",
       "A sheet name has 1–31 characters, none of []:*?/\\, and differs from the others"},
      {"xlsx.too_large", "表格超出大小限制：{detail}", "The spreadsheet exceeds a limit: {detail}"},
      {"xlsx.invalid_utf8", "单元格文本不是有效的 UTF-8 编码", "A cell's text is not valid UTF-8"},
      {"xlsx.not_finite", "数值单元格必须是有限数", "A number cell must be finite"},
      {"xlsx.no_sheets", "工作簿至少需要一个工作表", "A workbook needs at least one sheet"},
      {"xlsx.header_rows", "表头行数不能为负", "The number of header rows cannot be negative"},
      {"xlsx.write_failed", "表格生成失败，请稍后重试",
       "The spreadsheet could not be written; try again later"},
      {"xlsx.read_failed", "表格读取失败，请稍后重试",
       "The spreadsheet could not be read; try again later"},
      {"xlsx.not_xlsx", "文件不是 XLSX 工作簿，请上传 Excel（.xlsx）文件",
       "The file is not an XLSX workbook; upload an Excel (.xlsx) file"},
      {"xlsx.malformed", "XLSX 文件已损坏或格式不正确：{detail}",
       "The XLSX file is damaged or malformed: {detail}"},
      {"xlsx.sheet_not_found", "工作簿中没有该工作表", "The workbook has no such sheet"},
  };
  return kTexts;
}

}  // namespace zt::document
