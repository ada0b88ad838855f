// `zhengtong hotline import` with an XLSX workbook, run as a child process on the test's
// database (SQLite or PostgreSQL, chosen at build time): the workbook is recognised by its
// content (its name says .dat), read from its first sheet with the CSV columns, and reported
// row by row exactly like a CSV file.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "store_test_db.h"
#include "two_districts.h"
#include "zt/document/xlsx.h"
#include "zt/service/hotline_store.h"

namespace zt::service {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int status = -1;
  std::string out;  // stdout: the rejected-row report
  std::string err;  // stderr: progress and totals
};

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::vector<document::Cell> kHeader = {
    "number",      "received_at",   "source",      "caller_name",   "caller_phone",
    "matter_type", "category_code", "region_code", "address",       "title",
    "content",     "urgent",        "disposition", "department_id", "answer",
    "state",       "replied_at",    "closed_at",   "satisfaction"};

class HotlineXlsxImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto seeded = testing::PutTwoDistricts(*store_);
    ASSERT_TRUE(seeded.has_value()) << seeded.error().ToString();
    dir_ = fs::temp_directory_path() /
           ("zt-hotline-import-" + std::to_string(::getpid()) + "-" + ZT_TEST_BACKEND);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path WriteWorkbook(const std::string& name, const document::Sheet& sheet) {
    auto bytes = document::WriteXlsx(sheet);
    EXPECT_TRUE(bytes.has_value()) << bytes.error().ToString();
    fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << bytes.value_or("");
    return path;
  }

  CliRun Import(const fs::path& file) {
    std::string command = "'" + std::string(ZT_BINARY) + "' hotline import '" + file.string() +
                          "' --batch 2 --db '" + db_->Url() + "' > '" +
                          (dir_ / "out.txt").string() + "' 2> '" + (dir_ / "err.txt").string() +
                          "'";
    CliRun r;
    int raw = std::system(command.c_str());
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = Slurp(dir_ / "out.txt");
    r.err = Slurp(dir_ / "err.txt");
    return r;
  }

  std::optional<hotline::WorkOrder> Order(const std::string& number) {
    auto tx = store_->Begin();
    EXPECT_TRUE(tx.has_value());
    auto found = (*tx)->hotline().FindOrderByNumber(number);
    EXPECT_TRUE(found.has_value()) << found.error().ToString();
    return found.value_or(std::nullopt);
  }

  std::int64_t OrderCount() {
    auto tx = store_->Begin();
    EXPECT_TRUE(tx.has_value());
    auto page = (*tx)->hotline().ListOrders({});
    EXPECT_TRUE(page.has_value());
    return page.has_value() ? page->total : -1;
  }

  std::unique_ptr<testing::StoreTestDatabase> db_ =
      testing::CreateTestDatabaseOrThrow(ZT_TEST_BACKEND);
  std::unique_ptr<Store> store_ = testing::OpenMigratedOrThrow(*db_);
  fs::path dir_;
};

