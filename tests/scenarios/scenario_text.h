// The text side shared by the scenario runners (application, work order, rating): finding the
// files of one case type, reading one line by line, splitting a line into words, and a test
// name from a file name. One command a line, '#' starts a comment, note="a b" keeps its quoted
// value as one word.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace zt::testing {

// tests/scenarios/<case_type>/*.scenario, relative to tests/scenarios, sorted.
inline std::vector<std::string> ScenarioFilesOf(const std::string& case_type) {
  std::vector<std::string> out;
  std::filesystem::path root(ZT_SCENARIO_DIR);
  for (const auto& e : std::filesystem::directory_iterator(root / case_type)) {
    if (e.is_regular_file() && e.path().extension() == ".scenario") {
      out.push_back(std::filesystem::relative(e.path(), root).string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::vector<std::string> ScenarioWords(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char ch : line) {
    if (ch == '"') {
      quoted = !quoted;
    } else if (ch == ' ' && !quoted) {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += ch;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// key=value words from `first` on; nullopt (after a test failure) for a word without '='.
inline std::optional<std::map<std::string, std::string>> ScenarioFields(
    const std::vector<std::string>& w, std::size_t first, const std::string& where) {
  std::map<std::string, std::string> fields;
  for (std::size_t i = first; i < w.size(); ++i) {
    auto eq = w[i].find('=');
    if (eq == std::string::npos) {
      ADD_FAILURE() << where << ": expected key=value, got " << w[i];
      return std::nullopt;
    }
    fields[w[i].substr(0, eq)] = w[i].substr(eq + 1);
  }
  return fields;
}

// Runs tests/scenarios/<relative> line by line: blank lines and comments are skipped, every
// other line goes to `run(words, where)` ("application/x.scenario:12 (as clerk accept)" to
// name it in failures) until `run` returns false. The file must have a "# name:" header.
template <typename Run>
void RunScenarioFile(const std::string& relative, Run run) {
  std::string path = std::string(ZT_SCENARIO_DIR) + "/" + relative;
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << path;
  std::string line;
  bool named = false;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.rfind("# name:", 0) == 0) named = true;
    auto hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    auto w = ScenarioWords(line);
    if (w.empty()) continue;
    if (!run(w, relative + ":" + std::to_string(n) + " (" + line + ")")) return;
  }
  EXPECT_TRUE(named) << path << " has no '# name:' header";
}

inline std::string ScenarioTestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name;
  for (char ch : info.param) {
    bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    name += alnum ? ch : '_';
  }
  if (name.size() > 9 && name.ends_with("_scenario")) name.resize(name.size() - 9);
  return name;
}

}  // namespace zt::testing
