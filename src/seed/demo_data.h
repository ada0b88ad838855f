// Private tables of the demo city.
#pragma once

#include <string>
#include <vector>

namespace zt::seed {

struct DemoRegion {
  const char* code;
  const char* name;
  const char* parent_code;
  const char* level;
};

const std::vector<DemoRegion>& DemoRegions();

}  // namespace zt::seed
