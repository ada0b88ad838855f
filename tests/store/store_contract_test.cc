// The store contract: one suite, run against every backend. ZT_STORE_TEST_BACKEND picks
// the backend this binary instantiates ("sqlite" for store_sqlite_tests, label unit;
// "postgres" for store_pg_tests, label pg).

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "store_test_db.h"
#include "zt/service/store.h"
#include "zt/store/event_chain.h"
#include "zt/store/open.h"

#ifndef ZT_STORE_TEST_BACKEND
#error "define ZT_STORE_TEST_BACKEND as \"sqlite\" or \"postgres\""
#endif

namespace zt::store {
namespace {

using service::AccountRecord;
using service::CaseQuery;
using service::Department;
using service::EventDraft;
using service::EventRecord;
using service::IdempotencyRecord;
using service::ItemQuery;
using service::Region;
using service::SessionRecord;
using service::Store;
using service::UnitOfWork;

#define ASSERT_OK(expr)                                                          \
  do {                                                                           \
    auto&& zt_r_ = (expr);                                                       \
    ASSERT_TRUE(zt_r_.has_value()) << #expr << ": " << zt_r_.error().ToString(); \
  } while (false)
#define EXPECT_CODE(expr, expected_code)                                         \
  do {                                                                           \
    auto&& zt_r_ = (expr);                                                       \
    ASSERT_FALSE(zt_r_.has_value()) << #expr << " succeeded";                    \
    EXPECT_EQ(ErrorCodeName(zt_r_.error().code()), ErrorCodeName(expected_code)) \
        << zt_r_.error().ToString();                                             \
  } while (false)

Instant At(std::int64_t ms) { return Instant(std::chrono::milliseconds(ms)); }
constexpr std::int64_t kT0 = 1'763'800'000'000;  // 2025-11-22, a Saturday in Zhanjiang

Date D(int y, unsigned m, unsigned d) { return *Date::FromYmd(y, m, d); }

AccountRecord MakeAccount(std::string id, std::string username) {
  AccountRecord a;
  a.id = AccountId(std::move(id));
  a.username = std::move(username);
  a.display_name = "张三";
  a.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
  a.role = accounts::Role::kWindowClerk;
  a.region_code = "440802";
  a.department_id = DepartmentId("d-ck-sj");
  a.phone = "13800138000";
  a.must_change_password = true;
  a.failed_logins = 2;
  a.created_at = At(kT0);
  a.password_changed_at = At(kT0 + 5);
  a.version = 1;
  return a;
}

catalog::ServiceItem MakeItem(std::string id, std::string code, std::string name,
                              std::string region, std::string dept,
                              catalog::ItemStatus status = catalog::ItemStatus::kPublished) {
  catalog::ServiceItem i;
  i.id = ItemId(std::move(id));
  i.code = std::move(code);
  i.name = std::move(name);
  i.type = catalog::ItemType::kConfirmation;
  i.department_id = DepartmentId(std::move(dept));
  i.region_code = std::move(region);
  i.statutory_limit_wd = 20;
  i.promised_limit_wd = 5;
  i.case_kind = catalog::CaseKind::kPromised;
  i.online = false;
  i.materials = {{"身份证", true, "原件"}, {"营业执照", false, "", true, "B", "business-licence"}};
  i.status = status;
  i.version = 1;
  i.created_at = At(kT0);
  i.updated_at = At(kT0 + 1);
  return i;
}

caseflow::ApplicationCase MakeCase(std::string id, std::string region, std::string dept,
                                   std::optional<Date> deadline, std::int64_t submitted_ms,
                                   std::string state = "submitted") {
  caseflow::ApplicationCase c;
  c.id = CaseId(id);
  c.receipt_no = region + "-20251122-" + id;
  c.item_id = ItemId("i-1");
  c.item_code = "11440800MB2D12345X";
  c.item_name = "个体工商户登记";
  c.department_id = DepartmentId(std::move(dept));
  c.region_code = std::move(region);
  c.state = std::move(state);
  c.applicant_account = AccountId("a-citizen");
  c.applicant_name = "李四";
  c.applicant_id_number = "11010519491231002X";
  c.applicant_phone = "13900139000";
  c.channel = "window";
  c.form_json = R"({"shop":"湛江小店"})";
  c.statutory_limit_wd = 20;
  c.promised_limit_wd = 5;
  c.submitted_at = At(submitted_ms);
  c.promised_deadline = deadline;
  return c;
}

EventDraft MakeEvent(std::string object_id, std::string action, int n) {
  EventDraft e;
  e.at = At(kT0 + n);
  e.action = std::move(action);
  e.object_type = "application";
  e.object_id = std::move(object_id);
  e.actor_id = AccountId("a-clerk");
  e.actor_role = "window_clerk";
  e.actor_region = "440802";
  e.request_id = "req-" + std::to_string(n);
  e.source_ip = "10.0.0.1";
  e.details = {{"note", "材料齐全 #" + std::to_string(n)}, {"a", "first"}, {"0", "zero"}};
  return e;
}

class StoreContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto db = testing::StoreTestDatabase::Create(GetParam());
    if (!db && db.error().key() == "test.no_pg") GTEST_SKIP() << db.error().detail();
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    auto store = db_->Open();
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    store_ = std::move(*store);
    auto version = store_->Migrate();
    ASSERT_TRUE(version.has_value()) << version.error().ToString();
    schema_version_ = *version;
  }

  std::unique_ptr<UnitOfWork> Begin() {
    auto tx = store_->Begin();
    EXPECT_TRUE(tx.has_value()) << tx.error().ToString();
    return tx ? std::move(*tx) : nullptr;
  }

  // Appends `n` events in one committed unit of work each.
  void AppendEvents(int n, const std::string& object_id = "c-1") {
    for (int i = 1; i <= n; ++i) {
      auto tx = Begin();
      ASSERT_NE(tx, nullptr);
      ASSERT_OK(tx->AppendEvent(MakeEvent(object_id, "application.step", i)));
      ASSERT_OK(tx->Commit());
    }
  }

  service::ChainReport Verify() {
    auto report = store_->VerifyChain();
    EXPECT_TRUE(report.has_value()) << report.error().ToString();
    return report.value_or(service::ChainReport{});
  }

  std::unique_ptr<testing::StoreTestDatabase> db_;
  std::unique_ptr<Store> store_;
  int schema_version_ = 0;  // what the first Migrate() reached
};

// ---- Schema and lifecycle ------------------------------------------------------------------

