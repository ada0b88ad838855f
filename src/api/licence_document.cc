#include "zt/api/licence_document.h"

#include <boost/json.hpp>

#include <zlib.h>

#include "zt/core/csv.h"
#include "zt/licence/status_list.h"

namespace zt::api {
namespace json = boost::json;
using service::LicenceDocument;

namespace {

std::string DayStart(Date d) { return d.ToString() + "T00:00:00+08:00"; }
std::string DayEnd(Date d) { return d.ToString() + "T23:59:59+08:00"; }

// Reads a string member; records a field error when absent or not a string.
std::string Str(const json::object& o, std::string_view name, std::string_view at,
                std::vector<FieldError>& errors, bool required = true) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr || v->is_null()) {
    if (required)
      errors.push_back({std::string(at) + "/" + std::string(name), "json.required",
                        std::string(name) + " is required"});
    return "";
  }
  if (!v->is_string()) {
    errors.push_back({std::string(at) + "/" + std::string(name), "json.type",
                      std::string(name) + " must be a string"});
    return "";
  }
  return std::string(v->as_string());
}

}  // namespace

json::object LicenceDocumentJson(const LicenceDocument& d, std::string_view status) {
  const auto& c = d.content;
  json::object fields;
  for (const auto& [k, v] : c.fields) fields[k] = v;
  json::object content{
      {"id", c.id},
      {"type_code", c.type_code},
      {"type_name", c.type_name},
      {"number", c.number},
      {"holder_kind", licence::HolderKindName(c.holder_kind)},
      {"holder_id_kind", licence::HolderIdKindCode(c.holder_kind)},
      {"holder_id", c.holder_id},
      {"holder_name", c.holder_name},
      {"issuer_code", c.issuer_code},
      {"issuer_name", c.issuer_name},
      {"region_code", c.region_code},
      {"issue_date", c.issue_date.ToString()},
      {"valid_from", c.valid_from.ToString()},
      {"valid_until", c.valid_until ? json::value(c.valid_until->ToString()) : json::value()},
      {"issued_at", c.issued_at.time_since_epoch().count()},
      {"status_index", c.status_index},
      {"fields", std::move(fields)},
  };
  std::string canonical = licence::CanonicalContent(c);
  json::object proof{{"algorithm", d.algorithm},
                     {"key_id", d.key_id},
                     {"content_digest", d.content_digest},
                     {"signature", d.signature},
                     {"signed_content", licence::Base64Encode(canonical)}};
  json::object out{
      {"format", "zt-licence-v1"}, {"content", std::move(content)}, {"proof", std::move(proof)}};
  if (!status.empty()) out["status"] = status;
  return out;
}

std::string RenderLicenceDocument(const LicenceDocument& d, std::string_view status) {
  return json::serialize(LicenceDocumentJson(d, status));
}

