// The licence verifier's input: api::ParseLicenceDocument (the JSON a verifier uploads or
// `zhengtong licence verify FILE` reads), then service::VerifyDocument against a published
// SM2 key, as offline verification runs it. Never crashes; a parsed document always gets a
// verdict, and a forged one is never valid.
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "zt/api/licence_document.h"
#include "zt/core/time.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/crypto/signer_openssl.h"
#include "zt/service/licence_service.h"

namespace {

struct Verifier {
  zt::crypto::OpenSslSigner signer{"fuzz-kek-0123456789"};
  zt::crypto::OpenSslCrypto crypto;
  std::vector<zt::service::PublishedKey> keys;

  Verifier() {
    for (std::string_view algorithm : {zt::service::kSm2Sm3, zt::service::kEd25519}) {
      auto key = signer.GenerateKey(algorithm);
      zt::fuzz::Check(key.has_value(), "cannot generate a key");
      keys.push_back({key->key_id, key->algorithm, key->public_key_pem, zt::Instant{}, {}});
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Verifier verifier;
  std::string_view json(reinterpret_cast<const char*>(data), size);
  auto document = zt::api::ParseLicenceDocument(json);
  auto keys = zt::api::ParsePublishedKeys(json);
  (void)keys;
  if (!document) {
    zt::fuzz::Check(!document.error().key().empty(), "refusal without a key", json);
    return 0;
  }
  auto today = zt::Date::FromYmd(2026, 11, 20);
  zt::fuzz::Check(today.has_value(), "bad date");
  auto report = zt::service::VerifyDocument(verifier.signer, verifier.crypto, *document,
                                            verifier.keys, std::nullopt, *today);
  // Nobody outside this process holds the keys, so no input can carry a valid signature.
  zt::fuzz::Check(!report.verdict.valid, "a document the harness never signed verified", json);
  return 0;
}
