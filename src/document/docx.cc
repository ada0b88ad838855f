// DOCX rendering: the smallest OOXML (ECMA-376 transitional) package Word, WPS and LibreOffice
// open. All formatting lives in named styles in word/styles.xml, so a bureau restyles the
// whole document (fonts such as 仿宋_GB2312, sizes, spacing) by editing the styles only.
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "text.h"
#include "zip_archive.h"
#include "zt/document/qr.h"
#include "zt/document/render.h"

namespace zt::document {
namespace {

using internal::XmlEscape;

constexpr double kTwipsPerMm = 1440 / 25.4;
constexpr int kEmuPerMm = 36000;
constexpr int kTextWidthTwips = static_cast<int>((210 - 2 * 25) * kTwipsPerMm);

constexpr const char* kXmlHeader =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr const char* kWordNamespaces =
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "
    "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" "
    "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
    "xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"";
constexpr const char* kRelationshipBase =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

std::string ContentTypes() {
  return std::string(kXmlHeader) +
         "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
         "<Default Extension=\"rels\" "
         "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
         "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
         "<Default Extension=\"png\" ContentType=\"image/png\"/>"
         "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
         "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
         "<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
         "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
         "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/"
         "vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
         "<Override PartName=\"/docProps/core.xml\" "
         "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
         "</Types>";
}

std::string PackageRels() {
  return std::string(kXmlHeader) +
         "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"" +
         kRelationshipBase +
         "officeDocument\" Target=\"word/document.xml\"/>"
         "<Relationship Id=\"rId2\" "
         "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
         "core-properties\" Target=\"docProps/core.xml\"/>"
         "</Relationships>";
}

std::string CoreProperties(const Document& document) {
  std::string xml = std::string(kXmlHeader) +
                    "<cp:coreProperties "
                    "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/"
                    "core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
                    "xmlns:dcterms=\"http://purl.org/dc/terms/\" "
                    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">";
  xml += "<dc:title>" + XmlEscape(document.title) + "</dc:title>";
  xml += "<dc:subject>" + XmlEscape(document.metadata.subject) + "</dc:subject>";
  xml += "<dc:creator>" + XmlEscape(document.metadata.author) + "</dc:creator>";
  static const std::regex kDate(R"(\d{4}-\d{2}-\d{2})");
  if (std::regex_match(document.metadata.created, kDate)) {
    xml += "<dcterms:created xsi:type=\"dcterms:W3CDTF\">" + document.metadata.created +
           "T00:00:00+08:00</dcterms:created>";
  }
  return xml + "</cp:coreProperties>";
}

// One paragraph style: id, display name, font family, size in points, bold, extra XML for
// w:pPr, in the schema's order (keepNext, spacing, jc, outlineLvl): Word refuses a file whose
// elements are out of order, where LibreOffice reads it anyway.
std::string ParagraphStyle(std::string_view id, std::string_view name, std::string_view font,
                           double size_pt, bool bold, std::string_view paragraph_properties,
                           bool is_default = false) {
  return fmt::format(
      "<w:style w:type=\"paragraph\"{} w:styleId=\"{}\"><w:name w:val=\"{}\"/>"
      "{}<w:qFormat/><w:pPr>{}</w:pPr><w:rPr><w:rFonts w:ascii=\"{}\" w:hAnsi=\"{}\" "
      "w:eastAsia=\"{}\"/>{}<w:sz w:val=\"{}\"/><w:szCs w:val=\"{}\"/></w:rPr></w:style>",
      is_default ? " w:default=\"1\"" : "", id, name,
      is_default ? "" : "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/>",
      paragraph_properties, font, font, font, bold ? "<w:b/><w:bCs/>" : "",
      static_cast<int>(size_pt * 2), static_cast<int>(size_pt * 2));
}

std::string Styles() {
  constexpr const char* kSerif = "Noto Serif CJK SC";
  constexpr const char* kSans = "Noto Sans CJK SC";
  std::string xml = std::string(kXmlHeader) +
                    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/"
                    "2006/main\">";
  xml += ParagraphStyle("Normal", "Normal", kSerif, 11, false,
                        "<w:spacing w:after=\"120\" w:line=\"360\" w:lineRule=\"auto\"/>", true);
  xml += ParagraphStyle("Title", "Title", kSans, 20, true,
                        "<w:spacing w:before=\"120\" w:after=\"360\"/><w:jc w:val=\"center\"/>");
  xml += ParagraphStyle("Heading1", "heading 1", kSans, 16, true,
                        "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/>"
                        "<w:outlineLvl w:val=\"0\"/>");
  xml += ParagraphStyle("Heading2", "heading 2", kSans, 13.5, true,
                        "<w:keepNext/><w:spacing w:before=\"200\" w:after=\"100\"/>"
                        "<w:outlineLvl w:val=\"1\"/>");
  xml += ParagraphStyle("Heading3", "heading 3", kSans, 11.5, true,
                        "<w:keepNext/><w:spacing w:before=\"160\" w:after=\"80\"/>"
                        "<w:outlineLvl w:val=\"2\"/>");
  xml += ParagraphStyle("TableText", "Table Text", kSans, 9.5, false,
                        "<w:spacing w:before=\"40\" w:after=\"40\" w:line=\"240\" "
                        "w:lineRule=\"auto\"/>");
  xml += ParagraphStyle("Caption", "caption", kSans, 9, false,
                        "<w:spacing w:after=\"120\"/><w:jc w:val=\"center\"/>");
  xml += ParagraphStyle("Footer", "footer", kSans, 8.5, false, "");
  xml +=
      "<w:style w:type=\"table\" w:styleId=\"Table\"><w:name w:val=\"Table\"/>"
      "<w:tblPr><w:tblBorders>"
      "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
      "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
      "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
      "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
      "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
      "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
      "</w:tblBorders><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/>"
      "<w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>";
  return xml + "</w:styles>";
}

// Runs of text: newlines become line breaks inside the paragraph.
std::string Runs(const std::vector<TextRun>& runs) {
  std::string xml;
  for (const auto& run : runs) {
    xml += "<w:r>";
    if (run.bold) xml += "<w:rPr><w:b/><w:bCs/></w:rPr>";
    std::string_view rest = run.text;
    while (true) {
      const auto newline = rest.find('\n');
      xml += "<w:t xml:space=\"preserve\">" + XmlEscape(rest.substr(0, newline)) + "</w:t>";
      if (newline == std::string_view::npos) break;
      xml += "<w:br/>";
      rest.remove_prefix(newline + 1);
    }
    xml += "</w:r>";
  }
  return xml;
}

std::string Para(std::string_view style, const std::vector<TextRun>& runs,
                 Align align = Align::kLeft) {
  std::string xml = "<w:p><w:pPr><w:pStyle w:val=\"" + std::string(style) + "\"/>";
  if (align == Align::kCenter) xml += "<w:jc w:val=\"center\"/>";
  if (align == Align::kRight) xml += "<w:jc w:val=\"right\"/>";
  return xml + "</w:pPr>" + Runs(runs) + "</w:p>";
}

struct CellSpec {
  std::string_view text;
  bool header;  // bold on a grey ground
};

std::string TableXml(const std::vector<int>& widths, const std::vector<std::vector<CellSpec>>& rows,
                     int repeated_header_rows) {
  std::string xml =
      "<w:tbl><w:tblPr><w:tblStyle w:val=\"Table\"/>"
      "<w:tblW w:w=\"" +
      std::to_string(kTextWidthTwips) +
      "\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>";
  for (int w : widths) xml += "<w:gridCol w:w=\"" + std::to_string(w) + "\"/>";
  xml += "</w:tblGrid>";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    xml += "<w:tr>";
    if (static_cast<int>(r) < repeated_header_rows) {
      xml += "<w:trPr><w:tblHeader/></w:trPr>";
    }
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      const CellSpec& cell = rows[r][c];
      xml += "<w:tc><w:tcPr><w:tcW w:w=\"" + std::to_string(widths[c]) + "\" w:type=\"dxa\"/>";
      if (cell.header) xml += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"EDEDED\"/>";
      xml += "</w:tcPr>";
      xml += Para("TableText", {TextRun{std::string(cell.text), cell.header}});
      xml += "</w:tc>";
    }
    xml += "</w:tr>";
  }
  // Word needs a paragraph between a table and whatever follows it (or the section end).
  return xml + "</w:tbl><w:p/>";
}

