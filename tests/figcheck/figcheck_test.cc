// The figure check of written reports: extraction, each check on small synthetic sentences
// (positive and negative), and the exact findings on the five seed reports (data/README.md).
#include "zt/figcheck/figcheck.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include <gtest/gtest.h>

namespace zt::figcheck {
namespace {

CheckResult Check(std::string_view text) {
  auto r = CheckReport(text);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().ToString());
  return r ? *r : CheckResult{};
}

std::vector<std::string> Kinds(const CheckResult& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) {
    out.push_back(std::string(SeverityName(f.severity)) + " " + std::string(KindName(f.kind)));
  }
  return out;
}

using Kinds_ = std::vector<std::string>;

// ----- extraction -----

TEST(SplitSentences, SplitsAtTerminatorsAndLineBreaks) {
  auto s = SplitSentences("共10件。其中A 3件；B 7件！好吗？\n下一行");
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(s[0], "共10件。");
  EXPECT_EQ(s[1], "其中A 3件；");
  EXPECT_EQ(s[2], "B 7件！");
  EXPECT_EQ(s[3], "好吗？");
  EXPECT_EQ(s[4], "下一行");
}

TEST(ExtractNumbers, CountsWithUnitsAndLabels) {
  auto n = ExtractNumbers("审结行政复议案件272宗，其中：维持112宗");
  ASSERT_EQ(n.size(), 2u);
  EXPECT_EQ(n[0].mantissa, 272);
  EXPECT_EQ(n[0].unit, "宗");
  EXPECT_TRUE(n[0].IsCount());
  EXPECT_FALSE(n[0].rounded);
  EXPECT_EQ(n[0].label, "审结行政复议案件");
  EXPECT_EQ(n[0].text, "272宗");
  EXPECT_EQ(n[1].label, "维持");
}

TEST(ExtractNumbers, MultipliersDecimalsAndSeparators) {
  auto n = ExtractNumbers("来电65.2万宗，数据1.4亿条，合计12,345项，另2千件");
  ASSERT_EQ(n.size(), 4u);
  EXPECT_EQ(n[0].ValueString(), "652000");
  EXPECT_TRUE(n[0].rounded);
  EXPECT_EQ(n[0].unit, "宗");
  EXPECT_EQ(n[1].ValueString(), "140000000");
  EXPECT_EQ(n[2].ValueString(), "12345");
  EXPECT_FALSE(n[2].rounded);
  EXPECT_EQ(n[3].ValueString(), "2000");
}

TEST(ExtractNumbers, PercentagesWithAndWithoutSpace) {
  auto n = ExtractNumbers("纠错率达36.7%，即办率为71.79 %，满意率99.9％");
  ASSERT_EQ(n.size(), 3u);
  for (const auto& x : n) EXPECT_TRUE(x.percent);
  EXPECT_EQ(n[0].ValueString(), "36.7");
  EXPECT_EQ(n[0].exponent, -1);
  EXPECT_EQ(n[1].ValueString(), "71.79");
  EXPECT_EQ(n[2].ValueString(), "99.9");
  EXPECT_FALSE(n[0].IsCount());
}

TEST(ExtractNumbers, ApproximateRangesOrdinalsAndNonCounts) {
  auto n = ExtractNumbers("超2千宗，53万余件，7700多名，3-4名，第10名，2020年，ipv6，4640多万条");
  ASSERT_EQ(n.size(), 8u);        // "ipv6" is not a figure
  EXPECT_TRUE(n[0].approximate);  // 超
  EXPECT_TRUE(n[1].approximate);  // 余
  EXPECT_TRUE(n[2].approximate);  // 多
  EXPECT_TRUE(n[3].approximate);  // range
  EXPECT_TRUE(n[4].approximate);
  EXPECT_TRUE(n[5].ordinal);
  EXPECT_FALSE(n[5].IsCount());
  EXPECT_FALSE(n[6].IsCount());  // 年
  EXPECT_TRUE(n[7].approximate);
  EXPECT_EQ(n[7].ValueString(), "46400000");
}

// ----- rounding arithmetic -----