TEST_P(StoreContractTest, MigrateTwiceIsHarmless) {
  auto again = store_->Migrate();
  ASSERT_OK(again);
  EXPECT_GE(*again, 2);  // 2 added login lockout and TOTP to accounts
  EXPECT_EQ(*again, schema_version_);
  EXPECT_EQ(store_->backend(), GetParam());
  ASSERT_OK(store_->Ping());
}

TEST_P(StoreContractTest, MigrateFromASecondStoreOnTheSameDatabaseIsHarmless) {
  auto other = db_->Open();
  ASSERT_OK(other);
  auto version = (*other)->Migrate();
  ASSERT_OK(version);
  EXPECT_EQ(*version, schema_version_);
}

TEST_P(StoreContractTest, CommittedDataSurvivesReopening) {
  {
    auto tx = Begin();
    ASSERT_OK(tx->InsertAccount(MakeAccount("a-1", "clerk1")));
    ASSERT_OK(tx->AppendEvent(MakeEvent("a-1", "account.created", 1)));
    ASSERT_OK(tx->Commit());
  }
  store_.reset();
  auto reopened = db_->Open();
  ASSERT_OK(reopened);
  ASSERT_OK((*reopened)->Migrate());
  auto tx = (*reopened)->Begin();
  ASSERT_OK(tx);
  auto found = (*tx)->FindAccountByUsername("clerk1");
  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  auto report = (*reopened)->VerifyChain();
  ASSERT_OK(report);
  EXPECT_TRUE(report->intact);
  EXPECT_EQ(report->entries, 1);
}

TEST_P(StoreContractTest, DestroyingWithoutCommitRollsEverythingBack) {
  {
    auto tx = Begin();
    ASSERT_OK(tx->PutRegion({"440802", "赤坎区", "440800", "county"}));
    ASSERT_OK(tx->InsertAccount(MakeAccount("a-1", "clerk1")));
    ASSERT_OK(tx->InsertItem(MakeItem("i-1", "ITEM-000001", "个体工商户登记", "440802", "d-1")));
    ASSERT_OK(tx->InsertCase(MakeCase("c-1", "440802", "d-1", std::nullopt, kT0)));
    ASSERT_OK(tx->PutIdempotency({"a-1:k1", "h", 201, "{}", At(kT0)}));
    auto seq = tx->NextSequence("receipt:440802:20251122");
    ASSERT_OK(seq);
    EXPECT_EQ(*seq, 1);
    ASSERT_OK(tx->AppendEvent(MakeEvent("c-1", "application.submitted", 1)));
  }  // no Commit
  auto tx = Begin();
  EXPECT_FALSE(tx->FindRegion("440802")->has_value());
  EXPECT_FALSE(tx->FindAccount(AccountId("a-1"))->has_value());
  EXPECT_FALSE(tx->FindItem(ItemId("i-1"))->has_value());
  EXPECT_FALSE(tx->FindCase(CaseId("c-1"))->has_value());
  EXPECT_FALSE(tx->FindIdempotency("a-1:k1")->has_value());
  EXPECT_EQ(*tx->CountAccounts(), 0);
  EXPECT_EQ(*tx->NextSequence("receipt:440802:20251122"), 1);  // the rolled-back 1 is reused
  EXPECT_TRUE(tx->ListEventsFor("application", "c-1")->empty());
  tx.reset();
  service::ChainReport report = Verify();
  EXPECT_TRUE(report.intact);
  EXPECT_EQ(report.entries, 0);
}

TEST_P(StoreContractTest, UnitOfWorkStaysUsableAfterADuplicateKey) {
  // SQLite undoes only the failed statement; PostgreSQL would poison the whole transaction
  // unless the store isolates the statement. Both must behave like SQLite.
  {
    auto tx = Begin();
    ASSERT_OK(tx->InsertAccount(MakeAccount("a-1", "clerk1")));
    ASSERT_OK(tx->Commit());
  }
  auto tx = Begin();
  EXPECT_CODE(tx->InsertAccount(MakeAccount("a-2", "clerk1")), ErrorCode::kAlreadyExists);
  ASSERT_OK(tx->InsertAccount(MakeAccount("a-3", "clerk3")));
  ASSERT_OK(tx->AppendEvent(MakeEvent("a-3", "account.created", 1)));
  ASSERT_OK(tx->Commit());
  auto check = Begin();
  EXPECT_EQ(*check->CountAccounts(), 2);
  EXPECT_TRUE(Verify().intact);
}

TEST_P(StoreContractTest, NothingWorksAfterCommit) {
  auto tx = Begin();
  ASSERT_OK(tx->Commit());
  EXPECT_CODE(tx->Commit(), ErrorCode::kFailedPrecondition);
  EXPECT_CODE(tx->InsertAccount(MakeAccount("a-1", "x")), ErrorCode::kFailedPrecondition);
  EXPECT_CODE(tx->FindAccount(AccountId("a-1")), ErrorCode::kFailedPrecondition);
}

TEST_P(StoreContractTest, OpenStoreRejectsUnknownSchemes) {
  EXPECT_CODE(OpenStore("mysql://localhost/zt"), ErrorCode::kInvalidArgument);
  EXPECT_CODE(OpenStore("var/zhengtong.db"), ErrorCode::kInvalidArgument);
  EXPECT_CODE(OpenSqliteStore(":memory:"), ErrorCode::kInvalidArgument);
}

TEST_P(StoreContractTest, UnreachablePostgresIsUnavailable) {
  EXPECT_CODE(OpenStore("postgresql://zt@127.0.0.1:1/zt?connect_timeout=2"),
              ErrorCode::kUnavailable);
}

// ---- Regions and departments ---------------------------------------------------------------

TEST_P(StoreContractTest, RegionsArePutFoundListedAndReplaced) {
  auto tx = Begin();
  ASSERT_OK(tx->PutRegion({"440800", "湛江市", "440000", "prefecture"}));
  ASSERT_OK(tx->PutRegion({"440803", "霞山区", "440800", "county"}));
  ASSERT_OK(tx->PutRegion({"440802", "赤坎区", "440800", "county"}));
  ASSERT_OK(tx->PutRegion({"440802", "赤坎区(新)", "440800", "county"}));  // replace
  auto found = tx->FindRegion("440802");
  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->name, "赤坎区(新)");
  EXPECT_EQ((*found)->parent_code, "440800");
  EXPECT_EQ((*found)->level, "county");
  EXPECT_FALSE(tx->FindRegion("440804")->has_value());
  auto all = tx->ListRegions();
  ASSERT_OK(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].code, "440800");
  EXPECT_EQ((*all)[1].code, "440802");
  EXPECT_EQ((*all)[2].code, "440803");
}