TEST_F(HotlineXlsxImportTest, FirstSheetIsImportedWithTheCsvColumnsAndRowReport) {
  document::Sheet sheet;
  sheet.name = "历史工单";
  sheet.rows.push_back(kHeader);
  // Row 1: a number with leading zeros kept as text; the phone typed as a number, as
  // spreadsheet users do, must come back as its 11 digits; urgent as the number 0.
  sheet.rows.push_back({"00120210001", "2021-03-01T10:00:00+08:00", "phone", "张三", 13800000001.0,
                        "complaint", "0201", "440802", "中山路", "噪音", "夜间噪音", 0.0,
                        "dispatch", "440802-scj", std::monostate{}, "closed_resolved",
                        "2021-03-05T10:00:00+08:00", "2021-03-06T10:00:00+08:00", "satisfied"});
  // Row 2: no type — rejected with the same report as CSV.
  sheet.rows.push_back({"00120210002", "2021-03-01T11:00:00+08:00", "phone", "李四", "13800000002",
                        std::monostate{}, "0201", "440802", "中山路", "噪音", "无类型", 0.0,
                        "dispatch", "440802-scj", std::monostate{}, "dispatched"});
  // Row 3: an 18-digit reference that a number cell would round; text keeps every digit.
  // The row is shorter than the header (Excel drops trailing empty cells).
  sheet.rows.push_back({"440802202103020003", "2021-03-02T11:00:00+08:00", "sms", "王五",
                        std::monostate{}, "consult", "0601", "440803", std::monostate{}, "社保",
                        "怎么办社保卡", 0.0, "answer", std::monostate{}, "已告知", "answered"});
  // Row 4: an invalid region.
  sheet.rows.push_back({"00120210004", "2021-03-03T09:00:00+08:00", "phone", "赵六", "13800000004",
                        "help", "0201", "44080", "海滨路", "求助", "路灯不亮", 0.0, "dispatch",
                        "440802-scj", std::monostate{}, "dispatched"});
  sheet.rows.push_back({});  // an empty row at the end, as Excel leaves them
  fs::path file = WriteWorkbook("historical.dat", sheet);

  CliRun run = Import(file);
  EXPECT_EQ(run.status, 1) << run.err;  // some rows were rejected
  std::istringstream report(run.out);
  std::vector<std::string> lines;
  for (std::string line; std::getline(report, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 3u) << run.out << run.err;
  EXPECT_EQ(lines[0], "row,pointer,key,detail");
  EXPECT_EQ(lines[1].rfind("2,/matter_type,hotline.type_required,", 0), 0u) << lines[1];
  EXPECT_EQ(lines[2].rfind("4,/region_code,hotline.region_invalid,", 0), 0u) << lines[2];
  EXPECT_NE(run.err.find("4 rows, 2 imported, 2 rejected"), std::string::npos) << run.err;

  EXPECT_EQ(OrderCount(), 2);
  auto first = Order("00120210001");
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->caller_phone, "13800000001");
  EXPECT_EQ(first->state, "closed_resolved");
  EXPECT_EQ(first->outcome, "resolved");
  EXPECT_EQ(first->department_id.value(), "440802-scj");
  EXPECT_FALSE(first->urgent);
  auto answered = Order("440802202103020003");
  ASSERT_TRUE(answered.has_value());
  EXPECT_EQ(answered->state, "answered");
  EXPECT_EQ(answered->answer, "已告知");
  EXPECT_TRUE(answered->caller_phone.empty());
  EXPECT_FALSE(Order("00120210002").has_value());
  EXPECT_FALSE(Order("00120210004").has_value());

  // The same workbook again: every row is now a taken number or still invalid; nothing new.
  CliRun again = Import(file);
  EXPECT_EQ(again.status, 1);
  EXPECT_NE(again.out.find("1,/number,hotline.import_duplicate_number"), std::string::npos)
      << again.out;
  EXPECT_EQ(OrderCount(), 2);
}

TEST_F(HotlineXlsxImportTest, WorkbookWithAWrongHeaderOrNoWorkbookIsRefused) {
  document::Sheet sheet;
  sheet.rows.push_back({"number", "oops"});
  sheet.rows.push_back({"1", "2"});
  CliRun bad_header = Import(WriteWorkbook("orders.xlsx", sheet));
  EXPECT_EQ(bad_header.status, 1);
  EXPECT_NE(bad_header.err.find("hotline.import_header"), std::string::npos) << bad_header.err;

  // A ZIP archive that holds no workbook.
  std::ofstream(dir_ / "fake.xlsx", std::ios::binary)
      << std::string("PK\x03\x04", 4) << std::string(64, '\0');
  CliRun not_xlsx = Import(dir_ / "fake.xlsx");
  EXPECT_EQ(not_xlsx.status, 1);
  EXPECT_NE(not_xlsx.err.find("xlsx."), std::string::npos) << not_xlsx.err;
  EXPECT_EQ(OrderCount(), 0);
}

}  // namespace
}  // namespace zt::service
