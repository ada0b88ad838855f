#include "zt/crypto/openssl_crypto.h"

#include "zt/crypto/crypto.h"

namespace zt::crypto {

Result<std::string> OpenSslCrypto::HashPassword(std::string_view password) {
  return crypto::HashPassword(password);
}

Result<bool> OpenSslCrypto::VerifyPassword(std::string_view password, std::string_view phc) {
  return crypto::VerifyPassword(password, phc);
}

std::string OpenSslCrypto::RandomToken(std::size_t bytes) { return crypto::RandomToken(bytes); }

std::string OpenSslCrypto::Digest(std::string_view data) { return Sm3Hex(data); }

std::string OpenSslCrypto::RandomBytes(std::size_t bytes) { return crypto::RandomBytes(bytes); }

Result<std::string> OpenSslCrypto::Hmac(std::string_view algorithm, std::string_view key,
                                        std::string_view data) {
  return crypto::Hmac(algorithm, key, data);
}

}  // namespace zt::crypto
