#include "zt/service/account_service.h"

#include <limits>

#include "zt/core/id_number.h"
#include "zt/core/phone.h"
#include "zt/core/region_code.h"
#include "zt/core/text.h"
#include "zt/service/audit.h"
#include "zt/service/catalog_service.h"
#include "zt/service/totp.h"

namespace zt::service {
namespace {

constexpr std::size_t kSessionTokenBytes = 32;
constexpr int kMaxPasswordLength = 128;

EventDraft AccountEvent(Instant at, std::string action, const AccountRecord* account,
                        const RequestContext& ctx, std::string result = "ok") {
  EventDraft e;
  e.at = at;
  e.action = std::move(action);
  e.object_type = "account";
  if (account != nullptr) {
    e.object_id = account->id.value();
    e.actor_id = account->id;
    e.actor_role = std::string(accounts::RoleName(account->role));
    e.actor_region = account->region_code;
  }
  e.request_id = ctx.request_id;
  e.source_ip = ctx.source_ip;
  e.result = std::move(result);
  return e;
}

auto InvalidCredentials() {
  return Fail(ErrorCode::kUnauthenticated, "auth.invalid_credentials",
              "the username or password is wrong");
}

}  // namespace

std::chrono::minutes IdleTimeoutFor(accounts::Role role) {
  return role == accounts::Role::kCitizen ? kCitizenIdleTimeout : kStaffIdleTimeout;
}

bool MustEnrolSecondFactor(const AccountRecord& account, bool staff_second_factor_required) {
  return staff_second_factor_required && account.role != accounts::Role::kCitizen &&
         !account.totp_enabled;
}

accounts::Actor AccountService::ActorOf(const AccountRecord& account) {
  accounts::Actor actor;
  actor.account_id = account.id;
  actor.display_name = account.display_name;
  actor.role = account.role;
  actor.region_code = account.region_code;
  actor.department_id = account.department_id;
  actor.id_number = account.id_number;
  return actor;
}

const std::string& AccountService::DummyHash() {
  std::call_once(dummy_once_, [this] {
    auto hash = crypto_.HashPassword(crypto_.RandomToken(16));
    if (hash) dummy_hash_ = std::move(*hash);
  });
  return dummy_hash_;
}

Status AccountService::CheckPasswordPolicy(std::string_view password, std::string_view pointer) {
  // OWASP ASVS 2.1.1/2.1.2: length is what matters; no composition rules.
  std::size_t length = Utf8Length(password);
  if (length < kMinPasswordLength || length > kMaxPasswordLength) {
    return FieldFail(std::string(pointer), "password.length",
                     "a password needs 10 to 128 characters");
  }
  return Ok();
}

Result<Session> AccountService::Login(std::string_view username, std::string_view password,
                                      std::string_view totp, const RequestContext& ctx) {
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindAccountByUsername(username));
  if (!found || found->disabled) {
    // Spend the same work as a real check so timing does not reveal unknown usernames.
    (void)crypto_.VerifyPassword(password, DummyHash());
    auto draft =
        AccountEvent(now, "account.login_failed", found ? &*found : nullptr, ctx, "denied");
    if (!found) draft.details.push_back({"username_digest", crypto_.Digest(username)});
    ZT_RETURN_IF_ERROR(tx->AppendEvent(draft));
    ZT_RETURN_IF_ERROR(tx->Commit());
    return InvalidCredentials();
  }
  // Verified even when locked, so a locked account answers in the same time as any other.
  ZT_ASSIGN_OR_RETURN(bool ok, crypto_.VerifyPassword(password, found->password_hash));
  AccountRecord account = *found;
  auto failed = [&](std::string reason) {
    auto draft = AccountEvent(now, "account.login_failed", &account, ctx, "denied");
    draft.details.push_back({"reason", std::move(reason)});
    return draft;
  };
  if (now < found->locked_until) {
    ZT_RETURN_IF_ERROR(tx->AppendEvent(failed("locked")));
    ZT_RETURN_IF_ERROR(tx->Commit());
    return InvalidCredentials();
  }
  std::string reason = ok ? "" : "password";
  bool reused = false;
  std::optional<std::int64_t> step;
  if (ok && account.totp_enabled) {
    if (totp.empty()) {
      // The password was right; the holder is asked for the code. Not counted as a failure.
      ZT_RETURN_IF_ERROR(tx->AppendEvent(failed("second_factor_required")));
      ZT_RETURN_IF_ERROR(tx->Commit());
      return Fail(ErrorCode::kUnauthenticated, "auth.second_factor_required",
                  "enter the code from your authenticator app");
    }
    ZT_ASSIGN_OR_RETURN(std::string secret, Base32Decode(account.totp_secret));
    ZT_ASSIGN_OR_RETURN(step, MatchTotp(crypto_, secret, totp, now, account.totp_last_step));
    if (!step) {
      reason = "totp";
      ZT_ASSIGN_OR_RETURN(auto any, MatchTotp(crypto_, secret, totp, now,
                                              std::numeric_limits<std::int64_t>::min()));
      reused = any.has_value();
    }
  }
  if (!reason.empty()) {
    account.failed_logins += 1;
    bool lock = account.failed_logins >= kMaxFailedLogins;
    if (lock) {
      account.locked_until =
          now + std::chrono::duration_cast<std::chrono::milliseconds>(kLockoutDuration);
      account.failed_logins = 0;  // the next lock needs kMaxFailedLogins new failures
    }
    account.version = found->version + 1;
    ZT_RETURN_IF_ERROR(tx->UpdateAccount(account, found->version));
    ZT_RETURN_IF_ERROR(tx->AppendEvent(failed(reused ? "totp_reused" : reason)));
    if (reused) {
      // ASVS 2.8.5: a reused code is logged on its own.
      ZT_RETURN_IF_ERROR(
          tx->AppendEvent(AccountEvent(now, "account.totp_reused", &account, ctx, "denied")));
    }
    if (lock) {
      auto locked = AccountEvent(now, "account.locked", &account, ctx, "denied");
      locked.details.push_back({"until", FormatInstant(account.locked_until)});
      locked.details.push_back({"failures", std::to_string(kMaxFailedLogins)});
      ZT_RETURN_IF_ERROR(tx->AppendEvent(locked));
    }
    ZT_RETURN_IF_ERROR(tx->Commit());
    return InvalidCredentials();
  }
  if (account.failed_logins != 0 || step) {
    account.failed_logins = 0;
    if (step) account.totp_last_step = *step;
    account.version = found->version + 1;
    ZT_RETURN_IF_ERROR(tx->UpdateAccount(account, found->version));
  }
  Session session;
  session.token = crypto_.RandomToken(kSessionTokenBytes);
  session.csrf_token = crypto_.RandomToken(kSessionTokenBytes);
  session.expires_at =
      now + std::chrono::duration_cast<std::chrono::milliseconds>(kAbsoluteTimeout);
  SessionRecord record{
      crypto_.Digest(session.token), account.id, now, now, session.expires_at, session.csrf_token};
  ZT_RETURN_IF_ERROR(tx->InsertSession(record));
  session.second_factor_enrolment_required =
      MustEnrolSecondFactor(account, staff_second_factor_required_);
  auto event = AccountEvent(now, "account.login", &account, ctx);
  if (step) event.details.push_back({"second_factor", "totp"});
  // A password-only session that may do nothing but enrol TOTP: the audit says so.
  if (session.second_factor_enrolment_required) {
    event.details.push_back({"second_factor", "enrolment_required"});
  }
  ZT_RETURN_IF_ERROR(tx->AppendEvent(event));
  ZT_RETURN_IF_ERROR(tx->Commit());
  session.account = account;
  session.actor = ActorOf(account);
  return session;
}

