// The personal-number scanner (RELIABILITY.md PRIV-01): finds plain resident ID numbers and
// mobile numbers of the test's data in any text a user or operator can see — response bodies
// and headers, exported files (XLSX/DOCX unzipped, PDF through pdftotext), pages, log files.
//
//   KnownNumbers known = CollectThroughTheStore(store);   // every number the data holds
//   std::vector<NumberHit> hits = ScanText(body, known);  // empty: nothing escaped
//
// A hit is a known 18-character ID number (valid GB 11643 check character) or 11-digit mobile
// number appearing whole, i.e. not inside a longer run of digits. Masked forms
// (440802********101X, 138****5678) never match; CountMasks counts them so a test can show
// its sweep reached personal data at all.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "zt/service/store.h"

namespace zt::testing {

struct KnownNumbers {
  std::set<std::string> id_numbers;  // valid GB 11643 numbers
  std::set<std::string> phones;      // valid mobile numbers
  int accounts = 0, applications = 0, orders_with_phone = 0, person_licences = 0;

  // Adds `value` to the set it belongs to (or to none).
  void Note(const std::string& value);
  KnownNumbers Without(const std::set<std::string>& allowed) const;
};

// Every ID and mobile number the store hands back (so, decrypted), from every table that
// holds one: applications, the applicants' accounts (found by ID number: the citizen login's
// blind index), hotline callers and licence holders.
KnownNumbers CollectThroughTheStore(service::Store& store);

struct NumberHit {
  std::string number;
  std::string where;    // the caller's label ("GET /api/v1/... as clerk", "server.log")
  std::string context;  // up to 40 bytes either side
};

std::vector<NumberHit> ScanText(std::string_view text, const KnownNumbers& known,
                                const std::string& where = "");

// The visible text of an exported file, by its content type: XLSX and DOCX are unzipped (every
// part), PDF goes through pdftotext; anything else is returned as it is.
std::string VisibleText(std::string_view content_type, const std::string& body);

// Masked ID numbers (6 digits, 8 '*', 4 characters) and phones (3 digits, 4 '*', 4 digits).
int CountMasks(std::string_view text);

}  // namespace zt::testing