Result<LicenceDocument> LicenceDocumentFromJson(const json::value& value) {
  std::vector<FieldError> e;
  const json::object* root = value.if_object();
  if (root == nullptr) {
    return FieldFail("", "licence_document.format", "a licence document is a JSON object");
  }
  const json::value* format = root->if_contains("format");
  if (format == nullptr || !format->is_string() || format->as_string() != "zt-licence-v1") {
    e.push_back({"/format", "licence_document.format", "format must be zt-licence-v1"});
  }
  const json::value* content_v = root->if_contains("content");
  const json::value* proof_v = root->if_contains("proof");
  if (content_v == nullptr || !content_v->is_object()) {
    e.push_back({"/content", "json.required", "content is required"});
  }
  if (proof_v == nullptr || !proof_v->is_object()) {
    e.push_back({"/proof", "json.required", "proof is required"});
  }
  LicenceDocument d;
  if (e.empty()) {
    const json::object& c = content_v->as_object();
    const json::object& p = proof_v->as_object();
    auto& x = d.content;
    x.id = Str(c, "id", "/content", e);
    x.type_code = Str(c, "type_code", "/content", e);
    x.type_name = Str(c, "type_name", "/content", e);
    x.number = Str(c, "number", "/content", e);
    if (auto kind = licence::ParseHolderKind(Str(c, "holder_kind", "/content", e))) {
      x.holder_kind = *kind;
    } else {
      e.push_back({"/content/holder_kind", "licence.holder_kind", "person or organisation"});
    }
    x.holder_id = Str(c, "holder_id", "/content", e);
    x.holder_name = Str(c, "holder_name", "/content", e);
    x.issuer_code = Str(c, "issuer_code", "/content", e);
    x.issuer_name = Str(c, "issuer_name", "/content", e);
    x.region_code = Str(c, "region_code", "/content", e);
    auto date = [&](std::string_view name, bool required) -> std::optional<Date> {
      std::string text = Str(c, name, "/content", e, required);
      if (text.empty()) return std::nullopt;
      auto parsed = ParseDate(text);
      if (!parsed) {
        e.push_back({"/content/" + std::string(name), "date.format", "YYYY-MM-DD"});
        return std::nullopt;
      }
      return *parsed;
    };
    x.issue_date = date("issue_date", true).value_or(Date());
    x.valid_from = date("valid_from", true).value_or(Date());
    x.valid_until = date("valid_until", false);
    const json::value* issued = c.if_contains("issued_at");
    if (issued == nullptr || !issued->is_int64()) {
      e.push_back({"/content/issued_at", "json.type", "issued_at is milliseconds since 1970"});
    } else {
      x.issued_at = Instant(std::chrono::milliseconds(issued->as_int64()));
    }
    const json::value* index = c.if_contains("status_index");
    if (index == nullptr || !index->is_int64()) {
      e.push_back({"/content/status_index", "json.type", "status_index is an integer"});
    } else {
      x.status_index = index->as_int64();
    }
    const json::value* fields = c.if_contains("fields");
    if (fields == nullptr || !fields->is_object()) {
      e.push_back({"/content/fields", "json.type", "fields is an object of strings"});
    } else {
      for (const auto& [k, v] : fields->as_object()) {
        if (!v.is_string()) {
          e.push_back({"/content/fields/" + std::string(k), "json.type", "a field is a string"});
          continue;
        }
        x.fields[std::string(k)] = std::string(v.as_string());
      }
    }
    d.algorithm = Str(p, "algorithm", "/proof", e);
    d.key_id = Str(p, "key_id", "/proof", e);
    d.content_digest = Str(p, "content_digest", "/proof", e);
    d.signature = Str(p, "signature", "/proof", e);
    std::string signed_b64 = Str(p, "signed_content", "/proof", e, false);
    if (!signed_b64.empty()) {
      auto raw = licence::Base64Decode(signed_b64);
      if (!raw) {
        e.push_back({"/proof/signed_content", "base64.format", "signed_content is base64"});
      } else {
        d.signed_content = *raw;
      }
    }
  }
  if (!e.empty()) {
    std::string key = e.front().key;
    return Fail(ErrorCode::kInvalidArgument, key, "the licence document is malformed",
                std::move(e));
  }
  return d;
}

Result<LicenceDocument> ParseLicenceDocument(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return FieldFail("", "json.malformed", "the licence document is not JSON");
  return LicenceDocumentFromJson(v);
}

