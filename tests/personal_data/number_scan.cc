#include "number_scan.h"

#include <array>
#include <cstdio>
#include <fstream>
#include <regex>

#include <gtest/gtest.h>
#include <unistd.h>

#include "zt/core/id_number.h"
#include "zt/core/phone.h"
#include "zt/service/hotline_store.h"
#include "zt/service/licence_store.h"

namespace zt::testing {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string RunCommand(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> buffer;
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
  ::pclose(pipe);
  return out;
}

}  // namespace

void KnownNumbers::Note(const std::string& value) {
  if (value.size() == 18 && IdNumber::Parse(value)) id_numbers.insert(value);
  if (value.size() == 11 && MobileNumber::Parse(value)) phones.insert(value);
}

KnownNumbers KnownNumbers::Without(const std::set<std::string>& allowed) const {
  KnownNumbers out = *this;
  for (const std::string& n : allowed) {
    out.id_numbers.erase(n);
    out.phones.erase(n);
  }
  return out;
}

KnownNumbers CollectThroughTheStore(service::Store& store) {
  KnownNumbers known;
  auto tx = store.Begin();
  EXPECT_TRUE(tx);
  if (!tx) return known;
  for (int offset = 0;; offset += 100) {
    service::CaseQuery q;
    q.offset = offset;
    q.limit = 100;
    auto page = (*tx)->ListCases(q);
    EXPECT_TRUE(page) << page.error().ToString();
    if (!page || page->items.empty()) break;
    for (const auto& c : page->items) {
      ++known.applications;
      known.Note(c.applicant_id_number);
      known.Note(c.applicant_phone);
    }
  }
  for (const std::string& id : std::set<std::string>(known.id_numbers)) {
    auto account = (*tx)->FindAccountByUsername(id);
    EXPECT_TRUE(account) << account.error().ToString();
    if (!account || !*account) continue;
    ++known.accounts;
    EXPECT_EQ((*account)->id_number, id);
    known.Note((*account)->phone);
  }
  for (int offset = 0;; offset += 100) {
    service::OrderQuery q;
    q.offset = offset;
    q.limit = 100;
    auto page = (*tx)->hotline().ListOrders(q);
    EXPECT_TRUE(page) << page.error().ToString();
    if (!page || page->items.empty()) break;
    for (const auto& o : page->items) {
      if (!o.caller_phone.empty()) ++known.orders_with_phone;
      known.Note(o.caller_phone);
    }
  }
  for (int offset = 0;; offset += 100) {
    service::LicenceQuery q;
    q.offset = offset;
    q.limit = 100;
    auto page = (*tx)->licences().ListLicences(q);
    EXPECT_TRUE(page) << page.error().ToString();
    if (!page || page->items.empty()) break;
    for (const auto& l : page->items) {
      if (l.content.holder_id.size() == 18 && IdNumber::Parse(l.content.holder_id)) {
        ++known.person_licences;
      }
      known.Note(l.content.holder_id);
    }
  }
  return known;
}

std::vector<NumberHit> ScanText(std::string_view text, const KnownNumbers& known,
                                const std::string& where) {
  std::vector<NumberHit> hits;
  // Every maximal run of digits (and X for the check character) is a candidate.
  for (std::size_t i = 0; i < text.size();) {
    if (!IsDigit(text[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && (IsDigit(text[end]) || text[end] == 'X' || text[end] == 'x')) {
      ++end;
    }
    std::string run(text.substr(i, end - i));
    for (char& c : run) c = c == 'x' ? 'X' : c;
    if (known.id_numbers.contains(run) || known.phones.contains(run)) {
      std::size_t from = i >= 40 ? i - 40 : 0;
      hits.push_back({run, where, std::string(text.substr(from, end + 40 - from))});
    }
    i = end;
  }
  return hits;
}

std::string VisibleText(std::string_view content_type, const std::string& body) {
  bool zipped = content_type.find("openxmlformats") != std::string_view::npos;
  bool pdf = content_type.find("application/pdf") != std::string_view::npos;
  if (!zipped && !pdf) return body;
  char path[] = "/tmp/zt_number_scan_XXXXXX";
  int fd = ::mkstemp(path);
  if (fd < 0) return body;
  ::close(fd);
  std::ofstream(path, std::ios::binary) << body;
  std::string text = zipped ? RunCommand(std::string("unzip -p '") + path + "' 2>/dev/null")
                            : RunCommand(std::string("pdftotext -q '") + path + "' - 2>/dev/null");
  std::remove(path);
  return text;
}

int CountMasks(std::string_view text) {
  static const std::regex kMask(R"(\d{6}\*{8}\d{3}[\dX]|1\d{2}\*{4}\d{4})");
  std::string s(text);
  return static_cast<int>(
      std::distance(std::sregex_iterator(s.begin(), s.end(), kMask), std::sregex_iterator()));
}

}  // namespace zt::testing