class DocxBody {
 public:
  std::string xml;
  std::vector<std::pair<std::string, std::string>> images;  // part name → PNG

  Status Add(const Heading& heading) {
    xml += Para(fmt::format("Heading{}", heading.level), {TextRun{heading.text, false}});
    return Ok();
  }
  Status Add(const Paragraph& paragraph) {
    xml += Para("Normal", paragraph.runs, paragraph.align);
    return Ok();
  }
  Status Add(const KeyValueTable& table) {
    const int label = static_cast<int>(kTextWidthTwips * table.label_width);
    std::vector<std::vector<CellSpec>> rows;
    for (const auto& row : table.rows) rows.push_back({{row.label, true}, {row.value, false}});
    xml += TableXml({label, kTextWidthTwips - label}, rows, 0);
    return Ok();
  }
  Status Add(const Table& table) {
    const std::size_t columns = table.header.size();
    std::vector<int> widths;
    for (std::size_t c = 0; c < columns; ++c) {
      const double fraction = table.column_widths.empty() ? 1.0 / columns : table.column_widths[c];
      widths.push_back(static_cast<int>(kTextWidthTwips * fraction));
    }
    std::vector<std::vector<CellSpec>> rows;
    rows.emplace_back();
    for (const auto& h : table.header) rows.back().push_back({h, true});
    for (const auto& row : table.rows) {
      rows.emplace_back();
      for (const auto& cell : row) rows.back().push_back({cell, false});
    }
    xml += TableXml(widths, rows, 1);
    return Ok();
  }
  Status Add(const QrCode& qr) {
    // 10 px modules keep the code sharp when Word scales it to the printed size.
    ZT_ASSIGN_OR_RETURN(std::string png, QrPng(qr.payload, 10));
    const std::size_t n = images.size() + 1;
    images.emplace_back(fmt::format("media/qr{}.png", n), std::move(png));
    const long emu = static_cast<long>(qr.size_mm * kEmuPerMm);
    xml += fmt::format(
        "<w:p><w:pPr><w:keepNext/><w:jc w:val=\"center\"/></w:pPr><w:r><w:drawing>"
        "<wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">"
        "<wp:extent cx=\"{0}\" cy=\"{0}\"/><wp:docPr id=\"{1}\" name=\"QR {1}\"/>"
        "<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/"
        "picture\"><pic:pic><pic:nvPicPr><pic:cNvPr id=\"{1}\" name=\"qr{1}.png\"/>"
        "<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"rIdQr{1}\"/>"
        "<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>"
        "<a:off x=\"0\" y=\"0\"/><a:ext cx=\"{0}\" cy=\"{0}\"/></a:xfrm>"
        "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>"
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>",
        emu, n);
    if (!qr.caption.empty()) xml += Para("Caption", {TextRun{qr.caption, false}});
    return Ok();
  }
  Status Add(const Spacer& spacer) {
    xml += fmt::format(
        "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{}\" "
        "w:lineRule=\"exact\"/></w:pPr></w:p>",
        std::max(1, static_cast<int>(spacer.height_mm * kTwipsPerMm)));
    return Ok();
  }
  Status Add(const PageBreak&) {
    xml += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>";
    return Ok();
  }
};

