// Materials of applications and the notifications sent about them (docs/materials.md):
// uploads as the raw request body (the type is read from the bytes), reuse of an earlier
// case's material, the case's list with provenance and trust grade, downloads with a safe
// file name, the case's messages, and the staff's view of the outbox (phones masked).
#include <boost/json.hpp>

#include "handler_support.h"
#include "routes.h"
#include "zt/core/phone.h"
#include "zt/http/json_body.h"
#include "zt/http/problem.h"
#include "zt/service/material_service.h"
#include "zt/service/notification_service.h"
#include "zt/store/file_blob_store.h"

namespace zt::api {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

void RegisterMaterialMessages() {
  struct Message {
    const char* key;
    const char* zh;
    const char* en;
  };
  static constexpr Message kMessages[] = {
      {"material.empty", "文件为空", "The file is empty"},
      {"material.too_large", "文件超过大小上限", "The file exceeds the size limit"},
      {"material.type_not_allowed",
       "只接受 PDF、JPEG、PNG、OFD、DOCX 和 XLSX 文件（按文件内容判断）",
       "Only PDF, JPEG, PNG, OFD, DOCX and XLSX files are accepted (judged by their content)"},
      {"material.archive_malformed", "压缩格式的文件已损坏或不受支持",
       "The zip-based file is damaged or not supported"},
      {"material.archive_entries", "压缩文件包含的条目过多", "The archive has too many entries"},
      {"material.archive_size", "压缩文件解压后过大", "The archive unpacks to too many bytes"},
      {"material.archive_ratio", "压缩文件的压缩比异常（疑似压缩炸弹）",
       "An entry is compressed beyond the allowed ratio (a zip bomb?)"},
      {"material.archive_path", "压缩文件中的条目路径不安全",
       "An entry name in the archive is unsafe (absolute or '..')"},
      {"material.name_unknown", "该事项没有这项材料", "The item lists no such material"},
      {"material.name_required", "请注明材料名称", "Name the material"},
      {"material.upload_not_allowed", "材料由申请人或窗口人员提交",
       "Materials are supplied by the applicant or a window clerk"},
      {"material.case_closed", "办件已结束，不能再提交材料",
       "The application is closed: no more materials"},
      {"material.not_found", "材料不存在", "No such material"},
      {"material.corrupt", "材料文件与其哈希值不符，已拒绝提供",
       "The stored file no longer matches its hash and is withheld"},
      {"blob.not_found", "材料文件缺失", "The material's file is missing"},
      {"outbox.not_allowed", "消息发件箱仅供部门工作人员和政务服务数据管理局查看",
       "The outbox is read by departmental staff and the bureau"},
  };
  for (const auto& m : kMessages) http::RegisterMessages(m.key, m.zh, m.en);
}

// RFC 6266/5987: an ASCII fallback plus the UTF-8 name, percent-encoded.
std::string ContentDisposition(const std::string& name) {
  std::string ascii, encoded;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char ch : name) {
    bool plain = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
                 ch == '.' || ch == '-' || ch == '_';
    // One '_' per character a plain-ASCII client cannot show (not per UTF-8 byte).
    if (plain) {
      ascii += static_cast<char>(ch);
    } else if ((ch & 0xC0) != 0x80) {
      ascii += '_';
    }
    if (plain) {
      encoded += static_cast<char>(ch);
    } else {
      encoded += '%';
      encoded += kHex[ch >> 4];
      encoded += kHex[ch & 15];
    }
  }
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

json::object RenderMaterial(const service::MaterialView& v) {
  const auto& m = v.record;
  json::object o{{"id", m.id},
                 {"case_id", m.case_id.value()},
                 {"material", m.material_name},
                 {"provenance", m.provenance},
                 {"source_ref", m.source_ref},
                 {"source_case", m.source_case},
                 {"file_name", m.file_name},
                 {"kind", m.kind},
                 {"content_type", m.content_type},
                 {"size", m.size},
                 {"hash_algorithm", m.hash_algorithm},
                 {"content_hash", m.content_hash},
                 {"trust_grade", m.trust_grade},
                 {"uploader_role", m.uploader_role},
                 {"uploaded_at", FormatInstant(m.uploaded_at)},
                 {"downloadable", v.downloadable}};
  if (v.downloadable) o["href"] = "/api/v1/materials/" + m.id + "/content";
  return o;
}

json::object RenderMessage(const service::OutboxMessage& m, bool mask) {
  return {{"id", m.id},
          {"case_id", m.case_id.value()},
          {"receipt_no", m.receipt_no},
          {"milestone", m.milestone},
          {"channel", m.channel},
          {"recipient", mask ? MaskPhone(m.recipient) : m.recipient},
          {"locale", m.locale},
          {"subject", m.subject},
          {"body", m.body},
          {"status", m.status},
          {"attempts", m.attempts},
          {"last_error", m.last_error},
          {"created_at", FormatInstant(m.created_at)},
          {"sent_at", m.sent_at ? json::value(FormatInstant(*m.sent_at)) : json::value(nullptr)}};
}

class MaterialRoutes {
 public:
  MaterialRoutes(const ApiDeps& deps, const std::string& data_dir, std::int64_t max_upload_bytes)
      : blobs_(store::BlobDirectoryOf(data_dir)),
        materials_(deps.store, deps.crypto, blobs_, deps.clock, Limits(max_upload_bytes)),
        notices_(deps.store, deps.clock, local_) {}