TEST_P(StoreContractTest, DepartmentsAreListedByRegionPrefix) {
  auto tx = Begin();
  ASSERT_OK(tx->PutDepartment(
      {DepartmentId("d-city"), "湛江市市场监督管理局", "市监局", "440800", "11440800MB2D12345X"}));
  ASSERT_OK(
      tx->PutDepartment({DepartmentId("d-ck"), "赤坎区市场监督管理局", "赤坎市监", "440802", ""}));
  ASSERT_OK(
      tx->PutDepartment({DepartmentId("d-xs"), "霞山区市场监督管理局", "霞山市监", "440803", ""}));
  ASSERT_OK(
      tx->PutDepartment({DepartmentId("d-gz"), "广州市市场监督管理局", "广州市监", "440100", ""}));
  auto found = tx->FindDepartment(DepartmentId("d-city"));
  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->short_name, "市监局");
  EXPECT_EQ((*found)->credit_code, "11440800MB2D12345X");
  EXPECT_FALSE(tx->FindDepartment(DepartmentId("d-none"))->has_value());
  EXPECT_EQ(tx->ListDepartments("")->size(), 4u);
  EXPECT_EQ(tx->ListDepartments("4408")->size(), 3u);
  auto chikan = tx->ListDepartments("440802");
  ASSERT_OK(chikan);
  ASSERT_EQ(chikan->size(), 1u);
  EXPECT_EQ((*chikan)[0].id.value(), "d-ck");
  EXPECT_TRUE(tx->ListDepartments("4409")->empty());
}

// ---- Accounts and sessions -----------------------------------------------------------------

TEST_P(StoreContractTest, AccountsRoundTripEveryField) {
  auto tx = Begin();
  AccountRecord a = MakeAccount("a-1", "clerk1");
  a.role = accounts::Role::kAuditAdmin;
  a.id_number = "11010519491231002X";
  a.disabled = true;
  a.locked_until = At(kT0 + 900);
  a.totp_secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
  a.totp_enabled = true;
  a.totp_last_step = 58312345;
  ASSERT_OK(tx->InsertAccount(a));
  ASSERT_OK(tx->Commit());
  auto tx2 = Begin();
  for (auto found : {tx2->FindAccount(AccountId("a-1")), tx2->FindAccountByUsername("clerk1")}) {
    ASSERT_OK(found);
    ASSERT_TRUE(found->has_value());
    const AccountRecord& b = **found;
    EXPECT_EQ(b.id, a.id);
    EXPECT_EQ(b.username, a.username);
    EXPECT_EQ(b.display_name, a.display_name);
    EXPECT_EQ(b.password_hash, a.password_hash);
    EXPECT_EQ(b.role, accounts::Role::kAuditAdmin);
    EXPECT_EQ(b.region_code, a.region_code);
    EXPECT_EQ(b.department_id, a.department_id);
    EXPECT_EQ(b.id_number, a.id_number);
    EXPECT_EQ(b.phone, a.phone);
    EXPECT_EQ(b.must_change_password, true);
    EXPECT_EQ(b.disabled, true);
    EXPECT_EQ(b.failed_logins, 2);
    EXPECT_EQ(b.created_at, a.created_at);
    EXPECT_EQ(b.password_changed_at, a.password_changed_at);
    EXPECT_EQ(b.locked_until, a.locked_until);
    EXPECT_EQ(b.totp_secret, a.totp_secret);
    EXPECT_EQ(b.totp_enabled, true);
    EXPECT_EQ(b.totp_last_step, 58312345);
    EXPECT_EQ(b.version, 1);
  }
  EXPECT_FALSE(tx2->FindAccountByUsername("nobody")->has_value());
  EXPECT_EQ(*tx2->CountAccounts(), 1);
}

TEST_P(StoreContractTest, EveryRoleIsStoredAndReadBack) {
  using accounts::Role;
  const Role roles[] = {Role::kCitizen,         Role::kWindowClerk,   Role::kReviewer,
                        Role::kDepartmentAdmin, Role::kBureauManager, Role::kSystemAdmin,
                        Role::kSecurityAdmin,   Role::kAuditAdmin};
  auto tx = Begin();
  int n = 0;
  for (Role r : roles) {
    AccountRecord a = MakeAccount("a-" + std::to_string(n), "u" + std::to_string(n));
    a.role = r;
    ASSERT_OK(tx->InsertAccount(a));
    auto back = tx->FindAccount(a.id);
    ASSERT_OK(back);
    EXPECT_EQ((*back)->role, r);
    ++n;
  }
}

TEST_P(StoreContractTest, DuplicateUsernameOrIdIsAlreadyExists) {
  auto tx = Begin();
  ASSERT_OK(tx->InsertAccount(MakeAccount("a-1", "clerk1")));
  EXPECT_CODE(tx->InsertAccount(MakeAccount("a-2", "clerk1")), ErrorCode::kAlreadyExists);
  EXPECT_CODE(tx->InsertAccount(MakeAccount("a-1", "clerk2")), ErrorCode::kAlreadyExists);
}

TEST_P(StoreContractTest, UpdateAccountChecksAndBumpsTheVersion) {
  {
    auto tx = Begin();
    ASSERT_OK(tx->InsertAccount(MakeAccount("a-1", "clerk1")));
    ASSERT_OK(tx->InsertAccount(MakeAccount("a-2", "clerk2")));
    ASSERT_OK(tx->Commit());
  }
  auto tx = Begin();
  AccountRecord a = **tx->FindAccount(AccountId("a-1"));
  a.failed_logins = 0;
  a.display_name = "王五";
  ASSERT_OK(tx->UpdateAccount(a, /*expected_version=*/1));
  AccountRecord b = **tx->FindAccount(AccountId("a-1"));
  EXPECT_EQ(b.version, 2);
  EXPECT_EQ(b.display_name, "王五");
  EXPECT_EQ(b.failed_logins, 0);
  EXPECT_CODE(tx->UpdateAccount(a, /*expected_version=*/1), ErrorCode::kAborted);
  EXPECT_CODE(tx->UpdateAccount(MakeAccount("a-9", "ghost"), 1), ErrorCode::kNotFound);
  b.username = "clerk2";  // taken by a-2
  EXPECT_CODE(tx->UpdateAccount(b, 2), ErrorCode::kAlreadyExists);
  ASSERT_OK(tx->Commit());
}

