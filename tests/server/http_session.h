// Logging staff in over HTTP in end-to-end tests, and creating their accounts beforehand.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "server_process.h"
#include "zt/accounts/roles.h"
#include "zt/core/error.h"
#include "zt/service/store.h"

namespace zt::testing {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Every staff account a test creates starts with kInitialPassword and, at its first login,
// replaces it with kNewPassword.
inline constexpr const char* kInitialPassword = "initial-password-1";
inline constexpr const char* kNewPassword = "my-own-passphrase-2";

struct Session {
  std::string cookie;  // "zt_session=..."
  std::string csrf;
  // `extra` plus the session cookie and the CSRF header.
  Headers With(Headers extra = {}) const {
    extra.push_back({"Cookie", cookie});
    extra.push_back({"X-CSRF-Token", csrf});
    return extra;
  }
};

struct StaffSpec {
  const char* username;
  accounts::Role role;
  const char* region;
  const char* department;  // "" for roles without one
};

// Creates the accounts (password kInitialPassword) through AccountService on `store`.
Status CreateStaff(service::Store& store, const std::vector<StaffSpec>& staff);

// POST /api/v1/session; expects `expect` (a failed EXPECT otherwise) and returns the cookie and
// CSRF token of a successful login.
Session Login(std::uint16_t port, const std::string& user, const std::string& password,
              int expect = 200);

// The first login of an account CreateStaff made: checks that everything else is refused until
// the password is changed, changes it to kNewPassword, and logs in again.
Session FirstStaffLogin(std::uint16_t port, const std::string& user);

}  // namespace zt::testing
