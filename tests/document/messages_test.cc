// Every message key the module can return has its zh-CN and English texts, so an error
// reaching a clerk through the api is never shown as a bare key.
#include "zt/document/messages.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace zt::document {
namespace {

std::set<std::string> KeysInSources() {
  std::set<std::string> keys;
  const std::regex key(R"re("((document|xlsx)\.[a-z_0-9]+)")re");
  for (const auto& entry : std::filesystem::directory_iterator(ZT_DOCUMENT_SRC_DIR)) {
    if (entry.path().extension() != ".cc" || entry.path().filename() == "messages.cc") continue;
    std::ifstream in(entry.path());
    std::stringstream content;
    content << in.rdbuf();
    const std::string text = content.str();
    for (auto it = std::sregex_iterator(text.begin(), text.end(), key);
         it != std::sregex_iterator(); ++it) {
      keys.insert((*it)[1]);
    }
  }
  return keys;
}

TEST(DocumentMessages, EveryKeyInTheSourcesHasBothTexts) {
  std::set<std::string> registered;
  for (const MessageText& m : MessageTexts()) {
    EXPECT_TRUE(registered.insert(std::string(m.key)).second) << "twice: " << m.key;
    EXPECT_FALSE(m.zh_cn.empty()) << m.key;
    EXPECT_FALSE(m.en.empty()) << m.key;
  }
  const std::set<std::string> used = KeysInSources();
  EXPECT_GE(used.size(), 15u) << "the scan found too few keys to be looking at the sources";
  for (const auto& key : used) EXPECT_TRUE(registered.contains(key)) << "no texts for " << key;
}

}  // namespace
}  // namespace zt::document