TEST_P(StoreContractTest, SessionsAreInsertedTouchedAndDeleted) {
  auto tx = Begin();
  ASSERT_OK(tx->InsertAccount(MakeAccount("a-1", "clerk1")));
  ASSERT_OK(tx->InsertAccount(MakeAccount("a-2", "clerk2")));
  SessionRecord s{"hash-1", AccountId("a-1"), At(kT0), At(kT0), At(kT0 + 43'200'000), "csrf-1"};
  ASSERT_OK(tx->InsertSession(s));
  ASSERT_OK(tx->InsertSession({"hash-2", AccountId("a-1"), At(kT0), At(kT0), At(kT0 + 1), "c2"}));
  ASSERT_OK(tx->InsertSession({"hash-3", AccountId("a-2"), At(kT0), At(kT0), At(kT0 + 1), "c3"}));
  EXPECT_CODE(tx->InsertSession(s), ErrorCode::kAlreadyExists);
  auto found = tx->FindSession("hash-1");
  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->account_id.value(), "a-1");
  EXPECT_EQ((*found)->expires_at, At(kT0 + 43'200'000));
  EXPECT_EQ((*found)->csrf_token, "csrf-1");
  ASSERT_OK(tx->TouchSession("hash-1", At(kT0 + 60'000)));
  EXPECT_EQ((*tx->FindSession("hash-1"))->last_seen_at, At(kT0 + 60'000));
  EXPECT_CODE(tx->TouchSession("hash-none", At(kT0)), ErrorCode::kNotFound);
  ASSERT_OK(tx->DeleteSession("hash-1"));
  EXPECT_FALSE(tx->FindSession("hash-1")->has_value());
  ASSERT_OK(tx->DeleteSession("hash-1"));  // deleting twice is fine
  ASSERT_OK(tx->DeleteSessionsOf(AccountId("a-1")));
  EXPECT_FALSE(tx->FindSession("hash-2")->has_value());
  EXPECT_TRUE(tx->FindSession("hash-3")->has_value());
}

// ---- Items ---------------------------------------------------------------------------------

TEST_P(StoreContractTest, ItemsRoundTripIncludingMaterials) {
  auto tx = Begin();
  catalog::ServiceItem i = MakeItem("i-1", "11440800-XK-001", "食品经营许可", "440800", "d-city");
  ASSERT_OK(tx->InsertItem(i));
  auto found = tx->FindItem(ItemId("i-1"));
  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  const catalog::ServiceItem& b = **found;
  EXPECT_EQ(b.code, i.code);
  EXPECT_EQ(b.name, i.name);
  EXPECT_EQ(b.type, catalog::ItemType::kConfirmation);
  EXPECT_EQ(b.department_id, i.department_id);
  EXPECT_EQ(b.region_code, "440800");
  EXPECT_EQ(b.statutory_limit_wd, 20);
  EXPECT_EQ(b.promised_limit_wd, 5);
  EXPECT_EQ(b.case_kind, catalog::CaseKind::kPromised);
  EXPECT_FALSE(b.online);
  ASSERT_EQ(b.materials.size(), 2u);
  EXPECT_EQ(b.materials[0].name, "身份证");
  EXPECT_EQ(b.materials[1].name, "营业执照");
  EXPECT_TRUE(b.materials[0].required);
  EXPECT_EQ(b.materials[0].note, "原件");
  EXPECT_FALSE(b.materials[1].required);
  EXPECT_FALSE(b.materials[0].secondary);
  EXPECT_EQ(b.materials[0].licence_type_code, "");
  EXPECT_TRUE(b.materials[1].secondary);
  EXPECT_EQ(b.materials[1].trust_grade, "B");
  EXPECT_EQ(b.materials[1].licence_type_code, "business-licence");
  EXPECT_EQ(b.status, catalog::ItemStatus::kPublished);
  EXPECT_EQ(b.version, 1);
  EXPECT_EQ(b.created_at, i.created_at);
  EXPECT_EQ(b.updated_at, i.updated_at);
  EXPECT_FALSE(tx->FindItem(ItemId("i-none"))->has_value());
}

TEST_P(StoreContractTest, DuplicateItemCodeIsAlreadyExists) {
  auto tx = Begin();
  ASSERT_OK(tx->InsertItem(MakeItem("i-1", "CODE-000001", "甲", "440800", "d")));
  EXPECT_CODE(tx->InsertItem(MakeItem("i-2", "CODE-000001", "乙", "440800", "d")),
              ErrorCode::kAlreadyExists);
}

TEST_P(StoreContractTest, UpdateItemWritesExpectedPlusOne) {
  auto tx = Begin();
  catalog::ServiceItem i = MakeItem("i-1", "CODE-000001", "甲", "440800", "d");
  ASSERT_OK(tx->InsertItem(i));
  i.name = "甲(修订)";
  i.status = catalog::ItemStatus::kWithdrawn;
  i.materials.clear();
  ASSERT_OK(tx->UpdateItem(i, /*expected_version=*/1));
  catalog::ServiceItem b = **tx->FindItem(i.id);
  EXPECT_EQ(b.version, 2);
  EXPECT_EQ(b.name, "甲(修订)");
  EXPECT_EQ(b.status, catalog::ItemStatus::kWithdrawn);
  EXPECT_TRUE(b.materials.empty());
  EXPECT_CODE(tx->UpdateItem(i, /*expected_version=*/1), ErrorCode::kAborted);
  EXPECT_CODE(tx->UpdateItem(MakeItem("i-9", "CODE-000009", "无", "440800", "d"), 1),
              ErrorCode::kNotFound);
}

TEST_P(StoreContractTest, ListItemsFiltersAndPages) {
  using catalog::ItemStatus;
  auto tx = Begin();
  ASSERT_OK(tx->InsertItem(MakeItem("i-1", "AB-000001", "食品经营许可", "440802", "d-ck")));
  ASSERT_OK(tx->InsertItem(MakeItem("i-2", "AB-000002", "药品经营许可", "440802", "d-ck")));
  ASSERT_OK(tx->InsertItem(
      MakeItem("i-3", "XY-000003", "食品生产许可", "440803", "d-xs", ItemStatus::kDraft)));
  ASSERT_OK(tx->InsertItem(MakeItem("i-4", "XY-000004", "户口迁移", "440100", "d-gz")));

  auto all = tx->ListItems({});
  ASSERT_OK(all);
  EXPECT_EQ(all->total, 4);
  ASSERT_EQ(all->items.size(), 4u);
  EXPECT_EQ(all->items[0].code, "AB-000001");  // ordered by code

  auto food = tx->ListItems({.text = "食品"});
  ASSERT_OK(food);
  EXPECT_EQ(food->total, 2);
  auto by_code = tx->ListItems({.text = "xy-0000"});  // codes match case-insensitively
  ASSERT_OK(by_code);
  EXPECT_EQ(by_code->total, 2);
  EXPECT_EQ(tx->ListItems({.region_prefix = "4408"})->total, 3);
  EXPECT_EQ(tx->ListItems({.region_prefix = "440802"})->total, 2);
  EXPECT_EQ(tx->ListItems({.department_id = DepartmentId("d-xs")})->total, 1);
  EXPECT_EQ(tx->ListItems({.status = ItemStatus::kDraft})->total, 1);
  EXPECT_EQ(
      tx->ListItems({.text = "食品", .region_prefix = "4408", .status = ItemStatus::kPublished})
          ->total,
      1);
  auto page = tx->ListItems({.offset = 1, .limit = 2});
  ASSERT_OK(page);
  EXPECT_EQ(page->total, 4);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].code, "AB-000002");
  EXPECT_EQ(page->items[1].code, "XY-000003");
  auto beyond = tx->ListItems({.offset = 10, .limit = 2});
  ASSERT_OK(beyond);
  EXPECT_EQ(beyond->total, 4);
  EXPECT_TRUE(beyond->items.empty());
  // Text that looks like SQL or LIKE wildcards is matched literally.
  EXPECT_EQ(tx->ListItems({.text = "%"})->total, 0);
  EXPECT_EQ(tx->ListItems({.text = "' OR '1'='1"})->total, 0);
}

// ---- Cases ---------------------------------------------------------------------------------

TEST_P(StoreContractTest, CasesRoundTripEveryField) {
  auto tx = Begin();
  caseflow::ApplicationCase c = MakeCase("c-1", "440802", "d-ck", D(2025, 12, 1), kT0);
  c.state = "accepted";
  c.accepted_at = At(kT0 + 1000);
  c.decided_at = At(kT0 + 2000);
  c.statutory_deadline = D(2025, 12, 22);
  c.outcome = "approved";
  c.last_note = "同意";
  c.handler_id = AccountId("a-clerk");
  c.reviewer_id = AccountId("a-reviewer");
  ASSERT_OK(tx->InsertCase(c));
  auto found = tx->FindCase(CaseId("c-1"));
  auto by_receipt = tx->FindCaseByReceipt(c.receipt_no);
  for (const auto& f : {found, by_receipt}) {
    ASSERT_OK(f);
    ASSERT_TRUE(f->has_value());
    const caseflow::ApplicationCase& b = **f;
    EXPECT_EQ(b.id, c.id);
    EXPECT_EQ(b.receipt_no, c.receipt_no);
    EXPECT_EQ(b.item_id, c.item_id);
    EXPECT_EQ(b.item_code, c.item_code);
    EXPECT_EQ(b.item_name, c.item_name);
    EXPECT_EQ(b.department_id, c.department_id);
    EXPECT_EQ(b.region_code, c.region_code);
    EXPECT_EQ(b.state, "accepted");
    EXPECT_EQ(b.version, 1);
    EXPECT_EQ(b.applicant_account, c.applicant_account);
    EXPECT_EQ(b.applicant_name, c.applicant_name);
    EXPECT_EQ(b.applicant_id_number, c.applicant_id_number);
    EXPECT_EQ(b.applicant_phone, c.applicant_phone);
    EXPECT_EQ(b.channel, "window");
    EXPECT_EQ(b.form_json, c.form_json);
    EXPECT_EQ(b.statutory_limit_wd, 20);
    EXPECT_EQ(b.promised_limit_wd, 5);
    EXPECT_EQ(b.submitted_at, c.submitted_at);
    EXPECT_EQ(b.accepted_at, c.accepted_at);
    EXPECT_EQ(b.decided_at, c.decided_at);
    EXPECT_EQ(b.concluded_at, std::nullopt);
    EXPECT_EQ(b.promised_deadline, D(2025, 12, 1));
    EXPECT_EQ(b.statutory_deadline, D(2025, 12, 22));
    EXPECT_EQ(b.outcome, "approved");
    EXPECT_EQ(b.last_note, "同意");
    EXPECT_EQ(b.handler_id, c.handler_id);
    EXPECT_EQ(b.reviewer_id, c.reviewer_id);
  }
  EXPECT_FALSE(tx->FindCase(CaseId("c-none"))->has_value());
  EXPECT_FALSE(tx->FindCaseByReceipt("none")->has_value());
}

TEST_P(StoreContractTest, DuplicateReceiptIsAlreadyExists) {
  auto tx = Begin();
  caseflow::ApplicationCase c = MakeCase("c-1", "440802", "d-ck", std::nullopt, kT0);
  ASSERT_OK(tx->InsertCase(c));
  c.id = CaseId("c-2");
  EXPECT_CODE(tx->InsertCase(c), ErrorCode::kAlreadyExists);
}

TEST_P(StoreContractTest, UpdateCaseWritesTheCallersVersion) {
  {
    auto tx = Begin();
    ASSERT_OK(tx->InsertCase(MakeCase("c-1", "440802", "d-ck", std::nullopt, kT0)));
    ASSERT_OK(tx->Commit());
  }
  auto tx = Begin();
  caseflow::ApplicationCase c = **tx->FindCase(CaseId("c-1"));
  c.state = "accepted";
  c.accepted_at = At(kT0 + 5);
  c.promised_deadline = D(2025, 11, 28);
  c.version = 2;
  ASSERT_OK(tx->UpdateCase(c, /*expected_version=*/1));
  caseflow::ApplicationCase b = **tx->FindCase(CaseId("c-1"));
  EXPECT_EQ(b.version, 2);
  EXPECT_EQ(b.state, "accepted");
  EXPECT_EQ(b.promised_deadline, D(2025, 11, 28));
  c.version = 3;
  EXPECT_CODE(tx->UpdateCase(c, /*expected_version=*/1), ErrorCode::kAborted);
  c.id = CaseId("c-none");
  EXPECT_CODE(tx->UpdateCase(c, 2), ErrorCode::kNotFound);
}

TEST_P(StoreContractTest, ListCasesSortsByDeadlineNullsLastThenSubmission) {
  auto tx = Begin();
  ASSERT_OK(tx->InsertCase(MakeCase("c-a", "440802", "d", std::nullopt, kT0 + 1, "accepted")));
  ASSERT_OK(tx->InsertCase(MakeCase("c-b", "440802", "d", D(2025, 12, 5), kT0 + 9, "accepted")));
  ASSERT_OK(tx->InsertCase(MakeCase("c-c", "440802", "d", D(2025, 11, 30), kT0 + 8, "accepted")));
  ASSERT_OK(tx->InsertCase(MakeCase("c-d", "440802", "d", D(2025, 12, 5), kT0 + 2, "accepted")));
  ASSERT_OK(tx->InsertCase(MakeCase("c-e", "440802", "d", std::nullopt, kT0 + 0, "accepted")));
  auto page = tx->ListCases({});
  ASSERT_OK(page);
  std::vector<std::string> ids;
  for (const auto& c : page->items) ids.push_back(c.id.value());
  EXPECT_EQ(ids, (std::vector<std::string>{"c-c", "c-d", "c-b", "c-e", "c-a"}));
  EXPECT_EQ(page->total, 5);
  auto second = tx->ListCases({.offset = 2, .limit = 2});
  ASSERT_OK(second);
  ASSERT_EQ(second->items.size(), 2u);
  EXPECT_EQ(second->items[0].id.value(), "c-b");
  EXPECT_EQ(second->items[1].id.value(), "c-e");
  EXPECT_EQ(second->total, 5);
}

// The work queue: submitted cases by their acceptance due day (第三十二条), others by the
// promised deadline, in one order; the pause ledger and extension round-trip.
TEST_P(StoreContractTest, ListCasesSortsSubmittedByAcceptanceDue) {
  auto tx = Begin();
  caseflow::ApplicationCase waiting = MakeCase("c-w", "440802", "d", std::nullopt, kT0 + 5);
  waiting.acceptance_due = D(2025, 11, 10);
  waiting.pauses.push_back(
      {Instant(std::chrono::milliseconds(kT0)), std::nullopt, "correction", "缺材料"});
  waiting.extension_wd = 3;
  waiting.extension_reason = "核查";
  ASSERT_OK(tx->InsertCase(waiting));
  ASSERT_OK(tx->InsertCase(MakeCase("c-x", "440802", "d", D(2025, 11, 12), kT0, "accepted")));
  ASSERT_OK(tx->InsertCase(MakeCase("c-y", "440802", "d", D(2025, 11, 5), kT0, "accepted")));
  auto page = tx->ListCases({});
  ASSERT_OK(page);
  std::vector<std::string> ids;
  for (const auto& c : page->items) ids.push_back(c.id.value());
  EXPECT_EQ(ids, (std::vector<std::string>{"c-y", "c-w", "c-x"}));
  auto found = tx->FindCase(CaseId("c-w"));
  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  ASSERT_EQ((*found)->pauses.size(), 1u);
  EXPECT_EQ((*found)->pauses[0].reason, "缺材料");
  EXPECT_FALSE((*found)->pauses[0].to.has_value());
  EXPECT_EQ((*found)->extension_wd, 3);
  EXPECT_EQ((*found)->acceptance_due, D(2025, 11, 10));
}

TEST_P(StoreContractTest, ListCasesFiltersByScope) {
  auto tx = Begin();
  auto add = [&](std::string id, std::string region, std::string dept, std::string state,
                 std::string applicant) {
    caseflow::ApplicationCase c = MakeCase(id, region, dept, std::nullopt, kT0, state);
    c.applicant_account = AccountId(applicant);
    ASSERT_OK(tx->InsertCase(c));
  };
  add("c-1", "440802", "d-ck", "submitted", "a-x");
  add("c-2", "440802", "d-ck", "accepted", "a-y");
  add("c-3", "440802001", "d-ck-town", "submitted", "a-x");  // a township of 赤坎
  add("c-4", "440803", "d-xs", "submitted", "a-x");
  add("c-5", "440100", "d-gz", "not_accepted", "a-z");
  auto count = [&](const CaseQuery& q) {
    auto r = tx->ListCases(q);
    EXPECT_TRUE(r.has_value()) << r.error().ToString();
    return r ? r->total : -1;
  };
  EXPECT_EQ(count({}), 5);
  EXPECT_EQ(count({.region_prefix = "4408"}), 4);
  EXPECT_EQ(count({.region_prefix = "440802"}), 3);
  EXPECT_EQ(count({.region_prefix = "440803"}), 1);
  EXPECT_EQ(count({.region_prefix = "4401"}), 1);
  EXPECT_EQ(count({.region_prefix = "4402"}), 0);
  EXPECT_EQ(count({.department_id = DepartmentId("d-ck")}), 2);
  EXPECT_EQ(count({.region_prefix = "4408", .department_id = DepartmentId("d-xs")}), 1);
  EXPECT_EQ(count({.applicant_account = AccountId("a-x")}), 3);
  EXPECT_EQ(count({.states = {"submitted"}}), 3);
  EXPECT_EQ(count({.states = {"accepted", "not_accepted"}}), 2);
  EXPECT_EQ(count({.states = {"accepted_"}}), 0);  // whole names only
  EXPECT_EQ(count({.states = {"accept"}}), 0);
  EXPECT_EQ(count({.region_prefix = "440802", .states = {"submitted"}}), 2);
  auto listed = tx->ListCases({.region_prefix = "440802", .states = {"submitted"}});
  ASSERT_OK(listed);
  ASSERT_EQ(listed->items.size(), 2u);
  EXPECT_CODE(tx->ListCases({.states = {"a,b"}}), ErrorCode::kInvalidArgument);
}

TEST_P(StoreContractTest, ListCaseTimingsByRegion) {
  auto tx = Begin();
  caseflow::ApplicationCase c = MakeCase("c-1", "440802", "d-ck", D(2025, 12, 1), kT0, "concluded");
  c.accepted_at = At(kT0 + 1);
  c.concluded_at = At(kT0 + 2);
  ASSERT_OK(tx->InsertCase(c));
  ASSERT_OK(tx->InsertCase(MakeCase("c-2", "440803", "d-xs", std::nullopt, kT0)));
  auto all = tx->ListCaseTimings("");
  ASSERT_OK(all);
  EXPECT_EQ(all->size(), 2u);
  auto chikan = tx->ListCaseTimings("440802");
  ASSERT_OK(chikan);
  ASSERT_EQ(chikan->size(), 1u);
  const service::CaseTiming& t = (*chikan)[0];
  EXPECT_EQ(t.department_id.value(), "d-ck");
  EXPECT_EQ(t.state, "concluded");
  EXPECT_EQ(t.accepted_at, At(kT0 + 1));
  EXPECT_EQ(t.concluded_at, At(kT0 + 2));
  EXPECT_EQ(t.promised_deadline, D(2025, 12, 1));
}

TEST_P(StoreContractTest, ConcurrentOptimisticUpdatesLoseNothing) {
  {
    auto tx = Begin();
    ASSERT_OK(tx->InsertCase(MakeCase("c-1", "440802", "d", std::nullopt, kT0)));
    ASSERT_OK(tx->Commit());
  }
  constexpr int kThreads = 4, kIncrements = 10;
  std::atomic<int> aborted{0}, failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int done = 0; done < kIncrements;) {
        // Read in one unit of work and write in another, as an HTTP client with If-Match does.
        caseflow::ApplicationCase c;
        {
          auto tx = store_->Begin();
          if (!tx) {
            ++failures;
            return;
          }
          c = **(*tx)->FindCase(CaseId("c-1"));
        }
        auto tx = store_->Begin();
        if (!tx) {
          ++failures;
          return;
        }
        std::int64_t expected = c.version;
        c.version = expected + 1;
        c.last_note = std::to_string(std::stoi(c.last_note.empty() ? "0" : c.last_note) + 1);
        auto s = (*tx)->UpdateCase(c, expected);
        if (!s) {
          if (s.error().code() == ErrorCode::kAborted) {
            ++aborted;
            continue;
          }
          ++failures;
          return;
        }
        if (!(*tx)->Commit()) {
          ++failures;
          return;
        }
        ++done;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto tx = Begin();
  caseflow::ApplicationCase c = **tx->FindCase(CaseId("c-1"));
  EXPECT_EQ(c.version, 1 + kThreads * kIncrements);
  EXPECT_EQ(c.last_note, std::to_string(kThreads * kIncrements));
}

// ---- Sequences and idempotency -------------------------------------------------------------

TEST_P(StoreContractTest, NextSequenceCountsFromOnePerName) {
  auto tx = Begin();
  EXPECT_EQ(*tx->NextSequence("receipt:440802:20251122"), 1);
  EXPECT_EQ(*tx->NextSequence("receipt:440802:20251122"), 2);
  EXPECT_EQ(*tx->NextSequence("receipt:440803:20251122"), 1);
  ASSERT_OK(tx->Commit());
  auto tx2 = Begin();
  EXPECT_EQ(*tx2->NextSequence("receipt:440802:20251122"), 3);
}

TEST_P(StoreContractTest, NextSequenceIsUniqueAcrossThreads) {
  constexpr int kThreads = 4, kEach = 25;
  std::mutex mu;
  std::vector<std::int64_t> seen;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        auto tx = store_->Begin();
        if (!tx) {
          ++failures;
          continue;
        }
        auto n = (*tx)->NextSequence("shared");
        if (!n || !(*tx)->Commit()) {
          ++failures;
          continue;
        }
        std::lock_guard lock(mu);
        seen.push_back(*n);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  std::sort(seen.begin(), seen.end());
  std::vector<std::int64_t> expected(kThreads * kEach);
  for (std::size_t i = 0; i < expected.size(); ++i) expected[i] = static_cast<std::int64_t>(i) + 1;
  EXPECT_EQ(seen, expected);
}

TEST_P(StoreContractTest, IdempotencyRecordsAreStoredOnce) {
  auto tx = Begin();
  IdempotencyRecord r{"a-1:key-1", "sm3-of-request", 201, R"({"id":"c-1"})", At(kT0)};
  ASSERT_OK(tx->PutIdempotency(r));
  auto found = tx->FindIdempotency("a-1:key-1");
  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->request_hash, "sm3-of-request");
  EXPECT_EQ((*found)->status, 201);
  EXPECT_EQ((*found)->response_body, R"({"id":"c-1"})");
  EXPECT_EQ((*found)->created_at, At(kT0));
  EXPECT_FALSE(tx->FindIdempotency("a-2:key-1")->has_value());
  // A second request with the same key must not record a second outcome: the loser of a
  // race gets kAlreadyExists and its unit of work (with its business change) is discarded.
  EXPECT_CODE(tx->PutIdempotency(r), ErrorCode::kAlreadyExists);
}

// ---- Event chain ---------------------------------------------------------------------------

TEST_P(StoreContractTest, EmptyChainIsIntact) {
  service::ChainReport report = Verify();
  EXPECT_TRUE(report.intact);
  EXPECT_EQ(report.entries, 0);
  EXPECT_EQ(report.first_bad_seq, 0);
}

TEST_P(StoreContractTest, AppendedEventsFormAVerifiableChain) {
  std::vector<EventRecord> appended;
  for (int i = 1; i <= 5; ++i) {
    auto tx = Begin();
    auto r = tx->AppendEvent(MakeEvent(i % 2 ? "c-odd" : "c-even", "application.step", i));
    ASSERT_OK(r);
    ASSERT_OK(tx->Commit());
    appended.push_back(*r);
  }
  EXPECT_EQ(appended[0].prev_hash, std::string(kGenesisHash));
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(appended[i].seq, i + 1);
    EXPECT_EQ(appended[i].hash, EventHash(appended[i]));
    EXPECT_EQ(appended[i].hash.size(), 64u);
    if (i > 0) {
      EXPECT_EQ(appended[i].prev_hash, appended[i - 1].hash);
    }
  }
  auto tx = Begin();
  auto odd = tx->ListEventsFor("application", "c-odd");
  ASSERT_OK(odd);
  ASSERT_EQ(odd->size(), 3u);
  const EventRecord& first = (*odd)[0];
  EXPECT_EQ(first.seq, 1);
  EXPECT_EQ(first.hash, appended[0].hash);
  EXPECT_EQ(first.event.at, At(kT0 + 1));
  EXPECT_EQ(first.event.action, "application.step");
  EXPECT_EQ(first.event.actor_id.value(), "a-clerk");
  EXPECT_EQ(first.event.actor_role, "window_clerk");
  EXPECT_EQ(first.event.actor_region, "440802");
  EXPECT_EQ(first.event.request_id, "req-1");
  EXPECT_EQ(first.event.source_ip, "10.0.0.1");
  EXPECT_EQ(first.event.result, "ok");
  // Details come back in the order written, not sorted.
  EXPECT_EQ(first.event.details, MakeEvent("c-odd", "x", 1).details);
  EXPECT_EQ((*odd)[2].seq, 5);
  EXPECT_TRUE(tx->ListEventsFor("application", "c-none")->empty());
  tx.reset();
  service::ChainReport report = Verify();
  EXPECT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.entries, 5);
}

