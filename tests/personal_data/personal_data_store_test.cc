// Personal data at rest (docs/security.md "Personal data"; RELIABILITY.md PRIV-03, PRIV-04):
// the seeded demo city, read back through the store, holds ID and mobile numbers; the raw
// database (SQLite's file and WAL, every row of PostgreSQL's schema) holds none of them in
// plain text; lookups by number go through the blind index; a changed ciphertext is refused;
// plain rows from before migration 12 are sealed at the next start. Built twice (sqlite./pg.).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include "number_scan.h"
#include "store_test_db.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/seed/seed.h"
#include "zt/service/hotline_store.h"
#include "zt/service/licence_store.h"

namespace zt {
namespace {

using testing::CollectThroughTheStore;
using testing::KnownNumbers;
using testing::StoreTestDatabase;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Everything the database keeps: SQLite's main file and WAL byte for byte; for PostgreSQL
// every row of every table of the test's schema, as the server renders it.
std::string RawContent(StoreTestDatabase& db) {
  std::string url = db.Url();
  if (db.backend() == "sqlite") {
    std::string path = url.substr(std::string("sqlite:").size());
    return ReadFile(path) + ReadFile(path + "-wal");
  }
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(url.c_str()), &PQfinish);
  EXPECT_EQ(PQstatus(conn.get()), CONNECTION_OK) << PQerrorMessage(conn.get());
  std::unique_ptr<PGresult, decltype(&PQclear)> r(
      PQexec(conn.get(), "SELECT schema_to_xml(current_schema(), true, false, '')"), &PQclear);
  EXPECT_EQ(PQresultStatus(r.get()), PGRES_TUPLES_OK) << PQerrorMessage(conn.get());
  return PQntuples(r.get()) == 1 ? std::string(PQgetvalue(r.get(), 0, 0)) : std::string();
}

std::vector<std::string> PlainHits(const std::string& raw, const KnownNumbers& known) {
  std::vector<std::string> hits;
  for (const auto* set : {&known.id_numbers, &known.phones}) {
    for (const std::string& n : *set) {
      if (raw.find(n) != std::string::npos) hits.push_back(n);
    }
  }
  return hits;
}

class PersonalDataStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Licences are only issued with a key-encryption key for the signing keys.
    setenv("ZT_LICENCE_KEK", "personal-data-test-kek", 1);
  }

  void Seed(service::Store& store) {
    seed::SeedOptions options;
    options.applications = 24;
    options.demo_password = "demo-password-123";
    options.now = *ParseInstant("2025-11-20T10:00:00+08:00");
    auto seeded = seed::SeedDemoCity(store, crypto_, options);
    ASSERT_TRUE(seeded) << seeded.error().ToString();
  }

  std::unique_ptr<StoreTestDatabase> db_ = testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND);
  std::unique_ptr<service::Store> store_ = testing::OpenMigratedOrThrow(*db_);
  crypto::OpenSslCrypto crypto_;
};

TEST_F(PersonalDataStoreTest, TheSeededCityHasNoPlainIdOrMobileNumberAtRest) {
  ASSERT_NO_FATAL_FAILURE(Seed(*store_));
  KnownNumbers known = CollectThroughTheStore(*store_);
  // The scan means something only if every kind of holder was seeded and read back plain.
  EXPECT_GE(known.applications, 24);
  EXPECT_GE(known.accounts, 8);
  EXPECT_GT(known.orders_with_phone, 0);
  EXPECT_GT(known.person_licences, 0);
  EXPECT_GE(known.id_numbers.size(), 8u);
  EXPECT_GE(known.phones.size(), 8u);
  std::string raw = RawContent(*db_);
  ASSERT_GT(raw.size(), 10000u);
  EXPECT_NE(raw.find("zt1i:"), std::string::npos);  // the sealed values are there
  std::vector<std::string> hits = PlainHits(raw, known);
  EXPECT_TRUE(hits.empty()) << hits.size() << " plain numbers at rest, first " << hits.front();
  std::printf(
      "[figures] %s: %zu ID numbers and %zu mobile numbers seeded, %zu bytes scanned, "
      "%zu found in plain\n",
      std::string(db_->backend()).c_str(), known.id_numbers.size(), known.phones.size(), raw.size(),
      hits.size());
}

