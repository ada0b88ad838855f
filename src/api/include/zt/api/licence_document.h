// File: licence_document.h
//
// The JSON forms of a licence (docs/licences.md): the licence document a holder downloads
// and a verifier uploads, the W3C Verifiable Credential 2.0 export, the published keys and
// the Bitstring Status List credential. Used by the licence routes and the offline
// `zhengtong licence verify`.
//
//   std::string json = zt::api::RenderLicenceDocument(view.document, "valid");
//   ZT_ASSIGN_OR_RETURN(auto doc, zt::api::ParseLicenceDocument(json));
#pragma once

#include <boost/json/fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"
#include "zt/service/licence_service.h"

namespace zt::api {

// {"format":"zt-licence-v1","content":{...},"proof":{...},"status":"valid"}; status is
// informational (not signed) and left out when empty.
boost::json::object LicenceDocumentJson(const service::LicenceDocument& document,
                                        std::string_view status);
std::string RenderLicenceDocument(const service::LicenceDocument& document,
                                  std::string_view status);
// Reads a licence document (or a VC export's embedded one is not accepted: use the document
// form). kInvalidArgument with field errors for a malformed document; the identifier's check
// character is NOT checked here (the verdict names it).
Result<service::LicenceDocument> ParseLicenceDocument(std::string_view json);
Result<service::LicenceDocument> LicenceDocumentFromJson(const boost::json::value& value);

// The W3C VC 2.0 export; `base_url` is the server's public origin ("https://zw.example.cn").
boost::json::object LicenceCredentialJson(const service::LicenceRecord& record,
                                          std::string_view base_url);

boost::json::object PublishedKeyJson(const service::PublishedKey& key);
// {"keys":[...]} as GET /api/v1/licence-keys serves it, and back (for offline verification).
Result<std::vector<service::PublishedKey>> ParsePublishedKeys(std::string_view json);

// "u" + base64url(GZIP(bitstring)): the encodedList of a Bitstring Status List.
Result<std::string> EncodeStatusList(std::string_view bitstring);
Result<std::string> DecodeStatusList(std::string_view encoded);
boost::json::object StatusListCredentialJson(const service::SignedStatusList& list,
                                             std::string_view base_url);

boost::json::object VerifyReportJson(const service::VerifyReport& report);

// The rows of a historical entry (入库) from a table whose first row is the header
// `number,holder_name,holder_id,issue_date,valid_until,<field names...>` (CSV or XLSX, in any
// column order); cells are CSV-unguarded, empty field cells left out.
std::vector<service::HistoricalRow> HistoricalRowsFromTable(
    const std::vector<std::vector<std::string>>& table);

}  // namespace zt::api