TEST(Rounding, ProducingDistinguishesTheRules) {
  // 100 / 272 = 36.76%: 36.7 only by truncation, 36.8 by the others.
  EXPECT_EQ(RoundingsProducing(100, 272, 367, 1), kTruncate);
  EXPECT_EQ(RoundingsProducing(100, 272, 368, 1), kHalfUp | kHalfEven | kCeil);
  // 17 / 272 = 6.25% exactly: half-even goes to 6.2.
  EXPECT_EQ(RoundingsProducing(17, 272, 63, 1), kHalfUp | kCeil);
  EXPECT_EQ(RoundingsProducing(17, 272, 62, 1), kTruncate | kHalfEven);
  EXPECT_EQ(RoundingsProducing(1, 2, 50, 0), kAllRoundings);
  EXPECT_EQ(RoundingsProducing(1536, 1626, 9613, 2), 0);
}

TEST(Rounding, AchievableOverADenominator) {
  EXPECT_EQ(RoundingsAchievable(272, 367, 1), kTruncate);
  EXPECT_EQ(RoundingsAchievable(272, 63, 1), kHalfUp | kCeil);
  // Over 7 nothing shows as 50%: 3/7 = 42.9%, 4/7 = 57.1%.
  EXPECT_EQ(RoundingsAchievable(7, 50, 0), 0);
  EXPECT_EQ(RoundingsAchievable(7, 100, 0), kAllRoundings);
  EXPECT_EQ(RoundingsAchievable(5000000, 3333, 2), kAllRoundings);
}

// ----- parts that do not sum -----

TEST(PartsDoNotSum, DeclaredCategoriesThatDoNotAddUp) {
  auto r =
      Check("事项包含检查、处罚、强制三类，合计4140项，其中检查188项、处罚3704项、强制250项。");
  ASSERT_EQ(Kinds(r), Kinds_{"error parts_do_not_sum"});
  const auto& f = r.findings[0];
  EXPECT_EQ(f.paragraph, 1u);
  EXPECT_EQ(f.figures.size(), 4u);
  EXPECT_EQ(f.figures[0].role, "total");
  EXPECT_EQ(f.figures[0].value, "4140");
  EXPECT_NE(f.explanation_zh.find("4142"), std::string::npos) << f.explanation_zh;
  EXPECT_NE(f.explanation_en.find("4142"), std::string::npos) << f.explanation_en;
}

TEST(PartsDoNotSum, DeclaredCategoriesThatAddUp) {
  auto r =
      Check("事项包含检查、处罚、强制三类，合计4140项，其中检查188项、处罚3704项、强制248项。");
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(r.statements_checked, 1);
}

TEST(PartsDoNotSum, AnOtherBucketMakesTheListComplete) {
  auto r = Check("共受理投诉120件，其中表扬30件、建议40件、其他45件。");
  EXPECT_EQ(Kinds(r), Kinds_{"error parts_do_not_sum"});
}

TEST(PartsDoNotSum, AnOpenListIsNotChecked) {
  // 其中 may name only some parts (海珠: 办结依申请案件…其中行政复议2宗，行政诉讼6宗).
  auto r = Check("共办结依申请案件2000宗，其中行政复议2宗，行政诉讼6宗。");
  EXPECT_TRUE(r.findings.empty());
  // Parts may overlap: 党员 and 女性.
  r = Check("共有干部100人，其中党员80人、女性50人。");
  EXPECT_TRUE(r.findings.empty());
}

TEST(PartsDoNotSum, ReconsiderationOutcomesMustCoverTheConcludedCases) {
  auto r = Check(
      "全年审结行政复议案件272宗，其中：撤销84宗，变更1宗，确认违法7宗，责令履行8宗，驳回19宗，"
      "维持112宗，终止审理(含调解、和解)37宗。");
  ASSERT_EQ(Kinds(r), Kinds_{"error parts_do_not_sum"});
  EXPECT_EQ(r.findings[0].figures.size(), 8u);
  EXPECT_EQ(r.findings[0].figures.back().label, "终止审理(含调解、和解)");
  // Only the corrective outcomes: a partial list, not checked.
  r = Check("全年审结行政复议案件272宗，其中撤销84宗、变更1宗。");
  EXPECT_TRUE(r.findings.empty());
}

TEST(PartsDoNotSum, MixedUnitsAndInterruptedListsAreSkipped) {
  auto r = Check("开设账号373个，其中抽查清单220项、审核清单189项、记录清单203项。");
  EXPECT_TRUE(r.findings.empty());
  r = Check("办理案件9453宗，同比增长81%，其中，刑事案件8710宗，同比增长115%，帮助案件4052宗。");
  EXPECT_TRUE(r.findings.empty());
}

