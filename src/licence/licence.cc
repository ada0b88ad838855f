#include "zt/licence/licence.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "zt/core/credit_code.h"
#include "zt/core/id_number.h"
#include "zt/core/text.h"
#include "zt/licence/identifier.h"

namespace zt::licence {
namespace {

bool IsFieldName(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool IsCode(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); });
}

bool IsNumber(std::string_view s) {
  // A plain decimal: optional '-', digits, optional '.' and digits.
  if (s.empty() || s.size() > 40) return false;
  std::size_t i = s[0] == '-' ? 1 : 0;
  bool digits = false, dot = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') {
      digits = true;
    } else if (s[i] == '.' && !dot && digits) {
      dot = true;
      digits = false;
    } else {
      return false;
    }
  }
  return digits;
}

Status Collected(std::vector<FieldError> errors, std::string detail) {
  if (errors.empty()) return Ok();
  std::string key = errors.front().key;
  return Fail(ErrorCode::kInvalidArgument, key, std::move(detail), std::move(errors));
}

}  // namespace

std::string_view HolderKindName(HolderKind k) {
  return k == HolderKind::kPerson ? "person" : "organisation";
}

Result<HolderKind> ParseHolderKind(std::string_view name) {
  if (name == "person") return HolderKind::kPerson;
  if (name == "organisation") return HolderKind::kOrganisation;
  return FieldFail("/holder_kind", "licence_type.holder_kind",
                   "holder_kind is person or organisation");
}

std::string_view FieldKindName(FieldKind k) {
  switch (k) {
    case FieldKind::kText:
      return "text";
    case FieldKind::kDate:
      return "date";
    case FieldKind::kNumber:
      return "number";
  }
  return "text";
}

Result<FieldKind> ParseFieldKind(std::string_view name) {
  if (name == "text") return FieldKind::kText;
  if (name == "date") return FieldKind::kDate;
  if (name == "number") return FieldKind::kNumber;
  return FieldFail("/kind", "licence_type.field_kind", "a field kind is text, date or number");
}

std::string_view HolderIdKindCode(HolderKind k) { return k == HolderKind::kPerson ? "111" : "001"; }

bool IsLineSafe(std::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
}

Status ValidateLicenceType(const LicenceType& t) {
  std::vector<FieldError> e;
  if (!IsCode(t.code)) {
    e.push_back({"/code", "licence_type.code", "a type code needs 1 to 32 of 0-9A-Z"});
  }
  if (t.name.empty() || Utf8Length(t.name) > 100 || !IsLineSafe(t.name)) {
    e.push_back({"/name", "licence_type.name", "a type name needs 1 to 100 characters"});
  }
  if (t.department_id.empty()) {
    e.push_back({"/department_id", "licence_type.department", "a type needs its department"});
  }
  if (t.validity_years < 0 || t.validity_years > 100) {
    e.push_back({"/validity_years", "licence_type.validity", "validity is 0 (long-term) to 100"});
  }
  if (t.historical_declared < 0) {
    e.push_back({"/historical_declared", "licence_type.historical_declared",
                 "the declared historical count cannot be negative"});
  }
  if (t.fields.size() > 50) {
    e.push_back({"/fields", "licence_type.fields", "a type has at most 50 fields"});
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < t.fields.size(); ++i) {
    const FieldSpec& f = t.fields[i];
    std::string at = "/fields/" + std::to_string(i);
    if (!IsFieldName(f.name)) {
      e.push_back({at + "/name", "licence_type.field_name",
                   "a field name needs 1 to 32 of a-z, 0-9 and _"});
    } else if (!names.insert(f.name).second) {
      e.push_back({at + "/name", "licence_type.field_duplicate", "field names must differ"});
    }
    if (f.label.empty() || Utf8Length(f.label) > 50 || !IsLineSafe(f.label)) {
      e.push_back({at + "/label", "licence_type.field_label", "a label needs 1 to 50 characters"});
    }
    if (f.max_length < 1 || f.max_length > 2000) {
      e.push_back({at + "/max_length", "licence_type.field_length", "max_length is 1 to 2000"});
    }
  }
  return Collected(std::move(e), "the licence type has invalid fields");
}

std::string_view StatusName(LicenceStatus s) {
  switch (s) {
    case LicenceStatus::kValid:
      return "valid";
    case LicenceStatus::kSuspended:
      return "suspended";
    case LicenceStatus::kRevoked:
      return "revoked";
    case LicenceStatus::kExpired:
      return "expired";
  }
  return "valid";
}