TEST_P(StoreContractTest, CanonicalFormIsLengthPrefixed) {
  EventRecord r;
  r.seq = 7;
  r.event.at = At(1000);
  r.event.action = "a";
  r.event.object_type = "t";
  r.event.object_id = "o";
  r.event.actor_id = AccountId("u");
  r.event.actor_role = "r";
  r.event.actor_region = "440802";
  r.event.request_id = "q";
  r.event.source_ip = "::1";
  r.event.result = "ok";
  r.event.details = {{"k", "值"}};
  r.prev_hash = std::string(kGenesisHash);
  EXPECT_EQ(CanonicalEventForm(r),
            "11:zt-event-v1,1:7,4:1000,1:a,1:t,1:o,1:u,1:r,6:440802,1:q,3:::1,2:ok,1:1,1:k,3:值,"
            "64:" +
                std::string(kGenesisHash) + ",");
  // Moving a byte from one field to the next changes the form.
  EventRecord shifted = r;
  shifted.event.action = "at";
  shifted.event.object_type = "";
  EXPECT_NE(CanonicalEventForm(shifted), CanonicalEventForm(r));
  EXPECT_NE(EventHash(shifted), EventHash(r));
}

TEST_P(StoreContractTest, EventsWithRepeatedDetailKeysOrBadTextAreRefused) {
  auto tx = Begin();
  EventDraft e = MakeEvent("c-1", "application.step", 1);
  e.details.push_back({"note", "again"});
  EXPECT_CODE(tx->AppendEvent(e), ErrorCode::kInvalidArgument);
  EventDraft bad = MakeEvent("c-1", "application.step", 1);
  bad.request_id = std::string("req\xff\xfe");
  EXPECT_CODE(tx->AppendEvent(bad), ErrorCode::kInvalidArgument);
  EventDraft nul = MakeEvent("c-1", "application.step", 1);
  nul.details = {{"k", std::string("a\0b", 3)}};
  EXPECT_CODE(tx->AppendEvent(nul), ErrorCode::kInvalidArgument);
  // Awkward but valid text is stored and verifies.
  EventDraft odd = MakeEvent("c-1", "application.step", 1);
  odd.details = {{"quote\"", "line\nbreak\t\\ 🙂"}, {"", ""}};
  ASSERT_OK(tx->AppendEvent(odd));
  ASSERT_OK(tx->Commit());
  EXPECT_TRUE(Verify().intact);
}