TEST(PartsDoNotSum, DirectAndDispatchedWithinTheStatedPrecision) {
  auto r = Check("共收到群众来电诉求65.2万宗，直接回复54.8万宗，转派工单10.4万宗，回复率100%。");
  EXPECT_TRUE(r.findings.empty());
  // 54.86万 + 10.44万 shown rounded still fit; a real gap does not.
  r = Check("共收到群众来电诉求65.2万宗，直接回复54.9万宗，转派工单10.4万宗。");
  EXPECT_TRUE(r.findings.empty()) << "within ±0.3万";
  r = Check("共收到群众来电诉求65.2万宗，直接回复53.8万宗，转派工单10.4万宗。");
  ASSERT_EQ(Kinds(r), Kinds_{"error parts_do_not_sum"});
  EXPECT_NE(r.findings[0].explanation_zh.find("64.2万"), std::string::npos)
      << r.findings[0].explanation_zh;
}

TEST(PartsDoNotSum, ApproximateTotalsAreSkipped) {
  auto r = Check("合计超过100项，分别为甲30项、乙40项。");
  EXPECT_TRUE(r.findings.empty());
  r = Check("合计100项，分别为甲30项、乙40项。");
  EXPECT_EQ(Kinds(r), Kinds_{"error parts_do_not_sum"});
}

// ----- rates -----

TEST(RateNotAchievable, StatedNumeratorAndDenominator) {
  auto r = Check("我市实施清单数1626项，实现网上办事项1536项，占比96.13%。");
  ASSERT_EQ(Kinds(r), Kinds_{"error rate_not_achievable"});
  const auto& f = r.findings[0];
  ASSERT_EQ(f.figures.size(), 3u);
  EXPECT_EQ(f.figures[1].value, "1536");
  EXPECT_EQ(f.figures[2].value, "1626");
  EXPECT_NE(f.explanation_zh.find("94.46"), std::string::npos) << f.explanation_zh;
  r = Check("我市实施清单数1626项，实现网上办事项1563项，占比96.13%。");
  EXPECT_TRUE(r.findings.empty());
  r = Check("调解纠纷15207件，调解成功15021件，调解成功率98.8%。");
  EXPECT_TRUE(r.findings.empty());
  r = Check("调解纠纷15207件，调解成功15021件，调解成功率97.8%。");
  EXPECT_EQ(Kinds(r), Kinds_{"error rate_not_achievable"});
}

TEST(RateNotAchievable, UnrelatedOrAmbiguousCountsAreNotPaired) {
  // 按时办结率 is over the concluded cases, not what the previous clause counts.
  auto r = Check("受理100件，办结98件，按时办结率97%。");
  EXPECT_TRUE(r.findings.empty());
  // Two candidate denominators.
  r = Check("纳入清单278种，开通服务260种，签发证照194种，签发率75%。");
  EXPECT_TRUE(r.findings.empty());
  // A time saving is not a count ratio.
  r = Check("共有许可事项585项，总体时限压缩率为89.92%。");
  EXPECT_TRUE(r.findings.empty());
}

TEST(RateNotAchievable, InferredDenominatorIsAWarning) {
  auto r = Check("审结行政复议案件7宗，其中撤销2宗、维持3宗、驳回1宗、终止1宗。纠错率50%。");
  ASSERT_EQ(Kinds(r), Kinds_{"warning rate_not_achievable"});
  EXPECT_EQ(r.findings[0].sentence, "纠错率50%。");
}

TEST(PercentOver100, SharesAboveAHundred) {
  auto r = Check("网上可办率达102.5%，同比增长115%，完成率120%。");
  ASSERT_EQ(Kinds(r), Kinds_{"error percent_over_100"});
  EXPECT_EQ(r.findings[0].figures[0].text, "102.5%");
  r = Check("办结率100%，满意率99.9%。");
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(r.statements_checked, 2);
}

