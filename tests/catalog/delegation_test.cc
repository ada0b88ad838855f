#include "zt/catalog/delegation.h"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

namespace zt::catalog {
namespace {

Date D(std::string_view text) { return *ParseDate(text); }

DelegationEntry Grant(std::string item, std::string category, std::string town = "Town A") {
  DelegationEntry e;
  e.kind = DelegationKind::kDelegate;
  e.item_ref = std::move(item);
  e.item_name = "某执法事项";
  e.category_code = std::move(category);
  e.from = {"440800", "湛江市综合执法局", Level::kCity};
  e.to = DelegationParty{"440802001", std::move(town), Level::kTown};
  e.document_number = "湛府〔2021〕12号";
  e.effective_from = D("2021-07-01");
  return e;
}

DelegationEntry TakeBack(const DelegationEntry& grant, std::string_view from) {
  DelegationEntry e = grant;
  e.kind = DelegationKind::kTakeBack;
  e.from = *grant.to;
  e.to = grant.from;
  e.document_number = "湛府〔2023〕3号";
  e.effective_from = D(from);
  return e;
}

bool HasPointer(const Error& error, std::string_view pointer) {
  return std::ranges::any_of(error.fields(),
                             [&](const FieldError& f) { return f.pointer == pointer; });
}

TEST(PowerCategories, TheTenOfThe2015ListInCodeOrder) {
  const auto& list = PowerCategories("2015");
  ASSERT_EQ(list.size(), 10u);
  EXPECT_EQ(list.front().name_zh, "行政许可");
  EXPECT_EQ(FindPowerCategory("2015", "02")->name_zh, "行政处罚");
  EXPECT_EQ(FindPowerCategory("2015", "06")->name_zh, "行政检查");
  EXPECT_EQ(list.back().name_zh, "其他行政权力");
  EXPECT_EQ(FindPowerCategory("2015", "11"), nullptr);
  EXPECT_TRUE(PowerCategories("1999").empty());
}

TEST(DelegationKind, NamesRoundTrip) {
  for (auto kind : {DelegationKind::kDelegate, DelegationKind::kEntrust, DelegationKind::kShiftDown,
                    DelegationKind::kTakeBack, DelegationKind::kCancel}) {
    EXPECT_EQ(*ParseDelegationKind(DelegationKindName(kind)), kind);
  }
  EXPECT_EQ(DelegationKindNameZh(DelegationKind::kShiftDown), "重心下移");
  EXPECT_FALSE(ParseDelegationKind("give"));
}

TEST(DelegationValidate, AcceptsAGoodGrantAndTakeBack) {
  DelegationEntry grant = Grant("i_1", "02");
  EXPECT_TRUE(Validate(grant));
  EXPECT_TRUE(Validate(TakeBack(grant, "2022-01-01")));
  DelegationEntry cancel = grant;
  cancel.kind = DelegationKind::kCancel;
  cancel.to.reset();
  EXPECT_TRUE(Validate(cancel));
}

TEST(DelegationValidate, ReportsEveryBadFieldAtOnce) {
  DelegationEntry e = Grant("", "99");
  e.item_name = "";
  e.document_number = "";
  e.to->level = Level::kCity;  // 下放 to the same level
  e.effective_until = D("2021-06-30");
  auto status = Validate(e, "/items/3");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().key(), "delegation.invalid");
  EXPECT_EQ(status.error().fields().size(), 6u);
  for (auto p : {"/items/3/item_ref", "/items/3/item_name", "/items/3/document_number",
                 "/items/3/category_code", "/items/3/to/level", "/items/3/effective_until"}) {
    EXPECT_TRUE(HasPointer(status.error(), p)) << p;
  }
}

TEST(DelegationValidate, LevelDirectionPerKind) {
  DelegationEntry shift = Grant("i_1", "06");
  shift.kind = DelegationKind::kShiftDown;
  shift.to->level = Level::kProvince;
  EXPECT_TRUE(HasPointer(Validate(shift).error(), "/to/level"));

  DelegationEntry entrust = Grant("i_1", "06");
  entrust.kind = DelegationKind::kEntrust;
  entrust.to->level = Level::kCity;  // same level, another body: allowed
  entrust.to->body = "湛江市农业农村局";
  EXPECT_TRUE(Validate(entrust));

  DelegationEntry back = TakeBack(Grant("i_1", "06"), "2022-01-01");
  back.to->level = Level::kVillage;  // 收回 must go up or stay
  EXPECT_TRUE(HasPointer(Validate(back).error(), "/to/level"));

  DelegationEntry cancel = Grant("i_1", "06");
  cancel.kind = DelegationKind::kCancel;  // still names a receiver
  EXPECT_TRUE(HasPointer(Validate(cancel).error(), "/to"));

  DelegationEntry nobody = Grant("i_1", "06");
  nobody.to.reset();
  EXPECT_EQ(Validate(nobody).error().fields().at(0).key, "delegation.receiver_missing");
}

TEST(DelegationEffective, ATakeBackEndsOnlyTheGrantOfItsBodyFromItsDate) {
  DelegationEntry a = Grant("i_1", "02", "Town A");
  DelegationEntry b = Grant("i_1", "02", "Town B");
  DelegationEntry c = Grant("i_2", "03", "Town A");
  std::vector<DelegationEntry> ledger = {a, b, c, TakeBack(a, "2023-01-01")};
  EXPECT_EQ(EffectiveGrants(ledger, D("2021-06-30")).size(), 0u);  // before the document
  EXPECT_EQ(EffectiveGrants(ledger, D("2022-12-31")).size(), 3u);
  auto after = EffectiveGrants(ledger, D("2023-01-01"));
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].to->body, "Town B");
  EXPECT_EQ(after[1].item_ref, "i_2");
}

