#include "zt/catalog_json/catalog_json.h"

namespace zt::catalog_json {

namespace json = boost::json;

json::array StringsJson(const std::vector<std::string>& values) {
  json::array out;
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

json::array MaterialsJson(const std::vector<catalog::Material>& materials,
                          MaterialMembers members) {
  json::array out;
  for (const catalog::Material& m : materials) {
    json::object o{{"name", m.name}, {"required", m.required}, {"note", m.note}};
    const bool all = members == MaterialMembers::kAll;
    if (all || m.secondary) o["secondary"] = m.secondary;
    if (all || !m.trust_grade.empty()) o["trust_grade"] = m.trust_grade;
    if (all || !m.licence_type_code.empty()) o["licence_type_code"] = m.licence_type_code;
    if (all || !m.shared_data.empty()) o["shared_data"] = m.shared_data;
    out.push_back(std::move(o));
  }
  return out;
}

json::object ElementsJson(const catalog::ItemElements& e, MaterialMembers members) {
  json::array bases;
  for (const auto& b : e.legal_basis) {
    bases.push_back(json::object{{"law", b.law}, {"article", b.article}, {"text", b.text}});
  }
  json::array situations;
  for (const auto& s : e.situations) {
    situations.push_back(json::object{{"name", s.name},
                                      {"description", s.description},
                                      {"materials", MaterialsJson(s.materials, members)}});
  }
  json::array fees;
  for (const auto& f : e.fees) {
    fees.push_back(json::object{{"name", f.name}, {"standard", f.standard}, {"basis", f.basis}});
  }
  return {{"tier", catalog::ItemTierName(e.tier)},
          {"parent_id", e.parent_id.value()},
          {"implementing_body", e.implementing_body},
          {"implementing_body_credit_code", e.implementing_body_credit_code},
          {"legal_basis", std::move(bases)},
          {"conditions", e.conditions},
          {"situations", std::move(situations)},
          {"online_depth", catalog::OnlineDepthName(e.online_depth)},
          {"onsite_visits", e.onsite_visits},
          {"fees", std::move(fees)},
          {"channels", StringsJson(e.channels)},
          {"windows", StringsJson(e.windows)},
          {"one_window", e.one_window},
          {"tolerance", e.tolerance},
          {"notification_commitment", e.notification_commitment}};
}

}  // namespace zt::catalog_json
