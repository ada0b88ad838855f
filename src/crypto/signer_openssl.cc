#include "zt/crypto/signer_openssl.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>
#include <utility>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "zt/crypto/crypto.h"

namespace zt::crypto {
namespace {

using service::kEd25519;
using service::kSm2DistinguishingId;
using service::kSm2Sm3;

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
using Pkey = std::shared_ptr<EVP_PKEY>;

Pkey Share(EVP_PKEY* p) { return Pkey(p, PkeyFree{}); }

auto UnknownAlgorithm() {
  return FieldFail("/algorithm", "licence.algorithm", "the algorithm is SM2-SM3 or Ed25519");
}

bool KnownAlgorithm(std::string_view a) { return a == kSm2Sm3 || a == kEd25519; }

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

Pkey ReadPublic(std::string_view pem) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return nullptr;
  return Share(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
}

// The algorithm a key really is, so a key of one kind is never used under the other's name.
bool IsOfAlgorithm(EVP_PKEY* key, std::string_view algorithm) {
  if (algorithm == kSm2Sm3) return EVP_PKEY_is_a(key, "SM2") == 1;
  if (algorithm == kEd25519) return EVP_PKEY_is_a(key, "ED25519") == 1;
  return false;
}

Result<std::string> PublicKeyId(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  int n = i2d_PUBKEY(key, &der);
  if (n <= 0) return Fail(ErrorCode::kInternal, "crypto.internal", "cannot encode a public key");
  std::string spki(reinterpret_cast<char*>(der), static_cast<std::size_t>(n));
  OPENSSL_free(der);
  return Sm3Hex(spki).substr(0, 32);
}

// An MD context ready to sign or verify with `key` under `algorithm`.
std::unique_ptr<EVP_MD_CTX, MdCtxFree> Context(EVP_PKEY* key, std::string_view algorithm,
                                               bool sign) {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> md(EVP_MD_CTX_new());
  if (!md) return nullptr;
  if (algorithm == kSm2Sm3) {
    EVP_PKEY_CTX* pctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr);
    if (pctx == nullptr) return nullptr;
    // The distinguishing ID enters the Z value that SM2 hashes with the message.
    if (EVP_PKEY_CTX_set1_id(pctx, kSm2DistinguishingId.data(), kSm2DistinguishingId.size()) != 1) {
      EVP_PKEY_CTX_free(pctx);
      return nullptr;
    }
    EVP_MD_CTX_set_pkey_ctx(md.get(), pctx);  // md now owns pctx
    int ok = sign ? EVP_DigestSignInit(md.get(), nullptr, EVP_sm3(), nullptr, key)
                  : EVP_DigestVerifyInit(md.get(), nullptr, EVP_sm3(), nullptr, key);
    if (ok != 1) {
      EVP_MD_CTX_set_pkey_ctx(md.get(), nullptr);
      EVP_PKEY_CTX_free(pctx);
      return nullptr;
    }
    return md;
  }
  int ok = sign ? EVP_DigestSignInit(md.get(), nullptr, nullptr, nullptr, key)
                : EVP_DigestVerifyInit(md.get(), nullptr, nullptr, nullptr, key);
  return ok == 1 ? std::move(md) : nullptr;
}

}  // namespace

struct OpenSslSigner::Cache {
  std::mutex mu;
  std::map<std::string, Pkey> private_keys;  // by key id
  std::map<std::string, Pkey> public_keys;   // by PEM text
};

Result<std::string> KekFromEnvironment() {
  std::string kek;
  if (const char* v = std::getenv("ZT_LICENCE_KEK"); v != nullptr && *v != '\0') {
    kek = v;
  } else if (const char* f = std::getenv("ZT_LICENCE_KEK_FILE"); f != nullptr && *f != '\0') {
    std::ifstream in(f);
    if (!in)
      return Fail(ErrorCode::kNotFound, "licence.kek_file", "cannot read ZT_LICENCE_KEK_FILE");
    std::getline(in, kek);
    if (!kek.empty() && kek.back() == '\r') kek.pop_back();
  } else {
    return std::string();
  }
  if (kek.size() < kMinKekLength) {
    return Fail(ErrorCode::kInvalidArgument, "licence.kek_short",
                "the licence key-encryption key needs at least 16 characters");
  }
  return kek;
}