  Result<Response> Upload(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    service::UploadRequest upload;
    upload.material_name = QueryOr(req, "material");
    upload.file_name = QueryOr(req, "file_name");
    if (upload.material_name.empty() || upload.material_name.size() > 200) {
      return FieldFail("material", "material.name_required", "?material= names the material");
    }
    if (upload.file_name.size() > 1000) upload.file_name.resize(0);
    upload.bytes = req.body();
    ZT_ASSIGN_OR_RETURN(
        auto m, materials_.Upload(p->session.actor, CaseId(std::string(req.path_param("id"))),
                                  upload, ContextOf(req)));
    Response out = Response::Json(201, RenderMaterial({m, true}));
    out.SetHeader("Location", "/api/v1/materials/" + m.id + "/content");
    return out;
  }

  Result<Response> Reuse(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    std::string material = r.RequireString("material", 1, 200);
    std::string from = r.RequireString("from_material_id", 1, 64);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(
        auto m, materials_.Reuse(p->session.actor, CaseId(std::string(req.path_param("id"))),
                                 material, from, ContextOf(req)));
    return Response::Json(201, RenderMaterial({m, true}));
  }

  Result<Response> List(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto rows,
                        materials_.List(p->session.actor, CaseId(std::string(req.path_param("id"))),
                                        ContextOf(req)));
    json::array items;
    for (const auto& v : rows) items.push_back(RenderMaterial(v));
    return Response::Json(200, json::object{{"items", std::move(items)},
                                            {"max_upload_bytes", materials_.limits().max_bytes}});
  }

  Result<Response> Download(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(
        auto file,
        materials_.Download(p->session.actor, std::string(req.path_param("id")), ContextOf(req)));
    Response out(200, std::move(file.bytes), file.record.content_type);
    out.SetHeader("Content-Disposition", ContentDisposition(file.record.file_name));
    out.SetHeader("X-Content-Type-Options", "nosniff");
    out.SetHeader("Cache-Control", "private, no-store");
    out.SetHeader("Digest", "sm3=" + file.record.content_hash);
    return out;
  }

  Result<Response> CaseMessages(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    const auto& actor = p->session.actor;
    ZT_ASSIGN_OR_RETURN(auto rows, notices_.OfCase(actor, CaseId(std::string(req.path_param("id"))),
                                                   ContextOf(req)));
    // The applicant sees their own number; staff see it masked.
    bool mask = actor.role != accounts::Role::kCitizen;
    json::array items;
    for (const auto& m : rows) items.push_back(RenderMessage(m, mask));
    return Response::Json(200, json::object{{"items", std::move(items)}});
  }

  Result<Response> Outbox(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto paging, Paging(req));
    service::OutboxQuery q;
    q.status = QueryOr(req, "status");
    if (!q.status.empty() && q.status != "pending" && q.status != "sent" && q.status != "failed") {
      return FieldFail("status", "outbox.status_unknown", "status is pending, sent or failed");
    }
    q.offset = paging.first;
    q.limit = paging.second;
    std::int64_t total = 0;
    ZT_ASSIGN_OR_RETURN(auto rows, notices_.List(p->session.actor, q, &total));
    json::array items;
    for (const auto& m : rows) items.push_back(RenderMessage(m, /*mask=*/true));
    return Response::Json(200, json::object{{"items", std::move(items)}, {"total_size", total}});
  }

 private:
  static service::UploadLimits Limits(std::int64_t max_bytes) {
    service::UploadLimits limits;
    if (max_bytes > 0) limits.max_bytes = max_bytes;
    return limits;
  }

  store::FileBlobStore blobs_;
  service::LocalOutboxNotifier local_;  // lists only; delivery runs in the worker or the CLI
  service::MaterialService materials_;
  service::NotificationService notices_;
};

}  // namespace

void RegisterMaterialRoutes(http::Router& router, const ApiDeps& deps, const std::string& data_dir,
                            std::int64_t max_upload_bytes) {
  RegisterMaterialMessages();
  http::RegisterMessages("outbox.status_unknown", "状态应为 pending、sent 或 failed",
                         "status is pending, sent or failed");
  auto routes = std::make_shared<MaterialRoutes>(deps, data_dir, max_upload_bytes);
  auto bind = [routes](Result<Response> (MaterialRoutes::*method)(Request&)) {
    return [routes, method](Request& req) { return ((*routes).*method)(req); };
  };
  router.Post("/api/v1/applications/{id}/materials", bind(&MaterialRoutes::Upload));
  router.Get("/api/v1/applications/{id}/materials", bind(&MaterialRoutes::List));
  router.Post("/api/v1/applications/{id}/materials/reuse", bind(&MaterialRoutes::Reuse));
  router.Get("/api/v1/materials/{id}/content", bind(&MaterialRoutes::Download));
  router.Get("/api/v1/applications/{id}/notifications", bind(&MaterialRoutes::CaseMessages));
  router.Get("/api/v1/outbox", bind(&MaterialRoutes::Outbox));
}

}  // namespace zt::api
