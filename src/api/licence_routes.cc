// Electronic licences (电子证照, docs/licences.md): the type catalogue, keys, issuing, status,
// status lists, verification, once-only use in applications and the indicators.
//
// Licences of an application are issued after its conclusion commits, by a middleware around
// the transition route, in a transaction of their own: a signing failure must never undo a
// legally effective conclusion. `zhengtong licence issue-pending` recovers what a crash between
// the two leaves behind (IssueForCase is idempotent per case).
#include <boost/json.hpp>

#include "handler_support.h"
#include "routes.h"
#include "zt/api/licence_document.h"
#include "zt/core/credit_code.h"
#include "zt/core/csv.h"
#include "zt/core/id_number.h"
#include "zt/crypto/signer_openssl.h"
#include "zt/document/model.h"
#include "zt/document/qr.h"
#include "zt/document/render.h"
#include "zt/document/xlsx.h"
#include "zt/http/json_body.h"
#include "zt/http/problem.h"
#include "zt/service/licence_service.h"

namespace zt::api {
namespace {

namespace json = boost::json;
using http::Request;
using http::Response;

void RegisterLicenceMessages() {
  struct Message {
    const char* key;
    const char* zh;
    const char* en;
  };
  static constexpr Message kMessages[] = {
      {"licence_id.format", "证照标识格式不正确", "The licence identifier is malformed"},
      {"licence_id.check_character", "证照标识校验位错误",
       "The licence identifier's check character is wrong"},
      {"licence_id.type_mismatch", "证照标识与证照类型不符",
       "The identifier names another licence type"},
      {"licence_type.code", "证照类型代码应为 1 至 32 位数字或大写字母",
       "A type code needs 1 to 32 of 0-9A-Z"},
      {"licence_type.name", "证照类型名称应为 1 至 100 个字符",
       "A type name needs 1 to 100 characters"},
      {"licence_type.department", "证照类型须有定义部门", "A type needs its department"},
      {"licence_type.validity", "有效期年限应为 0（长期）至 100",
       "Validity is 0 (long-term) to 100 years"},
      {"licence_type.historical_declared", "存量证照数不能为负数",
       "The declared historical count cannot be negative"},
      {"licence_type.fields", "照面项最多 50 个", "A type has at most 50 fields"},
      {"licence_type.field_name", "照面项名称应为小写字母、数字或下划线",
       "A field name needs a-z, 0-9 and _"},
      {"licence_type.field_duplicate", "照面项名称重复", "Field names must differ"},
      {"licence_type.field_label", "照面项标签应为 1 至 50 个字符",
       "A label needs 1 to 50 characters"},
      {"licence_type.field_length", "照面项长度上限应为 1 至 2000", "max_length is 1 to 2000"},
      {"licence_type.field_kind", "照面项类型应为 text、date 或 number",
       "A field kind is text, date or number"},
      {"licence_type.holder_kind", "持证主体类型应为个人或组织",
       "The holder kind is person or organisation"},
      {"licence_type.item_code", "事项编码应为 1 至 64 个字符",
       "An item code needs 1 to 64 characters"},
      {"licence_type.code_taken", "该证照类型代码已存在", "A licence type with this code exists"},
      {"licence_type.not_found", "证照类型不存在", "No such licence type"},
      {"licence_type.not_allowed", "只有部门管理员可以维护本部门的证照目录",
       "Department administrators keep their department's licence types"},
      {"licence_type.not_opened", "该证照类型尚未开通签发", "This licence type is not opened"},
      {"licence_type.department_missing", "证照类型的定义部门不存在",
       "The type's department does not exist"},
      {"licence.not_found", "证照不存在", "No such licence"},
      {"licence.issue_not_allowed", "只有窗口人员和部门管理员可以签发证照",
       "Window clerks and department administrators issue licences"},
      {"licence.issue_out_of_scope", "该证照类型由其他部门签发",
       "This licence type is issued by another department"},
      {"licence.issuer_code", "签发部门缺少可用的统一社会信用代码",
       "The issuing department has no usable credit code"},
      {"licence.type_mismatch", "证照内容与证照类型不符", "The content names another type"},
      {"licence.type_name", "证照类型名称不正确", "The type name is invalid"},
      {"licence.number", "证照编号应为 1 至 64 个字符",
       "A licence number needs 1 to 64 characters"},
      {"licence.holder_name", "持证主体名称应为 1 至 100 个字符",
       "A holder name needs 1 to 100 characters"},
      {"licence.holder_kind", "持证主体类型与证照类型不符", "This type is held by another kind"},
      {"licence.holder_id", "持证主体代码不正确（身份证号或统一社会信用代码）",
       "The holder's ID number or credit code is not valid"},
      {"licence.issuer_name", "颁发机构名称不正确", "The issuer needs a name"},
      {"licence.issuer_code", "颁发机构代码不正确", "The issuer code is invalid"},
      {"licence.region_code", "管辖属地代码不正确", "A region code is 6 to 12 digits"},
      {"licence.valid_from", "有效期起始日期不合理", "The validity start is implausible"},
      {"licence.validity_order", "有效期截止日期早于起始日期", "Validity ends before it starts"},
      {"licence.field_unknown", "该证照类型没有此照面项", "No such field"},
      {"licence.field_required", "缺少必填照面项：{detail}", "{detail}"},
      {"licence.field_length", "照面项过长：{detail}", "{detail}"},
      {"licence.field_date", "照面项应为日期（YYYY-MM-DD）：{detail}", "{detail}"},
      {"licence.field_number", "照面项应为数字：{detail}", "{detail}"},
      {"licence.field_control", "照面项不能包含换行或控制字符",
       "No line breaks or control characters"},
      {"licence.issue_date", "颁发日期应为 YYYY-MM-DD", "issue_date is YYYY-MM-DD"},
      {"licence.valid_until", "有效期截止日期应为 YYYY-MM-DD", "valid_until is YYYY-MM-DD"},
      {"licence.status_transition", "当前状态不允许该操作：{detail}", "{detail}"},
      {"licence.status_unknown", "证照状态应为有效、暂扣、吊销或过期",
       "The status is valid, suspended, revoked or expired"},
      {"licence.action_unknown", "操作应为暂扣、恢复、吊销或过期",
       "The action is suspend, reinstate, revoke or expire"},
      {"licence.reason", "请填写原因（1 至 500 字）", "A reason needs 1 to 500 characters"},
      {"licence.reference", "请填写依据文号（1 至 100 字）",
       "A reference (the decision's number) needs 1 to 100 characters"},
      {"licence.status_not_allowed", "只有签发部门的管理员和审批人员可以变更证照状态",
       "Department administrators and reviewers change a licence's status"},
      {"licence.list_not_allowed", "持证人和签发部门可以查看证照列表",
       "Holders and the issuing departments list licences"},
      {"licence.status_list_unknown", "状态列表不存在（revocation 或 suspension）",
       "Status lists: revocation, suspension"},
      {"licence.import_not_allowed", "只有部门管理员可以导入存量证照",
       "Department administrators enter their historical licences"},
      {"licence.algorithm", "签名算法应为 SM2-SM3 或 Ed25519",
       "The algorithm is SM2-SM3 or Ed25519"},
      {"licence.signing_unavailable", "未配置证照签名密钥加密密钥（ZT_LICENCE_KEK），无法签发",
       "No licence key-encryption key is configured (ZT_LICENCE_KEK)"},
      {"licence.key_unsealable", "签名私钥无法用当前密钥加密密钥解开",
       "The signing key cannot be opened with the configured key-encryption key"},
      {"licence_key.not_allowed", "只有安全管理员可以轮换签名密钥",
       "Security administrators rotate signing keys"},
      {"licence_key.not_found", "签名密钥不存在", "No such signing key"},
      {"licence_document.format", "证照文件格式不正确（应为 zt-licence-v1）",
       "The licence document's format must be zt-licence-v1"},
      {"licence_use.applicant_only", "只有申请人本人可以同意使用其证照",
       "The applicant agrees to the use of their own licence"},
      {"licence_use.case_closed", "办件已作出决定，不能再使用证照",
       "The application is already decided"},
      {"licence_use.material_unknown", "该事项没有此材料", "The item has no such material"},
      {"licence_use.material_not_replaceable", "该材料不能以电子证照替代",
       "This material cannot be replaced by a licence"},
      {"licence_use.not_holder", "只能使用本人持有的证照",
       "Only the holder's own licence can be used"},
      {"licence_use.type_mismatch", "该材料需要其他类型的证照",
       "The material needs a licence of another type"},
      {"licence_use.licence_not_valid", "证照核验未通过：{detail}", "{detail}"},
      {"licence_use.exists", "该材料已使用证照", "A licence is already used for this material"},
      {"licence_use.holder_only", "持证人可以查看其证照的使用记录",
       "Holders see the uses of their licences"},
      {"stats.period", "统计期间不正确", "The period ends before it starts"},
      {"representative.credit_code", "组织的统一社会信用代码不正确",
       "The organisation's credit code is not valid"},
      {"representative.id_number", "代表人的身份证号不正确", "The person's ID number is not valid"},
      {"representative.organisation_name", "组织名称应为 1 至 100 个字符",
       "An organisation name needs 1 to 100 characters"},
      {"representative.person_name", "姓名应为 1 至 50 个字符", "A name needs 1 to 50 characters"},
      {"representative.capacity", "身份应为法定代表人或授权经办人",
       "The capacity is legal_representative or agent"},
      {"representative.evidence", "请填写核验的证明材料（1 至 200 字）",
       "Name the evidence checked (1 to 200 characters)"},
      {"representative.valid_until", "授权截止日期已过", "The last valid day has passed"},
      {"representative.exists", "此人已是该组织的代表人",
       "This person already acts for this organisation"},
      {"representative.not_allowed", "只有窗口人员和部门管理员可以登记组织代表人",
       "Window clerks and department administrators record representatives"},
      {"representative.not_found", "代表人登记不存在", "No such representative"},
      {"representative.ended", "该代表关系已终止", "The link has ended"},
      {"representative.end_reason", "请填写终止原因（1 至 500 字）",
       "A reason needs 1 to 500 characters"},
      {"representative.list_not_allowed", "无权查看组织代表人",
       "Citizens and staff list representatives"},
      {"licence_import.content_type", "请以 CSV（text/csv）或 XLSX 文件上传",
       "Send the file as CSV (text/csv) or XLSX"},
      {"licence_import.empty", "文件没有表头行", "The file has no header row"},
  };
  for (const auto& m : kMessages) http::RegisterMessages(m.key, m.zh, m.en);
}

std::string BaseUrl(const Request& req) {
  std::string scheme = std::string(req.header("X-Forwarded-Proto").value_or("http"));
  if (scheme != "https") scheme = "http";
  return scheme + "://" + std::string(req.header("Host").value_or("localhost"));
}

// The public verification page for one identifier: what a licence's QR code carries.
std::string VerifyUrl(const Request& req, std::string_view id) {
  return BaseUrl(req) + "/#/licences/verify?id=" + std::string(id);
}

std::string StatusZh(licence::LicenceStatus s) {
  switch (s) {
    case licence::LicenceStatus::kValid:
      return "有效";
    case licence::LicenceStatus::kSuspended:
      return "暂扣";
    case licence::LicenceStatus::kRevoked:
      return "吊销";
    case licence::LicenceStatus::kExpired:
      return "过期";
  }
  return std::string(licence::StatusName(s));
}

// The printable licence (docs/licences.md "Printable PDF"): the face as a ruled table, face
// fields under their type's labels, and a QR
// code with the verification address. The status printed is the one at download time; the QR
// code leads to the current one.
document::Document LicencePdf(const service::LicenceView& view,
                              const std::vector<licence::LicenceType>& types,
                              const std::string& verify_url) {
  const auto& c = view.record.content;
  document::Document doc;
  doc.title = c.type_name;
  doc.metadata = {
      .author = c.issuer_name, .subject = "电子证照", .created = c.issue_date.ToString()};
  doc.footer = c.issuer_name + "  证照编号 " + c.number;
  document::KeyValueTable face;
  face.rows = {{"证照名称", c.type_name},
               {"证照编号", c.number},
               {"持证主体", c.holder_name},
               {c.holder_kind == licence::HolderKind::kPerson ? "身份证号" : "统一社会信用代码",
                c.holder_id}};
  // Face fields in the type's order, then any the type no longer lists (under their names).
  std::map<std::string, std::string> rest = c.fields;
  for (const auto& t : types) {
    if (t.code != c.type_code) continue;
    for (const auto& f : t.fields) {
      auto it = rest.find(f.name);
      if (it == rest.end()) continue;
      face.rows.push_back({f.label, it->second});
      rest.erase(it);
    }
  }
  for (const auto& [name, value] : rest) face.rows.push_back({name, value});
  face.rows.push_back({"颁发机构", c.issuer_name});
  face.rows.push_back({"颁发机构代码", c.issuer_code});
  face.rows.push_back({"颁发日期", c.issue_date.ToString()});
  face.rows.push_back({"有效期", c.valid_from.ToString() + " 至 " +
                                     (c.valid_until ? c.valid_until->ToString() : "长期")});
  face.rows.push_back({"证照状态", StatusZh(view.record.status)});
  face.rows.push_back({"证照标识", c.id});
  doc.blocks.push_back(std::move(face));
  doc.blocks.push_back(document::Spacer{});
  doc.blocks.push_back(document::QrCode{verify_url, 35, "扫码核验证照（证照标识 " + c.id + "）"});
  doc.blocks.push_back(document::Paragraph::Of(
      "本证照由" + c.issuer_name + "以电子签名签发（" + view.record.algorithm + "，密钥 " +
      view.record.key_id + "），可下载电子证照文件在核验页面或以 openssl 离线核验。"));
  doc.blocks.push_back(document::Paragraph::Of(c.issuer_name, document::Align::kRight));
  return doc;
}

json::object TypeJson(const licence::LicenceType& t) {
  json::array fields;
  for (const auto& f : t.fields) {
    fields.push_back(json::object{{"name", f.name},
                                  {"label", f.label},
                                  {"kind", licence::FieldKindName(f.kind)},
                                  {"required", f.required},
                                  {"max_length", f.max_length}});
  }
  json::array items;
  for (const auto& c : t.item_codes) items.emplace_back(c);
  return json::object{{"code", t.code},
                      {"name", t.name},
                      {"department_id", t.department_id},
                      {"holder_kind", licence::HolderKindName(t.holder_kind)},
                      {"fields", std::move(fields)},
                      {"validity_years", t.validity_years},
                      {"opened", t.opened},
                      {"historical_declared", t.historical_declared},
                      {"item_codes", std::move(items)},
                      {"version", t.version}};
}

// Personal data (docs/security.md): a person's ID number shows in full to that person only;
// anyone else sees it masked, without the signed bytes (which hold it in full).
service::LicenceRecord MaskedFor(const accounts::Actor& viewer, service::LicenceRecord r) {
  auto& c = r.content;
  bool holder = viewer.role == accounts::Role::kCitizen && viewer.id_number == c.holder_id;
  if (c.holder_kind == licence::HolderKind::kPerson && !holder) {
    c.holder_id = MaskIdNumber(c.holder_id);
  }
  return r;
}

service::LicenceView MaskedFor(const accounts::Actor& viewer, service::LicenceView v) {
  std::string full = v.record.content.holder_id;
  v.record = MaskedFor(viewer, std::move(v.record));
  if (v.record.content.holder_id != full) {
    v.document.content.holder_id = v.record.content.holder_id;
    v.document.signed_content.reset();
  }
  return v;
}

service::LicenceUseView MaskedFor(const accounts::Actor& viewer, service::LicenceUseView v) {
  if (v.licence) v.licence = MaskedFor(viewer, std::move(*v.licence));
  return v;
}

json::object RecordJson(const service::LicenceRecord& r) {
  const auto& c = r.content;
  json::object fields;
  for (const auto& [k, v] : c.fields) fields[k] = v;
  return json::object{
      {"id", c.id},
      {"type_code", c.type_code},
      {"type_name", c.type_name},
      {"number", c.number},
      {"holder_kind", licence::HolderKindName(c.holder_kind)},
      {"holder_name", c.holder_name},
      {"holder_id", c.holder_id},
      {"issuer_name", c.issuer_name},
      {"issuer_code", c.issuer_code},
      {"region_code", c.region_code},
      {"issue_date", c.issue_date.ToString()},
      {"valid_from", c.valid_from.ToString()},
      {"valid_until", c.valid_until ? json::value(c.valid_until->ToString()) : json::value()},
      {"issued_at", FormatInstant(c.issued_at)},
      {"fields", std::move(fields)},
      {"department_id", r.department_id},
      {"status", licence::StatusName(r.status)},
      {"status_index", r.status_index},
      {"key_id", r.key_id},
      {"algorithm", r.algorithm},
      {"content_digest", r.content_digest},
      {"source", r.source},
      {"case_id", r.case_id},
      {"version", r.version},
  };
}

json::object ViewJson(const service::LicenceView& v) {
  json::array changes;
  for (const auto& c : v.changes) {
    changes.push_back(json::object{{"action", c.action},
                                   {"from", c.from_status},
                                   {"to", c.to_status},
                                   {"reason", c.reason},
                                   {"reference", c.reference},
                                   {"at", FormatInstant(c.at)}});
  }
  json::object out = RecordJson(v.record);
  out["changes"] = std::move(changes);
  out["document"] = LicenceDocumentJson(v.document, licence::StatusName(v.record.status));
  return out;
}

json::object UseJson(const service::LicenceUse& u) {
  return json::object{{"id", u.id},
                      {"licence_id", u.licence_id},
                      {"case_id", u.case_id},
                      {"receipt_no", u.receipt_no},
                      {"material_name", u.material_name},
                      {"type_code", u.type_code},
                      {"department_id", u.department_id},
                      {"at", FormatInstant(u.at)}};
}

json::object UseViewJson(const service::LicenceUseView& v) {
  json::object out = UseJson(v.use);
  json::array reasons;
  for (const auto& r : v.verdict.reasons) reasons.emplace_back(r);
  out["verified"] = v.verdict.valid;
  out["reasons"] = std::move(reasons);
  if (v.licence) {
    out["licence"] = RecordJson(v.licence->record);
  }
  return out;
}

json::array IndicatorsJson(const std::vector<Indicator>& indicators) {
  json::array out;
  for (const auto& i : indicators) {
    out.push_back(json::object{{"key", i.key},
                               {"name_zh", i.name_zh},
                               {"value", i.value ? json::value(*i.value) : json::value()},
                               {"numerator", i.numerator},
                               {"denominator", i.denominator},
                               {"formula", i.formula}});
  }
  return out;
}

// Reads a licence type from a request body (create: with code; update: code from the path).
licence::LicenceType ReadType(http::JsonObjectReader& r, bool with_code) {
  licence::LicenceType t;
  if (with_code) t.code = r.RequireString("code", 1, 32);
  t.name = r.RequireString("name", 1, 100);
  if (with_code) {
    auto kind = licence::ParseHolderKind(r.RequireString("holder_kind", 1, 20));
    if (kind) {
      t.holder_kind = *kind;
    } else {
      r.AddFieldError("holder_kind", "licence_type.holder_kind", "person or organisation");
    }
  }
  t.validity_years = static_cast<int>(r.OptionalInt("validity_years", 0, 100).value_or(0));
  t.opened = r.OptionalBool("opened").value_or(false);
  t.historical_declared = r.OptionalInt("historical_declared", 0).value_or(0);
  if (auto items = r.OptionalArray("item_codes", 0, 100)) {
    for (std::size_t i = 0; i < items->size(); ++i)
      t.item_codes.push_back(items->StringAt(i, 1, 64));
  }
  auto fields = r.RequireArray("fields", 0, 50);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    auto f = fields.ObjectAt(i);
    licence::FieldSpec spec;
    spec.name = f.RequireString("name", 1, 32);
    spec.label = f.RequireString("label", 1, 50);
    std::string kind = f.OptionalString("kind", 1, 10).value_or("text");
    if (auto k = licence::ParseFieldKind(kind)) {
      spec.kind = *k;
    } else {
      f.AddFieldError("kind", "licence_type.field_kind", "text, date or number");
    }
    spec.required = f.OptionalBool("required").value_or(true);
    spec.max_length = static_cast<int>(f.OptionalInt("max_length", 1, 2000).value_or(200));
    t.fields.push_back(std::move(spec));
  }
  return t;
}

std::map<std::string, std::string> FormFields(std::string_view form_json) {
  std::map<std::string, std::string> out;
  boost::system::error_code ec;
  json::value v = json::parse(form_json, ec);
  if (ec || !v.is_object()) return out;
  for (const auto& [k, val] : v.as_object()) {
    if (val.is_string()) {
      out[std::string(k)] = std::string(val.as_string());
    } else if (val.is_int64() || val.is_uint64() || val.is_double()) {
      out[std::string(k)] = json::serialize(val);
    }
  }
  return out;
}

json::object RepresentativeJson(const accounts::Actor& viewer,
                                const service::OrganisationRepresentative& r) {
  // The person's ID number in full to that person only (docs/security.md).
  bool self = viewer.role == accounts::Role::kCitizen && viewer.id_number == r.id_number;
  return json::object{
      {"id", r.id},
      {"credit_code", r.credit_code},
      {"organisation_name", r.organisation_name},
      {"id_number", self ? r.id_number : MaskIdNumber(r.id_number)},
      {"person_name", r.person_name},
      {"capacity", r.capacity},
      {"evidence", r.evidence},
      {"valid_until", r.valid_until ? json::value(r.valid_until->ToString()) : json::value()},
      {"department_id", r.department_id},
      {"recorded_at", FormatInstant(r.recorded_at)},
      {"ended_at", r.ended_at ? json::value(FormatInstant(*r.ended_at)) : json::value()},
      {"end_reason", r.end_reason},
      {"version", r.version},
  };
}

json::object ImportReportJson(const std::vector<service::ImportRowResult>& report,
                              const Request& req) {
  json::array rows;
  std::int64_t entered = 0;
  for (const auto& r : report) {
    json::array errors;
    for (const auto& e : r.errors) {
      errors.push_back(json::object{
          {"pointer", e.pointer},
          {"key", e.key},
          {"message", http::LocalizeMessage(e.key, req.locale(), e.detail).value_or(e.detail)}});
    }
    if (r.errors.empty()) ++entered;
    rows.push_back(
        json::object{{"row", r.row}, {"licence_id", r.licence_id}, {"errors", std::move(errors)}});
  }
  return json::object{{"rows", static_cast<std::int64_t>(report.size())},
                      {"entered", entered},
                      {"rejected", static_cast<std::int64_t>(report.size()) - entered},
                      {"report", std::move(rows)}};
}

class LicenceRoutes {
 public:
  LicenceRoutes(const ApiDeps& deps, std::unique_ptr<service::Signer> signer)
      : crypto_(deps.crypto),
        signer_(std::move(signer)),
        licences_(deps.store, deps.crypto, *signer_, deps.clock, FormFields) {}