TEST_P(StoreContractTest, EventsRefuseUpdateAndDelete) {
  AppendEvents(2);
  EXPECT_CODE(db_->ExecRaw("UPDATE events SET details = '{}' WHERE seq = 1"), ErrorCode::kInternal);
  EXPECT_CODE(db_->ExecRaw("DELETE FROM events WHERE seq = 2"), ErrorCode::kInternal);
  service::ChainReport report = Verify();
  EXPECT_TRUE(report.intact);
  EXPECT_EQ(report.entries, 2);
}

// Drops the append-only triggers, as someone with database access could.
void DropTriggers(testing::StoreTestDatabase& db) {
  if (db.backend() == "sqlite") {
    ASSERT_OK(db.ExecRaw("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;"));
  } else {
    ASSERT_OK(db.ExecRaw("DROP TRIGGER events_no_update_delete ON events"));
  }
}

TEST_P(StoreContractTest, TamperedDetailsAreReportedAtTheirSeq) {
  AppendEvents(5);
  DropTriggers(*db_);
  ASSERT_OK(db_->ExecRaw(R"(UPDATE events SET details = '{"note":"forged"}' WHERE seq = 3)"));
  service::ChainReport report = Verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_seq, 3);
  EXPECT_NE(report.problem.find("hash does not match"), std::string::npos) << report.problem;
  EXPECT_EQ(report.entries, 5);
}

