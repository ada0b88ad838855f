// INP-02: a request body is JSON unless its route takes files. Private to the api module.
#pragma once

#include <string_view>

#include "zt/core/error.h"
#include "zt/http/router.h"

namespace zt::api {

// Whether the route `pattern` takes a body other than JSON: file uploads and imports
// (a last segment "materials" or starting with "import": CSV, XLSX, PDF, ...) and Open311's
// form-encoded POSTs. Their handlers check the bytes themselves.
bool TakesRawBody(std::string_view pattern);

// Whether a Content-Type header value names JSON in UTF-8: application/json or a
// "+json" type, with no charset parameter or charset=utf-8 (any case, spaces allowed).
bool IsJsonMediaType(std::string_view content_type);

// Middleware: a non-empty body sent to a JSON route without a Content-Type, or with one that
// is not JSON, gets 415 "request.unsupported_media_type" (INP-02, ASVS 13.1.5).
Result<http::Response> RequireJsonBodyType(http::Request& req, const http::Next& next);

}  // namespace zt::api