  service::LicenceService& service() { return licences_; }

  Result<Response> ListTypes(Request&) {
    ZT_ASSIGN_OR_RETURN(auto types, licences_.ListTypes());
    json::array items;
    for (const auto& t : types) items.push_back(TypeJson(t));
    return Response::Json(200, json::object{{"items", std::move(items)}});
  }

  Result<Response> CreateType(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    licence::LicenceType t = ReadType(r, true);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto created, licences_.CreateType(p->session.actor, t, ContextOf(req)));
    return JsonWithETag(201, TypeJson(created), created.version);
  }

  Result<Response> UpdateType(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    http::JsonObjectReader r(req.body());
    licence::LicenceType t = ReadType(r, false);
    ZT_RETURN_IF_ERROR(r.Finish());
    t.code = std::string(req.path_param("code"));
    ZT_ASSIGN_OR_RETURN(auto updated,
                        licences_.UpdateType(p->session.actor, t, version, ContextOf(req)));
    return JsonWithETag(200, TypeJson(updated), updated.version);
  }

  Result<Response> ListKeys(Request&) {
    ZT_ASSIGN_OR_RETURN(auto keys, licences_.PublishedKeys());
    json::array items;
    for (const auto& k : keys) items.push_back(PublishedKeyJson(k));
    return Response::Json(200, json::object{{"keys", std::move(items)}});
  }

