// zhengtong: the server and the staff's command-line tools.
//
// Exit codes (docs/cli.md): 0 ok; 1 the answer is "no" or the operation failed (an invalid
// value, a broken audit chain); 2 usage error; 3 invalid configuration; 4 a dependency is
// unavailable (the database); 130 interrupted.
#include <CLI/CLI.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <unistd.h>

#include "account_commands.h"
#include "audit_commands.h"
#include "catalogue_commands.h"
#include "hotline_commands.h"
#include "indicator_commands.h"
#include "licence_commands.h"
#include "outbox_commands.h"
#include "zt/api/api.h"
#include "zt/calendar/calendar.h"
#include "zt/caseflow/case_type_file.h"
#include "zt/core/credit_code.h"
#include "zt/core/id_number.h"
#include "zt/core/region_code.h"
#include "zt/crypto/field_cipher.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/figcheck/figcheck.h"
#include "zt/http/router.h"
#include "zt/http/server.h"
#include "zt/seed/seed.h"
#include "zt/service/account_admin_service.h"
#include "zt/service/application_service.h"
#include "zt/service/catalog_service.h"
#include "zt/service/notification_service.h"
#include "zt/service/rating_service.h"
#include "zt/store/file_blob_store.h"
#include "zt/store/open.h"
#include "zt/store/pg_privileges.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitNo = 1;
constexpr int kExitConfig = 3;
constexpr int kExitUnavailable = 4;

class SystemClock final : public zt::Clock {
 public:
  zt::Instant Now() const override {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now());
  }
};

// Materials' bytes live beside the database by default: a SQLite file's directory, else var.
std::string DataDirectoryFor(const std::string& db, const std::string& given) {
  if (!given.empty()) return given;
  if (db.starts_with("sqlite:")) {
    auto parent = std::filesystem::path(db.substr(7)).parent_path();
    return parent.empty() ? "." : parent.string();
  }
  return "var";
}

int ExitFor(const zt::Error& e) {
  std::cerr << "error: " << e.ToString() << "\n";
  return e.code() == zt::ErrorCode::kUnavailable ? kExitUnavailable : kExitNo;
}

std::unique_ptr<zt::service::Store> OpenAndMigrate(const std::string& url, int& exit_code) {
  if (url.starts_with("sqlite:")) {
    std::filesystem::path file(url.substr(7));
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  }
  auto store = zt::store::OpenStore(url);
  if (!store) {
    exit_code = ExitFor(store.error());
    return nullptr;
  }
  auto migrated = (*store)->Migrate();
  if (!migrated) {
    exit_code = ExitFor(migrated.error());
    return nullptr;
  }
  return std::move(*store);
}

// Where the built web front end lives: --web-dir, else web/dist under the working directory
// or next to the source tree the binary was built from.
std::string FindWebDir(const std::string& given) {
  if (!given.empty()) return given;
  for (const char* candidate : {"web/dist", ZT_SOURCE_DIR "/web/dist"}) {
    if (std::filesystem::exists(std::filesystem::path(candidate) / "index.html")) return candidate;
  }
  return "";
}

bool IsTty(FILE* f) { return isatty(fileno(f)) != 0; }

// Progress on stderr: a redrawn line on a terminal, occasional plain lines otherwise.
void ShowProgress(std::string_view stage, int done, int total) {
  static std::string last_stage;
  static int last_percent = -1;
  int percent = total > 0 ? done * 100 / total : 100;
  if (IsTty(stderr)) {
    std::fprintf(stderr, "\r%-14.*s %5d/%-5d %3d%%", static_cast<int>(stage.size()), stage.data(),
                 done, total, percent);
    if (done == total) std::fprintf(stderr, "\n");
  } else if (stage != last_stage || percent / 25 != last_percent / 25 || done == total) {
    std::fprintf(stderr, "seed: %.*s %d/%d\n", static_cast<int>(stage.size()), stage.data(), done,
                 total);
  }
  last_stage = std::string(stage);
  last_percent = percent;
}

std::string DemoPassword(const std::filesystem::path& file, zt::service::Crypto& crypto) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("password: ")) return line.substr(10);
  }
  return "Zt-" + crypto.RandomToken(9);
}

