// Private to the service module: the revision steps shared by the catalogue's revisioned
// lists, the 权责清单's power items (power_list_service.cc) and life events
// (life_event_service.cc). Neither is changed in place: a change makes revision n+1, in force
// from its effective date, and the revision before ends the day before (docs/catalogue.md).
// `Record` is catalog::PowerItem or catalog::LifeEvent: both carry version, created_at,
// updated_at, revision, effective_from, effective_to and withdrawn.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "zt/core/error.h"
#include "zt/core/time.h"

namespace zt::service::revisions {

// Revision 1 of a new record, in force from today (CST).
template <typename Record>
void StartFirstRevision(Record& record, Instant now) {
  record.version = 1;
  record.created_at = now;
  record.updated_at = now;
  record.revision = 1;
  record.effective_from = CivilDateCst(now);
  record.effective_to.reset();
  record.withdrawn = false;
}

// The problem, if any, with `from` as the effective date of a revision of a record whose
// current revision took effect on `current_from`, made `today`: a revision takes effect today
// or later, and not before the one it replaces. Keys "<area>.effective_from_past" and
// "<area>.effective_from_before_current".
inline void CheckEffectiveFrom(std::string_view area, Date from, Date today, Date current_from,
                               std::vector<FieldError>& errors) {
  if (from < today) {
    errors.push_back({"/effective_from", std::string(area) + ".effective_from_past",
                      "a revision takes effect today or later"});
  } else if (from < current_from) {
    errors.push_back({"/effective_from", std::string(area) + ".effective_from_before_current",
                      "a revision takes effect on or after the revision it replaces"});
  }
}

// Revision current.revision + 1 with `content` (its identity already copied from `current`),
// in force from `from`, open-ended.
template <typename Record>
Record NextRevision(const Record& current, Record content, Instant now, Date from) {
  Record next = std::move(content);
  next.created_at = current.created_at;
  next.updated_at = now;
  next.version = current.version + 1;
  next.revision = current.revision + 1;
  next.effective_from = from;
  next.effective_to.reset();
  next.withdrawn = false;
  return next;
}

// `current` withdrawn, with `last_day` its last day in force.
template <typename Record>
Record WithdrawnRevision(const Record& current, Instant now, Date last_day) {
  Record next = current;
  next.version = current.version + 1;
  next.updated_at = now;
  next.withdrawn = true;
  next.effective_to = last_day;
  return next;
}

// The changed fields as an event detail: "name,steps".
inline std::string JoinedFieldNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

}  // namespace zt::service::revisions
