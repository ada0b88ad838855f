// The zhengtong command line as staff use it: printed answers and documented exit codes.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "store_test_db.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/seed/seed.h"
#include "zt/service/account_service.h"

namespace zt {
namespace {

struct Run {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

Run Zhengtong(const std::string& args) {
  const char* env = std::getenv("ZT_BINARY");
  std::string command = std::string(env ? env : ZT_DEFAULT_BINARY) + " " + args + " 2>&1";
  Run run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buffer;
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) run.out += buffer.data();
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

TEST(CalendarCommandTest, AddsWorkingDaysAcrossNationalDay) {
  auto r = Zhengtong("calendar add-working-days 2025-09-30 1");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "2025-10-09\n");
}

TEST(CalendarCommandTest, MakeUpSaturdayIsAWorkingDay) {
  EXPECT_EQ(Zhengtong("calendar is-working-day 2025-10-11").out, "yes\n");
  EXPECT_EQ(Zhengtong("calendar is-working-day 2025-10-03").out, "no\n");
}

TEST(CalendarCommandTest, CalendarDaysRollForwardOffAHoliday) {
  // 2025-09-25 + 6 days = 2025-10-01, a holiday: the period ends on 2025-10-09.
  auto r = Zhengtong("calendar add-days 2025-09-25 6");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "2025-10-09\n");
}

TEST(CalendarCommandTest, ExplainCountsDayByDay) {
  auto r = Zhengtong("calendar explain 2025-09-30 1");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("2025-10-01  off"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("deadline: 2025-10-09"), std::string::npos) << r.out;
}

TEST(CalendarCommandTest, RefusesAYearWithoutData) {
  auto r = Zhengtong("calendar add-working-days 2026-12-28 5");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("calendar.year_not_covered"), std::string::npos) << r.out;
}

TEST(CalendarCommandTest, MalformedDateIsAUsageError) {
  EXPECT_EQ(Zhengtong("calendar is-working-day 2023-02-29").exit_code, 2);
  EXPECT_EQ(Zhengtong("calendar frobnicate").exit_code, 2);
}

TEST(ValidateCommandTest, ExitCodesAndReasons) {
  EXPECT_EQ(Zhengtong("validate id 11010519491231002X").exit_code, 0);
  auto bad = Zhengtong("validate id 110105194912310021");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("id_number.check_digit"), std::string::npos) << bad.out;
  EXPECT_EQ(Zhengtong("validate uscc 91350100M000100Y43").exit_code, 0);
  auto uscc = Zhengtong("validate uscc 91350100M000100Y44");
  EXPECT_EQ(uscc.exit_code, 1);
  EXPECT_NE(uscc.out.find("credit_code.check_digit"), std::string::npos) << uscc.out;
  EXPECT_EQ(Zhengtong("validate region 440802").exit_code, 0);
  EXPECT_EQ(Zhengtong("validate region 4408").exit_code, 1);
  EXPECT_EQ(Zhengtong("validate passport X").exit_code, 2);
}

TEST(AuditCommandTest, NamesTheFirstEntryEditedByHand) {
  auto db = testing::StoreTestDatabase::Create("sqlite");
  ASSERT_TRUE(db.has_value());
  {
    auto store = (*db)->Open();
    ASSERT_TRUE(store.has_value());
    ASSERT_TRUE((*store)->Migrate().has_value());
    crypto::OpenSslCrypto crypto;
    SimulatedClock clock(*ParseInstant("2025-09-30T10:00:00+08:00"));
    service::AccountService accounts(**store, crypto, clock);
    service::RequestContext ctx{"cli-test", "127.0.0.1"};
    for (int i = 0; i < 3; ++i) {
      auto citizen =
          accounts.RegisterCitizen({seed::DemoIdNumber("440802", *ParseDate("1980-01-01"), 10 + i),
                                    "测试", "13807590000", "long-enough-password"},
                                   ctx);
      ASSERT_TRUE(citizen.has_value()) << citizen.error().ToString();
    }
  }
  std::string url = (*db)->Url();
  auto intact = Zhengtong("audit verify --db " + url);
  EXPECT_EQ(intact.exit_code, 0) << intact.out;
  EXPECT_NE(intact.out.find("intact: 3 entries"), std::string::npos) << intact.out;

  // Someone with the database file drops the guard trigger and rewrites the second entry.
  ASSERT_TRUE((*db)
                  ->ExecRaw("DROP TRIGGER IF EXISTS events_no_update;"
                            "UPDATE events SET actor_region = '440803' WHERE seq = 2;")
                  .has_value());
  auto broken = Zhengtong("audit verify --db " + url);
  EXPECT_EQ(broken.exit_code, 1) << broken.out;
  EXPECT_NE(broken.out.find("BROKEN at entry 2"), std::string::npos) << broken.out;
}

// `report check FILE` (docs/cli.md): findings on stdout, exit 1 with errors, 0 without.
std::string WriteTemp(const std::string& name, const std::string& content) {
  std::string path = ::testing::TempDir() + "/" + name;
  FILE* f = std::fopen(path.c_str(), "wb");
  std::fwrite(content.data(), 1, content.size(), f);
  std::fclose(f);
  return path;
}

TEST(ReportCheckCommandTest, FindingsAndExitCodes) {
  auto bad = Zhengtong(
      "report check " +
      WriteTemp("report_bad.txt", "合计4140项，分别为检查188项、处罚3704项、强制250项。\n"));
  EXPECT_EQ(bad.exit_code, 1) << bad.out;
  EXPECT_NE(bad.out.find("error: parts_do_not_sum (paragraph 1)"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("「合计4140项"), std::string::npos) << bad.out;
  auto good =
      Zhengtong("report check " +
                WriteTemp("report_good.txt",
                          "共收到来电诉求65.2万宗，直接回复54.8万宗，转派工单10.4万宗。\n"));
  EXPECT_EQ(good.exit_code, 0) << good.out;
  EXPECT_NE(good.out.find("1 statements checked: 0 errors"), std::string::npos) << good.out;
  auto gbk =
      Zhengtong("report check " + WriteTemp("report_gbk.txt", "\xba\xcf\xbc\xc6 10 \xcf\xee"));
  EXPECT_EQ(gbk.exit_code, 1) << gbk.out;
  EXPECT_NE(gbk.out.find("report.not_utf8"), std::string::npos) << gbk.out;
  EXPECT_EQ(Zhengtong("report check /nonexistent/report.txt").exit_code, 2);
  EXPECT_EQ(Zhengtong("report check").exit_code, 2);
}

}  // namespace
}  // namespace zt
