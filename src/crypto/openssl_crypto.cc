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

}  // namespace zt::crypto
