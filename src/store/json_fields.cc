#include "json_fields.h"

#include <boost/json.hpp>

#include "zt/catalog_json/catalog_json.h"
#include "zt/core/text.h"

namespace zt::store::internal {
namespace {

std::unexpected<Error> Corrupt(std::string_view what) {
  return Fail(ErrorCode::kInternal, "store.corrupt_row", std::string(what) + " is malformed");
}

}  // namespace

bool IsStorableText(std::string_view s) {
  return s.find('\0') == std::string_view::npos && zt::IsValidUtf8(s);
}

std::string DetailsToJson(const Details& details) {
  boost::json::object obj;
  for (const auto& [key, value] : details) obj[key] = value;
  return boost::json::serialize(obj);
}

Result<Details> DetailsFromJson(std::string_view json) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return Corrupt("event details");
  Details out;
  for (const auto& member : v.get_object()) {
    if (!member.value().is_string()) return Corrupt("event details");
    out.emplace_back(std::string(member.key()), std::string(member.value().get_string()));
  }
  return out;
}

std::string MaterialsToJson(const std::vector<catalog::Material>& materials) {
  // Unset optional members are left out, so that rows stored before they existed read the same.
  return boost::json::serialize(
      catalog_json::MaterialsJson(materials, catalog_json::MaterialMembers::kSetOnly));
}

Result<std::vector<catalog::Material>> MaterialsFromJson(std::string_view json) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json, ec);
  if (ec || !v.is_array()) return Corrupt("item materials");
  std::vector<catalog::Material> out;
  for (const boost::json::value& e : v.get_array()) {
    const boost::json::object* o = e.if_object();
    if (o == nullptr) return Corrupt("item materials");
    catalog::Material m;
    const boost::json::value* name = o->if_contains("name");
    const boost::json::value* required = o->if_contains("required");
    const boost::json::value* note = o->if_contains("note");
    if (name == nullptr || !name->is_string()) return Corrupt("item materials");
    m.name = std::string(name->get_string());
    if (required != nullptr) {
      if (!required->is_bool()) return Corrupt("item materials");
      m.required = required->get_bool();
    }
    if (note != nullptr) {
      if (!note->is_string()) return Corrupt("item materials");
      m.note = std::string(note->get_string());
    }
    if (const boost::json::value* v = o->if_contains("secondary")) {
      if (!v->is_bool()) return Corrupt("item materials");
      m.secondary = v->get_bool();
    }
    for (auto [key, field] : {std::pair{"trust_grade", &m.trust_grade},
                              std::pair{"licence_type_code", &m.licence_type_code},
                              std::pair{"shared_data", &m.shared_data}}) {
      if (const boost::json::value* v = o->if_contains(key)) {
        if (!v->is_string()) return Corrupt("item materials");
        *field = std::string(v->get_string());
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::string PausesToJson(const std::vector<caseflow::ClockPause>& pauses) {
  boost::json::array arr;
  for (const caseflow::ClockPause& p : pauses) {
    boost::json::value to = nullptr;
    if (p.to) to = p.to->time_since_epoch().count();
    arr.push_back(boost::json::object{{"from", p.from.time_since_epoch().count()},
                                      {"to", to},
                                      {"kind", p.kind},
                                      {"reason", p.reason}});
  }
  return boost::json::serialize(arr);
}

Result<std::vector<caseflow::ClockPause>> PausesFromJson(std::string_view json) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json, ec);
  if (ec || !v.is_array()) return Corrupt("case pauses");
  std::vector<caseflow::ClockPause> out;
  for (const boost::json::value& e : v.get_array()) {
    const boost::json::object* o = e.if_object();
    if (o == nullptr) return Corrupt("case pauses");
    const boost::json::value* from = o->if_contains("from");
    const boost::json::value* to = o->if_contains("to");
    const boost::json::value* kind = o->if_contains("kind");
    const boost::json::value* reason = o->if_contains("reason");
    if (from == nullptr || !from->is_int64() || to == nullptr ||
        !(to->is_null() || to->is_int64()) || kind == nullptr || !kind->is_string() ||
        reason == nullptr || !reason->is_string()) {
      return Corrupt("case pauses");
    }
    caseflow::ClockPause p;
    p.from = Instant(std::chrono::milliseconds(from->get_int64()));
    if (to->is_int64()) p.to = Instant(std::chrono::milliseconds(to->get_int64()));
    p.kind = std::string(kind->get_string());
    p.reason = std::string(reason->get_string());
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace zt::store::internal
