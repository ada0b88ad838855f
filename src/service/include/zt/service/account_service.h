// File: account_service.h
//
// Logins, sessions and accounts. Sessions are opaque random tokens handed to the browser
// in a cookie; the store keeps only their SM3 digest. A session ends after IdleTimeoutFor(role)
// without use (staff 15 min, citizens 30 min) or kAbsoluteTimeout after login, whichever comes
// first, and every session of an account ends when its password changes.
//
// Staff must log in with a second factor (RELIABILITY.md AUTH-05, AZ-06): while the policy
// requires it (the default), a staff account without TOTP that logs in with the right password
// gets a session marked second_factor_enrolment_required, which the edge lets do nothing but
// enrol TOTP; once enrolled, every login needs the code.
//
// A password set by anyone but the account holder (seeding, an administrator) is marked
// must_change_password: until it is changed, Authenticate() returns the actor with
// must_change_password set and the edge refuses everything but the password change.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "zt/accounts/roles.h"
#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::service {

// Idle timeouts (RELIABILITY.md SES-03, 等保 8.1.4.1 b): staff sessions hold casework and
// personal data, so they end sooner than citizens'.
inline constexpr std::chrono::minutes kCitizenIdleTimeout{30};
inline constexpr std::chrono::minutes kStaffIdleTimeout{15};
inline constexpr std::chrono::hours kAbsoluteTimeout{12};
inline constexpr int kMinPasswordLength = 10;
// Login lockout (等保 8.1.4.1 b, RELIABILITY.md AUTH-03): this many consecutive failed
// logins lock the account for kLockoutDuration, during which even the right password is
// refused with the same answer as a wrong one.
inline constexpr int kMaxFailedLogins = 5;
inline constexpr std::chrono::minutes kLockoutDuration{15};
// The issuer shown by authenticator apps for TOTP enrolments.
inline constexpr const char* kTotpIssuer = "zhengtong";

struct Session {
  accounts::Actor actor;
  AccountRecord account;
  std::string token;  // only returned by Login; empty from Authenticate
  std::string csrf_token;
  Instant expires_at{};
  // Staff account without TOTP under a policy that requires it: the session may only enrol.
  bool second_factor_enrolment_required = false;
};

// The idle timeout of a session of an account with this role.
std::chrono::minutes IdleTimeoutFor(accounts::Role role);
// True when `account` must enrol TOTP before doing anything: staff (every role but citizen)
// without an enabled authenticator, when the policy requires a second factor for staff.
bool MustEnrolSecondFactor(const AccountRecord& account, bool staff_second_factor_required);

// What a staff member needs to add the TOTP secret to an authenticator app. Returned once,
// by BeginTotpEnrolment; never rendered again.
struct TotpEnrolment {
  std::string secret_base32;
  std::string otpauth_uri;
};

struct NewStaff {
  std::string username;
  std::string display_name;
  accounts::Role role = accounts::Role::kWindowClerk;
  std::string region_code;
  DepartmentId department_id;
  std::string password;  // initial; the holder must change it at first login
};

struct NewCitizen {
  std::string id_number;
  std::string name;
  std::string phone;
  std::string password;
};

class AccountService {
 public:
  // `staff_second_factor_required` false relaxes AUTH-05 (only outside production: `serve
  // --production` refuses it).
  AccountService(Store& store, Crypto& crypto, const Clock& clock,
                 bool staff_second_factor_required = true)
      : store_(store),
        crypto_(crypto),
        clock_(clock),
        staff_second_factor_required_(staff_second_factor_required) {}

  // Checks the password (and, once the account has TOTP enabled, the code `totp`) and opens
  // a session. A wrong username, a wrong password, a disabled account, a locked account
  // (even with the right password) and a wrong or reused TOTP code all give the same
  // kUnauthenticated "auth.invalid_credentials": nothing tells which check failed. Only a
  // right password with no code for a TOTP account gives kUnauthenticated
  // "auth.second_factor_required" (see docs/security.md for why that is safe).
  // kMaxFailedLogins consecutive failures (wrong password or wrong code) lock the account
  // for kLockoutDuration; a success resets the count. Every attempt is an event
  // (account.login, account.login_failed, account.locked, account.totp_reused).
  Result<Session> Login(std::string_view username, std::string_view password, std::string_view totp,
                        const RequestContext& ctx);
  Result<Session> Login(std::string_view username, std::string_view password,
                        const RequestContext& ctx) {
    return Login(username, password, {}, ctx);
  }
  // Starts (or restarts, while not yet confirmed) TOTP enrolment for a staff account: a new
  // 160-bit secret is stored, pending, and returned with its otpauth:// URI. Errors:
  // kPermissionDenied "totp.staff_only" for citizens, kFailedPrecondition
  // "totp.already_enabled" once enabled, kUnauthenticated "auth.session_expired" if the
  // account is gone.
  Result<TotpEnrolment> BeginTotpEnrolment(const AccountId& id, const RequestContext& ctx);
  // Enables TOTP when `code` is the current code of the pending secret (± one step). Errors:
  // kFailedPrecondition "totp.not_started" without a pending secret or "totp.already_enabled";
  // kInvalidArgument "totp.code_wrong" (field /code) for a wrong code.
  Status ConfirmTotp(const AccountId& id, std::string_view code, const RequestContext& ctx);
  // The session behind a cookie token; kUnauthenticated "auth.session_expired" when idle or
  // absolute expiry has passed or the token is unknown. Refreshes last-seen.
  Result<Session> Authenticate(std::string_view token);
  Status Logout(std::string_view token, const RequestContext& ctx);
  // Changes the caller's password (old one required), clears must_change_password and ends
  // every session of the account except none: the caller logs in again.
  Status ChangePassword(const AccountId& id, std::string_view old_password,
                        std::string_view new_password, const RequestContext& ctx);
  // Registers a citizen identified by a validated ID number (username = ID number).
  Result<AccountRecord> RegisterCitizen(const NewCitizen& citizen, const RequestContext& ctx);
  // Creates a staff account. `by` is the grantor, checked by accounts::CheckGrant (三员分立,
  // scope; a refusal is audited as access.denied on the account's username), or empty for
  // installation (seeding, the operator's CLI; `operator_name` is then kept in the event).
  Result<AccountRecord> CreateStaff(const NewStaff& staff, const std::optional<accounts::Actor>& by,
                                    const RequestContext& ctx, std::string_view operator_name = {});

  static accounts::Actor ActorOf(const AccountRecord& account);

 private:
  Status CheckPasswordPolicy(std::string_view password, std::string_view pointer);
  // A real hash to verify against when the username is unknown, so that a failed login
  // costs the same time either way (no account enumeration by timing).
  const std::string& DummyHash();
  Store& store_;
  Crypto& crypto_;
  const Clock& clock_;
  bool staff_second_factor_required_ = true;
  std::once_flag dummy_once_;
  std::string dummy_hash_;
};

}  // namespace zt::service