// `report check FILE`: prints each finding (severity, kind, paragraph, the quoted sentence,
// the explanation in Chinese and English) and a summary line. Exit 1 when an error-severity
// finding exists or the file cannot be read as UTF-8 text; 0 otherwise.
int CheckReportFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    std::cerr << "error: cannot read " << path << "\n";
    return kExitNo;
  }
  auto checked = zt::figcheck::CheckReport(text);
  if (!checked) {
    std::cerr << "error: " << path << ": " << checked.error().key() << ": "
              << checked.error().detail() << "\n";
    return kExitNo;
  }
  int errors = 0, warnings = 0, notes = 0;
  for (const auto& f : checked->findings) {
    errors += f.severity == zt::figcheck::Severity::kError;
    warnings += f.severity == zt::figcheck::Severity::kWarning;
    notes += f.severity == zt::figcheck::Severity::kNote;
    std::cout << zt::figcheck::SeverityName(f.severity) << ": " << zt::figcheck::KindName(f.kind)
              << " (paragraph " << f.paragraph << ")\n  「" << f.sentence << "」\n  "
              << f.explanation_zh << "\n  " << f.explanation_en << "\n";
  }
  std::cout << checked->statements_checked << " statements checked: " << errors << " errors, "
            << warnings << " warnings, " << notes << " notes\n";
  return errors > 0 ? kExitNo : kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"zhengtong (政通): government service and data platform"};
  app.require_subcommand(1);
  std::string db = std::getenv("ZT_DB") ? std::getenv("ZT_DB") : "sqlite:var/zhengtong.db";

  auto* serve = app.add_subcommand("serve", "Run the HTTP server (API and web pages)");
  std::string listen = "127.0.0.1";
  int port = 8080;
  int threads = 0;
  std::string web_dir;
  serve->add_option("--db", db, "Database: sqlite:PATH or postgresql://...")->capture_default_str();
  serve->add_option("--listen", listen, "Address to listen on")->capture_default_str();
  serve->add_option("--port", port, "Port (0 picks a free one)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  serve->add_option("--threads", threads, "Worker threads (0: one per core)");
  serve->add_option("--web-dir", web_dir, "Directory of the built web front end");
  std::string port_file;
  serve->add_option("--port-file", port_file, "Write the bound port to this file once listening");
  std::string data_dir = std::getenv("ZT_DATA_DIR") ? std::getenv("ZT_DATA_DIR") : "";
  serve->add_option("--data-dir", data_dir,
                    "Where uploaded materials are kept (<dir>/blobs); default ZT_DATA_DIR, else "
                    "the SQLite file's directory, else var");
  std::int64_t max_upload_bytes = 10 * 1024 * 1024;
  serve->add_option("--max-upload-bytes", max_upload_bytes, "Largest material upload")
      ->capture_default_str()
      ->check(CLI::Range(std::int64_t{1024}, std::int64_t{1} << 30));
  bool production = std::getenv("ZT_PRODUCTION") != nullptr &&
                    std::string_view(std::getenv("ZT_PRODUCTION")) == "1";
  serve->add_flag("--production", production,
                  "Refuse to start unless the database's durability settings are safe "
                  "(also ZT_PRODUCTION=1)");
  // AUTH-05: staff log in with TOTP; "optional" is for tests and demos, never production.
  std::string staff_second_factor =
      std::getenv("ZT_STAFF_SECOND_FACTOR") ? std::getenv("ZT_STAFF_SECOND_FACTOR") : "required";
  serve
      ->add_option("--staff-second-factor", staff_second_factor,
                   "required: staff without TOTP may only enrol it; optional: not forced "
                   "(refused with --production; also ZT_STAFF_SECOND_FACTOR)")
      ->capture_default_str()
      ->check(CLI::IsMember({"required", "optional"}));
  // RATE-01: requests per client (docs/security.md "Rate limits"); "off" only for tests.
  std::string api_rate = std::getenv("ZT_API_RATE") ? std::getenv("ZT_API_RATE") : "600/1m";
  serve
      ->add_option("--api-rate", api_rate,
                   "API requests per client as N/PERIOD (600/1m, 5/2s) or off (also ZT_API_RATE)")
      ->capture_default_str();
  // AUTH-06: the development SMS adapter's directory; no real gateway exists yet.
  std::string sms_outbox = std::getenv("ZT_SMS_OUTBOX") ? std::getenv("ZT_SMS_OUTBOX") : "";
  serve->add_option("--sms-outbox", sms_outbox,
                    "Write SMS one-time codes to files here instead of sending them (development "
                    "and tests; refused with --production; also ZT_SMS_OUTBOX)");
  int disable_inactive_days = 0;  // AUTH-09: off unless asked for (docs/security.md)
  serve
      ->add_option("--disable-inactive-days", disable_inactive_days,
                   "Disable staff accounts unused for this many days, at start and daily (0: off; "
                   "also ZT_DISABLE_INACTIVE_DAYS)")
      ->envname("ZT_DISABLE_INACTIVE_DAYS")
      ->check(CLI::Range(0, 3650));
  zt::cli::ServerCheckpointOptions checkpoint_options;  // AUD-04 (docs/security.md)
  zt::cli::AddServerCheckpointOptions(*serve, checkpoint_options);

  auto* migrate = app.add_subcommand("migrate", "Apply database migrations");
  migrate->add_option("--db", db, "Database")->capture_default_str();

  auto* seed = app.add_subcommand("seed", "Seed the demo city (湛江市) into an empty database");
  int applications = 300;
  std::string logins_file = "var/demo-logins.txt";
  seed->add_option("--db", db, "Database")->capture_default_str();
  seed->add_option("--applications", applications, "Applications to generate")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000000));
  seed->add_option("--logins-file", logins_file, "Where the demo logins are kept")
      ->capture_default_str();
  bool city_scale = false;
  seed->add_flag("--city-scale", city_scale,
                 "Also generate a city-scale catalogue (8,000 city items, 60,000 in all)");

  auto* audit = app.add_subcommand("audit", "Audit log tools");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "Verify the event log's hash chain");
  verify->add_option("--db", db, "Database")->capture_default_str();
  zt::cli::AuditCommands audit_commands;
  zt::cli::AddAuditCommands(*audit, *verify, db, audit_commands);

  auto* cal = app.add_subcommand("calendar", "Working-day calendar (State Council holidays)");
  cal->require_subcommand(1);
  std::string date_text;
  int days = 0;
  auto* is_working = cal->add_subcommand("is-working-day", "Print yes or no");
  is_working->add_option("DATE", date_text, "YYYY-MM-DD")->required();
  auto* add_working = cal->add_subcommand("add-working-days", "The N-th working day after DATE");
  add_working->add_option("DATE", date_text, "YYYY-MM-DD")->required();
  add_working->add_option("N", days, "Working days")->required()->check(CLI::Range(0, 3650));
  auto* add_days =
      cal->add_subcommand("add-days", "DATE + N calendar days, rolled to a working day");
  add_days->add_option("DATE", date_text, "YYYY-MM-DD")->required();
  add_days->add_option("N", days, "Calendar days")->required()->check(CLI::Range(0, 3650));
  auto* explain = cal->add_subcommand("explain", "The day-by-day count of DATE + N working days");
  bool explain_calendar = false;
  explain->add_option("DATE", date_text, "YYYY-MM-DD")->required();
  explain->add_option("N", days, "Days")->required()->check(CLI::Range(0, 3650));
  explain->add_flag("--calendar-days", explain_calendar, "Count calendar days instead");
  auto* recompute = cal->add_subcommand(
      "recompute", "Recompute open cases' deadlines when the holiday calendar changed");
  bool recompute_force = false;
  recompute->add_option("--db", db, "Database")->capture_default_str();
  recompute->add_flag("--force", recompute_force, "Recompute even when the calendar is unchanged");

  auto* validate = app.add_subcommand(
      "validate", "Validate a code; exit 0 when valid, 1 with the reason otherwise");
  std::string kind, value;
  validate->add_option("KIND", kind, "id | uscc | region")
      ->required()
      ->check(CLI::IsMember({"id", "uscc", "region"}));
  validate->add_option("VALUE", value, "The value")->required();

  auto* progress = app.add_subcommand(
      "progress", "Follow an application by receipt number and the applicant's ID number (masked)");
  std::string receipt_no, id_number;
  progress->add_option("--db", db, "Database")->capture_default_str();
  progress->add_option("RECEIPT_NO", receipt_no, "受理编号")->required();
  progress->add_option("ID_NUMBER", id_number, "The applicant's 身份证号")->required();

  auto* stats = app.add_subcommand(
      "stats",
      "Per-department figures of a region: accepted, concluded, 办结率, average working days");
  std::string stats_region = "440800";
  stats->add_option("--db", db, "Database")->capture_default_str();
  stats->add_option("--region", stats_region, "Region code")->capture_default_str();

  auto* report = app.add_subcommand("report", "Written reports");
  report->require_subcommand(1);
  auto* report_check = report->add_subcommand(
      "check", "List the figures of a report that cannot be true; exit 1 when there are errors");
  std::string report_file;
  report_check->add_option("FILE", report_file, "The report as UTF-8 text")
      ->required()
      ->check(CLI::ExistingFile);

  zt::cli::IndicatorCommands indicator_commands;
  zt::cli::AddIndicatorCommands(app, *report, db, indicator_commands);
  zt::cli::HotlineCommands hotline_commands;
  zt::cli::AddHotlineCommands(app, db, hotline_commands);
  zt::cli::LicenceCommands licence_commands;
  zt::cli::AddLicenceCommands(app, db, licence_commands);
  zt::cli::OutboxCommands outbox_commands;
  zt::cli::AddOutboxCommands(app, db, outbox_commands);
  zt::cli::AccountCommands account_commands;
  zt::cli::AddAccountCommands(app, db, account_commands);

  auto* items = app.add_subcommand("items", "The service item catalogue");
  items->require_subcommand(1);
  auto* items_export = items->add_subcommand(
      "export", "Write a department's items as CSV (UTF-8 with BOM, CRLF) to stdout");
  std::string export_department;
  bool export_no_bom = false;
  items_export->add_option("--db", db, "Database")->capture_default_str();
  items_export->add_option("--department", export_department, "Department id")->required();
  items_export->add_flag("--no-bom", export_no_bom, "Leave out the UTF-8 BOM");
  auto* items_drift = items->add_subcommand(
      "drift", "List implementations that differ from their basic-catalogue item; exit 1 if any");
  std::string drift_region;
  items_drift->add_option("--db", db, "Database")->capture_default_str();
  items_drift->add_option("--region", drift_region, "Only this region (and what lies in it)");
  zt::cli::CatalogueCommands catalogue_commands;
  zt::cli::AddCatalogueCommands(*items, db, catalogue_commands);

  auto* ratings = app.add_subcommand("ratings", "Ratings (好差评)");
  ratings->require_subcommand(1);
  auto* ratings_sweep = ratings->add_subcommand(
      "sweep", "Give concluded applications unrated for 7 days their default rating (基本满意)");
  ratings_sweep->add_option("--db", db, "Database")->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : 2;
  }

  const auto& calendar = zt::calendar::WorkingCalendar::China();
  auto date_or_fail = [&]() -> std::optional<zt::Date> {
    auto d = zt::ParseDate(date_text);
    if (!d) {
      std::cerr << "error: " << d.error().detail() << "\n";
      return std::nullopt;
    }
    return *d;
  };

  if (*cal && !*recompute) {
    auto date = date_or_fail();
    if (!date) return 2;
    if (*is_working) {
      auto r = calendar.IsWorkingDay(*date);
      if (!r) return ExitFor(r.error());
      std::cout << (*r ? "yes" : "no") << "\n";
      return kExitOk;
    }
    if (*add_working || *add_days) {
      auto r = *add_working ? calendar.AddWorkingDays(*date, days)
                            : calendar.AddCalendarDays(*date, days);
      if (!r) return ExitFor(r.error());
      std::cout << r->ToString() << "\n";
      return kExitOk;
    }
    auto r = calendar.Explain(*date, days, !explain_calendar);
    if (!r) return ExitFor(r.error());
    for (const auto& d : *r) {
      std::printf("%s  %-7s %s%s\n", d.date.ToString().c_str(), d.working ? "working" : "off",
                  d.counted ? ("#" + std::to_string(d.running_count) + "  ").c_str() : "     ",
                  d.reason.c_str());
    }
    if (!r->empty()) std::printf("deadline: %s\n", r->back().date.ToString().c_str());
    return kExitOk;
  }

  if (*validate) {
    zt::Status status = zt::Ok();
    if (kind == "id") {
      auto r = zt::IdNumber::Parse(value);
      if (!r) status = std::unexpected(r.error());
    } else if (kind == "uscc") {
      auto r = zt::CreditCode::Parse(value);
      if (!r) status = std::unexpected(r.error());
    } else {
      auto r = zt::RegionCode::Parse(value);
      if (!r) status = std::unexpected(r.error());
    }
    if (!status) {
      std::cerr << "invalid: " << status.error().key() << ": " << status.error().detail() << "\n";
      return kExitNo;
    }
    std::cout << "valid\n";
    return kExitOk;
  }

  if (*report_check) return CheckReportFile(report_file);
  if (auto rc = zt::cli::RunLicenceOfflineCommands(licence_commands, SystemClock())) return *rc;
  if (auto rc = zt::cli::RunAuditOfflineCommands(audit_commands)) return *rc;

  int exit_code = kExitOk;
  auto store = OpenAndMigrate(db, exit_code);
  if (!store) return exit_code == kExitNo ? kExitConfig : exit_code;

  if (*migrate) {
    std::cout << "migrated " << store->backend() << "\n";
    return kExitOk;
  }

  // Case types are data (data/case_types/): a file that does not validate stops here.
  if (auto types = zt::caseflow::LoadBuiltInCaseTypes(); !types) {
    std::cerr << "zhengtong: " << types.error().detail() << "\n";
    return kExitConfig;
  }
  if (auto rc = zt::cli::RunAuditCommands(audit_commands, *store, SystemClock())) return *rc;
  if (*verify) {
    auto report = store->VerifyChain();
    if (!report) return ExitFor(report.error());
    if (report->intact) {
      std::cout << "audit chain intact: " << report->entries << " entries\n";
      return kExitOk;
    }
    std::cout << "audit chain BROKEN at entry " << report->first_bad_seq << ": " << report->problem
              << " (" << report->entries << " entries read)\n";
    return kExitNo;
  }

  zt::crypto::OpenSslCrypto crypto;
  SystemClock clock;
  if (auto rc =
          zt::cli::RunIndicatorCommands(indicator_commands, *store, crypto, clock, calendar)) {
    return *rc;
  }
  if (auto rc = zt::cli::RunOutboxCommands(outbox_commands, *store, clock)) return *rc;
  if (auto rc = zt::cli::RunAccountCommands(account_commands, *store, crypto, clock)) return *rc;
  if (auto rc = zt::cli::RunHotlineCommands(hotline_commands, *store, crypto, clock, calendar)) {
    return *rc;
  }
  if (auto rc = zt::cli::RunLicenceCommands(licence_commands, *store, crypto, clock)) return *rc;
  if (auto rc = zt::cli::RunCatalogueCommands(catalogue_commands, *store, crypto, clock)) {
    return *rc;
  }

  // Open cases' deadlines follow the holiday calendar this binary carries (docs/case-engine.md).
  if (*recompute || *serve) {
    zt::service::ApplicationService apps(*store, crypto, clock, calendar);
    auto report = apps.RecomputeDeadlines({"cli-calendar", ""}, recompute_force);
    if (!report) return ExitFor(report.error());
    if (*recompute || report->changed_cases > 0) {
      std::cerr << "calendar " << report->fingerprint
                << (report->calendar_changed ? " (changed)" : " (unchanged)") << ": "
                << report->changed_cases << " of " << report->open_cases
                << " open cases' deadlines recomputed\n";
    }
    if (*recompute) return kExitOk;
  }

  if (*seed) {
    std::filesystem::path file(logins_file);
    zt::seed::SeedOptions options;
    options.applications = applications;
    options.demo_password = DemoPassword(file, crypto);
    options.now = clock.Now();
    options.progress = ShowProgress;
    zt::store::FileBlobStore seed_blobs(zt::store::BlobDirectoryOf(DataDirectoryFor(db, "")));
    options.blobs = &seed_blobs;
    auto result = zt::seed::SeedDemoCity(*store, crypto, options);
    if (!result) return ExitFor(result.error());
    if (result->already_seeded) {
      std::cerr << "seed: the database has accounts already; nothing written\n";
      return kExitOk;
    }
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
    {
      std::ofstream out(file, std::ios::trunc);
      out << "# zhengtong demo logins: every account must change this password at first login\n";
      out << "password: " << options.demo_password << "\n";
      for (const auto& l : result->logins) {
        out << l.role << "\t" << l.username << "\t" << l.display_name << "\t" << l.scope << "\n";
      }
    }
    std::filesystem::permissions(
        file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    std::cerr << "seed: " << result->regions << " regions, " << result->departments
              << " departments, " << result->accounts << " accounts, " << result->items
              << " items, " << result->applications << " applications; logins in " << file.string()
              << "\n";
    if (city_scale) {
      auto generated = zt::seed::SeedCityScaleCatalogue(
          *store, clock.Now(),
          [](int done, int total) { ShowProgress("city-scale items", done, total); });
      if (!generated) return ExitFor(generated.error());
      std::cerr << "seed: city-scale catalogue, " << *generated << " items\n";
    }
    return kExitOk;
  }

  if (*items_export) {
    // An operator on the server exports as the department's own administrator would.
    zt::service::CatalogService catalog(*store, crypto, clock);
    zt::accounts::Actor operator_actor;
    operator_actor.role = zt::accounts::Role::kDepartmentAdmin;
    operator_actor.department_id = zt::DepartmentId(export_department);
    {
      auto tx = store->Begin();
      if (!tx) return ExitFor(tx.error());
      auto department = (*tx)->FindDepartment(operator_actor.department_id);
      if (!department) return ExitFor(department.error());
      if (!*department) {
        std::cerr << "error: no department " << export_department << "\n";
        return kExitNo;
      }
      operator_actor.region_code = (*department)->region_code;
    }
    auto csv = catalog.ExportCsv(operator_actor, operator_actor.department_id, !export_no_bom,
                                 {"cli", "local"});
    if (!csv) return ExitFor(csv.error());
    std::cout << *csv;
    return kExitOk;
  }

  if (*ratings_sweep) {
    zt::service::RatingService rating_service(*store, crypto, clock, calendar);
    auto rated = rating_service.ApplyDefaultRatings(clock.Now());
    if (!rated) return ExitFor(rated.error());
    std::cout << "default ratings given: " << *rated << "\n";
    return kExitOk;
  }

  if (*items_drift) {
    // The operator's view: every implementation in the region, without a role's scope.
    auto tx = store->Begin();
    if (!tx) return ExitFor(tx.error());
    auto report = zt::service::ComputeDrift(
        **tx, drift_region.empty() ? "" : zt::service::RegionScopePrefix(drift_region),
        zt::DepartmentId());
    if (!report) return ExitFor(report.error());
    for (const auto& row : report->rows) {
      const auto& item = row.item.item;
      for (const auto& d : row.drift) {
        std::printf("%s\t%s\t%s\t%s\t%s\t%s -> %s\n", item.code.c_str(), item.region_code.c_str(),
                    std::string(zt::catalog::LevelName(row.implementation.level)).c_str(),
                    row.standard.basic_code.c_str(), d.element.c_str(),
                    d.implementation_value.c_str(), d.standard_value.c_str());
      }
    }
    std::fprintf(stderr, "%lld implementations checked, %zu differ from their standard item\n",
                 static_cast<long long>(report->checked), report->rows.size());
    return report->rows.empty() ? kExitOk : kExitNo;
  }

  if (*progress || *stats) {
    zt::service::ApplicationService apps(*store, crypto, clock, calendar);
    if (*progress) {
      auto view = apps.Progress(receipt_no, id_number);
      if (!view) {
        std::cerr << "not found: no application with this receipt number and ID number\n";
        return kExitNo;
      }
      const auto& c = view->record;
      std::printf("%s  %s  %s\n", c.receipt_no.c_str(), c.item_name.c_str(), c.state.c_str());
      std::printf("applicant %s  %s\n", c.applicant_name.c_str(),
                  zt::MaskIdNumber(c.applicant_id_number).c_str());
      if (c.promised_deadline)
        std::printf("promised deadline %s\n", c.promised_deadline->ToString().c_str());
      for (const auto& step : view->steps) {
        std::printf("  %s  %-26s %s %s\n", zt::FormatInstant(step.at).c_str(), step.action.c_str(),
                    step.actor_role.c_str(), step.note.c_str());
      }
      return kExitOk;
    }
    // An operator on the server reads the region's figures as its bureau manager would.
    zt::accounts::Actor operator_actor;
    operator_actor.role = zt::accounts::Role::kBureauManager;
    operator_actor.region_code = stats_region;
    auto figures = apps.DepartmentStats(operator_actor, stats_region);
    if (!figures) return ExitFor(figures.error());
    std::printf("%-24s %9s %8s %9s %8s %8s\n", "department", "submitted", "accepted", "concluded",
                "办结率", "avg_wd");
    for (const auto& f : *figures) {
      double rate = f.accepted ? 100.0 * f.concluded / f.accepted : 0;
      double avg = f.concluded ? static_cast<double>(f.working_days_total) / f.concluded : 0;
      std::printf("%-24s %9lld %8lld %9lld %7.1f%% %8.1f\n", f.department_id.value().c_str(),
                  static_cast<long long>(f.submitted), static_cast<long long>(f.accepted),
                  static_cast<long long>(f.concluded), rate, avg);
    }
    return kExitOk;
  }

  // serve
  // Anything but "optional" (say a mistyped ZT_STAFF_SECOND_FACTOR) keeps the factor required.
  bool staff_second_factor_relaxed = staff_second_factor == "optional";
  if (production && staff_second_factor_relaxed) {
    std::cerr << "zhengtong: refusing to start in production mode: staff_second_factor is "
              << staff_second_factor << "; production needs required\n";
    return kExitConfig;
  }
  auto api_rate_limit = zt::api::ParseRateLimit(api_rate);
  if (!api_rate_limit) {
    std::cerr << "zhengtong: --api-rate " << api_rate << ": " << api_rate_limit.error().detail()
              << "\n";
    return kExitConfig;
  }
  if (production && !*api_rate_limit) {
    std::cerr << "zhengtong: refusing to start in production mode: api_rate is off\n";
    return kExitConfig;
  }
  if (production && !sms_outbox.empty()) {
    // The file adapter writes one-time codes in the clear: a development tool only.
    std::cerr << "zhengtong: refusing to start in production mode: sms_outbox is set (the "
                 "development SMS adapter)\n";
    return kExitConfig;
  }
  if (production) {
    // REL-06: an acknowledged write must survive a crash or power loss; name every setting
    // that would break that, read from the live database connection.
    auto settings = zt::store::CheckDurability(*store);
    if (!settings) return ExitFor(settings.error());
    bool unsafe = false;
    for (const zt::store::DurabilitySetting& setting : *settings) {
      if (setting.safe) continue;
      std::cerr << "zhengtong: refusing to start in production mode: " << setting.name << " is "
                << setting.value << "; production needs " << setting.required << "\n";
      unsafe = true;
    }
    // AUD-03: the role the server connects as must not be able to change the audit.
    auto privileges = zt::store::CheckAuditPrivileges(*store);
    if (!privileges) return ExitFor(privileges.error());
    for (const zt::store::AuditPrivilege& p : *privileges) {
      std::cerr << "zhengtong: refusing to start in production mode: the database role " << p.role
                << (p.privilege == "OWNER"       ? " owns the audit table "
                    : p.privilege == "SUPERUSER" ? " is a superuser, so it can change "
                                                 : " has " + p.privilege + " on the audit table ")
                << p.table << "; connect as a role with only SELECT and INSERT on it "
                << "(docs/security.md)\n";
      unsafe = true;
    }
    if (unsafe) return kExitConfig;
  }
  // Personal data at rest (docs/security.md): production needs the operator's own data key.
  if (auto data_key = zt::crypto::DataKeyFromEnvironment(); data_key && data_key->demo) {
    if (production) {
      std::cerr << "zhengtong: refusing to start in production mode: no personal-data key; set "
                   "ZT_DATA_KEY or ZT_DATA_KEY_FILE\n";
      return kExitConfig;
    }
    std::cerr << "zhengtong: personal data is sealed under the public demo key (set ZT_DATA_KEY "
                 "or ZT_DATA_KEY_FILE outside a demo)\n";
  }
  zt::api::ApiOptions api_options;
  api_options.api_rate = *api_rate_limit;
  api_options.sms_outbox_dir = sms_outbox;
  api_options.data_dir = DataDirectoryFor(db, data_dir);
  api_options.max_upload_bytes = max_upload_bytes;
  api_options.staff_second_factor_required = !staff_second_factor_relaxed;
  zt::cli::ServerCheckpoints checkpoints;
  if (auto rc = zt::cli::StartServerCheckpoints(checkpoint_options, *store, clock, checkpoints)) {
    return *rc;
  }
  api_options.writes_allowed = [&checkpoints] { return checkpoints.WritesAllowed(); };
  zt::api::Api api(*store, crypto, clock, calendar, api_options);
  zt::http::Router router;
  api.Register(router);
  zt::http::ServerOptions options;
  options.threads = threads;
  options.static_dir = FindWebDir(web_dir);
  options.upload_path_suffixes = {"/materials"};
  options.max_upload_bytes = static_cast<std::size_t>(max_upload_bytes);
  zt::http::Server server(router, options);
  auto started = server.Start(listen, static_cast<std::uint16_t>(port));
  if (!started) return ExitFor(started.error());
  if (!port_file.empty()) std::ofstream(port_file) << server.port() << "\n";
  std::cerr << "zhengtong: serving http://" << listen << ":" << server.port() << "/ (store "
            << store->backend() << (options.static_dir.empty() ? ", no web front end built" : "")
            << ")\n";
  // Default ratings (docs/ratings.md): swept at start and then hourly while serving.
  zt::service::RatingService rating_sweeper(*store, crypto, clock, calendar);
  std::jthread rating_sweep([&](std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      if (auto rated = rating_sweeper.ApplyDefaultRatings(clock.Now()); !rated) {
        std::cerr << "zhengtong: rating sweep: " << rated.error().ToString() << "\n";
      }
      std::unique_lock lock(mutex);
      wake.wait_for(lock, stop, std::chrono::hours(1), [] { return false; });
    }
  });
  // Notifications (docs/materials.md): the outbox is delivered every 30 seconds.
  zt::service::LocalOutboxNotifier local_outbox;
  zt::service::NotificationService outbox_deliverer(*store, clock, local_outbox);
  std::jthread outbox_delivery([&](std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      if (auto sent = outbox_deliverer.DeliverDue(1000); !sent) {
        std::cerr << "zhengtong: outbox delivery: " << sent.error().ToString() << "\n";
      }
      std::unique_lock lock(mutex);
      wake.wait_for(lock, stop, std::chrono::seconds(30), [] { return false; });
    }
  });
  // Inactive staff accounts (AUTH-09): disabled at start and then daily, when asked for.
  zt::service::AccountAdminService inactivity_sweeper(*store, crypto, clock);
  std::jthread inactivity_sweep([&](std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    while (disable_inactive_days > 0 && !stop.stop_requested()) {
      auto disabled = inactivity_sweeper.DisableInactive(disable_inactive_days, "serve",
                                                         {"inactivity-sweep", "local"});
      if (!disabled) {
        std::cerr << "zhengtong: inactivity sweep: " << disabled.error().ToString() << "\n";
      }
      std::unique_lock lock(mutex);
      wake.wait_for(lock, stop, std::chrono::hours(24), [] { return false; });
    }
  });
  int signal_number = zt::http::RunUntilSignal(server);
  std::cerr << "zhengtong: stopped after signal " << signal_number << "\n";
  return kExitOk;  // a requested, graceful stop
}
