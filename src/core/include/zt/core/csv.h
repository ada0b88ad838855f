// File: csv.h
//
// RFC 4180 CSV as the staff's spreadsheets read and write it (docs/design UX §3.3): UTF-8
// with an optional BOM, CRLF line ends, fields quoted when they hold a quote, comma, CR or
// LF, and cells that a spreadsheet would run as a formula (= + - @ first) neutralised with a
// leading apostrophe. Pure functions; no I/O.
//
//   std::string out = zt::CsvBom();
//   out += zt::CsvLine({"code", "=SUM(A1)"});         // "code,'=SUM(A1)\r\n"
//   ZT_ASSIGN_OR_RETURN(auto rows, zt::ParseCsv(out));  // {{"code", "'=SUM(A1)"}}
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"

namespace zt {

// The UTF-8 byte order mark, "\xEF\xBB\xBF".
std::string_view CsvBom();

// One field as written: the formula guard first (a cell starting with = + - or @ gets a
// leading '), then RFC 4180 quoting when the result holds '"', ',', CR or LF.
std::string CsvField(std::string_view value);

// Fields joined by ',' and terminated by CRLF.
std::string CsvLine(const std::vector<std::string>& fields);

// Undoes the formula guard on a parsed cell: "'=x" → "=x", "'+1" → "+1"; any other value is
// returned unchanged. (A value that really starts with an apostrophe followed by one of
// = + - @ cannot round-trip; no item field needs one.)
std::string CsvUnguard(std::string_view cell);

// Parses a whole document into rows of raw fields (quotes removed, guard NOT removed). A
// leading BOM is skipped; lines end with CRLF or LF; a final line end is optional; blank
// lines are skipped. Errors: kInvalidArgument "csv.malformed" (a quote inside an unquoted
// field, text after a closing quote, an unterminated quoted field), with the 1-based line.
Result<std::vector<std::vector<std::string>>> ParseCsv(std::string_view text);

}  // namespace zt
