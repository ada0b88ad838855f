#include "zt/service/material_service.h"

#include <algorithm>
#include <cstring>

#include "zt/core/text.h"
#include "zt/service/audit.h"
#include "zt/service/catalog_service.h"
#include "zt/service/licence_store.h"

namespace zt::service {
namespace {

using caseflow::ApplicationCase;

auto BodyFail(std::string key, std::string detail) {
  return FieldFail("body", std::move(key), std::move(detail));
}

std::uint32_t Le16(std::string_view b, std::size_t at) {
  return static_cast<std::uint8_t>(b[at]) | (static_cast<std::uint8_t>(b[at + 1]) << 8);
}
std::uint32_t Le32(std::string_view b, std::size_t at) {
  return Le16(b, at) | (Le16(b, at + 2) << 16);
}

bool StartsWith(std::string_view bytes, std::string_view magic) {
  return bytes.size() >= magic.size() && bytes.substr(0, magic.size()) == magic;
}

// An entry name that could escape the directory it is unpacked into.
bool UnsafeEntryName(std::string_view name) {
  if (name.empty() || name.front() == '/') return true;
  if (name.find('\\') != std::string_view::npos) return true;
  if (name.find('\0') != std::string_view::npos) return true;
  if (name.size() >= 2 && name[1] == ':') return true;  // "C:..."
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t slash = name.find('/', start);
    std::string_view part = name.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part == "..") return true;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

// Reads the central directory of a zip (never inflating anything) and classifies it.
Result<DetectedType> InspectZip(std::string_view b, const UploadLimits& limits) {
  constexpr std::size_t kEocdSize = 22;
  if (b.size() < kEocdSize) return BodyFail("material.archive_malformed", "too short for a zip");
  // The end-of-central-directory record sits within the last 22 + 65535 (comment) bytes.
  std::size_t lowest = b.size() > kEocdSize + 65535 ? b.size() - kEocdSize - 65535 : 0;
  std::size_t eocd = std::string_view::npos;
  for (std::size_t at = b.size() - kEocdSize + 1; at-- > lowest;) {
    if (b.compare(at, 4, "PK\x05\x06") == 0) {
      eocd = at;
      break;
    }
  }
  if (eocd == std::string_view::npos) {
    return BodyFail("material.archive_malformed", "no end of central directory");
  }
  std::uint32_t disk_entries = Le16(b, eocd + 8);
  std::uint32_t entries = Le16(b, eocd + 10);
  std::uint32_t cd_size = Le32(b, eocd + 12);
  std::uint32_t cd_offset = Le32(b, eocd + 16);
  if (entries == 0xFFFF || cd_size == 0xFFFFFFFF || cd_offset == 0xFFFFFFFF) {
    return BodyFail("material.archive_malformed", "ZIP64 archives are not accepted");
  }
  if (disk_entries != entries || static_cast<std::uint64_t>(cd_offset) + cd_size > eocd) {
    return BodyFail("material.archive_malformed", "inconsistent central directory");
  }
  if (static_cast<int>(entries) > limits.max_zip_entries) {
    return BodyFail("material.archive_entries",
                    "the archive has " + std::to_string(entries) + " entries; at most " +
                        std::to_string(limits.max_zip_entries) + " are accepted");
  }
  std::int64_t total = 0;
  bool ofd = false, content_types = false, word = false, excel = false;
  std::size_t at = cd_offset;
  for (std::uint32_t i = 0; i < entries; ++i) {
    if (at + 46 > static_cast<std::size_t>(cd_offset) + cd_size ||
        b.compare(at, 4, "PK\x01\x02") != 0) {
      return BodyFail("material.archive_malformed", "a central directory entry is damaged");
    }
    std::uint32_t compressed = Le32(b, at + 20);
    std::uint32_t uncompressed = Le32(b, at + 24);
    std::uint32_t name_len = Le16(b, at + 28);
    std::uint32_t extra_len = Le16(b, at + 30);
    std::uint32_t comment_len = Le16(b, at + 32);
    std::uint32_t local_offset = Le32(b, at + 42);
    std::size_t next = at + 46 + name_len + extra_len + comment_len;
    if (next > static_cast<std::size_t>(cd_offset) + cd_size || local_offset >= cd_offset ||
        compressed == 0xFFFFFFFF || uncompressed == 0xFFFFFFFF) {
      return BodyFail("material.archive_malformed", "a central directory entry is damaged");
    }
    std::string_view name = b.substr(at + 46, name_len);
    if (UnsafeEntryName(name)) {
      return BodyFail("material.archive_path", "an entry name leaves the archive's directory");
    }
    total += uncompressed;
    if (total > limits.max_zip_uncompressed) {
      return BodyFail("material.archive_size", "the archive unpacks to more than " +
                                                   std::to_string(limits.max_zip_uncompressed) +
                                                   " bytes");
    }
    if (uncompressed > 0 && static_cast<std::int64_t>(uncompressed) >
                                static_cast<std::int64_t>(std::max<std::uint32_t>(compressed, 1)) *
                                    limits.max_zip_ratio) {
      return BodyFail("material.archive_ratio", "an entry is compressed more than " +
                                                    std::to_string(limits.max_zip_ratio) + " to 1");
    }
    if (name == "OFD.xml") ofd = true;
    if (name == "[Content_Types].xml") content_types = true;
    if (name == "word/document.xml") word = true;
    if (name == "xl/workbook.xml") excel = true;
    at = next;
  }
  if (ofd) return DetectedType{"ofd", "application/ofd", ".ofd"};
  if (content_types && word) {
    return DetectedType{
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"};
  }
  if (content_types && excel) {
    return DetectedType{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        ".xlsx"};
  }
  return BodyFail("material.type_not_allowed", "a zip archive that is not OFD, DOCX or XLSX");
}

bool IsOpen(const ApplicationCase& c) {
  return c.state == "submitted" || c.state == "correction_pending" || c.state == "accepted" ||
         c.state == "suspended";
}

auto CaseNotFound() {
  return Fail(ErrorCode::kNotFound, "application.not_found", "no such application");
}
auto MaterialNotFound() {
  return Fail(ErrorCode::kNotFound, "material.not_found", "no such material");
}

EventDraft MaterialEvent(Instant at, const MaterialRecord& m, const ApplicationCase& c,
                         const accounts::Actor& actor, const RequestContext& ctx) {
  EventDraft e = ActorEvent(
      at, m.provenance == "case" ? "application.material_reused" : "application.material_uploaded",
      "application", c.id.value(), actor, ctx);
  e.details = {
      {"receipt_no", c.receipt_no}, {"material_id", m.id}, {"material", m.material_name},
      {"provenance", m.provenance}, {"kind", m.kind},      {"size", std::to_string(m.size)},
      {"sm3", m.content_hash}};
  if (!m.source_ref.empty()) e.details.push_back({"source", m.source_ref});
  return e;
}

}  // namespace

Result<DetectedType> DetectContentType(std::string_view bytes, const UploadLimits& limits) {
  if (bytes.empty()) return BodyFail("material.empty", "the file is empty");
  if (static_cast<std::int64_t>(bytes.size()) > limits.max_bytes) {
    return BodyFail("material.too_large",
                    "the file exceeds " + std::to_string(limits.max_bytes) + " bytes");
  }
  if (StartsWith(bytes, "%PDF-")) return DetectedType{"pdf", "application/pdf", ".pdf"};
  if (StartsWith(bytes, "\xFF\xD8\xFF")) return DetectedType{"jpeg", "image/jpeg", ".jpg"};
  if (StartsWith(bytes, "\x89PNG\r\n\x1A\n")) return DetectedType{"png", "image/png", ".png"};
  if (StartsWith(bytes, std::string_view("PK\x03\x04", 4))) return InspectZip(bytes, limits);
  return BodyFail("material.type_not_allowed",
                  "only PDF, JPEG, PNG, OFD, DOCX and XLSX files are accepted");
}

std::string SafeFileName(std::string_view given, const DetectedType& type) {
  std::size_t slash = given.find_last_of("/\\");
  if (slash != std::string_view::npos) given.remove_prefix(slash + 1);
  std::string name;
  for (char ch : given) {
    unsigned char u = static_cast<unsigned char>(ch);
    if (u < 0x20 || u == 0x7F || ch == '"' || ch == ';' || ch == '\\') continue;
    name += ch;
  }
  if (!IsValidUtf8(name)) name.clear();
  // The stem without its extension, cut at a character boundary.
  std::size_t dot = name.rfind('.');
  if (dot != std::string::npos && dot > 0) name.resize(dot);
  while (!name.empty() && (name.front() == '.' || name.front() == ' ')) name.erase(0, 1);
  if (Utf8Length(name) > 100) {
    // Cut after the 100th character: count lead bytes, never split a sequence.
    std::size_t chars = 0, at = 0;
    for (; at < name.size(); ++at) {
      if ((static_cast<unsigned char>(name[at]) & 0xC0) != 0x80 && chars++ == 100) break;
    }
    name.resize(at);
  }
  if (name.empty()) name = "material";
  return name + type.extension;
}

bool CanReadCase(const accounts::Actor& actor, const ApplicationCase& c) {
  if (actor.role == accounts::Role::kCitizen) {
    return !c.applicant_account.empty() && c.applicant_account == actor.account_id;
  }
  if (!accounts::IsDepartmentalRole(actor.role) && actor.role != accounts::Role::kBureauManager) {
    return false;
  }
  return accounts::CanSeeDepartmentRecord(actor, c.region_code, c.department_id);
}

Result<MaterialRecord> MaterialService::Upload(const accounts::Actor& actor, const CaseId& case_id,
                                               const UploadRequest& request,
                                               const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(DetectedType type, DetectContentType(request.bytes, limits_));
  MaterialRecord m;
  m.provenance = "upload";
  m.material_name = request.material_name;
  m.kind = type.kind;
  m.content_type = type.content_type;
  m.file_name = SafeFileName(request.file_name, type);
  m.size = static_cast<std::int64_t>(request.bytes.size());
  m.hash_algorithm = "SM3";
  m.content_hash = crypto_.Digest(request.bytes);
  return Record(actor, case_id, std::move(m), request.bytes, ctx);
}

Result<MaterialRecord> MaterialService::Reuse(const accounts::Actor& actor, const CaseId& case_id,
                                              const std::string& material_name,
                                              const std::string& from_material_id,
                                              const RequestContext& ctx) {
  MaterialRecord m;
  {
    ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
    ZT_ASSIGN_OR_RETURN(auto target, tx->FindCase(case_id));
    if (!target || !CanReadCase(actor, *target)) {
      return AuditDenied(store_, clock_, actor, "application", case_id.value(), ctx, CaseNotFound(),
                         tx);
    }
    ZT_ASSIGN_OR_RETURN(auto earlier, tx->materials().FindMaterial(from_material_id));
    if (!earlier || earlier->case_id == case_id) return MaterialNotFound();
    ZT_ASSIGN_OR_RETURN(auto earlier_case, tx->FindCase(earlier->case_id));
    // Only the same applicant's earlier papers are reused (by ID number: a walk-in's case
    // has no account).
    if (!earlier_case || earlier_case->applicant_id_number != target->applicant_id_number) {
      return MaterialNotFound();
    }
    m = *earlier;
  }
  m.provenance = "case";
  m.source_ref = from_material_id;
  m.source_case = m.case_id.value();
  m.material_name = material_name;
  return Record(actor, case_id, std::move(m), {}, ctx);
}

Result<MaterialRecord> MaterialService::Record(const accounts::Actor& actor, const CaseId& case_id,
                                               MaterialRecord m, std::string_view bytes,
                                               const RequestContext& ctx) {
  if (actor.role != accounts::Role::kCitizen && actor.role != accounts::Role::kWindowClerk) {
    return AuditDenied(store_, clock_, actor, "application", case_id.value(), ctx,
                       Fail(ErrorCode::kPermissionDenied, "material.upload_not_allowed",
                            "materials are supplied by the applicant or a window clerk"));
  }
  Instant now = clock_.Now();
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto c, tx->FindCase(case_id));
  if (!c || !CanReadCase(actor, *c)) {
    return AuditDenied(store_, clock_, actor, "application", case_id.value(), ctx, CaseNotFound(),
                       tx);
  }
  if (!IsOpen(*c)) {
    return Fail(ErrorCode::kFailedPrecondition, "material.case_closed",
                "materials are supplied while the application is open (state " + c->state + ")");
  }
  ZT_ASSIGN_OR_RETURN(auto item, tx->FindItem(c->item_id));
  const catalog::Material* listed = nullptr;
  if (item) {
    for (const auto& x : item->materials) {
      if (x.name == m.material_name) listed = &x;
    }
  }
  if (listed == nullptr) {
    return FieldFail("/material", "material.name_unknown",
                     "the item lists no material with this name");
  }
  m.id = NewId(crypto_, "mat_");
  m.case_id = c->id;
  m.trust_grade = listed->trust_grade;
  m.uploaded_by = actor.account_id;
  m.uploader_role = std::string(accounts::RoleName(actor.role));
  m.uploaded_at = now;
  m.region_code = c->region_code;
  m.department_id = c->department_id;
  // The bytes are durable before the record that points at them commits; a failure after
  // this leaves at most an unreferenced blob (same address, same content), never a record
  // without its bytes.
  if (!bytes.empty()) ZT_RETURN_IF_ERROR(blobs_.Put(m.content_hash, bytes));
  ZT_RETURN_IF_ERROR(tx->materials().InsertMaterial(m));
  ZT_RETURN_IF_ERROR(tx->AppendEvent(MaterialEvent(now, m, *c, actor, ctx)));
  ZT_RETURN_IF_ERROR(tx->Commit());
  return m;
}

Result<std::vector<MaterialView>> MaterialService::List(const accounts::Actor& actor,
                                                        const CaseId& case_id,
                                                        const RequestContext& ctx) {
  ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  ZT_ASSIGN_OR_RETURN(auto c, tx->FindCase(case_id));
  if (!c || !CanReadCase(actor, *c)) {
    return AuditDenied(store_, clock_, actor, "application", case_id.value(), ctx, CaseNotFound(),
                       tx);
  }
  ZT_ASSIGN_OR_RETURN(auto rows, tx->materials().ListMaterialsOf(case_id));
  std::vector<MaterialView> out;
  for (auto& r : rows) out.push_back({std::move(r), true});
  // 免提交: a licence used instead of a material is that material's source.
  ZT_ASSIGN_OR_RETURN(auto uses, tx->licences().ListUsesByCase(case_id.value()));
  ZT_ASSIGN_OR_RETURN(auto item, tx->FindItem(c->item_id));
  for (const auto& use : uses) {
    MaterialRecord m;
    m.id = use.id;
    m.case_id = case_id;
    m.material_name = use.material_name;
    m.provenance = "licence";
    m.source_ref = use.licence_id;
    m.kind = "licence";
    m.hash_algorithm = "";
    m.uploaded_by = AccountId(use.agreed_by);
    m.uploaded_at = use.at;
    m.region_code = c->region_code;
    m.department_id = c->department_id;
    // A signed electronic licence is grade A unless the catalogue says otherwise.
    m.trust_grade = "A";
    if (item) {
      for (const auto& x : item->materials) {
        if (x.name == use.material_name && !x.trust_grade.empty()) m.trust_grade = x.trust_grade;
      }
    }
    out.push_back({std::move(m), false});
  }
  return out;
}

Result<MaterialFile> MaterialService::Download(const accounts::Actor& actor,
                                               std::string_view material_id,
                                               const RequestContext& ctx) {
  MaterialFile out;
  {
    ZT_ASSIGN_OR_RETURN(auto tx, store_.Begin());
    ZT_ASSIGN_OR_RETURN(auto m, tx->materials().FindMaterial(material_id));
    std::optional<ApplicationCase> c;
    if (m) {
      ZT_ASSIGN_OR_RETURN(c, tx->FindCase(m->case_id));
    }
    if (!m || !c || !CanReadCase(actor, *c)) {
      return AuditDenied(store_, clock_, actor, "material", material_id, ctx, MaterialNotFound(),
                         tx);
    }
    if (actor.role != accounts::Role::kCitizen) {
      // AUD-01: staff reading an applicant's file is a sensitive read, recorded.
      EventDraft read = MaterialEvent(clock_.Now(), *m, *c, actor, ctx);
      read.action = "application.material_read";
      read.details = {{"receipt_no", c->receipt_no}, {"material_id", m->id}};
      ZT_RETURN_IF_ERROR(tx->AppendEvent(read));
      ZT_RETURN_IF_ERROR(tx->Commit());
    }
    out.record = std::move(*m);
  }
  ZT_ASSIGN_OR_RETURN(out.bytes, blobs_.Get(out.record.content_hash));
  if (static_cast<std::int64_t>(out.bytes.size()) != out.record.size ||
      crypto_.Digest(out.bytes) != out.record.content_hash) {
    return Fail(ErrorCode::kInternal, "material.corrupt",
                "the stored bytes of this material no longer match their hash");
  }
  return out;
}

}  // namespace zt::service