Result<TotpEnrolment> AccountService::BeginTotpEnrolment(const AccountId& id,
                                                         const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindAccount(id));
  if (!found) return Fail(ErrorCode::kUnauthenticated, "auth.session_expired", "log in again");
  if (found->role == accounts::Role::kCitizen) {
    return Fail(ErrorCode::kPermissionDenied, "totp.staff_only",
                "the authenticator app is for staff accounts");
  }
  if (found->totp_enabled) {
    return Fail(ErrorCode::kFailedPrecondition, "totp.already_enabled",
                "an authenticator is already enrolled; ask an administrator to reset it");
  }
  AccountRecord account = *found;
  account.totp_secret = Base32Encode(crypto_.RandomBytes(kTotpSecretBytes));
  account.totp_last_step = 0;
  account.version = found->version + 1;
  ZT_RETURN_IF_ERROR(tx->UpdateAccount(account, found->version));
  ZT_RETURN_IF_ERROR(
      tx->AppendEvent(AccountEvent(clock_.Now(), "account.totp_enrolment_started", &account, ctx)));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return TotpEnrolment{account.totp_secret,
                       OtpAuthUri(kTotpIssuer, account.username, account.totp_secret)};
}

Status AccountService::ConfirmTotp(const AccountId& id, std::string_view code,
                                   const RequestContext& ctx) {
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindAccount(id));
  if (!found) return Fail(ErrorCode::kUnauthenticated, "auth.session_expired", "log in again");
  if (found->totp_enabled) {
    return Fail(ErrorCode::kFailedPrecondition, "totp.already_enabled",
                "an authenticator is already enrolled");
  }
  if (found->totp_secret.empty()) {
    return Fail(ErrorCode::kFailedPrecondition, "totp.not_started",
                "request a secret with POST /api/v1/session/totp first");
  }
  ZT_ASSIGN_OR_RETURN(std::string secret, Base32Decode(found->totp_secret));
  ZT_ASSIGN_OR_RETURN(auto step, MatchTotp(crypto_, secret, code, now, found->totp_last_step));
  if (!step) {
    ZT_RETURN_IF_ERROR(
        tx->AppendEvent(AccountEvent(now, "account.totp_confirm_failed", &*found, ctx, "denied")));
    ZT_RETURN_IF_ERROR(tx->Commit());
    return FieldFail("/code", "totp.code_wrong", "the code is wrong or has expired");
  }
  AccountRecord account = *found;
  account.totp_enabled = true;
  account.totp_last_step = *step;
  account.version = found->version + 1;
  ZT_RETURN_IF_ERROR(tx->UpdateAccount(account, found->version));
  ZT_RETURN_IF_ERROR(tx->AppendEvent(AccountEvent(now, "account.totp_enabled", &account, ctx)));
  return tx->Commit();
}

