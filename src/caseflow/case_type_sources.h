// Private to caseflow: the case-type files embedded at build time (builtin_case_types.cc.in).
#pragma once

#include <string>
#include <vector>

namespace zt::caseflow::internal {

struct CaseTypeSource {
  std::string file_name;  // "application.toml"
  std::string text;
};

const std::vector<CaseTypeSource>& BuiltInCaseTypeSources();

}  // namespace zt::caseflow::internal
