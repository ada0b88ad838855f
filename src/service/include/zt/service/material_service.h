// File: material_service.h
//
// Materials of an application (docs/materials.md): uploads checked by content, not by name
// or Content-Type (PDF, JPEG, PNG, and the zip-based OFD, DOCX and XLSX with a zip-bomb
// guard), hashed with SM3, kept content-addressed in a BlobStore outside the database, and
// recorded with their provenance (upload, an earlier case's material, an electronic licence
// used instead) and the trust grade of the catalogue's material.
//
//   MaterialService materials(store, crypto, blobs, clock);
//   auto m = materials.Upload(citizen, case_id, {"营业执照", "licence.pdf", bytes}, ctx);
//   auto file = materials.Download(clerk, m->id, ctx);   // bytes checked against the hash
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "zt/accounts/roles.h"
#include "zt/core/error.h"
#include "zt/core/time.h"
#include "zt/service/blob_store.h"
#include "zt/service/material_store.h"
#include "zt/service/ports.h"
#include "zt/service/store.h"

namespace zt::service {

struct UploadLimits {
  std::int64_t max_bytes = 10 * 1024 * 1024;  // one file
  // Zip-based files (OFD, DOCX, XLSX): read from the central directory, never inflated here.
  int max_zip_entries = 1000;
  std::int64_t max_zip_uncompressed = 100 * 1024 * 1024;  // sum of the entries' sizes
  std::int64_t max_zip_ratio = 100;                       // uncompressed / compressed, per entry
};

// What the bytes are, by their content.
struct DetectedType {
  std::string kind;          // "pdf" | "jpeg" | "png" | "ofd" | "docx" | "xlsx"
  std::string content_type;  // the media type served on download
  std::string extension;     // ".pdf", ...
};

// Decides the type from the bytes alone. Errors (kInvalidArgument, field "body"):
// "material.empty", "material.too_large", "material.type_not_allowed" (anything else, or a
// zip that is none of OFD/DOCX/XLSX), "material.archive_malformed" (no readable central
// directory, ZIP64, inconsistent counts), "material.archive_entries" (too many entries),
// "material.archive_size" (declared total too large), "material.archive_ratio" (an entry
// compressed beyond the ratio), "material.archive_path" (an absolute, "..", backslash or
// drive-letter entry name).
Result<DetectedType> DetectContentType(std::string_view bytes, const UploadLimits& limits);

// A file name safe for Content-Disposition and storage: the last path component, control
// characters and quotes removed, at most 100 characters, ending in the detected extension.
std::string SafeFileName(std::string_view given, const DetectedType& type);

struct UploadRequest {
  std::string material_name;  // one of the item's materials
  std::string file_name;      // as the client named it (only shown, never trusted)
  std::string bytes;
};

// A material as listed: stored rows and the licences used for the case (provenance
// "licence", from the licence area's uses).
struct MaterialView {
  MaterialRecord record;
  bool downloadable = false;  // uploads and reused materials have bytes; licences do not
};

struct MaterialFile {
  MaterialRecord record;
  std::string bytes;
};

class MaterialService {
 public:
  MaterialService(Store& store, Crypto& crypto, BlobStore& blobs, const Clock& clock,
                  UploadLimits limits = {})
      : store_(store), crypto_(crypto), blobs_(blobs), clock_(clock), limits_(limits) {}

  const UploadLimits& limits() const { return limits_; }

  // Stores an upload for an open case (submitted, 补正, accepted, suspended): the applicant
  // or a window clerk of the case's department. The blob is durable before the record is
  // committed with its event "application.material_uploaded". Errors: as DetectContentType;
  // kInvalidArgument "material.name_unknown" (/material: not one of the item's materials);
  // kNotFound "application.not_found" (absent or out of scope); kPermissionDenied
  // "material.upload_not_allowed" (another role); kFailedPrecondition "material.case_closed".
  Result<MaterialRecord> Upload(const accounts::Actor& actor, const CaseId& case_id,
                                const UploadRequest& request, const RequestContext& ctx);
  // Reuses a material of an earlier case of the same applicant (provenance "case"): the same
  // bytes, no new upload. kNotFound "material.not_found" when the earlier material is absent
  // or another applicant's; other errors as Upload.
  Result<MaterialRecord> Reuse(const accounts::Actor& actor, const CaseId& case_id,
                               const std::string& material_name,
                               const std::string& from_material_id, const RequestContext& ctx);
  // The case's materials, oldest first, then the licences used for it. kNotFound as Upload.
  Result<std::vector<MaterialView>> List(const accounts::Actor& actor, const CaseId& case_id,
                                         const RequestContext& ctx = {});
  // The bytes of a material, checked against its hash. kNotFound "material.not_found" when
  // absent or out of scope (the case's applicant, departmental staff of its department, the
  // region's bureau manager); kInternal "material.corrupt" when the stored bytes no longer
  // match their hash, kNotFound "blob.not_found" when they are gone.
  Result<MaterialFile> Download(const accounts::Actor& actor, std::string_view material_id,
                                const RequestContext& ctx = {});

 private:
  Result<MaterialRecord> Record(const accounts::Actor& actor, const CaseId& case_id,
                                MaterialRecord record, std::string_view bytes,
                                const RequestContext& ctx);

  Store& store_;
  Crypto& crypto_;
  BlobStore& blobs_;
  const Clock& clock_;
  UploadLimits limits_;
};

// Whether `actor` may read an application's records: its applicant, departmental staff of
// its department in scope, the bureau manager of its region (as ApplicationService).
bool CanReadCase(const accounts::Actor& actor, const caseflow::ApplicationCase& c);

}  // namespace zt::service