std::string Footer(const Document& document) {
  std::string xml = std::string(kXmlHeader) + "<w:ftr " + kWordNamespaces + ">";
  const auto field = [](std::string_view instruction) {
    return fmt::format("<w:fldSimple w:instr=\" {} \"><w:r><w:t>1</w:t></w:r></w:fldSimple>",
                       instruction);
  };
  const auto text = [](std::string_view t) {
    return "<w:r><w:t xml:space=\"preserve\">" + XmlEscape(t) + "</w:t></w:r>";
  };
  std::string numbers;
  switch (document.page_numbers) {
    case PageNumbers::kChinese:
      numbers = text("第 ") + field("PAGE") + text(" 页 共 ") + field("NUMPAGES") + text(" 页");
      break;
    case PageNumbers::kEnglish:
      numbers = text("Page ") + field("PAGE") + text(" of ") + field("NUMPAGES");
      break;
    case PageNumbers::kNone:
      break;
  }
  xml += "<w:p><w:pPr><w:pStyle w:val=\"Footer\"/>";
  if (document.footer.empty()) {
    xml += "<w:jc w:val=\"center\"/></w:pPr>" + numbers;
  } else {
    // The footer text on the left, the page number at a right tab stop.
    xml += fmt::format("<w:tabs><w:tab w:val=\"right\" w:pos=\"{}\"/></w:tabs></w:pPr>",
                       kTextWidthTwips);
    xml += text(document.footer);
    if (!numbers.empty()) xml += "<w:r><w:tab/></w:r>" + numbers;
  }
  return xml + "</w:p></w:ftr>";
}

}  // namespace