  Result<Response> GetKey(Request& req) {
    ZT_ASSIGN_OR_RETURN(auto keys, licences_.PublishedKeys());
    for (const auto& k : keys) {
      if (k.key_id != req.path_param("key_id")) continue;
      // ?format=pem gives the PEM file the openssl commands of docs/licences.md read.
      if (QueryOr(req, "format") == "pem") {
        return Response::Text(200, k.public_key_pem, "application/x-pem-file");
      }
      return Response::Json(200, PublishedKeyJson(k));
    }
    return Fail(ErrorCode::kNotFound, "licence_key.not_found", "no such signing key");
  }

  Result<Response> RotateKey(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    std::string algorithm = r.RequireString("algorithm", 1, 20);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto key, licences_.RotateKey(p->session.actor, algorithm, ContextOf(req)));
    return Response::Json(201, PublishedKeyJson(key));
  }

  Result<Response> Issue(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    service::IssueRequest in;
    in.type_code = r.RequireString("type_code", 1, 32);
    in.number = r.OptionalString("number", 0, 64).value_or("");
    in.holder_name = r.RequireString("holder_name", 1, 100);
    in.holder_id = r.RequireString("holder_id", 1, 18);
    auto date = [&](std::string_view name) -> std::optional<Date> {
      auto text = r.OptionalString(name, 0, 10);
      if (!text || text->empty()) return std::nullopt;
      auto d = ParseDate(*text);
      if (!d) {
        r.AddFieldError(name, "date.format", "YYYY-MM-DD");
        return std::nullopt;
      }
      return *d;
    };
    in.issue_date = date("issue_date");
    in.valid_from = date("valid_from");
    in.valid_until = date("valid_until");
    if (const json::value* fields = r.RawValue("fields")) {
      if (!fields->is_object()) {
        r.AddFieldError("fields", "json.type", "fields is an object of strings");
      } else {
        for (const auto& [k, v] : fields->as_object()) {
          if (v.is_string()) {
            in.fields[std::string(k)] = std::string(v.as_string());
          } else {
            r.AddFieldError("fields", "json.type", "fields is an object of strings");
          }
        }
      }
    }
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto view, licences_.Issue(p->session.actor, in, ContextOf(req)));
    return JsonWithETag(201, ViewJson(MaskedFor(p->session.actor, view)), view.record.version);
  }

  Result<Response> List(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto paging, Paging(req));
    service::LicenceQuery q;
    q.type_code = QueryOr(req, "type_code");
    q.status = QueryOr(req, "status");
    // A citizen's wallet asks for an organisation's licences by its credit code.
    q.holder_id = QueryOr(req, "holder");
    if (auto code = CreditCode::Parse(q.holder_id)) q.holder_id = code->value();
    q.offset = paging.first;
    q.limit = paging.second;
    ZT_ASSIGN_OR_RETURN(auto page, licences_.List(p->session.actor, q));
    json::array items;
    for (const auto& r : page.items) items.push_back(RecordJson(MaskedFor(p->session.actor, r)));
    return Response::Json(200, json::object{{"items", std::move(items)}, {"total", page.total}});
  }

  Result<Response> Get(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto view,
                        licences_.Get(p->session.actor, req.path_param("id"), ContextOf(req)));
    return JsonWithETag(200, ViewJson(MaskedFor(p->session.actor, view)), view.record.version);
  }

  Result<Response> Document(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto full,
                        licences_.Get(p->session.actor, req.path_param("id"), ContextOf(req)));
    service::LicenceView view = MaskedFor(p->session.actor, std::move(full));
    return Response(200,
                    RenderLicenceDocument(view.document, licence::StatusName(view.record.status)),
                    "application/json")
        .SetHeader("Content-Disposition", "attachment; filename=\"licence.json\"");
  }

  Result<Response> Credential(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto full,
                        licences_.Get(p->session.actor, req.path_param("id"), ContextOf(req)));
    service::LicenceView view = MaskedFor(p->session.actor, std::move(full));
    return Response(200, json::serialize(LicenceCredentialJson(view.record, BaseUrl(req))),
                    "application/vc+ld+json");
  }

  Result<Response> Pdf(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto full,
                        licences_.Get(p->session.actor, req.path_param("id"), ContextOf(req)));
    service::LicenceView view = MaskedFor(p->session.actor, std::move(full));
    ZT_ASSIGN_OR_RETURN(auto types, licences_.ListTypes());
    ZT_ASSIGN_OR_RETURN(std::string pdf, document::RenderPdf(LicencePdf(
                                             view, types, VerifyUrl(req, view.record.content.id))));
    return Response(200, std::move(pdf), document::kPdfContentType)
        .SetHeader("Content-Disposition", "attachment; filename=\"licence.pdf\"");
  }

  // The QR code of the PDF for the wallet page: same payload, scoped the same way.
  Result<Response> Qr(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto view,
                        licences_.Get(p->session.actor, req.path_param("id"), ContextOf(req)));
    ZT_ASSIGN_OR_RETURN(std::string svg,
                        document::QrSvg(VerifyUrl(req, view.record.content.id), 6));
    return Response(200, std::move(svg), "image/svg+xml");
  }

  Result<Response> ChangeStatus(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    http::JsonObjectReader r(req.body());
    std::string action_name = r.RequireString("action", 1, 20);
    std::string reason = r.RequireString("reason", 0, 500);
    std::string reference = r.RequireString("reference", 0, 100);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto action, licence::ParseAction(action_name));
    ZT_ASSIGN_OR_RETURN(
        auto view, licences_.ChangeStatus(p->session.actor, req.path_param("id"), action, reason,
                                          reference, version, ContextOf(req)));
    return JsonWithETag(200, ViewJson(MaskedFor(p->session.actor, view)), view.record.version);
  }

  // A status list is signed and dated, so verifiers and proxies may keep it a few minutes
  // (kStatusListMaxAge). Each answer carries a fresh validFrom and signature; the weak ETag
  // names the bits, so a cache revalidating with If-None-Match gets 304 while they stand.
  Result<Response> StatusList(Request& req) {
    ZT_ASSIGN_OR_RETURN(auto list, licences_.StatusList(req.path_param("purpose")));
    std::string etag =
        "W/\"" + list.purpose + "-" + crypto_.Digest(list.bitstring).substr(0, 32) + "\"";
    std::string cache = "public, max-age=" + std::to_string(kStatusListMaxAge);
    if (req.header("If-None-Match").value_or("") == etag) {
      return Response(304, "", "application/vc+ld+json")
          .SetHeader("ETag", etag)
          .SetHeader("Cache-Control", cache);
    }
    return Response(200, json::serialize(StatusListCredentialJson(list, BaseUrl(req))),
                    "application/vc+ld+json")
        .SetHeader("ETag", etag)
        .SetHeader("Cache-Control", cache);
  }

  Result<Response> Verify(Request& req) {
    ZT_ASSIGN_OR_RETURN(json::value body, http::ParseJson(req.body()));
    ZT_ASSIGN_OR_RETURN(auto document, LicenceDocumentFromJson(body));
    ZT_ASSIGN_OR_RETURN(auto report, licences_.Verify(document));
    return Response::Json(200, VerifyReportJson(report));
  }

  Result<Response> UseLicence(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    std::string material = r.RequireString("material", 1, 200);
    std::string licence_id = r.RequireString("licence_id", 1, 200);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto view, licences_.UseInApplication(
                                       p->session.actor, CaseId(std::string(req.path_param("id"))),
                                       material, licence_id, ContextOf(req)));
    return Response::Json(201, UseViewJson(MaskedFor(p->session.actor, view)));
  }

  Result<Response> UsesOfCase(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(
        auto uses, licences_.UsesOfCase(p->session.actor, CaseId(std::string(req.path_param("id"))),
                                        ContextOf(req)));
    json::array items;
    for (const auto& u : uses) items.push_back(UseViewJson(MaskedFor(p->session.actor, u)));
    return Response::Json(200, json::object{{"items", std::move(items)}});
  }

  Result<Response> MyUses(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(auto uses, licences_.MyUses(p->session.actor));
    json::array items;
    for (const auto& u : uses) items.push_back(UseJson(u));
    return Response::Json(200, json::object{{"items", std::move(items)}});
  }

  Result<Response> Stats(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    auto date = [&](std::string_view name, Date fallback) -> Result<Date> {
      std::string text = QueryOr(req, name);
      if (text.empty()) return fallback;
      auto d = ParseDate(text);
      if (!d) return FieldFail(std::string(name), "date.format", "YYYY-MM-DD");
      return *d;
    };
    ZT_ASSIGN_OR_RETURN(Date to, date("to", *ParseDate("9999-12-30")));
    ZT_ASSIGN_OR_RETURN(Date from, date("from", *ParseDate("1970-01-01")));
    ZT_ASSIGN_OR_RETURN(auto indicators, licences_.Indicators(p->session.actor, from, to));
    return Response::Json(200, json::object{{"from", from.ToString()},
                                            {"to", to.ToString()},
                                            {"indicators", IndicatorsJson(indicators)}});
  }

  // 入库 from the browser: a CSV or XLSX file of at most the request body limit (1 MiB, some
  // thousands of rows); a department's full stock goes through `zhengtong licence import`.
  Result<Response> Import(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    std::string_view content_type = req.header("Content-Type").value_or("");
    std::vector<std::vector<std::string>> table;
    if (content_type.starts_with(document::kXlsxContentType)) {
      ZT_ASSIGN_OR_RETURN(auto sheet, document::ReadXlsx(req.body()));
      for (const auto& row : sheet.rows) {
        std::vector<std::string> cells;
        for (const auto& cell : row) cells.push_back(document::CellText(cell));
        table.push_back(std::move(cells));
      }
    } else if (content_type.starts_with("text/csv")) {
      ZT_ASSIGN_OR_RETURN(table, ParseCsv(req.body()));
    } else {
      return FieldFail("Content-Type", "licence_import.content_type",
                       "send the file as CSV (text/csv) or XLSX");
    }
    if (table.empty()) return FieldFail("file", "licence_import.empty", "no header row");
    auto rows = HistoricalRowsFromTable(table);
    ZT_ASSIGN_OR_RETURN(auto report,
                        licences_.ImportHistorical(p->session.actor, req.path_param("code"), rows,
                                                   1000, {}, ContextOf(req)));
    return Response::Json(200, ImportReportJson(report, req));
  }

  Result<Response> ListRepresentatives(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(
        auto links, licences_.ListRepresentatives(p->session.actor, QueryOr(req, "credit_code")));
    json::array items;
    for (const auto& l : links) items.push_back(RepresentativeJson(p->session.actor, l));
    return Response::Json(200, json::object{{"items", std::move(items)}});
  }

  Result<Response> RecordRepresentative(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    http::JsonObjectReader r(req.body());
    service::OrganisationRepresentative link;
    link.credit_code = r.RequireString("credit_code", 1, 18);
    link.organisation_name = r.RequireString("organisation_name", 0, 400);
    link.id_number = r.RequireString("id_number", 1, 18);
    link.person_name = r.RequireString("person_name", 0, 200);
    link.capacity = r.RequireString("capacity", 1, 30);
    link.evidence = r.RequireString("evidence", 0, 800);
    if (auto until = r.OptionalString("valid_until", 0, 10); until && !until->empty()) {
      if (auto d = ParseDate(*until)) {
        link.valid_until = *d;
      } else {
        r.AddFieldError("valid_until", "date.format", "YYYY-MM-DD");
      }
    }
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto recorded,
                        licences_.RecordRepresentative(p->session.actor, link, ContextOf(req)));
    return JsonWithETag(201, RepresentativeJson(p->session.actor, recorded), recorded.version);
  }

  Result<Response> EndRepresentative(Request& req) {
    ZT_ASSIGN_OR_RETURN(const Principal* p, RequireLogin(req));
    ZT_ASSIGN_OR_RETURN(std::int64_t version, IfMatchVersion(req));
    http::JsonObjectReader r(req.body());
    std::string reason = r.RequireString("reason", 0, 2000);
    ZT_RETURN_IF_ERROR(r.Finish());
    ZT_ASSIGN_OR_RETURN(auto ended,
                        licences_.EndRepresentative(p->session.actor, req.path_param("id"), reason,
                                                    version, ContextOf(req)));
    return JsonWithETag(200, RepresentativeJson(p->session.actor, ended), ended.version);
  }

  // After a transition answered 200, the case may have concluded with a licence to issue.
  Result<Response> AfterTransition(Request& req, const http::Next& next) {
    Response out = next(req);
    if (req.method() == "POST" && out.status() == 200 &&
        req.route_pattern() == "/api/v1/applications/{id}/transitions") {
      // Failures are left to `zhengtong licence issue-pending`; the conclusion stands.
      (void)licences_.IssueForCase(CaseId(std::string(req.path_param("id"))), ContextOf(req));
    }
    return out;
  }

 private:
  static constexpr int kStatusListMaxAge = 300;  // seconds

  service::Crypto& crypto_;
  std::unique_ptr<service::Signer> signer_;
  service::LicenceService licences_;
};

}  // namespace

