// Private to the api module: the route groups of areas that keep their handlers in their
// own file (<area>_routes.cc). Each adds its routes (and registers its message texts with
// http::RegisterMessages) when Api::Register runs; services are built from ApiDeps.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "zt/calendar/calendar.h"
#include "zt/core/time.h"
#include "zt/http/router.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::api {

struct ApiDeps {
  service::Store& store;
  service::Crypto& crypto;
  const Clock& clock;
  const calendar::WorkingCalendar& calendar;
};

// The audit trail's middleware (audit_trail.cc, AUD-01): a state-changing request by a
// logged-in actor that ended in an error without an audit record gets `request.refused`.
// Registered first, so it runs outermost. While `writes_allowed` (if set) answers false,
// state-changing requests get 503 audit.checkpoint_unavailable (AUD-04).
void UseAuditTrail(http::Router& router, const ApiDeps& deps, std::function<bool()> writes_allowed);

// The catalogue across levels (catalog_routes.cc): standards, implementations, drift.
void RegisterCatalogueRoutes(http::Router& router, const ApiDeps& deps);
// The 权责清单, life events, ranked public search and catalogue exports
// (catalogue_lists_routes.cc).
void RegisterCatalogueListRoutes(http::Router& router, const ApiDeps& deps);

// Ratings (好差评) and rectification (rating_routes.cc, docs/ratings.md).
void RegisterRatingRoutes(http::Router& router, const ApiDeps& deps);

// Indicators: registry, values, breakdowns, drill-down, exports, freezing
// (indicator_routes.cc, docs/indicators.md).
void RegisterIndicatorRoutes(http::Router& router, const ApiDeps& deps);

// The annual report drafted from the record (report_routes.cc, docs/annual-report.md).
void RegisterReportRoutes(http::Router& router, const ApiDeps& deps);

// The 12345 hotline's work orders (hotline_routes.cc) and its Open311 GeoReport v2 interface
// (open311_routes.cc), docs/hotline.md.
void RegisterHotlineRoutes(http::Router& router, const ApiDeps& deps);
void RegisterOpen311Routes(http::Router& router, const ApiDeps& deps);

// The case engine: deadline explanations, work queues (application_routes.cc,
// docs/case-engine.md).
void RegisterApplicationRoutes(http::Router& router, const ApiDeps& deps);

// Appointments (预约办): halls, windows, slots, bookings, check-in (appointment_routes.cc,
// docs/appointments.md).
void RegisterAppointmentRoutes(http::Router& router, const ApiDeps& deps);

// Electronic licences (licence_routes.cc, docs/licences.md).
void RegisterLicenceRoutes(http::Router& router, const ApiDeps& deps);

// Application materials (uploads, provenance, downloads) and notifications: the case's
// messages and the outbox (material_routes.cc, docs/materials.md). Blobs under
// <data_dir>/blobs; uploads up to max_upload_bytes.
void RegisterMaterialRoutes(http::Router& router, const ApiDeps& deps, const std::string& data_dir,
                            std::int64_t max_upload_bytes);

// Unmasking an applicant's ID and mobile numbers with a reason, audited
// (personal_data_routes.cc, docs/security.md).
void RegisterPersonalDataRoutes(http::Router& router, const ApiDeps& deps);

// Bulk exports of personal data with a second person's approval and a watermark
// (export_routes.cc, docs/exports.md).
void RegisterExportRoutes(http::Router& router, const ApiDeps& deps);

// Accounts (account_routes.cc, docs/security.md): the second-factor gate's messages, staff
// accounts granted within the grantor's scope (account_render.h serves api.cc's session
// handlers).
void RegisterAccountRoutes(http::Router& router, const ApiDeps& deps);

// SMS one-time codes for citizens' login (sms_routes.cc, AUTH-06, docs/security.md). Codes go
// to files under `outbox_dir` (the development adapter); empty: 503 sms.unavailable.
void RegisterSmsRoutes(http::Router& router, const ApiDeps& deps, const std::string& outbox_dir,
                       bool secure_cookies);

// Account administration: list, create, change, disable/enable, reset the second factor
// (account_admin_routes.cc, docs/security.md).
void RegisterAccountAdminRoutes(http::Router& router, const ApiDeps& deps);

// The audit administrator's search and CSV export of the audit trail (audit_routes.cc, AUD-06).
void RegisterAuditRoutes(http::Router& router, const ApiDeps& deps);

// Merkle inclusion and consistency proofs of the audit log for the audit administrator
// (audit_proof_routes.cc, AUD-05, docs/security.md).
void RegisterAuditProofRoutes(http::Router& router, const ApiDeps& deps);

}  // namespace zt::api
