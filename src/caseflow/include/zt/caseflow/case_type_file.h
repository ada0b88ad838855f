// File: case_type_file.h
//
// Case types as data: one TOML file per type in data/case_types/ (format in
// docs/case-engine.md "Case types as data"). The files are embedded into the binary at build
// time; they are parsed (text in, CaseType out: no file access here) and validated with
// ValidateCaseType the first time a type is asked for. The server asks at start
// (LoadBuiltInCaseTypes), so a broken file stops it before it serves anything.
//
//   ZT_RETURN_IF_ERROR(caseflow::LoadBuiltInCaseTypes());
//   const caseflow::CaseType* t = caseflow::FindCaseType("application");
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "zt/caseflow/case_type.h"
#include "zt/core/error.h"

namespace zt::caseflow {

// Parses and validates one case-type file. Unknown keys, wrong value types, unknown roles and
// an inconsistent type are refused: kInvalidArgument "case_type.invalid" whose detail names
// the source, the line and the problem.
Result<CaseType> ParseCaseType(std::string_view toml_text, std::string_view source_name);

// Parses every embedded case type (once); the first failure is returned on every call.
Status LoadBuiltInCaseTypes();
// The embedded case type of that name, or nullptr (unknown, or the files failed to load).
const CaseType* FindCaseType(std::string_view name);
// Names of the embedded case types, sorted.
std::vector<std::string> BuiltInCaseTypeNames();

}  // namespace zt::caseflow
