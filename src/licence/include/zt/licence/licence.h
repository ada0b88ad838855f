// File: licence.h
//
// Licence types (证照目录), the content of one licence, its canonical byte form (the bytes
// that are digested and signed; docs/licences.md specifies them so a third party can rebuild
// them) and the status rules. Pure: no clock, no crypto, no storage.
//
//   ZT_RETURN_IF_ERROR(ValidateLicenceType(type));
//   ZT_RETURN_IF_ERROR(ValidateContent(type, content));
//   std::string bytes = CanonicalContent(content);  // "zt-licence-v1\nid=1.2.156...\n..."
//   auto next = NextStatus(LicenceStatus::kValid, StatusAction::kSuspend);  // kSuspended
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/core/error.h"
#include "zt/core/time.h"

namespace zt::licence {

enum class HolderKind { kPerson, kOrganisation };
std::string_view HolderKindName(HolderKind k);  // "person" | "organisation"
Result<HolderKind> ParseHolderKind(std::string_view name);

// The kind of a face field (照面信息) of a licence type.
enum class FieldKind { kText, kDate, kNumber };
std::string_view FieldKindName(FieldKind k);  // "text" | "date" | "number"
Result<FieldKind> ParseFieldKind(std::string_view name);

struct FieldSpec {
  std::string name;   // machine name: a-z, 0-9, '_' (1..32), sorted bytewise in the content
  std::string label;  // shown: "经营范围"
  FieldKind kind = FieldKind::kText;
  bool required = true;
  int max_length = 200;  // characters, for text (1..2000)
};

struct LicenceType {
  std::string code;  // 证照类型代码: definer's credit code + 3 digits, 0-9A-Z, 1..32
  std::string name;  // "食品经营许可证"
  std::string department_id;
  HolderKind holder_kind = HolderKind::kOrganisation;
  std::vector<FieldSpec> fields;
  // 有效期: years from the issue date (the last valid day is the day before the same date
  // that many years later); 0 means 长期有效 (no end).
  int validity_years = 0;
  bool opened = false;  // opened for issuing (已开通)
  // Codes of the service items whose approved, concluded applications produce this licence.
  std::vector<std::string> item_codes;
  // Historical (paper) licences the department declares to exist, the denominator of 入库率.
  std::int64_t historical_declared = 0;
  std::int64_t version = 1;
};

// kInvalidArgument with field errors at /code, /name, /fields/<i>/name, ...
Status ValidateLicenceType(const LicenceType& type);

enum class LicenceStatus { kValid, kSuspended, kRevoked, kExpired };
std::string_view StatusName(LicenceStatus s);  // "valid" | "suspended" | "revoked" | "expired"
Result<LicenceStatus> ParseStatus(std::string_view name);

// What the issuer signs. Everything a verifier needs to see is here; status and signature
// are not (a status change must not need a new signature).
struct LicenceContent {
  std::string id;         // 证照标识 with its check character
  std::string type_code;  // 证照类型代码
  std::string type_name;  // 证照类型名称
  std::string number;     // 证照编号 printed on the licence
  HolderKind holder_kind = HolderKind::kPerson;
  std::string holder_name;  // 持证主体
  std::string holder_id;    // 身份证号 (person) or 统一社会信用代码 (organisation)
  std::string issuer_name;  // 颁发机构
  std::string issuer_code;  // 颁发机构代码 (credit code)
  std::string region_code;  // 管辖属地
  Date issue_date;          // 颁发日期
  Date valid_from;          // 有效期起始
  std::optional<Date> valid_until;  // 有效期截止 (inclusive); none: 长期有效
  Instant issued_at{};              // when it was signed (the key must be valid then)
  // The licence's bit in the published status lists; signed so it cannot be redirected.
  std::int64_t status_index = 0;
  std::map<std::string, std::string> fields;  // face fields by name
};

// Holder code type per GB/T 36903 as the implementations cite it: "111" 公民身份号码 for
// persons, "001" 统一社会信用代码 for organisations.
std::string_view HolderIdKindCode(HolderKind k);

// The last valid day of a licence issued on `issue_date` under `type`, nullopt for 长期有效.
std::optional<Date> ValidUntil(const LicenceType& type, Date issue_date);

// Checks content against its type: required fields present, no unknown field, text lengths,
// date and number forms, holder id (ID number or credit code by holder kind), the identifier's
// check character, no control characters anywhere (the canonical form is line-based).
// kInvalidArgument with field errors at /fields/<name>, /holder_id, ...
Status ValidateContent(const LicenceType& type, const LicenceContent& content);

// The exact bytes that are digested (SM3) and signed. UTF-8 lines "name=value\n" in a fixed
// order, face fields sorted bytewise by name as "field.<name>=<value>"; see docs/licences.md.
std::string CanonicalContent(const LicenceContent& content);

// Status changes. Each needs a reason and a reference (the decision that orders it).
enum class StatusAction { kSuspend, kReinstate, kRevoke, kExpire };
std::string_view ActionName(StatusAction a);  // "suspend" | "reinstate" | "revoke" | "expire"
Result<StatusAction> ParseAction(std::string_view name);

// valid → suspended (suspend), suspended → valid (reinstate), valid|suspended → revoked
// (revoke), valid|suspended → expired (expire). Revoked and expired are final.
// kFailedPrecondition "licence.status_transition" otherwise.
Result<LicenceStatus> NextStatus(LicenceStatus from, StatusAction action);

// reason 1..500 characters, reference 1..100, no control characters.
// kInvalidArgument at /reason, /reference.
Status ValidateStatusChange(std::string_view reason, std::string_view reference);

// True when `text` is valid for the canonical form: no byte below 0x20 and no 0x7F.
bool IsLineSafe(std::string_view text);

}  // namespace zt::licence
