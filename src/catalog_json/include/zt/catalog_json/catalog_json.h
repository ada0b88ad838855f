// File: catalog_json.h
//
// The JSON form of the catalogue's item elements and materials, written once for the store
// (the elements and version documents it keeps) and the api (the item responses). The two
// differ only in how a material's optional members are written: the store leaves out those
// that are unset, so that rows stored before they existed read the same; a response always
// has every member.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "zt/catalog/item.h"

namespace zt::catalog_json {

enum class MaterialMembers {
  kAll,     // every member, as the api answers
  kSetOnly  // secondary, trust_grade, licence_type_code, shared_data only when set (store)
};

boost::json::array StringsJson(const std::vector<std::string>& values);

// [{"name":…,"required":…,"note":…,"secondary":…,"trust_grade":…,"licence_type_code":…,
//   "shared_data":…},…]
boost::json::array MaterialsJson(const std::vector<catalog::Material>& materials,
                                 MaterialMembers members);

// {"tier":…,"parent_id":…,…,"notification_commitment":…}; the situations' materials as
// MaterialsJson(…, members).
boost::json::object ElementsJson(const catalog::ItemElements& elements, MaterialMembers members);

}  // namespace zt::catalog_json
