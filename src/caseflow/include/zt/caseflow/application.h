// File: application.h
//
// The application case type (办件, STANDARDS.md §2.4) and the record of one application.
// The foundation slice: submitted → accepted | not_accepted; accepted → approved | denied;
// approved | denied → concluded; withdrawn from any open state by the applicant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "zt/caseflow/case_type.h"
#include "zt/core/ids.h"
#include "zt/core/time.h"

namespace zt::caseflow {

// The application case type, validated once.
const CaseType& ApplicationCaseType();

// Channels through which an application arrives.
inline constexpr const char* kChannels[] = {"online", "window", "kiosk", "mobile"};
bool IsKnownChannel(const std::string& channel);

struct ApplicationCase {
  CaseId id;
  std::string receipt_no;  // 受理/申报编号 given at submission, e.g. "440802-20261122-00001"
  ItemId item_id;
  std::string item_code;
  std::string item_name;
  DepartmentId department_id;
  std::string region_code;
  std::string state;
  std::int64_t version = 1;
  AccountId applicant_account;  // empty when a clerk files at the window for a walk-in
  std::string applicant_name;
  std::string applicant_id_number;
  std::string applicant_phone;
  std::string channel = "online";
  std::string form_json = "{}";  // what the applicant filled in, kept as given
  int statutory_limit_wd = 0;
  int promised_limit_wd = 0;
  Instant submitted_at{};
  std::optional<Instant> accepted_at;
  std::optional<Instant> decided_at;
  std::optional<Instant> concluded_at;
  std::optional<Date> promised_deadline;  // computed by the calendar at acceptance
  std::optional<Date> statutory_deadline;
  std::string outcome;    // "approved" | "denied" | "not_accepted" | "withdrawn"
  std::string last_note;  // the reason or note of the latest transition
  AccountId handler_id;   // the clerk who accepted
  AccountId reviewer_id;  // the reviewer who decided
};

CaseSnapshot SnapshotOf(const ApplicationCase& c);

}  // namespace zt::caseflow
