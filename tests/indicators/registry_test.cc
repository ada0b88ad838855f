// The registry as data: the built-ins load, and a formula naming an unknown action or field
// is refused when the registry loads, naming it.
#include "zt/indicators/registry.h"

#include <gtest/gtest.h>

namespace zt::indicators {
namespace {

TEST(RegistryTest, BuiltinsLoadAndCoverBothBases) {
  auto r = LoadRegistry(BuiltinDefinitions());
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  const Definition* on_time = r->Find("case.on_time_rate");
  ASSERT_NE(on_time, nullptr);
  EXPECT_EQ(on_time->basis, Basis::kCases);
  EXPECT_EQ(on_time->rounding, Rounding::kPercentHalfUp1);
  EXPECT_EQ(on_time->FormulaText(),
            "(count(application.concluded where on_time=yes) + count(application.handled_instantly "
            "where on_time=yes)) ÷ (count(application.concluded) + "
            "count(application.handled_instantly))");
  const Definition* online = r->Find("item.online_rate");
  ASSERT_NE(online, nullptr);
  EXPECT_EQ(online->basis, Basis::kItems);
  EXPECT_EQ(r->Find("case.nothing"), nullptr);
}

DefinitionText Text(std::string numerator, std::string denominator = "count(application.accepted)",
                    std::string basis = "cases") {
  return {"x.test", "测试", "Test", "", basis, numerator, denominator};
}

TEST(RegistryTest, UnknownActionIsRefusedByName) {
  DefinitionText bad = Text("count(application.teleported)");
  auto r = LoadRegistry(std::span(&bad, 1));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().key(), "indicator.unknown_action");
  EXPECT_NE(r.error().detail().find("application.teleported"), std::string::npos);
  EXPECT_NE(r.error().detail().find("x.test"), std::string::npos);
}

TEST(RegistryTest, UnknownFieldIsRefusedByName) {
  for (std::string formula :
       {"count(application.concluded where colour=red)", "sum(happiness of application.concluded)",
        "count(items where wheelchair=true)"}) {
    DefinitionText bad = Text(
        formula,
        formula.find("items") != std::string::npos ? "count(items)" : "count(application.accepted)",
        formula.find("items") != std::string::npos ? "items" : "cases");
    auto r = LoadRegistry(std::span(&bad, 1));
    ASSERT_FALSE(r.has_value()) << formula;
    EXPECT_EQ(r.error().key(), "indicator.unknown_field") << formula;
  }
  DefinitionText bad = Text("count(application.concluded where colour=red)");
  EXPECT_NE(LoadRegistry(std::span(&bad, 1)).error().detail().find("'colour'"), std::string::npos);
}

TEST(RegistryTest, SyntaxMixedBasisAndDuplicatesAreRefused) {
  DefinitionText syntax = Text("application.concluded");
  EXPECT_EQ(LoadRegistry(std::span(&syntax, 1)).error().key(), "indicator.formula_syntax");
  DefinitionText mixed = Text("count(items)");
  EXPECT_EQ(LoadRegistry(std::span(&mixed, 1)).error().key(), "indicator.mixed_basis");
  DefinitionText twice[] = {Text("count(application.concluded)"),
                            Text("count(application.concluded)")};
  EXPECT_EQ(LoadRegistry(twice).error().key(), "indicator.duplicate_id");
  DefinitionText no_den = Text("count(application.concluded)", "");
  EXPECT_EQ(LoadRegistry(std::span(&no_den, 1)).error().key(), "indicator.denominator");
  DefinitionText rounding = Text("count(application.concluded)");
  rounding.rounding = "truncate";
  EXPECT_EQ(LoadRegistry(std::span(&rounding, 1)).error().key(), "indicator.unknown_rounding");
}

TEST(RegistryTest, APercentileCountsCasesAndHasNoDenominator) {
  DefinitionText p90 = Text("count(application.concluded)", "", "cases");
  p90.rounding = "p90_working_days";
  auto r = LoadRegistry(std::span(&p90, 1));
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->Find("x.test")->rounding, Rounding::kPercentile90);
  DefinitionText with_den = Text("count(application.concluded)");
  with_den.rounding = "p90_working_days";
  EXPECT_EQ(LoadRegistry(std::span(&with_den, 1)).error().key(), "indicator.denominator");
  DefinitionText items = Text("count(items)", "", "items");
  items.rounding = "p90_working_days";
  EXPECT_EQ(LoadRegistry(std::span(&items, 1)).error().key(), "indicator.rounding");
  // The new case fields are known to the formula language; a misspelt one is refused.
  EXPECT_TRUE(ParseExpression("sum(visits of application.concluded where in_person=yes and "
                              "front_desk=yes and tongban=city)")
                  .has_value());
  EXPECT_EQ(ParseExpression("count(application.concluded where one_window=yes)").error().key(),
            "indicator.unknown_field");
}

TEST(RegistryTest, ExpressionsRoundTripToCanonicalText) {
  auto e = ParseExpression(
      "count(application.accepted)  +  count(application.not_accepted where channel=online and "
      "case_kind=instant)");
  ASSERT_TRUE(e.has_value()) << e.error().ToString();
  ASSERT_EQ(e->terms.size(), 2u);
  EXPECT_EQ(e->terms[1].filters.size(), 2u);
  EXPECT_EQ(e->ToString(),
            "count(application.accepted) + count(application.not_accepted where channel=online "
            "and case_kind=instant)");
}

}  // namespace
}  // namespace zt::indicators