OpenSslSigner::OpenSslSigner(std::string kek, unsigned threads)
    : kek_(std::move(kek)),
      threads_(threads != 0 ? threads : std::max(1u, std::thread::hardware_concurrency())),
      cache_(std::make_unique<Cache>()) {}

OpenSslSigner::~OpenSslSigner() = default;

Result<std::string> OpenSslSigner::KeyIdOf(std::string_view public_key_pem) {
  Pkey key = ReadPublic(public_key_pem);
  if (!key) return FieldFail("/public_key_pem", "licence.public_key", "not a PEM public key");
  return PublicKeyId(key.get());
}

Result<service::NewSigningKey> OpenSslSigner::GenerateKey(std::string_view algorithm) {
  if (!KnownAlgorithm(algorithm)) return UnknownAlgorithm();
  if (!can_sign()) {
    return Fail(ErrorCode::kFailedPrecondition, "licence.signing_unavailable",
                "no licence key-encryption key is configured (ZT_LICENCE_KEK)");
  }
  Pkey key = Share(EVP_PKEY_Q_keygen(nullptr, nullptr, algorithm == kSm2Sm3 ? "SM2" : "ED25519"));
  if (!key) return Fail(ErrorCode::kInternal, "crypto.internal", "key generation failed");
  service::NewSigningKey out;
  out.algorithm = std::string(algorithm);
  ZT_ASSIGN_OR_RETURN(out.key_id, PublicKeyId(key.get()));
  std::unique_ptr<BIO, BioFree> pub(BIO_new(BIO_s_mem()));
  std::unique_ptr<BIO, BioFree> priv(BIO_new(BIO_s_mem()));
  if (!pub || !priv || PEM_write_bio_PUBKEY(pub.get(), key.get()) != 1 ||
      PEM_write_bio_PKCS8PrivateKey(priv.get(), key.get(), EVP_aes_256_cbc(), kek_.data(),
                                    static_cast<int>(kek_.size()), nullptr, nullptr) != 1) {
    return Fail(ErrorCode::kInternal, "crypto.internal", "cannot encode the new key");
  }
  out.public_key_pem = BioText(pub.get());
  out.sealed_private_key = BioText(priv.get());
  std::lock_guard lock(cache_->mu);
  cache_->private_keys[out.key_id] = key;
  return out;
}

Result<std::shared_ptr<EVP_PKEY>> OpenSslSigner::OpenKey(const service::SigningKeyRef& ref) {
  if (!KnownAlgorithm(ref.algorithm)) return UnknownAlgorithm();
  if (!can_sign()) {
    return Fail(ErrorCode::kFailedPrecondition, "licence.signing_unavailable",
                "no licence key-encryption key is configured (ZT_LICENCE_KEK)");
  }
  Pkey key;
  {
    std::lock_guard lock(cache_->mu);
    auto it = cache_->private_keys.find(ref.key_id);
    if (it != cache_->private_keys.end()) key = it->second;
  }
  if (key) return key;
  // Unsealing runs PBKDF2 (about a millisecond or more): once per key per process, never per
  // signature.
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(
      ref.sealed_private_key.data(), static_cast<int>(ref.sealed_private_key.size())));
  // With no callback, OpenSSL takes the last argument as the NUL-terminated passphrase.
  if (bio) key = Share(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, kek_.data()));
  if (!key || !IsOfAlgorithm(key.get(), ref.algorithm)) {
    return Fail(ErrorCode::kFailedPrecondition, "licence.key_unsealable",
                "the signing key cannot be opened with the configured key-encryption key");
  }
  std::lock_guard lock(cache_->mu);
  cache_->private_keys[ref.key_id] = key;
  return key;
}