TEST(RoundingInconsistent, TruncatedAndRoundedRatesInOneParagraph) {
  std::string text =
      "全年审结行政复议案件272宗，其中：撤销84宗，变更1宗，确认违法7宗，责令履行8宗，驳回19宗，"
      "维持112宗，终止审理(含调解、和解)41宗。纠错率达36.7%，调解结案率6.3%。";
  auto r = Check(text);
  ASSERT_EQ(Kinds(r), Kinds_{"note rounding_inconsistent"});
  EXPECT_EQ(r.findings[0].sentence, "纠错率达36.7%，调解结案率6.3%。");
  EXPECT_NE(r.findings[0].explanation_zh.find("截断"), std::string::npos);
  // Both rounded half-up: consistent.
  text.replace(text.find("36.7%"), 5, "36.8%");
  EXPECT_TRUE(Check(text).findings.empty());
  // In different paragraphs, conventions are not compared.
  EXPECT_TRUE(Check("调解纠纷272件，调解成功100件，调解成功率36.7%。\n"
                    "调解纠纷272件，调解成功17件，调解成功率6.3%。")
                  .findings.empty());
  EXPECT_EQ(Kinds(Check("调解纠纷272件，调解成功100件，调解成功率36.7%。"
                        "调解纠纷272件，调解成功17件，调解成功率6.3%。")),
            Kinds_{"note rounding_inconsistent"});
}

// ----- errors -----

TEST(CheckReport, RefusesNonUtf8AndHugeTexts) {
  auto r = CheckReport("合计\xff\xfe 10 项");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().key(), "report.not_utf8");
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  r = CheckReport(std::string_view("a\0b", 3));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().key(), "report.not_utf8");
  std::string big(kMaxTextBytes + 1, 'a');
  r = CheckReport(big);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().key(), "report.too_large");
  EXPECT_TRUE(CheckReport("").has_value());
  EXPECT_TRUE(CheckReport("\xEF\xBB\xBF没有数字。").has_value());
}

// ----- the seed reports -----

std::string ReadSeed(const std::string& name) {
  std::ifstream in(std::filesystem::path(ZT_FIGCHECK_DATA_DIR) / name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_FALSE(ss.str().empty()) << name;
  return ss.str();
}

// (severity kind, a piece of the quoted sentence)
using Expected = std::set<std::pair<std::string, std::string>>;

void ExpectFindings(const std::string& file, const Expected& expected) {
  auto r = Check(ReadSeed(file));
  Expected got;
  for (const auto& f : r.findings) {
    std::string head = std::string(SeverityName(f.severity)) + " " + std::string(KindName(f.kind));
    std::string match;
    for (const auto& [kind, piece] : expected) {
      if (kind == head && f.sentence.find(piece) != std::string::npos) match = piece;
    }
    got.insert({head, match.empty() ? f.sentence : match});
  }
  EXPECT_EQ(got, expected) << file;
  EXPECT_GT(r.statements_checked, 0) << file;
}

TEST(SeedReports, ZhanjiangCity2020) {
  // STANDARDS.md §16.1: outcomes 84+1+7+8+19+112+37 = 268 ≠ 审结 272; 纠错率 36.7% is
  // 100/272 truncated while 调解结案率 6.3% is 17/272 rounded half-up. §16.3's
  // 188+3704+248 = 4140 holds and raises nothing.
  ExpectFindings("zhanjiang_city_2020.txt",
                 {{"error parts_do_not_sum", "审结行政复议案件272宗"},
                  {"note rounding_inconsistent", "纠错率达36.7%,调解结案率6.3%"}});
  auto r = Check(ReadSeed("zhanjiang_city_2020.txt"));
  for (const auto& f : r.findings) {
    if (f.kind == FindingKind::kPartsDoNotSum) {
      EXPECT_NE(f.explanation_zh.find("268"), std::string::npos);
      EXPECT_NE(f.explanation_zh.find("少 4宗"), std::string::npos) << f.explanation_zh;
    }
  }
}

TEST(SeedReports, ZhanjiangBureau2021) {
  // §16.2: 65.2万 = 54.8万 + 10.4万 holds.
  ExpectFindings("zhanjiang_zsj_2021.txt", {});
}

TEST(SeedReports, ZhanjiangBureau2019) { ExpectFindings("zhanjiang_zsj_2019.txt", {}); }

TEST(SeedReports, Haizhu2020) { ExpectFindings("haizhu_zsj_2020.txt", {}); }

TEST(SeedReports, Luoding2021) {
  // Not in §16: 1536 / 1626 = 94.46%, stated 96.13% (= 1563 / 1626: transposed digits).
  ExpectFindings("luoding_fb_2021.txt",
                 {{"error rate_not_achievable", "实现“网上办”事项1536项,占比96.13%"}});
}

}  // namespace
}  // namespace zt::figcheck