TEST_P(StoreContractTest, TamperedTimestampAndActorAreReported) {
  AppendEvents(4);
  DropTriggers(*db_);
  ASSERT_OK(db_->ExecRaw("UPDATE events SET actor_id = 'a-someone-else' WHERE seq = 2"));
  EXPECT_EQ(Verify().first_bad_seq, 2);
  ASSERT_OK(db_->ExecRaw("UPDATE events SET actor_id = 'a-clerk' WHERE seq = 2"));
  EXPECT_TRUE(Verify().intact);  // restoring the content restores the chain
  ASSERT_OK(db_->ExecRaw("UPDATE events SET at = at + 1 WHERE seq = 4"));
  EXPECT_EQ(Verify().first_bad_seq, 4);
}

TEST_P(StoreContractTest, RehashedEntryIsReportedAtTheNextSeq) {
  AppendEvents(5);
  DropTriggers(*db_);
  // The forger recomputes entry 3's own hash; entry 4's prev_hash then gives it away.
  auto tx = Begin();
  EventRecord third = (*tx->ListEventsFor("application", "c-1"))[2];
  tx.reset();
  third.event.details = {{"note", "forged"}};
  std::string forged_hash = EventHash(third);
  ASSERT_OK(db_->ExecRaw(R"(UPDATE events SET details = '{"note":"forged"}', hash = ')" +
                         forged_hash + "' WHERE seq = 3"));
  service::ChainReport report = Verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_seq, 4);
  EXPECT_NE(report.problem.find("prev_hash"), std::string::npos) << report.problem;
}

