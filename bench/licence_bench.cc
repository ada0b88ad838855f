// Licence figures (docs/licences.md): SM2-SM3 and Ed25519 signatures and verifications per
// second over a real licence's canonical content, and the time to enter N historical licences
// (入库: validated, signed, stored in 1,000-row transactions) on SQLite.
//
//   licence_bench [N] [STORE]   # N historical rows, default 100000 (1000000 for the full
//                               # figure), into STORE (a store URL, e.g. postgresql://…; default
//                               # a fresh SQLite file under the temporary directory)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

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

constexpr const char* kKek = "bench key-encryption key 0123456789";

std::string Company(int n) {
  char org[16];
  std::snprintf(org, sizeof org, "MA%06d", n % 1000000);
  std::string o(org);
  o += *zt::OrganizationCodeCheckChar(o);
  std::string first17 = "91440802" + o;
  return first17 + *zt::CreditCodeCheckChar(first17);
}

// Signatures and verifications per second of `algorithm`: Sign one at a time, then SignMany
// over 1,000-input batches on one thread and on every hardware thread.
void SignVerify(const char* algorithm, const std::string& content) {
  zt::crypto::OpenSslSigner signer(kKek);
  auto key = Must(signer.GenerateKey(algorithm), "generate");
  zt::service::SigningKeyRef ref{key.key_id, key.algorithm, key.sealed_private_key};
  std::string sig = Must(signer.Sign(ref, content), "sign");
  auto run = [&](auto&& op, int per_op) {
    long n = 0;
    auto start = Clock::now();
    auto until = start + std::chrono::seconds(2);
    while (Clock::now() < until) {
      op();
      n += per_op;
    }
    double s = std::chrono::duration<double>(Clock::now() - start).count();
    return n / s;
  };
  double signs = run(
      [&] {
        for (int i = 0; i < 50; ++i) (void)signer.Sign(ref, content);
      },
      50);
  double verifies = run(
      [&] {
        for (int i = 0; i < 50; ++i) {
          if (!signer.Verify(algorithm, key.public_key_pem, content, sig).value_or(false))
            std::abort();
        }
      },
      50);
  std::vector<std::string> batch(1000, content);
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  zt::crypto::OpenSslSigner one_thread(kKek, 1);
  zt::crypto::OpenSslSigner all_threads(kKek, cores);
  double many_1 = run([&] { Must(one_thread.SignMany(ref, batch), "sign many"); }, 1000);
  double many_n = run([&] { Must(all_threads.SignMany(ref, batch), "sign many"); }, 1000);
  std::printf(
      "%-8s  sign %8.0f /s   verify %8.0f /s   SignMany %8.0f /s (1 thread) %8.0f /s (%u "
      "threads)   (%zu-byte content)\n",
      algorithm, signs, verifies, many_1, many_n, cores, content.size());
}

}  // namespace

int main(int argc, char** argv) {
  long rows = argc > 1 ? std::atol(argv[1]) : 100000;
  zt::crypto::OpenSslSigner signer(kKek);
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
  SignVerify("SM2-SM3", content);
  SignVerify("Ed25519", content);

  // 入库 of `rows` historical licences into a fresh SQLite database.
  auto dir =
      std::filesystem::temp_directory_path() / ("zt-licence-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string url = argc > 2 ? argv[2] : "sqlite:" + (dir / "zt.db").string();
  auto store = Must(zt::store::OpenStore(url), "open");
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
  std::clock_t cpu_start = std::clock();  // process CPU time, every thread
  auto report =
      Must(licences.ImportHistorical(admin, type.code, input, 1000,
                                     [&](std::size_t done, std::size_t total) {
                                       if (done % 100000 == 0 || done == total)
                                         std::fprintf(stderr, "entered %zu / %zu\n", done, total);
                                     },
                                     {}),
           "import");
  double s = std::chrono::duration<double>(Clock::now() - start).count();
  double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  std::size_t rejected = 0;
  for (const auto& r : report) rejected += r.errors.empty() ? 0 : 1;
  // CPU seconds tell what the work costs whatever else the machine runs; wall seconds what
  // it took here.
  std::printf(
      "入库     %ld rows (SM2-SM3 on %u threads, %s, 1000 per transaction): %.1f s, %.0f "
      "rows/s, %.1f CPU s (%.0f rows per CPU s), %zu rejected; 1,000,000 rows at this rate: "
      "%.0f s\n",
      rows, std::max(1u, std::thread::hardware_concurrency()),
      std::string(store->backend()).c_str(), s, rows / s, cpu, rows / cpu, rejected,
      1e6 / (rows / s));
  store.reset();
  std::filesystem::remove_all(dir);
  return 0;
}