TEST(DelegationEffective, CancelEndsEveryGrantOfTheItemAndEndDatesApply) {
  DelegationEntry a = Grant("i_1", "02", "Town A");
  DelegationEntry b = Grant("i_1", "02", "Town B");
  DelegationEntry c = Grant("i_2", "03", "Town A");
  c.effective_until = D("2022-06-30");
  DelegationEntry cancel = a;
  cancel.kind = DelegationKind::kCancel;
  cancel.to.reset();
  cancel.effective_from = D("2024-01-01");
  std::vector<DelegationEntry> ledger = {a, b, c, cancel};
  EXPECT_EQ(EffectiveGrants(ledger, D("2022-06-30")).size(), 3u);  // last day of c
  EXPECT_EQ(EffectiveGrants(ledger, D("2022-07-01")).size(), 2u);
  EXPECT_EQ(EffectiveGrants(ledger, D("2024-01-01")).size(), 0u);
  // A grant made after the cancellation is not ended by it.
  DelegationEntry again = Grant("i_1", "02", "Town C");
  again.effective_from = D("2024-02-01");
  ledger.push_back(again);
  EXPECT_EQ(EffectiveGrants(ledger, D("2024-03-01")).size(), 1u);
}

TEST(DelegationTotals, TheZhanjiangBatchAddsUpFromItsEntries) {
  std::vector<DelegationEntry> ledger;
  for (int i = 0; i < 188; ++i) ledger.push_back(Grant("ins_" + std::to_string(i), "06"));
  for (int i = 0; i < 3704; ++i) ledger.push_back(Grant("pen_" + std::to_string(i), "02"));
  for (int i = 0; i < 248; ++i) ledger.push_back(Grant("coe_" + std::to_string(i), "03"));
  DelegationTotals t = TotalsAt(ledger, D("2021-07-01"));
  EXPECT_EQ(t.in_force, 4140);
  ASSERT_EQ(t.grants.size(), 3u);  // ordered by kind, then category code
  EXPECT_EQ(t.grants[0].category_code, "02");
  EXPECT_EQ(t.grants[0].count, 3704);
  EXPECT_EQ(t.grants[1].category_code, "03");
  EXPECT_EQ(t.grants[1].count, 248);
  EXPECT_EQ(t.grants[2].category_code, "06");
  EXPECT_EQ(t.grants[2].count, 188);

  // Ten penalty items taken back in 2023: 4,130 in force, 3,694 penalty.
  for (int i = 0; i < 10; ++i) ledger.push_back(TakeBack(ledger[188 + i], "2023-01-01"));
  DelegationTotals later = TotalsAt(ledger, D("2023-06-01"));
  EXPECT_EQ(later.in_force, 4130);
  EXPECT_EQ(later.grants[0].count, 3694);
  EXPECT_EQ(later.taken_back, 10);
  EXPECT_EQ(TotalsAt(ledger, D("2022-12-31")).in_force, 4140);
  EXPECT_EQ(TotalsAt(ledger, D("2022-12-31")).taken_back, 0);
}

}  // namespace
}  // namespace zt::catalog