Result<Session> AccountService::Authenticate(std::string_view token) {
  auto expired = [] {
    return Fail(ErrorCode::kUnauthenticated, "auth.session_expired",
                "the session has ended; log in again");
  };
  if (token.empty()) return expired();
  Instant now = clock_.Now();
  std::string digest = crypto_.Digest(token);
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindSession(digest));
  if (!found) return expired();
  ZT_ASSIGN_OR_RETURN(auto account, tx->FindAccount(found->account_id));
  bool idle = account && now - found->last_seen_at >= IdleTimeoutFor(account->role);
  if (now >= found->expires_at || idle) {
    ZT_RETURN_IF_ERROR(tx->DeleteSession(digest));
    ZT_RETURN_IF_ERROR(tx->Commit());
    return expired();
  }
  if (!account || account->disabled) return expired();
  // Refresh last-seen at most once a minute: most requests then need no write.
  if (now - found->last_seen_at >= std::chrono::minutes(1)) {
    ZT_RETURN_IF_ERROR(tx->TouchSession(digest, now));
    ZT_RETURN_IF_ERROR(tx->Commit());
  }
  Session session;
  session.account = *account;
  session.actor = ActorOf(*account);
  session.csrf_token = found->csrf_token;
  session.expires_at = found->expires_at;
  session.second_factor_enrolment_required =
      MustEnrolSecondFactor(*account, staff_second_factor_required_);
  return session;
}

