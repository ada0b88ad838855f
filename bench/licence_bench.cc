// Licence figures (docs/licences.md): SM2-SM3 and Ed25519 signatures and verifications per
// second over a real licence's canonical content, and the time to enter N historical licences
// (入库: validated, signed, stored in 1,000-row transactions) on SQLite.
//
//   licence_bench [N]      # N historical rows, default 100000 (1000000 for the full figure)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include <unistd.h>

#include "must.h"
#include "zt/core/credit_code.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/crypto/signer_openssl.h"
#include "zt/licence/licence.h"
#include "zt/service/licence_service.h"
#include "zt/store/open.h"

namespace {

using Clock = std::chrono::steady_clock;
using zt::bench::Must;
using zt::bench::MustOk;

std::string Company(int n) {
  char org[16];
  std::snprintf(org, sizeof org, "MA%06d", n % 1000000);
  std::string o(org);
  o += *zt::OrganizationCodeCheckChar(o);
  std::string first17 = "91440802" + o;
  return first17 + *zt::CreditCodeCheckChar(first17);
}

void SignVerify(zt::crypto::OpenSslSigner& signer, const char* algorithm,
                const std::string& content) {
  auto key = Must(signer.GenerateKey(algorithm), "generate");
  zt::service::SigningKeyRef ref{key.key_id, key.algorithm, key.sealed_private_key};
  std::string sig = Must(signer.Sign(ref, content), "sign");
  auto run = [&](auto&& op) {
    int n = 0;
    auto start = Clock::now();
    auto until = start + std::chrono::seconds(2);
    while (Clock::now() < until) {
      for (int i = 0; i < 50; ++i) op();
      n += 50;
    }
    double s = std::chrono::duration<double>(Clock::now() - start).count();
    return n / s;
  };
  double signs = run([&] { (void)signer.Sign(ref, content); });
  double verifies = run([&] {
    if (!signer.Verify(algorithm, key.public_key_pem, content, sig).value_or(false)) std::abort();
  });
  std::printf("%-8s  sign %8.0f /s   verify %8.0f /s   (%zu-byte content, 1 thread)\n", algorithm,
              signs, verifies, content.size());
}

}  // namespace

int main(int argc, char** argv) {
  long rows = argc > 1 ? std::atol(argv[1]) : 100000;
  zt::crypto::OpenSslSigner signer("bench key-encryption key 0123456789");
  zt::crypto::OpenSslCrypto crypto;

  zt::licence::LicenceContent c;
  c.id = "1.2.156.3005.2.11100000MB0150001X050.11440800MB0150001X.2025000001.001.X";
  c.type_code = "11100000MB0150001X050";
  c.type_name = "食品经营许可证";
  c.number = "JY14408020000001";
  c.holder_kind = zt::licence::HolderKind::kOrganisation;
  c.holder_name = "湛江市赤坎区海鲜酒楼有限公司";
  c.holder_id = Company(1);
  c.issuer_name = "湛江市市场监督管理局";
  c.issuer_code = "11440800MB0150001X";
  c.region_code = "440800";
  c.issue_date = *zt::ParseDate("2025-09-30");
  c.valid_from = c.issue_date;
  c.issued_at = *zt::ParseInstant("2025-09-30T10:00:00+08:00");
  c.fields = {{"scope", "热食类食品制售、冷食类食品制售"},
              {"premises", "湛江市赤坎区人民大道北 10 号"}};
  std::string content = zt::licence::CanonicalContent(c);
  SignVerify(signer, "SM2-SM3", content);
  SignVerify(signer, "Ed25519", content);

  // 入库 of `rows` historical licences into a fresh SQLite database.
  auto dir =
      std::filesystem::temp_directory_path() / ("zt-licence-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto store = Must(zt::store::OpenStore("sqlite:" + (dir / "zt.db").string()), "open");
  Must(store->Migrate(), "migrate");
  {
    auto tx = Must(store->Begin(), "begin");
    MustOk(tx->PutRegion({"440800", "湛江市", "440000", "prefecture"}), "region");
    MustOk(tx->PutDepartment({zt::DepartmentId("440800-scj"), "湛江市市场监督管理局", "市场监管局",
                              "440800", "11440800MB0150001X"}),
           "department");
    MustOk(tx->Commit(), "commit");
  }
  zt::SimulatedClock clock(*zt::ParseInstant("2025-09-30T10:00:00+08:00"));
  zt::service::LicenceService licences(*store, crypto, signer, clock);
  zt::accounts::Actor admin;
  admin.account_id = zt::AccountId("bench");
  admin.role = zt::accounts::Role::kDepartmentAdmin;
  admin.region_code = "440800";
  admin.department_id = zt::DepartmentId("440800-scj");
  zt::licence::LicenceType type;
  type.code = "11100000MB0150001X050";
  type.name = "食品经营许可证";
  type.holder_kind = zt::licence::HolderKind::kOrganisation;
  type.fields = {{"scope", "经营项目", zt::licence::FieldKind::kText, true, 200},
                 {"premises", "经营场所", zt::licence::FieldKind::kText, true, 200}};
  type.validity_years = 5;
  type.opened = true;
  Must(licences.CreateType(admin, type, {}), "type");
  std::vector<zt::service::HistoricalRow> input;
  input.reserve(static_cast<std::size_t>(rows));
  for (long i = 0; i < rows; ++i) {
    input.push_back({"JY" + std::to_string(1000000 + i),
                     "历史商户" + std::to_string(i) + "有限公司",
                     Company(static_cast<int>(i)),
                     "2020-06-15",
                     "",
                     {{"scope", "预包装食品销售"}, {"premises", "湛江市霞山区"}}});
  }
  auto start = Clock::now();
  auto report =
      Must(licences.ImportHistorical(admin, type.code, input, 1000,
                                     [&](std::size_t done, std::size_t total) {
                                       if (done % 100000 == 0 || done == total)
                                         std::fprintf(stderr, "entered %zu / %zu\n", done, total);
                                     },
                                     {}),
           "import");
  double s = std::chrono::duration<double>(Clock::now() - start).count();
  std::size_t rejected = 0;
  for (const auto& r : report) rejected += r.errors.empty() ? 0 : 1;
  std::printf(
      "入库     %ld rows (SM2-SM3, SQLite, 1000 per transaction): %.1f s, %.0f rows/s, "
      "%zu rejected; 1,000,000 rows at this rate: %.0f s\n",
      rows, s, rows / s, rejected, 1e6 / (rows / s));
  store.reset();
  std::filesystem::remove_all(dir);
  return 0;
}
