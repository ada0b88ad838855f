// Checks the built-in China calendar against the vendored holiday-cn JSON, read here with a
// separate, deliberately simple parser: an independent path from scripts/gen_holidays.py.
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "zt/calendar/calendar.h"

namespace zt::calendar {
namespace {

struct YearFile {
  std::vector<std::string> papers;
  std::map<std::string, bool> working_by_date;  // listed days: date -> !isOffDay
  int date_mentions = 0;                        // every "date" key, parsed or not
};

YearFile ReadYearFile(int year) {
  const std::string path = std::string(ZT_HOLIDAY_DATA_DIR) + "/" + std::to_string(year) + ".json";
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();

  YearFile file;
  static const std::regex kDay(
      R"rx("date"\s*:\s*"(\d{4}-\d{2}-\d{2})"\s*,\s*"isOffDay"\s*:\s*(true|false))rx");
  for (std::sregex_iterator it(text.begin(), text.end(), kDay), end; it != end; ++it) {
    file.working_by_date[(*it)[1]] = (*it)[2] == "false";
  }
  static const std::regex kDateKey(R"rx("date"\s*:)rx");
  file.date_mentions =
      static_cast<int>(std::distance(std::sregex_iterator(text.begin(), text.end(), kDateKey), {}));
  static const std::regex kPaper(R"rx("(https?://www\.gov\.cn/[^"]+)")rx");
  for (std::sregex_iterator it(text.begin(), text.end(), kPaper), end; it != end; ++it) {
    file.papers.push_back((*it)[1]);
  }
  return file;
}

// Every listed day of 2019..2026, whichever file lists it.
std::map<std::string, bool> AllListedDays() {
  std::map<std::string, bool> all;
  for (int year = 2019; year <= 2026; ++year) {
    const YearFile file = ReadYearFile(year);
    EXPECT_EQ(static_cast<int>(file.working_by_date.size()), file.date_mentions)
        << year << ": the simple parser missed entries";
    for (const auto& [date, working] : file.working_by_date) {
      EXPECT_FALSE(all.contains(date)) << date << " listed by two files";
      all[date] = working;
    }
  }
  return all;
}

// The rule of STANDARDS.md §1.2, applied to the JSON directly.
bool ExpectedWorking(const std::map<std::string, bool>& listed, const Date& d) {
  auto it = listed.find(d.ToString());
  return it != listed.end() ? it->second : d.iso_weekday() <= 5;
}

TEST(ChinaCalendarDataTest, EveryDayMatchesTheJson) {
  const auto listed = AllListedDays();
  ASSERT_GT(listed.size(), 250u);
  const auto& cal = WorkingCalendar::China();
  for (Date d = *ParseDate("2019-01-01"); d <= *ParseDate("2026-12-31"); d = d.AddDays(1)) {
    auto working = cal.IsWorkingDay(d);
    ASSERT_TRUE(working) << d.ToString();
    EXPECT_EQ(*working, ExpectedWorking(listed, d)) << d.ToString();
  }
}

TEST(ChinaCalendarDataTest, WorkingDaysPerYearMatchAnIndependentCount) {
  const auto listed = AllListedDays();
  const auto& cal = WorkingCalendar::China();
  for (int year = 2019; year <= 2026; ++year) {
    int expected = 0;
    const Date first = *Date::FromYmd(year, 1, 1);
    const Date last = *Date::FromYmd(year, 12, 31);
    for (Date d = first; d <= last; d = d.AddDays(1)) expected += ExpectedWorking(listed, d);
    // (from, to] counts 01-01 only when from is the day before; start from 01-01 and add it.
    auto between = cal.WorkingDaysBetween(first, last);
    ASSERT_TRUE(between) << year;
    EXPECT_EQ(*between + (cal.IsWorkingDay(first).value() ? 1 : 0), expected) << year;
  }
}

TEST(ChinaCalendarDataTest, Year2025Has248WorkingDays) {
  // 261 weekdays - 18 weekday holidays + 5 make-up days; the independent count above agrees.
  const auto& cal = WorkingCalendar::China();
  EXPECT_EQ(cal.WorkingDaysBetween(*ParseDate("2024-12-31"), *ParseDate("2025-12-31")).value(),
            248);
  int counted = 0;
  const auto listed = AllListedDays();
  for (Date d = *ParseDate("2025-01-01"); d <= *ParseDate("2025-12-31"); d = d.AddDays(1)) {
    counted += ExpectedWorking(listed, d);
  }
  EXPECT_EQ(counted, 248);
}

TEST(ChinaCalendarDataTest, SourcesAreTheNoticesEachFileNames) {
  const auto& cal = WorkingCalendar::China();
  for (int year = 2019; year <= 2026; ++year) {
    const YearFile file = ReadYearFile(year);
    ASSERT_FALSE(file.papers.empty()) << year;
    auto source = cal.SourceOf(year);
    ASSERT_TRUE(source) << year;
    for (const auto& paper : file.papers) {
      EXPECT_NE(source->find(paper), std::string::npos) << year << " lacks " << paper;
    }
  }
}

TEST(ChinaCalendarDataTest, FilesListDaysOfThePreviousYear) {
  // The quirk the calendar must handle: 2019.json lists 2018-12-29..31, 2023.json lists
  // 2022-12-31. If a new file starts listing days of another year, look at it again.
  std::vector<std::string> outside;
  for (int year = 2019; year <= 2026; ++year) {
    for (const auto& [date, working] : ReadYearFile(year).working_by_date) {
      if (date.substr(0, 4) != std::to_string(year)) outside.push_back(date);
    }
  }
  EXPECT_EQ(outside,
            (std::vector<std::string>{"2018-12-29", "2018-12-30", "2018-12-31", "2022-12-31"}));
}

}  // namespace
}  // namespace zt::calendar