Status AccountService::Logout(std::string_view token, const RequestContext& ctx) {
  std::string digest = crypto_.Digest(token);
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindSession(digest));
  if (!found) return Ok();
  ZT_ASSIGN_OR_RETURN(auto account, tx->FindAccount(found->account_id));
  ZT_RETURN_IF_ERROR(tx->DeleteSession(digest));
  ZT_RETURN_IF_ERROR(tx->AppendEvent(
      AccountEvent(clock_.Now(), "account.logout", account ? &*account : nullptr, ctx)));
  return tx->Commit();
}

Status AccountService::ChangePassword(const AccountId& id, std::string_view old_password,
                                      std::string_view new_password, const RequestContext& ctx) {
  ZT_RETURN_IF_ERROR(CheckPasswordPolicy(new_password, "/new_password"));
  if (old_password == new_password) {
    return FieldFail("/new_password", "password.unchanged",
                     "the new password must differ from the old one");
  }
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto found, tx->FindAccount(id));
  if (!found) return Fail(ErrorCode::kUnauthenticated, "auth.session_expired", "log in again");
  ZT_ASSIGN_OR_RETURN(bool ok, crypto_.VerifyPassword(old_password, found->password_hash));
  if (!ok) {
    return FieldFail("/old_password", "password.old_wrong", "the current password is wrong");
  }
  ZT_ASSIGN_OR_RETURN(std::string hash, crypto_.HashPassword(new_password));
  AccountRecord account = *found;
  account.password_hash = std::move(hash);
  account.must_change_password = false;
  account.password_changed_at = clock_.Now();
  account.version = found->version + 1;
  ZT_RETURN_IF_ERROR(tx->UpdateAccount(account, found->version));
  ZT_RETURN_IF_ERROR(tx->DeleteSessionsOf(id));
  ZT_RETURN_IF_ERROR(tx->AppendEvent(
      AccountEvent(account.password_changed_at, "account.password_changed", &account, ctx)));
  return tx->Commit();
}

Result<AccountRecord> AccountService::RegisterCitizen(const NewCitizen& citizen,
                                                      const RequestContext& ctx) {
  std::vector<FieldError> errors;
  auto id_number = IdNumber::Parse(citizen.id_number, CivilDateCst(clock_.Now()));
  if (!id_number) {
    for (auto f : id_number.error().fields()) {
      errors.push_back({"/id_number", f.key, f.detail});
    }
    if (id_number.error().fields().empty()) {
      errors.push_back({"/id_number", id_number.error().key(), id_number.error().detail()});
    }
  }
  auto phone = MobileNumber::Parse(citizen.phone);
  if (!phone) errors.push_back({"/phone", phone.error().key(), phone.error().detail()});
  if (citizen.name.empty() || Utf8Length(citizen.name) > 50) {
    errors.push_back({"/name", "name.length", "a name needs 1 to 50 characters"});
  }
  if (auto p = CheckPasswordPolicy(citizen.password, "/password"); !p) {
    errors.push_back(p.error().fields().front());
  }
  if (!errors.empty()) {
    std::string key = errors.front().key;
    return Fail(ErrorCode::kInvalidArgument, key, "the registration has invalid fields",
                std::move(errors));
  }
  ZT_ASSIGN_OR_RETURN(std::string hash, crypto_.HashPassword(citizen.password));
  Instant now = clock_.Now();
  AccountRecord account;
  account.id = AccountId(NewId(crypto_, "a_"));
  account.username = id_number->value();
  account.display_name = citizen.name;
  account.password_hash = std::move(hash);
  account.role = accounts::Role::kCitizen;
  account.id_number = id_number->value();
  account.phone = phone->value();
  account.created_at = now;
  account.password_changed_at = now;
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  auto inserted = tx->InsertAccount(account);
  if (!inserted) {
    if (inserted.error().code() == ErrorCode::kAlreadyExists) {
      return Fail(ErrorCode::kAlreadyExists, "account.exists",
                  "an account with this ID number exists; log in or reset the password");
    }
    return std::unexpected(inserted.error());
  }
  ZT_RETURN_IF_ERROR(tx->AppendEvent(AccountEvent(now, "account.registered", &account, ctx)));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return account;
}

