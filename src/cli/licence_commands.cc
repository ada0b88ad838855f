#include "licence_commands.h"

#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "zt/api/licence_document.h"
#include "zt/core/csv.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/crypto/signer_openssl.h"
#include "zt/licence/status_list.h"
#include "zt/service/licence_service.h"

namespace zt::cli {
namespace {

constexpr int kOk = 0;
constexpr int kNo = 1;
constexpr int kUsage = 2;
constexpr int kConfig = 3;

std::optional<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int Fail(const Error& e) {
  std::cerr << "error: " << e.ToString() << "\n";
  return e.code() == ErrorCode::kUnavailable ? 4 : kNo;
}

void PrintReport(const service::VerifyReport& r, const service::LicenceDocument& d) {
  std::cout << "licence:  " << d.content.id << "\n";
  std::cout << "type:     " << d.content.type_name << " (" << d.content.type_code << ")\n";
  std::cout << "holder:   " << d.content.holder_name << "\n";
  std::cout << "issuer:   " << r.issuer_name << "\n";
  if (r.key) {
    std::cout << "key:      " << r.key->key_id << " " << r.key->algorithm << " valid from "
              << FormatInstant(r.key->valid_from)
              << (r.key->valid_until ? " until " + FormatInstant(*r.key->valid_until) : "") << "\n";
  }
  std::cout << "status:   " << (r.status ? std::string(licence::StatusName(*r.status)) : "unknown")
            << "\n";
  std::cout << "verdict:  " << (r.verdict.valid ? "VALID" : "NOT VALID") << "\n";
  for (const auto& reason : r.verdict.reasons) std::cout << "  reason:  " << reason << "\n";
  for (const auto& w : r.verdict.warnings) std::cout << "  warning: " << w << "\n";
}

// The status a set of published status lists gives the licence at `index` (the lists'
// signatures are checked against the known keys; an unverifiable list is an error).
Result<std::optional<licence::LicenceStatus>> StatusFromLists(
    const std::vector<std::string>& files, const std::vector<service::PublishedKey>& keys,
    service::Signer& signer, service::Crypto& crypto, std::int64_t index) {
  std::optional<licence::LicenceStatus> status;
  for (const auto& file : files) {
    auto text = ReadAll(file);
    if (!text) return FieldFail("--status-list", "cli.file", "cannot read " + file);
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(*text, ec);
    auto bad = [&] {
      return FieldFail("--status-list", "status_list.format", file + " is not a status list");
    };
    if (ec || !v.is_object()) return bad();
    const auto* subject = v.as_object().if_contains("credentialSubject");
    const auto* proof = v.as_object().if_contains("proof");
    if (!subject || !subject->is_object() || !proof || !proof->is_object()) return bad();
    const auto* purpose = subject->as_object().if_contains("statusPurpose");
    const auto* encoded = subject->as_object().if_contains("encodedList");
    const auto* method = proof->as_object().if_contains("verificationMethod");
    const auto* from = proof->as_object().if_contains("validFromMs");
    const auto* sig = proof->as_object().if_contains("signatureValue");
    if (!purpose || !purpose->is_string() || !encoded || !encoded->is_string() || !method ||
        !method->is_string() || !from || !from->is_int64() || !sig || !sig->is_string()) {
      return bad();
    }
    ZT_ASSIGN_OR_RETURN(std::string bits, api::DecodeStatusList(encoded->as_string()));
    std::string key_id(method->as_string());
    key_id = key_id.substr(key_id.rfind('/') + 1);
    auto key = std::find_if(keys.begin(), keys.end(),
                            [&](const service::PublishedKey& k) { return k.key_id == key_id; });
    auto raw = licence::Base64Decode(sig->as_string());
    std::string input = licence::StatusListSigningInput(std::string(purpose->as_string()),
                                                        from->as_int64(), crypto.Digest(bits));
    if (key == keys.end() || !raw ||
        !signer.Verify(key->algorithm, key->public_key_pem, input, *raw).value_or(false)) {
      return FieldFail("--status-list", "status_list.signature",
                       file + ": the list's signature does not verify");
    }
    if (!licence::BitAt(bits, index)) continue;
    if (purpose->as_string() == "revocation") status = licence::LicenceStatus::kRevoked;
    if (purpose->as_string() == "suspension" && status != licence::LicenceStatus::kRevoked) {
      status = licence::LicenceStatus::kSuspended;
    }
  }
  if (!status && !files.empty()) status = licence::LicenceStatus::kValid;
  return status;
}

}  // namespace

void AddLicenceCommands(CLI::App& app, std::string& db, LicenceCommands& c) {
  auto* licence = app.add_subcommand("licence", "Electronic licences (电子证照)");
  licence->require_subcommand(1);
  c.verify = licence->add_subcommand("verify", "Verify a licence document; exit 1 if not valid");
  c.verify->add_option("FILE", c.file, "The licence document (JSON)")->required();
  c.verify->add_option("--keys", c.keys_file,
                       "Published keys (GET /api/v1/licence-keys) for offline verification");
  c.verify->add_option("--status-list", c.status_lists,
                       "A status list credential (GET /api/v1/licence-status/...); repeatable");
  c.verify->add_option("--db", db, "Database (when no --keys)")->capture_default_str();
  c.issue_pending = licence->add_subcommand(
      "issue-pending", "Issue the licences concluded applications are still owed");
  c.issue_pending->add_option("--db", db, "Database")->capture_default_str();
  c.rotate_key = licence->add_subcommand("rotate-key", "Make a new signing key the active one");
  c.rotate_key->add_option("--algorithm", c.algorithm, "SM2-SM3 or Ed25519")->capture_default_str();
  c.rotate_key->add_option("--db", db, "Database")->capture_default_str();
  c.import = licence->add_subcommand("import", "Enter historical licences (入库) from a CSV file");
  c.import->add_option("--type", c.type_code, "The licence type code")->required();
  c.import
      ->add_option("FILE", c.file,
                   "CSV: number,holder_name,holder_id,issue_date,"
                   "valid_until,<field names...>")
      ->required();
  c.import->add_option("--batch", c.batch, "Rows per transaction")->capture_default_str();
  c.import->add_option("--db", db, "Database")->capture_default_str();
}

std::optional<int> RunLicenceOfflineCommands(const LicenceCommands& c, const Clock& clock) {
  if (c.verify == nullptr || !*c.verify || c.keys_file.empty()) return std::nullopt;
  auto text = ReadAll(c.file);
  auto keys_text = ReadAll(c.keys_file);
  if (!text || !keys_text) {
    std::cerr << "error: cannot read " << (!text ? c.file : c.keys_file) << "\n";
    return kUsage;
  }
  auto document = api::ParseLicenceDocument(*text);
  if (!document) return Fail(document.error());
  auto keys = api::ParsePublishedKeys(*keys_text);
  if (!keys) return Fail(keys.error());
  crypto::OpenSslSigner signer("");
  crypto::OpenSslCrypto digest;
  std::optional<licence::LicenceStatus> status;
  if (!c.status_lists.empty()) {
    // The licence's bit is part of its signed content.
    auto s = StatusFromLists(c.status_lists, *keys, signer, digest, document->content.status_index);
    if (!s) return Fail(s.error());
    status = *s;
  }
  auto report =
      service::VerifyDocument(signer, digest, *document, *keys, status, CivilDateCst(clock.Now()));
  PrintReport(report, *document);
  return report.verdict.valid ? kOk : kNo;
}

std::optional<int> RunLicenceCommands(const LicenceCommands& c, service::Store& store,
                                      service::Crypto& crypto, const Clock& clock) {
  bool chosen = (c.verify && *c.verify) || (c.issue_pending && *c.issue_pending) ||
                (c.rotate_key && *c.rotate_key) || (c.import && *c.import);
  if (!chosen) return std::nullopt;
  auto kek = crypto::KekFromEnvironment();
  if (!kek) return Fail(kek.error()) == kNo ? kConfig : kConfig;
  crypto::OpenSslSigner signer(*kek);
  service::LicenceService licences(store, crypto, signer, clock, {}, c.algorithm);
  accounts::Actor op;
  op.account_id = AccountId("cli");
  op.display_name = "operator";
  op.role = accounts::Role::kSystemAdmin;
  service::RequestContext ctx{"cli", "local"};
  bool signs = !(c.verify && *c.verify);
  if (signs && !signer.can_sign()) {
    std::cerr << "error: set ZT_LICENCE_KEK or ZT_LICENCE_KEK_FILE (docs/licences.md)\n";
    return kConfig;
  }

  if (*c.verify) {
    auto text = ReadAll(c.file);
    if (!text) {
      std::cerr << "error: cannot read " << c.file << "\n";
      return kUsage;
    }
    auto document = api::ParseLicenceDocument(*text);
    if (!document) return Fail(document.error());
    auto report = licences.Verify(*document);
    if (!report) return Fail(report.error());
    PrintReport(*report, *document);
    return report->verdict.valid ? kOk : kNo;
  }
  if (*c.issue_pending) {
    std::vector<std::string> failures;
    auto issued = licences.IssuePending(ctx, &failures);
    if (!issued) return Fail(issued.error());
    std::cout << "licences issued: " << *issued << "\n";
    for (const auto& f : failures) std::cout << "not issued: " << f << "\n";
    return failures.empty() ? kOk : kNo;
  }
  if (*c.rotate_key) {
    auto key = licences.RotateKey(op, c.algorithm, ctx);
    if (!key) return Fail(key.error());
    std::cout << "active key: " << key->key_id << " " << key->algorithm << " from "
              << FormatInstant(key->valid_from) << "\n";
    return kOk;
  }
  // import
  auto text = ReadAll(c.file);
  if (!text) {
    std::cerr << "error: cannot read " << c.file << "\n";
    return kUsage;
  }
  auto table = ParseCsv(*text);
  if (!table) return Fail(table.error());
  if (table->empty()) {
    std::cerr << "error: the file has no header\n";
    return kUsage;
  }
  std::vector<service::HistoricalRow> rows = api::HistoricalRowsFromTable(*table);
  table->clear();
  auto report = licences.ImportHistorical(
      op, c.type_code, rows, static_cast<std::size_t>(c.batch < 1 ? 1 : c.batch),
      [](std::size_t done, std::size_t total) {
        std::cerr << "\rentered " << done << " / " << total << std::flush;
      },
      ctx);
  std::cerr << "\n";
  if (!report) return Fail(report.error());
  std::ofstream out(c.file + ".report.csv", std::ios::binary);
  out << CsvLine({"row", "licence_id", "errors"});
  std::size_t rejected = 0;
  for (const auto& r : *report) {
    std::string errors;
    for (const auto& e : r.errors) errors += (errors.empty() ? "" : "; ") + e.pointer + " " + e.key;
    if (!r.errors.empty()) ++rejected;
    out << CsvLine({std::to_string(r.row), r.licence_id, errors});
  }
  std::cout << "entered " << report->size() - rejected << ", rejected " << rejected
            << "; report: " << c.file << ".report.csv\n";
  return rejected == 0 ? kOk : kNo;
}

}  // namespace zt::cli
