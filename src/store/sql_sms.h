// Private to the store module: the SQL of SMS one-time codes (service/sms_store.h), over the
// unit of work's statements.
#pragma once

#include "sql_support.h"
#include "zt/service/sms_store.h"

namespace zt::store::internal {

class SqlSmsStore final : public service::SmsStore {
 public:
  explicit SqlSmsStore(Statements& sql) : sql_(sql) {}

  std::string KeyedDigest(std::string_view text) override;
  Status InsertCode(const service::SmsCodeRecord& code) override;
  Status UpdateCode(const service::SmsCodeRecord& code, std::int64_t expected_version) override;
  Result<std::optional<service::SmsCodeRecord>> LatestCode(std::string_view phone_key) override;
  Result<std::vector<Instant>> RequestsForNumberSince(std::string_view phone_key,
                                                      Instant since) override;
  Result<std::vector<Instant>> RequestsFromAddressSince(std::string_view source_ip,
                                                        Instant since) override;
  Result<std::vector<AccountId>> CitizensWithPhone(std::string_view phone) override;

 private:
  Statements& sql_;
};

}  // namespace zt::store::internal
