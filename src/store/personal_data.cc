#include "personal_data.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace zt::store::internal {
namespace {

// Rows with a personal column still in plain text (sealed values start with "zt1"). Each
// SELECT lists the id first, then the columns in the order of its UPDATE's $2, $3, ...
constexpr std::string_view kAccountsPlain =
    "SELECT id, id_number, phone, totp_secret, username FROM accounts "
    "WHERE (id_number <> '' AND substr(id_number, 1, 3) <> 'zt1') "
    "OR (phone <> '' AND substr(phone, 1, 3) <> 'zt1') "
    "OR (totp_secret <> '' AND substr(totp_secret, 1, 3) <> 'zt1') ORDER BY id";
constexpr std::string_view kSealAccount =
    "UPDATE accounts SET id_number = $2, phone = $3, totp_secret = $4, username = $5 "
    "WHERE id = $1";
constexpr std::string_view kApplicantsPlain =
    "SELECT id, applicant_id_number, applicant_phone FROM applications "
    "WHERE (applicant_id_number <> '' AND substr(applicant_id_number, 1, 3) <> 'zt1') "
    "OR (applicant_phone <> '' AND substr(applicant_phone, 1, 3) <> 'zt1') ORDER BY id";
constexpr std::string_view kSealApplicant =
    "UPDATE applications SET applicant_id_number = $2, applicant_phone = $3 WHERE id = $1";
constexpr std::string_view kCallersPlain =
    "SELECT id, caller_phone FROM hotline_orders "
    "WHERE caller_phone <> '' AND substr(caller_phone, 1, 3) <> 'zt1' ORDER BY id";
constexpr std::string_view kSealCaller =
    "UPDATE hotline_orders SET caller_phone = $2 WHERE id = $1";
constexpr std::string_view kHoldersPlain =
    "SELECT id, holder_id FROM licences "
    "WHERE holder_id <> '' AND substr(holder_id, 1, 3) <> 'zt1' ORDER BY id";
constexpr std::string_view kSealHolder = "UPDATE licences SET holder_id = $2 WHERE id = $1";
constexpr std::string_view kUseHoldersPlain =
    "SELECT id, holder_id FROM licence_uses "
    "WHERE holder_id <> '' AND substr(holder_id, 1, 3) <> 'zt1' ORDER BY id";
constexpr std::string_view kSealUseHolder = "UPDATE licence_uses SET holder_id = $2 WHERE id = $1";

constexpr std::string_view kUsernameTag = "zt1u:";

// kUsername: the account's username, replaced by its index when it is the ID number (column 1).
enum class Sealing { kPlain, kIndexed, kUsername };

// Reads every row of `select` and rewrites, through `update`, the rows with a column still
// in plain text; `sealing[i]` says how column i + 1 is sealed.
Status SealRows(Connection& conn, std::string_view select, std::string_view update,
                std::initializer_list<Sealing> sealing) {
  ZT_ASSIGN_OR_RETURN(QueryResult rows, conn.Run("SealPlainPersonalData", select));
  const crypto::FieldCipher& cipher = PersonalDataCipher();
  for (const Row& row : rows.rows) {
    if (row.size() != sealing.size() + 1 || !row[0]) {
      return Fail(ErrorCode::kInternal, "store.internal", "SealPlainPersonalData: bad row");
    }
    std::vector<Param> params{*row[0]};
    bool changed = false;
    std::size_t column = 1;
    for (Sealing how : sealing) {
      std::string value = row[column++].value_or("");
      if (how == Sealing::kUsername) {
        std::string id_number = row[1].value_or("");
        if (!crypto::FieldCipher::IsSealed(id_number)) {
          std::string stored = StoredUsername(value, id_number);
          changed = changed || stored != value;
          value = std::move(stored);
        }
      } else if (!value.empty() && !crypto::FieldCipher::IsSealed(value)) {
        value = how == Sealing::kIndexed ? cipher.SealIndexed(value) : cipher.Seal(value);
        changed = true;
      }
      params.emplace_back(std::move(value));
    }
    if (changed) ZT_RETURN_IF_ERROR(conn.Run("SealPlainPersonalData", update, params));
  }
  return Ok();
}

}  // namespace

const crypto::FieldCipher& PersonalDataCipher() {
  static const crypto::FieldCipher* cipher = [] {
    Result<crypto::DataKey> key = crypto::DataKeyFromEnvironment();
    if (!key) {
      // OpenStore refuses a bad key before any row is read, so this is a programming error.
      std::fprintf(stderr, "zt::store: fatal: %s\n", key.error().ToString().c_str());
      std::abort();
    }
    return new crypto::FieldCipher(key->secret);
  }();
  return *cipher;
}

Status CheckPersonalDataKey() {
  Result<crypto::DataKey> key = crypto::DataKeyFromEnvironment();
  if (!key) return std::unexpected(key.error());
  return Ok();
}

std::string StoredUsername(std::string_view username, std::string_view id_number) {
  if (username.empty() || username != id_number) return std::string(username);
  return UsernameIndex(username);
}

std::string UsernameIndex(std::string_view username) {
  return std::string(kUsernameTag) + PersonalDataCipher().BlindIndex(username);
}

bool IsIndexedUsername(std::string_view stored) { return stored.starts_with(kUsernameTag); }

Status SealPlainPersonalData(Connection& conn) {
  using enum Sealing;
  ZT_RETURN_IF_ERROR(
      SealRows(conn, kAccountsPlain, kSealAccount, {kIndexed, kPlain, kPlain, kUsername}));
  ZT_RETURN_IF_ERROR(SealRows(conn, kApplicantsPlain, kSealApplicant, {kIndexed, kPlain}));
  ZT_RETURN_IF_ERROR(SealRows(conn, kCallersPlain, kSealCaller, {kIndexed}));
  ZT_RETURN_IF_ERROR(SealRows(conn, kHoldersPlain, kSealHolder, {kIndexed}));
  ZT_RETURN_IF_ERROR(SealRows(conn, kUseHoldersPlain, kSealUseHolder, {kIndexed}));
  return Ok();
}

}  // namespace zt::store::internal