json::object LicenceCredentialJson(const service::LicenceRecord& r, std::string_view base_url) {
  const auto& c = r.content;
  std::string base(base_url);
  json::object fields;
  for (const auto& [k, v] : c.fields) fields[k] = v;
  json::object subject{{"holderKind", licence::HolderKindName(c.holder_kind)},
                       {"holderIdKind", licence::HolderIdKindCode(c.holder_kind)},
                       {"holderId", c.holder_id},
                       {"holderName", c.holder_name},
                       {"licenceType", json::object{{"code", c.type_code}, {"name", c.type_name}}},
                       {"licenceNumber", c.number},
                       {"licenceId", c.id},
                       {"regionCode", c.region_code},
                       {"issueDate", c.issue_date.ToString()},
                       {"fields", std::move(fields)}};
  std::string index = std::to_string(r.status_index);
  json::array status;
  for (const char* purpose : {"revocation", "suspension"}) {
    std::string list = base + "/api/v1/licence-status/" + purpose;
    status.push_back(json::object{{"id", list + "#" + index},
                                  {"type", "BitstringStatusListEntry"},
                                  {"statusPurpose", purpose},
                                  {"statusListIndex", index},
                                  {"statusListCredential", list}});
  }
  json::object vc{
      {"@context", json::array{"https://www.w3.org/ns/credentials/v2"}},
      {"id", "urn:zt-licence:" + c.id},
      {"type", json::array{"VerifiableCredential", "ZhengtongLicence"}},
      {"issuer", json::object{{"id", "urn:uscc:" + c.issuer_code}, {"name", c.issuer_name}}},
      {"validFrom", DayStart(c.valid_from)},
      {"credentialSubject", std::move(subject)},
      {"credentialStatus", std::move(status)},
  };
  if (c.valid_until) vc["validUntil"] = DayEnd(*c.valid_until);
  // Not a registered Data Integrity cryptosuite: the signature is over the canonical content
  // form of docs/licences.md, carried here so that any verifier can check it.
  vc["proof"] = json::object{
      {"type", "ZhengtongCanonicalSignature"},
      {"proofPurpose", "assertionMethod"},
      {"created", FormatInstant(c.issued_at)},
      {"verificationMethod", base + "/api/v1/licence-keys/" + r.key_id},
      {"algorithm", r.algorithm},
      {"contentDigest", r.content_digest},
      {"signedContent", licence::Base64Encode(licence::CanonicalContent(c))},
      {"signatureValue", r.signature},
  };
  return vc;
}

json::object PublishedKeyJson(const service::PublishedKey& k) {
  return json::object{
      {"key_id", k.key_id},
      {"algorithm", k.algorithm},
      {"public_key_pem", k.public_key_pem},
      {"valid_from", FormatInstant(k.valid_from)},
      {"valid_from_ms", k.valid_from.time_since_epoch().count()},
      {"valid_until", k.valid_until ? json::value(FormatInstant(*k.valid_until)) : json::value()},
      {"valid_until_ms",
       k.valid_until ? json::value(k.valid_until->time_since_epoch().count()) : json::value()},
  };
}

Result<std::vector<service::PublishedKey>> ParsePublishedKeys(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  auto bad = [] { return FieldFail("", "licence_keys.format", "not a published key list"); };
  if (ec || !v.is_object() || !v.as_object().contains("keys") || !v.at("keys").is_array()) {
    return bad();
  }
  std::vector<service::PublishedKey> out;
  for (const auto& k : v.at("keys").as_array()) {
    const json::object* o = k.if_object();
    if (o == nullptr) return bad();
    std::vector<FieldError> e;
    service::PublishedKey key;
    key.key_id = Str(*o, "key_id", "", e);
    key.algorithm = Str(*o, "algorithm", "", e);
    key.public_key_pem = Str(*o, "public_key_pem", "", e);
    const json::value* from = o->if_contains("valid_from_ms");
    const json::value* until = o->if_contains("valid_until_ms");
    if (!e.empty() || from == nullptr || !from->is_int64()) return bad();
    key.valid_from = Instant(std::chrono::milliseconds(from->as_int64()));
    if (until != nullptr && until->is_int64()) {
      key.valid_until = Instant(std::chrono::milliseconds(until->as_int64()));
    }
    out.push_back(std::move(key));
  }
  return out;
}

