// File: render.h
//
// Renders a Document (model.h) to bytes. Each renderer validates the document first
// (kInvalidArgument with a document.* key, nothing rendered) and reports a library failure as
// kInternal "document.render_failed". The functions are thread-safe and keep no state.
//
//   PDF:  cairo + pango, fonts "Noto Serif CJK SC" (body) and "Noto Sans CJK SC" (headings)
//         from fonts-noto-cjk, embedded as subsets; QR codes as vector squares.
//   DOCX: a minimal OOXML package with named styles (Title, Heading1–3, Normal, Table) that a
//         bureau can restyle in Word or LibreOffice; QR codes as PNG image parts.
#pragma once

#include <string>

#include "zt/core/error.h"
#include "zt/document/model.h"

namespace zt::document {

// application/pdf
Result<std::string> RenderPdf(const Document& document);

// application/vnd.openxmlformats-officedocument.wordprocessingml.document
Result<std::string> RenderDocx(const Document& document);

inline constexpr const char* kPdfContentType = "application/pdf";
inline constexpr const char* kDocxContentType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

}  // namespace zt::document