namespace {

// Signs one input after another with one context: the context (and for SM2 the
// distinguishing ID set on it) is made once and re-initialised per signature, which OpenSSL
// allows and which saves the provider look-ups of a fresh context.
class SigningSession {
 public:
  SigningSession(EVP_PKEY* key, std::string_view algorithm) : key_(key), algorithm_(algorithm) {}

  std::optional<std::string> Sign(std::string_view data) {
    if (!md_) {
      md_ = Context(key_, algorithm_, /*sign=*/true);
      if (!md_) return std::nullopt;
    } else if (EVP_DigestSignInit(md_.get(), nullptr, algorithm_ == kSm2Sm3 ? EVP_sm3() : nullptr,
                                  nullptr, key_) != 1) {
      return std::nullopt;
    }
    std::size_t n = 0;
    const auto* in = reinterpret_cast<const unsigned char*>(data.data());
    if (EVP_DigestSign(md_.get(), nullptr, &n, in, data.size()) != 1) return std::nullopt;
    std::string sig(n, '\0');
    if (EVP_DigestSign(md_.get(), reinterpret_cast<unsigned char*>(sig.data()), &n, in,
                       data.size()) != 1) {
      return std::nullopt;
    }
    sig.resize(n);
    return sig;
  }

 private:
  EVP_PKEY* key_;
  std::string_view algorithm_;
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> md_;
};

auto SigningFailed() { return Fail(ErrorCode::kInternal, "crypto.internal", "signing failed"); }

}  // namespace

Result<std::string> OpenSslSigner::Sign(const service::SigningKeyRef& ref, std::string_view data) {
  ZT_ASSIGN_OR_RETURN(Pkey key, OpenKey(ref));
  SigningSession session(key.get(), ref.algorithm);
  auto sig = session.Sign(data);
  if (!sig) return SigningFailed();
  return std::move(*sig);
}

Result<std::vector<std::string>> OpenSslSigner::SignMany(const service::SigningKeyRef& ref,
                                                         std::span<const std::string> data) {
  ZT_ASSIGN_OR_RETURN(Pkey key, OpenKey(ref));
  std::vector<std::string> out(data.size());
  // A few dozen signatures are not worth a thread; beyond that one worker per core, each with
  // its own context, taking the next index from a shared counter.
  std::size_t workers = std::min<std::size_t>(threads_, (data.size() + 31) / 32);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  auto work = [&] {
    SigningSession session(key.get(), ref.algorithm);
    for (std::size_t i = next++; i < data.size() && !failed; i = next++) {
      auto sig = session.Sign(data[i]);
      if (!sig) {
        failed = true;
        return;
      }
      out[i] = std::move(*sig);
    }
  };
  if (workers <= 1) {
    work();
  } else {
    std::vector<std::jthread> pool;
    pool.reserve(workers - 1);
    for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work);
    work();
  }  // the jthreads join here
  if (failed) return SigningFailed();
  return out;
}

Result<bool> OpenSslSigner::Verify(std::string_view algorithm, std::string_view public_key_pem,
                                   std::string_view data, std::string_view signature) {
  if (!KnownAlgorithm(algorithm)) return UnknownAlgorithm();
  Pkey key;
  std::string pem(public_key_pem);
  {
    std::lock_guard lock(cache_->mu);
    auto it = cache_->public_keys.find(pem);
    if (it != cache_->public_keys.end()) key = it->second;
  }
  if (!key) {
    key = ReadPublic(pem);
    if (!key) return false;
    std::lock_guard lock(cache_->mu);
    if (cache_->public_keys.size() > 1000) cache_->public_keys.clear();
    cache_->public_keys[pem] = key;
  }
  if (!IsOfAlgorithm(key.get(), algorithm)) return false;
  auto md = Context(key.get(), algorithm, /*sign=*/false);
  if (!md) return false;
  return EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                          data.size()) == 1;
}

}  // namespace zt::crypto