Result<std::string> RenderDocx(const Document& document) {
  ZT_RETURN_IF_ERROR(Validate(document));
  DocxBody body;
  if (!document.title.empty()) body.xml += Para("Title", {TextRun{document.title, false}});
  for (const Block& block : document.blocks) {
    ZT_RETURN_IF_ERROR(std::visit([&body](const auto& b) { return body.Add(b); }, block));
  }
  const int margin_side = static_cast<int>(25 * kTwipsPerMm);
  const int margin_top = static_cast<int>(20 * kTwipsPerMm);
  std::string document_xml = std::string(kXmlHeader) + "<w:document " + kWordNamespaces +
                             "><w:body>" + body.xml +
                             fmt::format(
                                 "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId2\"/>"
                                 "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
                                 "<w:pgMar w:top=\"{0}\" w:right=\"{1}\" w:bottom=\"{0}\" "
                                 "w:left=\"{1}\" w:header=\"567\" w:footer=\"567\" "
                                 "w:gutter=\"0\"/></w:sectPr>",
                                 margin_top, margin_side) +
                             "</w:body></w:document>";
  std::string document_rels =
      std::string(kXmlHeader) +
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"" +
      kRelationshipBase +
      "styles\" Target=\"styles.xml\"/>"
      "<Relationship Id=\"rId2\" Type=\"" +
      kRelationshipBase + "footer\" Target=\"footer1.xml\"/>";
  for (std::size_t i = 0; i < body.images.size(); ++i) {
    document_rels += fmt::format("<Relationship Id=\"rIdQr{}\" Type=\"{}image\" Target=\"{}\"/>",
                                 i + 1, kRelationshipBase, body.images[i].first);
  }
  document_rels += "</Relationships>";

  std::vector<std::pair<std::string, std::string>> parts{
      {"[Content_Types].xml", ContentTypes()},
      {"_rels/.rels", PackageRels()},
      {"docProps/core.xml", CoreProperties(document)},
      {"word/document.xml", std::move(document_xml)},
      {"word/_rels/document.xml.rels", std::move(document_rels)},
      {"word/styles.xml", Styles()},
      {"word/footer1.xml", Footer(document)},
  };
  for (auto& [name, png] : body.images) parts.emplace_back("word/" + name, std::move(png));
  return internal::ZipWrite(parts);
}

}  // namespace zt::document
