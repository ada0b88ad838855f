#pragma once

#include <string>
#include <vector>

namespace zt::seed {

struct DemoDepartment {
  std::string key;  // short key, part of the department id
  std::string name;
  std::string short_name;
  std::vector<std::string> items;
};

const std::vector<DemoDepartment>& DemoCityDepartments();
// District departments: names without the district prefix.
const std::vector<DemoDepartment>& DemoDistrictDepartments();

}  // namespace zt::seed
