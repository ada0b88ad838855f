#include "sql_sms.h"

#include "personal_data.h"

namespace zt::store::internal {
namespace {

using service::SmsCodeRecord;

constexpr std::string_view kInsertCode =
    "INSERT INTO sms_codes (id, phone_key, account_id, code_hash, source_ip, created_at, "
    "expires_at, failed_attempts, state, version) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
constexpr std::string_view kUpdateCode =
    "UPDATE sms_codes SET failed_attempts = $2, state = $3, version = $4 "
    "WHERE id = $1 AND version = $5";
constexpr std::string_view kCodeExists = "SELECT 1 FROM sms_codes WHERE id = $1";
constexpr std::string_view kLatestCode =
    "SELECT id, phone_key, account_id, code_hash, source_ip, created_at, expires_at, "
    "failed_attempts, state, version FROM sms_codes WHERE phone_key = $1 "
    "ORDER BY created_at DESC, id DESC LIMIT 1";
constexpr std::string_view kRequestsForNumber =
    "SELECT created_at FROM sms_codes WHERE phone_key = $1 AND created_at > $2 "
    "ORDER BY created_at";
constexpr std::string_view kRequestsFromAddress =
    "SELECT created_at FROM sms_codes WHERE source_ip = $1 AND created_at > $2 "
    "ORDER BY created_at";
// Mobile numbers are sealed without a blind index in `accounts`, so the citizens' numbers are
// opened and compared here (docs/security.md: linear in the number of citizens).
constexpr std::string_view kCitizenPhones =
    "SELECT id, phone FROM accounts WHERE role = 'citizen' AND disabled = 0 AND phone <> '' "
    "ORDER BY id";

Result<SmsCodeRecord> DecodeCode(const Row& row) {
  RowReader r(row);
  SmsCodeRecord c;
  c.id = r.Text();
  c.phone_key = r.Text();
  c.account_id = AccountId(r.Text());
  c.code_hash = r.Text();
  c.source_ip = r.Text();
  c.created_at = r.At();
  c.expires_at = r.At();
  c.failed_attempts = static_cast<int>(r.Int());
  c.state = r.Text();
  c.version = r.Int();
  if (!r.ok()) return Corrupt("DecodeSmsCode");
  return c;
}

Result<std::vector<Instant>> Instants(std::string_view op, const QueryResult& r) {
  return Decode<Instant>(r, [op](const Row& row) -> Result<Instant> {
    RowReader reader(row);
    Instant at = reader.At();
    if (!reader.ok()) return Corrupt(op);
    return at;
  });
}

}  // namespace

std::string SqlSmsStore::KeyedDigest(std::string_view text) { return FieldIndexPrefix(text); }

Status SqlSmsStore::InsertCode(const SmsCodeRecord& c) {
  return Guard("InsertSmsCode", [&]() -> Status {
    ZT_RETURN_IF_ERROR(sql_.Write(
        "InsertSmsCode", kInsertCode,
        {c.id, c.phone_key, c.account_id.value(), c.code_hash, c.source_ip, Millis(c.created_at),
         Millis(c.expires_at), c.failed_attempts, c.state, c.version}));
    return Ok();
  });
}

Status SqlSmsStore::UpdateCode(const SmsCodeRecord& c, std::int64_t expected_version) {
  return Guard("UpdateSmsCode", [&]() -> Status {
    return sql_.CheckedUpdate("UpdateSmsCode", kUpdateCode,
                              {c.id, c.failed_attempts, c.state, c.version, expected_version},
                              kCodeExists, c.id);
  });
}

Result<std::optional<SmsCodeRecord>> SqlSmsStore::LatestCode(std::string_view phone_key) {
  return Guard("LatestSmsCode", [&]() -> Result<std::optional<SmsCodeRecord>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r,
                        sql_.Read("LatestSmsCode", kLatestCode, {std::string(phone_key)}));
    return DecodeOne<SmsCodeRecord>(r, DecodeCode);
  });
}

Result<std::vector<Instant>> SqlSmsStore::RequestsForNumberSince(std::string_view phone_key,
                                                                 Instant since) {
  return Guard("SmsRequestsForNumber", [&]() -> Result<std::vector<Instant>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("SmsRequestsForNumber", kRequestsForNumber,
                                                 {std::string(phone_key), Millis(since)}));
    return Instants("SmsRequestsForNumber", r);
  });
}

Result<std::vector<Instant>> SqlSmsStore::RequestsFromAddressSince(std::string_view source_ip,
                                                                   Instant since) {
  return Guard("SmsRequestsFromAddress", [&]() -> Result<std::vector<Instant>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("SmsRequestsFromAddress", kRequestsFromAddress,
                                                 {std::string(source_ip), Millis(since)}));
    return Instants("SmsRequestsFromAddress", r);
  });
}

Result<std::vector<AccountId>> SqlSmsStore::CitizensWithPhone(std::string_view phone) {
  return Guard("CitizensWithPhone", [&]() -> Result<std::vector<AccountId>> {
    ZT_ASSIGN_OR_RETURN(QueryResult r, sql_.Read("CitizensWithPhone", kCitizenPhones, {}));
    std::vector<AccountId> out;
    for (const Row& row : r.rows) {
      RowReader reader(row);
      std::string id = reader.Text();
      std::string stored = reader.Text();
      if (!reader.ok()) return Corrupt("CitizensWithPhone");
      ZT_ASSIGN_OR_RETURN(std::string plain, OpenField(stored));
      if (plain == phone) out.push_back(AccountId(std::move(id)));
    }
    return out;
  });
}

}  // namespace zt::store::internal