Result<LicenceStatus> ParseStatus(std::string_view name) {
  if (name == "valid") return LicenceStatus::kValid;
  if (name == "suspended") return LicenceStatus::kSuspended;
  if (name == "revoked") return LicenceStatus::kRevoked;
  if (name == "expired") return LicenceStatus::kExpired;
  return FieldFail("/status", "licence.status_unknown",
                   "status is valid, suspended, revoked or expired");
}

std::optional<Date> ValidUntil(const LicenceType& type, Date issue_date) {
  if (type.validity_years == 0) return std::nullopt;
  using namespace std::chrono;
  year_month_day ymd = issue_date.ymd();
  year later_year = ymd.year() + years(type.validity_years);
  year_month_day later{later_year, ymd.month(), ymd.day()};
  // 29 February in a later non-leap year: the anniversary is 1 March.
  sys_days anniversary =
      later.ok() ? sys_days(later)
                 : sys_days(year_month_day_last(later_year / ymd.month() / last)) + days(1);
  return Date(anniversary - days(1));
}

Status ValidateContent(const LicenceType& type, const LicenceContent& c) {
  std::vector<FieldError> e;
  if (auto id = LicenceId::Parse(c.id); !id) {
    e.push_back({"/id", id.error().key(), id.error().detail()});
  } else if (id->type_code() != type.code) {
    e.push_back({"/id", "licence_id.type_mismatch", "the identifier names another type"});
  }
  if (c.type_code != type.code) {
    e.push_back({"/type_code", "licence.type_mismatch", "the content names another type"});
  }
  auto text_ok = [](const std::string& s, std::size_t max) {
    return !s.empty() && Utf8Length(s) <= max && IsLineSafe(s);
  };
  if (!text_ok(c.type_name, 100)) {
    e.push_back({"/type_name", "licence.type_name", "the type name needs 1 to 100 characters"});
  }
  if (!text_ok(c.number, 64)) {
    e.push_back({"/number", "licence.number", "a licence number needs 1 to 64 characters"});
  }
  if (!text_ok(c.holder_name, 100)) {
    e.push_back({"/holder_name", "licence.holder_name", "a holder name needs 1 to 100 characters"});
  }
  if (c.holder_kind != type.holder_kind) {
    e.push_back({"/holder_kind", "licence.holder_kind", "this type is held by another kind"});
  } else if (c.holder_kind == HolderKind::kPerson) {
    auto id = IdNumber::Parse(c.holder_id);
    if (!id || id->value() != c.holder_id) {
      e.push_back({"/holder_id", "licence.holder_id", "the holder's ID number is not valid"});
    }
  } else {
    auto code = CreditCode::Parse(c.holder_id);
    if (!code || code->value() != c.holder_id) {
      e.push_back({"/holder_id", "licence.holder_id", "the holder's credit code is not valid"});
    }
  }
  if (!text_ok(c.issuer_name, 100)) {
    e.push_back({"/issuer_name", "licence.issuer_name", "the issuer needs a name"});
  }
  if (!IsCode(c.issuer_code)) {
    e.push_back({"/issuer_code", "licence.issuer_code", "the issuer code needs 1 to 32 of 0-9A-Z"});
  }
  if (c.region_code.empty() || c.region_code.size() > 12 ||
      !std::all_of(c.region_code.begin(), c.region_code.end(),
                   [](char ch) { return ch >= '0' && ch <= '9'; })) {
    e.push_back({"/region_code", "licence.region_code", "a region code is 6 to 12 digits"});
  }
  if (c.valid_from < c.issue_date.AddDays(-36600)) {
    e.push_back({"/valid_from", "licence.valid_from", "the validity start is implausible"});
  }
  if (c.valid_until && *c.valid_until < c.valid_from) {
    e.push_back({"/valid_until", "licence.validity_order", "validity ends before it starts"});
  }
  for (const auto& field : c.fields) {
    const std::string& name = field.first;  // clang 14 cannot capture structured bindings
    bool known = std::any_of(type.fields.begin(), type.fields.end(),
                             [&](const FieldSpec& f) { return f.name == name; });
    if (!known) e.push_back({"/fields/" + name, "licence.field_unknown", "no such field"});
  }
  for (const FieldSpec& f : type.fields) {
    std::string at = "/fields/" + f.name;
    auto it = c.fields.find(f.name);
    if (it == c.fields.end() || it->second.empty()) {
      if (f.required) e.push_back({at, "licence.field_required", f.label + " is required"});
      continue;
    }
    const std::string& v = it->second;
    if (!IsLineSafe(v)) {
      e.push_back({at, "licence.field_control", "no line breaks or control characters"});
      continue;
    }
    switch (f.kind) {
      case FieldKind::kText:
        if (Utf8Length(v) > static_cast<std::size_t>(f.max_length)) {
          e.push_back({at, "licence.field_length",
                       f.label + " has more than " + std::to_string(f.max_length) + " characters"});
        }
        break;
      case FieldKind::kDate:
        if (!ParseDate(v)) e.push_back({at, "licence.field_date", f.label + " is YYYY-MM-DD"});
        break;
      case FieldKind::kNumber:
        if (!IsNumber(v)) e.push_back({at, "licence.field_number", f.label + " is a number"});
        break;
    }
  }
  return Collected(std::move(e), "the licence has invalid fields");
}