TEST_P(StoreContractTest, DeletedEntryIsReportedAsMissing) {
  AppendEvents(5);
  DropTriggers(*db_);
  ASSERT_OK(db_->ExecRaw("DELETE FROM events WHERE seq = 3"));
  service::ChainReport report = Verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_seq, 3);
  EXPECT_NE(report.problem.find("missing"), std::string::npos) << report.problem;
  EXPECT_EQ(report.entries, 4);
}

TEST_P(StoreContractTest, DeletedTailIsReportedAgainstTheChainHead) {
  AppendEvents(5);
  DropTriggers(*db_);
  ASSERT_OK(db_->ExecRaw("DELETE FROM events WHERE seq = 5"));
  service::ChainReport report = Verify();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad_seq, 5);
}

TEST_P(StoreContractTest, ConcurrentAppendsFormAnIntactChainWithoutGaps) {
  constexpr int kThreads = 6, kEach = 15;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto tx = store_->Begin();
        if (!tx) {
          ++failures;
          continue;
        }
        // Some business write in the same unit of work, as services do.
        if (!(*tx)->NextSequence("thread-" + std::to_string(t))) {
          ++failures;
          continue;
        }
        auto e = (*tx)->AppendEvent(MakeEvent("c-" + std::to_string(t), "application.step", i));
        if (!e || !(*tx)->Commit()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(failures.load(), 0);
  service::ChainReport report = Verify();
  EXPECT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.entries, kThreads * kEach);
  std::set<std::int64_t> seqs;
  auto tx = Begin();
  for (int t = 0; t < kThreads; ++t) {
    auto events = tx->ListEventsFor("application", "c-" + std::to_string(t));
    ASSERT_OK(events);
    EXPECT_EQ(events->size(), static_cast<std::size_t>(kEach));
    for (const EventRecord& e : *events) seqs.insert(e.seq);
  }
  ASSERT_EQ(seqs.size(), static_cast<std::size_t>(kThreads * kEach));
  EXPECT_EQ(*seqs.begin(), 1);
  EXPECT_EQ(*seqs.rbegin(), kThreads * kEach);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest, ::testing::Values(ZT_STORE_TEST_BACKEND),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace zt::store