Result<AccountRecord> AccountService::CreateStaff(const NewStaff& staff,
                                                  const std::optional<accounts::Actor>& by,
                                                  const RequestContext& ctx,
                                                  std::string_view operator_name) {
  if (by) {
    // 三员分立 and no privilege amplification (AZ-04): refused grants are audited.
    if (auto granted =
            accounts::CheckGrant(*by, staff.role, staff.region_code, staff.department_id);
        !granted) {
      return AuditDenied(store_, clock_, *by, "account", staff.username, ctx,
                         std::unexpected(granted.error()));
    }
  }
  if (staff.role == accounts::Role::kCitizen) {
    return FieldFail("/role", "account.staff_role", "citizens register themselves");
  }
  if (staff.username.empty() || staff.username.size() > 64) {
    return FieldFail("/username", "account.username_length", "1 to 64 characters");
  }
  if (!RegionCode::Parse(staff.region_code)) {
    return FieldFail("/region_code", "region.format", "not a region code");
  }
  if (accounts::IsDepartmentalRole(staff.role) && staff.department_id.empty()) {
    return FieldFail("/department_id", "account.department_required",
                     "this role belongs to one department");
  }
  ZT_RETURN_IF_ERROR(CheckPasswordPolicy(staff.password, "/password"));
  ZT_ASSIGN_OR_RETURN(std::string hash, crypto_.HashPassword(staff.password));
  Instant now = clock_.Now();
  AccountRecord account;
  account.id = AccountId(NewId(crypto_, "a_"));
  account.username = staff.username;
  account.display_name = staff.display_name;
  account.password_hash = std::move(hash);
  account.role = staff.role;
  account.region_code = staff.region_code;
  account.department_id = staff.department_id;
  account.must_change_password = true;
  account.created_at = now;
  account.password_changed_at = now;
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  if (by && !staff.department_id.empty()) {
    // The department, too, must lie inside the grantor's region: no account in a department
    // the grantor does not administer.
    ZT_ASSIGN_OR_RETURN(auto department, tx->FindDepartment(staff.department_id));
    if (!department) return FieldFail("/department_id", "department.unknown", "no such department");
    auto scope = RegionCode::Parse(by->region_code);
    auto where = RegionCode::Parse(department->region_code);
    if (!scope || !where || !scope->Contains(*where)) {
      return AuditDenied(store_, clock_, *by, "account", staff.username, ctx,
                         Fail(ErrorCode::kPermissionDenied, "account.grant_out_of_scope",
                              "the department lies outside the grantor's region"),
                         tx);
    }
  }
  auto inserted = tx->InsertAccount(account);
  if (!inserted) {
    if (inserted.error().code() == ErrorCode::kAlreadyExists) {
      return Fail(ErrorCode::kAlreadyExists, "account.username_taken", "this username is taken",
                  {{"/username", "account.username_taken", "this username is taken"}});
    }
    return std::unexpected(inserted.error());
  }
  auto draft = AccountEvent(now, "account.created", &account, ctx);
  if (by) {
    draft.actor_id = by->account_id;
    draft.actor_role = std::string(accounts::RoleName(by->role));
    draft.actor_region = by->region_code;
  } else {
    draft.actor_id = AccountId();
    draft.actor_role = "system";
    draft.actor_region = "";
    if (!operator_name.empty()) draft.details.push_back({"operator", std::string(operator_name)});
  }
  draft.details.push_back({"role", std::string(accounts::RoleName(staff.role))});
  ZT_RETURN_IF_ERROR(tx->AppendEvent(draft));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return account;
}

}  // namespace zt::service