Result<std::string> EncodeStatusList(std::string_view bitstring) {
  z_stream z{};
  // windowBits 15 + 16: a GZIP wrapper (RFC 1952), as the Bitstring Status List requires.
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Fail(ErrorCode::kInternal, "api.internal", "gzip init failed");
  }
  std::string out(deflateBound(&z, bitstring.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bitstring.data()));
  z.avail_in = static_cast<uInt>(bitstring.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return Fail(ErrorCode::kInternal, "api.internal", "gzip failed");
  return "u" + licence::Base64UrlEncode(out);
}

Result<std::string> DecodeStatusList(std::string_view encoded) {
  if (encoded.empty() || encoded[0] != 'u') {
    return FieldFail("", "status_list.format", "encodedList is multibase base64url ('u')");
  }
  ZT_ASSIGN_OR_RETURN(std::string gz, licence::Base64UrlDecode(encoded.substr(1)));
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) {
    return Fail(ErrorCode::kInternal, "api.internal", "gunzip init failed");
  }
  std::string out;
  char buf[65536];
  z.next_in = reinterpret_cast<Bytef*>(gz.data());
  z.avail_in = static_cast<uInt>(gz.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
    if (out.size() > (64u << 20)) break;  // a list bigger than 64 MiB is not ours
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) return FieldFail("", "status_list.format", "encodedList is not GZIP");
  return out;
}

json::object StatusListCredentialJson(const service::SignedStatusList& list,
                                      std::string_view base_url) {
  std::string url = std::string(base_url) + "/api/v1/licence-status/" + list.purpose;
  auto encoded = EncodeStatusList(list.bitstring);
  return json::object{
      {"@context", json::array{"https://www.w3.org/ns/credentials/v2"}},
      {"id", url},
      {"type", json::array{"VerifiableCredential", "BitstringStatusListCredential"}},
      {"issuer", std::string(base_url)},
      {"validFrom", FormatInstant(list.valid_from)},
      {"credentialSubject", json::object{{"id", url + "#list"},
                                         {"type", "BitstringStatusList"},
                                         {"statusPurpose", list.purpose},
                                         {"encodedList", encoded ? *encoded : ""}}},
      {"proof", json::object{{"type", "ZhengtongCanonicalSignature"},
                             {"proofPurpose", "assertionMethod"},
                             {"verificationMethod",
                              std::string(base_url) + "/api/v1/licence-keys/" + list.key_id},
                             {"algorithm", list.algorithm},
                             {"validFromMs", list.valid_from.time_since_epoch().count()},
                             {"signatureValue", list.signature}}},
  };
}

json::object VerifyReportJson(const service::VerifyReport& r) {
  json::array reasons, warnings;
  for (const auto& s : r.verdict.reasons) reasons.emplace_back(s);
  for (const auto& s : r.verdict.warnings) warnings.emplace_back(s);
  json::object out{
      {"valid", r.verdict.valid},
      {"reasons", std::move(reasons)},
      {"warnings", std::move(warnings)},
      {"issuer_name", r.issuer_name},
      {"status", r.status ? json::value(licence::StatusName(*r.status)) : json::value()}};
  out["key"] = r.key ? json::value(PublishedKeyJson(*r.key)) : json::value();
  return out;
}

std::vector<service::HistoricalRow> HistoricalRowsFromTable(
    const std::vector<std::vector<std::string>>& table) {
  std::vector<service::HistoricalRow> rows;
  if (table.empty()) return rows;
  const std::vector<std::string>& header = table[0];
  rows.reserve(table.size() - 1);
  for (std::size_t r = 1; r < table.size(); ++r) {
    const auto& cells = table[r];
    service::HistoricalRow row;
    for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) {
      std::string value = CsvUnguard(cells[i]);
      const std::string& name = header[i];
      if (name == "number") {
        row.number = value;
      } else if (name == "holder_name") {
        row.holder_name = value;
      } else if (name == "holder_id") {
        row.holder_id = value;
      } else if (name == "issue_date") {
        row.issue_date = value;
      } else if (name == "valid_until") {
        row.valid_until = value;
      } else if (!value.empty()) {
        row.fields[name] = value;
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace zt::api
