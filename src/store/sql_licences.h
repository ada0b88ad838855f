// Private to the store module: the SQL of electronic licences (service/licence_store.h), over
// the unit of work's statements.
#pragma once

#include "sql_support.h"
#include "zt/service/licence_store.h"

namespace zt::store::internal {

class SqlLicenceStore final : public service::LicenceStore {
 public:
  explicit SqlLicenceStore(Statements& sql) : sql_(sql) {}

  Status InsertType(const licence::LicenceType& type, Instant now) override;
  Status UpdateType(const licence::LicenceType& type, std::int64_t expected_version,
                    Instant now) override;
  Result<std::optional<licence::LicenceType>> FindType(std::string_view code) override;
  Result<std::vector<licence::LicenceType>> ListTypes(std::string_view department_id) override;

  Status InsertKey(const service::LicenceKeyRecord& key) override;
  Status RetireKeys(std::string_view algorithm, Instant until) override;
  Result<std::vector<service::LicenceKeyRecord>> ListKeys() override;
  Result<std::optional<service::LicenceKeyRecord>> FindKey(std::string_view key_id) override;

  Status InsertLicence(const service::LicenceRecord& licence) override;
  Status UpdateLicenceStatus(std::string_view id, licence::LicenceStatus status,
                             std::int64_t expected_version, Instant now) override;
  Result<std::optional<service::LicenceRecord>> FindLicence(std::string_view id) override;
  Result<std::optional<service::LicenceRecord>> FindLicenceByCase(
      std::string_view case_id) override;
  Result<service::Page<service::LicenceRecord>> ListLicences(
      const service::LicenceQuery& query) override;
  Result<std::vector<std::int64_t>> StatusIndices(licence::LicenceStatus status) override;

  Status InsertStatusChange(const service::LicenceStatusChange& change) override;
  Result<std::vector<service::LicenceStatusChange>> ListStatusChanges(
      std::string_view licence_id) override;

  Status InsertUse(const service::LicenceUse& use) override;
  Result<std::vector<service::LicenceUse>> ListUsesByCase(std::string_view case_id) override;
  Result<std::vector<service::LicenceUse>> ListUsesByHolder(std::string_view holder_id) override;
  Result<std::vector<service::LicenceUse>> ListAllUses() override;

  Result<std::vector<service::LicenceTypeCounts>> CountByType(Instant from, Instant to) override;

  Status InsertRepresentative(const service::OrganisationRepresentative& r) override;
  Status EndRepresentative(const service::OrganisationRepresentative& r,
                           std::int64_t expected_version) override;
  Result<std::optional<service::OrganisationRepresentative>> FindRepresentative(
      std::string_view id) override;
  Result<std::vector<service::OrganisationRepresentative>> ListRepresentatives(
      std::string_view id_number, std::string_view credit_code) override;

 private:
  Statements& sql_;
};

}  // namespace zt::store::internal