TEST_F(PersonalDataStoreTest, LookupsByNumberGoThroughTheBlindIndex) {
  ASSERT_NO_FATAL_FAILURE(Seed(*store_));
  auto tx = store_->Begin();
  ASSERT_TRUE(tx);
  // Every order, then the orders of one caller: the filter must find exactly that caller's.
  service::OrderQuery all;
  all.limit = 100;
  auto orders = (*tx)->hotline().ListOrders(all);
  ASSERT_TRUE(orders) << orders.error().ToString();
  std::map<std::string, int> per_phone;
  for (const auto& o : orders->items) {
    if (!o.caller_phone.empty()) ++per_phone[o.caller_phone];
  }
  ASSERT_FALSE(per_phone.empty());
  for (const auto& [phone, count] : per_phone) {
    service::OrderQuery one;
    one.caller_phone = phone;
    one.limit = 100;
    auto found = (*tx)->hotline().ListOrders(one);
    ASSERT_TRUE(found) << found.error().ToString();
    EXPECT_EQ(found->total, count) << phone;
    for (const auto& o : found->items) EXPECT_EQ(o.caller_phone, phone);
  }
  // The same with spaces and dashes (the index normalises the number).
  const std::string& phone = per_phone.begin()->first;
  service::OrderQuery spaced;
  spaced.caller_phone = phone.substr(0, 3) + " " + phone.substr(3, 4) + "-" + phone.substr(7);
  EXPECT_EQ((*tx)->hotline().ListOrders(spaced)->total, per_phone.begin()->second);
  service::OrderQuery nobody;
  nobody.caller_phone = "13900000000";
  EXPECT_EQ((*tx)->hotline().ListOrders(nobody)->total, 0);

  service::LicenceQuery licences;
  licences.limit = 100;
  auto issued = (*tx)->licences().ListLicences(licences);
  ASSERT_TRUE(issued);
  ASSERT_FALSE(issued->items.empty());
  const std::string holder = issued->items.front().content.holder_id;
  service::LicenceQuery by_holder;
  by_holder.holder_id = holder;
  by_holder.limit = 100;
  auto held = (*tx)->licences().ListLicences(by_holder);
  ASSERT_TRUE(held);
  EXPECT_GE(held->total, 1);
  for (const auto& l : held->items) EXPECT_EQ(l.content.holder_id, holder);
}

TEST_F(PersonalDataStoreTest, AChangedCiphertextIsRefusedNotReadAsGarbage) {
  ASSERT_NO_FATAL_FAILURE(Seed(*store_));
  KnownNumbers known = CollectThroughTheStore(*store_);
  ASSERT_FALSE(known.id_numbers.empty());
  // One character of every sealed phone is changed behind the store's back.
  ASSERT_TRUE(db_->ExecRaw(
      "UPDATE accounts SET phone = substr(phone, 1, 20) || "
      "CASE WHEN substr(phone, 21, 1) = 'A' THEN 'B' ELSE 'A' END || substr(phone, 22) "
      "WHERE phone <> ''"));
  auto tx = store_->Begin();
  ASSERT_TRUE(tx);
  auto account = (*tx)->FindAccountByUsername(*known.id_numbers.begin());
  ASSERT_FALSE(account) << "a tampered phone was read as " << (*account ? (*account)->phone : "");
  EXPECT_EQ(account.error().key(), "store.field_tampered");
}

TEST_F(PersonalDataStoreTest, PlainRowsFromBeforeMigration12AreSealedAtTheNextStart) {
  const std::string id_number = "11010519491231002X";
  const std::string phone = "13912345678";
  {
    auto tx = store_->Begin();
    ASSERT_TRUE(tx);
    ASSERT_TRUE((*tx)->PutRegion({"110105", "朝阳区", "", "county"}));
    service::AccountRecord a;
    a.id = AccountId("a-legacy");
    a.username = id_number;
    a.display_name = "旧数据";
    a.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";
    a.role = accounts::Role::kCitizen;
    a.region_code = "110105";
    a.id_number = id_number;
    a.phone = phone;
    a.created_at = a.password_changed_at = *ParseInstant("2025-11-20T10:00:00+08:00");
    a.version = 1;
    ASSERT_TRUE((*tx)->InsertAccount(a));
    ASSERT_TRUE((*tx)->Commit());
  }
  KnownNumbers known;
  known.id_numbers = {id_number};
  known.phones = {phone};
  // As an older build wrote it: every column in plain text.
  ASSERT_TRUE(
      db_->ExecRaw("UPDATE accounts SET id_number = '11010519491231002X', "
                   "phone = '13912345678', username = '11010519491231002X', "
                   "totp_secret = 'JBSWY3DPEHPK3PXP' WHERE id = 'a-legacy'"));
  if (db_->backend() == "postgres") {
    EXPECT_EQ(PlainHits(RawContent(*db_), known).size(), 2u);  // the scan sees plain text
  }
  store_.reset();
  store_ = testing::OpenMigratedOrThrow(*db_);  // the next start
  if (db_->backend() == "sqlite") {
    // Old row versions stay in free pages and the WAL until they are reused; VACUUM (which the
    // operator runs after upgrading, docs/security.md) rewrites the file.
    ASSERT_TRUE(db_->ExecRaw("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);"));
  }
  EXPECT_TRUE(PlainHits(RawContent(*db_), known).empty());
  EXPECT_EQ(RawContent(*db_).find("JBSWY3DPEHPK3PXP"), std::string::npos);
  auto tx = store_->Begin();
  ASSERT_TRUE(tx);
  auto account = (*tx)->FindAccountByUsername(id_number);
  ASSERT_TRUE(account) << account.error().ToString();
  ASSERT_TRUE(*account);
  EXPECT_EQ((*account)->username, id_number);
  EXPECT_EQ((*account)->id_number, id_number);
  EXPECT_EQ((*account)->phone, phone);
  EXPECT_EQ((*account)->totp_secret, "JBSWY3DPEHPK3PXP");
}

}  // namespace
}  // namespace zt
