// Personal data at rest (docs/security.md, "Personal data"): the store seals resident ID
// numbers, mobile numbers and TOTP secrets with the process's field cipher before they reach
// a table and opens them when rows are read, so the domain and service layers only ever see
// plain values. Columns searched by number (a caller's earlier work orders, a holder's
// licences) are sealed with the blind index in front (crypto::FieldCipher::SealIndexed) and
// compared with `substr(column, 1, 70) = $n`, $n being IndexPrefix(number).
#pragma once

#include <string>
#include <string_view>

#include "sql.h"
#include "zt/core/error.h"
#include "zt/crypto/field_cipher.h"

namespace zt::store::internal {

// The cipher under the data key of the environment (ZT_DATA_KEY / ZT_DATA_KEY_FILE, else the
// demo key). Built on first use; OpenStore checks the key first so a bad one fails there.
const crypto::FieldCipher& PersonalDataCipher();

// The environment's data key is usable (OpenStore calls this before opening a database).
Status CheckPersonalDataKey();

// Shorthands over PersonalDataCipher().
inline std::string SealField(std::string_view plain) { return PersonalDataCipher().Seal(plain); }
inline std::string SealIndexedField(std::string_view plain) {
  return PersonalDataCipher().SealIndexed(plain);
}
inline std::string FieldIndexPrefix(std::string_view plain) {
  return PersonalDataCipher().IndexPrefix(plain);
}
inline Result<std::string> OpenField(std::string_view stored) {
  return PersonalDataCipher().Open(stored);
}

// Citizens log in with their ID number as username: such a username is stored as its blind
// index ("zt1u:<index>") and read back from the sealed id_number column.
std::string StoredUsername(std::string_view username, std::string_view id_number);
std::string UsernameIndex(std::string_view username);  // the stored form to look up
bool IsIndexedUsername(std::string_view stored);

// Migration 12's data step, run after every migration (so also on rows a older build wrote):
// seals every ID number, mobile number, licence holder id and TOTP secret still stored in plain
// text, and replaces ID-number usernames by their index, inside the migration's transaction.
Status SealPlainPersonalData(Connection& conn);

}  // namespace zt::store::internal