void RegisterLicenceRoutes(http::Router& router, const ApiDeps& deps) {
  RegisterLicenceMessages();
  // Without a key-encryption key the server still verifies; issuing answers 412-style
  // licence.signing_unavailable (docs/licences.md).
  auto kek = crypto::KekFromEnvironment();
  auto routes = std::make_shared<LicenceRoutes>(
      deps, std::make_unique<crypto::OpenSslSigner>(kek ? *kek : std::string()));
  auto bind = [routes](Result<Response> (LicenceRoutes::*method)(Request&)) {
    return [routes, method](Request& req) { return ((*routes).*method)(req); };
  };
  router.Use([routes](Request& req, const http::Next& next) {
    return routes->AfterTransition(req, next);
  });
  router.Get("/api/v1/licence-types", bind(&LicenceRoutes::ListTypes));
  router.Post("/api/v1/licence-types", bind(&LicenceRoutes::CreateType));
  router.Put("/api/v1/licence-types/{code}", bind(&LicenceRoutes::UpdateType));
  router.Get("/api/v1/licence-keys", bind(&LicenceRoutes::ListKeys));
  router.Post("/api/v1/licence-keys", bind(&LicenceRoutes::RotateKey));
  router.Get("/api/v1/licence-keys/{key_id}", bind(&LicenceRoutes::GetKey));
  router.Post("/api/v1/licences", bind(&LicenceRoutes::Issue));
  router.Get("/api/v1/licences", bind(&LicenceRoutes::List));
  router.Get("/api/v1/licences/{id}", bind(&LicenceRoutes::Get));
  router.Get("/api/v1/licences/{id}/document", bind(&LicenceRoutes::Document));
  router.Get("/api/v1/licences/{id}/credential", bind(&LicenceRoutes::Credential));
  router.Get("/api/v1/licences/{id}/licence.pdf", bind(&LicenceRoutes::Pdf));
  router.Get("/api/v1/licences/{id}/qr.svg", bind(&LicenceRoutes::Qr));
  router.Post("/api/v1/licences/{id}/status", bind(&LicenceRoutes::ChangeStatus));
  router.Get("/api/v1/licence-status/{purpose}", bind(&LicenceRoutes::StatusList));
  router.Post("/api/v1/licence-verifications", bind(&LicenceRoutes::Verify));
  router.Post("/api/v1/applications/{id}/licence-uses", bind(&LicenceRoutes::UseLicence));
  router.Get("/api/v1/applications/{id}/licence-uses", bind(&LicenceRoutes::UsesOfCase));
  router.Get("/api/v1/licence-uses", bind(&LicenceRoutes::MyUses));
  router.Get("/api/v1/stats/licences", bind(&LicenceRoutes::Stats));
  router.Post("/api/v1/licence-types/{code}/imports", bind(&LicenceRoutes::Import));
  router.Get("/api/v1/organisation-representatives", bind(&LicenceRoutes::ListRepresentatives));
  router.Post("/api/v1/organisation-representatives", bind(&LicenceRoutes::RecordRepresentative));
  router.Post("/api/v1/organisation-representatives/{id}/end",
              bind(&LicenceRoutes::EndRepresentative));
}

}  // namespace zt::api