std::string CanonicalContent(const LicenceContent& c) {
  std::string out = "zt-licence-v1\n";
  auto line = [&out](std::string_view name, std::string_view value) {
    out.append(name).append("=").append(value).append("\n");
  };
  line("id", c.id);
  line("type_code", c.type_code);
  line("type_name", c.type_name);
  line("number", c.number);
  line("holder_kind", HolderKindName(c.holder_kind));
  line("holder_id_kind", HolderIdKindCode(c.holder_kind));
  line("holder_id", c.holder_id);
  line("holder_name", c.holder_name);
  line("issuer_code", c.issuer_code);
  line("issuer_name", c.issuer_name);
  line("region_code", c.region_code);
  line("issue_date", c.issue_date.ToString());
  line("valid_from", c.valid_from.ToString());
  line("valid_until", c.valid_until ? c.valid_until->ToString() : "");
  line("issued_at", std::to_string(c.issued_at.time_since_epoch().count()));
  line("status_index", std::to_string(c.status_index));
  // std::map orders by std::string's operator<, which is bytewise.
  for (const auto& [name, value] : c.fields) line("field." + name, value);
  return out;
}

std::string_view ActionName(StatusAction a) {
  switch (a) {
    case StatusAction::kSuspend:
      return "suspend";
    case StatusAction::kReinstate:
      return "reinstate";
    case StatusAction::kRevoke:
      return "revoke";
    case StatusAction::kExpire:
      return "expire";
  }
  return "suspend";
}

Result<StatusAction> ParseAction(std::string_view name) {
  if (name == "suspend") return StatusAction::kSuspend;
  if (name == "reinstate") return StatusAction::kReinstate;
  if (name == "revoke") return StatusAction::kRevoke;
  if (name == "expire") return StatusAction::kExpire;
  return FieldFail("/action", "licence.action_unknown",
                   "action is suspend, reinstate, revoke or expire");
}

Result<LicenceStatus> NextStatus(LicenceStatus from, StatusAction action) {
  bool live = from == LicenceStatus::kValid || from == LicenceStatus::kSuspended;
  switch (action) {
    case StatusAction::kSuspend:
      if (from == LicenceStatus::kValid) return LicenceStatus::kSuspended;
      break;
    case StatusAction::kReinstate:
      if (from == LicenceStatus::kSuspended) return LicenceStatus::kValid;
      break;
    case StatusAction::kRevoke:
      if (live) return LicenceStatus::kRevoked;
      break;
    case StatusAction::kExpire:
      if (live) return LicenceStatus::kExpired;
      break;
  }
  return Fail(ErrorCode::kFailedPrecondition, "licence.status_transition",
              std::string("a ") + std::string(StatusName(from)) + " licence cannot " +
                  std::string(ActionName(action)));
}

Status ValidateStatusChange(std::string_view reason, std::string_view reference) {
  std::vector<FieldError> e;
  if (reason.empty() || Utf8Length(reason) > 500 || !IsLineSafe(reason)) {
    e.push_back({"/reason", "licence.reason", "a reason needs 1 to 500 characters"});
  }
  if (reference.empty() || Utf8Length(reference) > 100 || !IsLineSafe(reference)) {
    e.push_back({"/reference", "licence.reference",
                 "a reference (the decision's number) needs 1 to 100 characters"});
  }
  return Collected(std::move(e), "the status change has invalid fields");
}

}  // namespace zt::licence
