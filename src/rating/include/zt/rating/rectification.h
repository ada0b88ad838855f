// File: rectification.h
//
// The rectification case type (差评整改, STANDARDS.md §5.1–5.2): a bad rating opens a case
// that the rated department verifies (属实 / 不属实), rectifies when the rating was founded,
// replies to the citizen about, calls the citizen back (回访) on, and that ends when the
// citizen rates again (re-rating) or the department closes it after the call-back.
//
//   opened ─verify_real→ verified_real ─rectify→ rectified ─reply→ replied
//   opened ─verify_not_real→ verified_not_real ─reply→ replied
//   replied ─call_back→ called_back ─rerate (the applicant)→ rerated
//                                   └close (department)→ closed
//
// Who: department_admin and reviewer of the rated department (scope-checked by
// caseflow::Decide); the re-rating by the case's applicant only.
#pragma once

#include "zt/calendar/calendar.h"
#include "zt/caseflow/case_type.h"
#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/rating/rating.h"

namespace zt::rating {

// The case type, checked once by caseflow::ValidateCaseType.
const caseflow::CaseType& RectificationCaseType();

// The day by which the reply is due: `limit` working days after the day the case opened
// (the start day is not counted, STANDARDS.md §1). calendar.year_not_covered when the
// calendar has no data for a day it needs.
Result<Date> RectificationDue(const calendar::WorkingCalendar& calendar, Instant opened_at,
                              const RatingPolicy& policy);

// States in which the reply to the citizen has been given (整改反馈完成).
bool IsReplied(std::string_view state);
// States in which the call-back has been recorded.
bool IsCalledBack(std::string_view state);

}  // namespace zt::rating
