#include "zt/seed/seed.h"

#include <array>
#include <cstdio>

#include "appointments.h"
#include "catalog_claims.h"
#include "catalogue.h"
#include "catalogue_lists.h"
#include "demo_data.h"
#include "demo_departments.h"
#include "hotline.h"
#include "indicators.h"
#include "licences.h"
#include "materials.h"
#include "ratings.h"
#include "zt/calendar/calendar.h"
#include "zt/core/credit_code.h"
#include "zt/core/id_number.h"
#include "zt/service/account_service.h"
#include "zt/service/application_service.h"
#include "zt/service/catalog_service.h"

namespace zt::seed {
namespace {

using accounts::Role;
using service::AccountRecord;

// The districts that get their own departments and staff in the demo.
// Every county and district of the city gets its own departments and staff; the logins of
// the first two districts' market-regulation offices are printed as examples.
constexpr std::array<const char*, 9> kDemoDistricts = {
    "440802", "440803", "440804", "440811", "440823", "440825", "440881", "440882", "440883"};

struct Seeder {
  service::Store& store;
  service::Crypto& crypto;
  const SeedOptions& options;
  SimulatedClock clock;
  service::RequestContext ctx{"seed", "127.0.0.1"};
  SeedResult result;

  // 09:00 China Standard Time plus a few minutes per application, on the first working day
  // at or after `day_offset` days into the 60-day history (days outside the calendar's
  // years are used as they are).
  Instant WorkingHoursOn(int day_offset, int i) {
    Date day = CivilDateCst(options.now).AddDays(day_offset - 60);
    const auto& cal = calendar::WorkingCalendar::China();
    for (int guard = 0; guard < 15; ++guard) {
      auto working = cal.IsWorkingDay(day);
      if (!working || *working) break;
      day = day.AddDays(1);
    }
    return std::chrono::time_point_cast<std::chrono::milliseconds>(day.sys_days()) +
           std::chrono::hours(1) + std::chrono::minutes(7 * (i % 60));  // 09:00 +08:00 is 01:00 UTC
  }

  void Progress(std::string_view stage, int done, int total) {
    if (options.progress) options.progress(stage, done, total);
  }

  Status Regions() {
    ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
    for (const auto& r : DemoRegions()) {
      ZT_RETURN_IF_ERROR(tx->PutRegion({r.code, r.name, r.parent_code, r.level}));
      ++result.regions;
    }
    return tx->Commit();
  }

  Result<accounts::Actor> Staff(const std::string& username, const std::string& name, Role role,
                                const std::string& region, const std::string& department,
                                const std::string& scope) {
    service::AccountService accounts(store, crypto, clock);
    service::NewStaff staff{
        username, name, role, region, DepartmentId(department), options.demo_password};
    ZT_ASSIGN_OR_RETURN(auto account, accounts.CreateStaff(staff, std::nullopt, ctx));
    ++result.accounts;
    result.logins.push_back({std::string(accounts::RoleName(role)), username, name, scope});
    return service::AccountService::ActorOf(account);
  }

  struct SeededDepartment {
    std::string id;
    std::string region;
    accounts::Actor admin, clerk, reviewer;
    std::vector<ItemId> items;
  };

  Result<SeededDepartment> Department(const DemoDepartment& d, const std::string& region,
                                      const std::string& region_name, int serial,
                                      bool with_staff_logins) {
    SeededDepartment out;
    out.id = region + "-" + d.key;
    out.region = region;
    std::string name = region == "440800" ? d.name : region_name + d.name;
    {
      ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
      ZT_RETURN_IF_ERROR(tx->PutDepartment({DepartmentId(out.id), name, d.short_name, region,
                                            GovernmentCreditCode(region, serial)}));
      ZT_RETURN_IF_ERROR(tx->Commit());
    }
    ++result.departments;
    size_t logins_before = result.logins.size();
    ZT_ASSIGN_OR_RETURN(out.admin, Staff(out.id + "-admin", d.short_name + "管理员",
                                         Role::kDepartmentAdmin, region, out.id, name));
    ZT_ASSIGN_OR_RETURN(out.clerk, Staff(out.id + "-clerk", d.short_name + "窗口",
                                         Role::kWindowClerk, region, out.id, name));
    ZT_ASSIGN_OR_RETURN(out.reviewer, Staff(out.id + "-reviewer", d.short_name + "审批",
                                            Role::kReviewer, region, out.id, name));
    // Print only a few departments' logins; the rest follow the same pattern.
    if (!with_staff_logins) result.logins.resize(logins_before);
    service::CatalogService catalog(store, crypto, clock);
    int n = 0;
    for (const auto& item_name : d.items) {
      ++n;
      catalog::ServiceItem item;
      char code[64];
      std::snprintf(code, sizeof code, "%s-%s-%03d", region.c_str(), d.key.c_str(), n);
      item.code = code;
      item.name = item_name;
      item.type = (item_name.find("许可") != std::string::npos ||
                   item_name.find("审批") != std::string::npos ||
                   item_name.find("核发") != std::string::npos)
                      ? catalog::ItemType::kLicensing
                  : item_name.find("登记") != std::string::npos ? catalog::ItemType::kConfirmation
                                                                : catalog::ItemType::kPublicService;
      item.department_id = DepartmentId(out.id);
      item.region_code = region;
      // A spread of limits like the seeds': statutory 20 working days, promises much shorter.
      item.statutory_limit_wd = item.type == catalog::ItemType::kLicensing ? 20 : 15;
      item.case_kind = (n % 4 == 0) ? catalog::CaseKind::kInstant : catalog::CaseKind::kPromised;
      item.promised_limit_wd = item.case_kind == catalog::CaseKind::kInstant ? 0 : 1 + n % 5;
      item.online = n % 7 != 3;
      item.materials = {{"申请表", true, "在线填写或窗口领取"},
                        {"申请人身份证明", true, "可用电子证照代替"},
                        {"相关证明材料", n % 2 == 0, ""}};
      // A spread of the elements the catalogue indicators count (全程网办, 跑动, 一窗, 容缺,
      // 告知承诺, 免提交), so that the demo's figures are neither all 0% nor all 100%.
      auto& e = item.elements;
      e.online_depth = !item.online ? catalog::OnlineDepth::kInformation
                       : n % 3 == 0 ? catalog::OnlineDepth::kFullyOnline
                                    : catalog::OnlineDepth::kPreReview;
      bool fully_online = e.online_depth == catalog::OnlineDepth::kFullyOnline;
      e.onsite_visits = fully_online ? 0 : (n % 5 == 4 ? 2 : 1);
      e.one_window = n % 3 != 1;
      e.tolerance = n % 2 == 0;
      e.notification_commitment = n % 6 == 5;
      item.materials[1].shared_data = "人口基础信息";
      item.materials[2].secondary = true;
      ZT_ASSIGN_OR_RETURN(auto created, catalog.Create(out.admin, item, ctx));
      ZT_ASSIGN_OR_RETURN(auto published,
                          catalog.PublishInitialLoad(out.admin, created.item.id,
                                                     created.item.version, "demo seed", ctx));
      out.items.push_back(published.item.id);
      ++result.items;
    }
    return out;
  }

  Status Run() {
    clock.Set(options.now - std::chrono::days(61));
    Progress("regions", 0, 1);
    ZT_RETURN_IF_ERROR(Regions());
    Progress("regions", 1, 1);

    std::vector<SeededDepartment> departments;
    const auto& city = DemoCityDepartments();
    int total =
        static_cast<int>(city.size() + kDemoDistricts.size() * DemoDistrictDepartments().size());
    int serial = 0;
    for (const auto& d : city) {
      ZT_ASSIGN_OR_RETURN(auto seeded, Department(d, "440800", "湛江市", ++serial,
                                                  d.key == "rsj" || d.key == "scj"));
      departments.push_back(std::move(seeded));
      Progress("departments", static_cast<int>(departments.size()), total);
    }
    for (const char* district : kDemoDistricts) {
      std::string region_name;
      for (const auto& r : DemoRegions()) {
        if (std::string_view(r.code) == district) region_name = r.name;
      }
      for (const auto& d : DemoDistrictDepartments()) {
        ZT_ASSIGN_OR_RETURN(auto seeded,
                            Department(d, district, region_name, ++serial,
                                       d.key == "scj" && (std::string_view(district) == "440802" ||
                                                          std::string_view(district) == "440803")));
        departments.push_back(std::move(seeded));
        Progress("departments", static_cast<int>(departments.size()), total);
      }
    }
    ZT_ASSIGN_OR_RETURN(auto manager, Staff("zj-manager", "湛江市政务服务数据管理局局长",
                                            Role::kBureauManager, "440800", "", "湛江市"));
    std::vector<ImplementingBody> catalogue_bodies;  // the districts' market regulators
    for (const auto& d : departments) {
      if (d.id.ends_with("-scj") && d.region != "440800") {
        catalogue_bodies.push_back({d.admin, d.id, d.region});
      }
    }
    ZT_ASSIGN_OR_RETURN(int implemented,
                        SeedCatalogue(store, crypto, clock, manager, catalogue_bodies, ctx));
    result.items += implemented;
    ZT_RETURN_IF_ERROR(SeedCatalogClaims(store, crypto, clock, manager, catalogue_bodies, ctx));
    ZT_RETURN_IF_ERROR(Staff("chikan-manager", "赤坎区政务服务数据管理局局长", Role::kBureauManager,
                             "440802", "", "赤坎区"));
    ZT_RETURN_IF_ERROR(
        Staff("zj-sysadmin", "系统管理员", Role::kSystemAdmin, "440800", "", "湛江市"));
    ZT_RETURN_IF_ERROR(
        Staff("zj-secadmin", "安全管理员", Role::kSecurityAdmin, "440800", "", "湛江市"));
    ZT_RETURN_IF_ERROR(
        Staff("zj-auditadmin", "审计管理员", Role::kAuditAdmin, "440800", "", "湛江市"));

    // Citizens with valid ID numbers, registered in the city's districts.
    service::AccountService accounts(store, crypto, clock);
    std::vector<accounts::Actor> citizens;
    const std::array<const char*, 8> names = {"陈晓明", "林秀英", "黄志强", "吴丽娟",
                                              "李建国", "张美玲", "梁家辉", "王芳"};
    for (int i = 0; i < static_cast<int>(names.size()); ++i) {
      const char* region = DemoRegions()[2 + i % 9].code;
      Date birth =
          Date(std::chrono::sys_days(std::chrono::year(1960 + 5 * i) / (1 + i) / (3 + 2 * i)));
      std::string id_number = DemoIdNumber(region, birth, 101 + 2 * i);
      char phone[16];
      std::snprintf(phone, sizeof phone, "1380759%04d", 1000 + i);
      service::NewCitizen citizen{id_number, names[i], phone, options.demo_password};
      ZT_ASSIGN_OR_RETURN(auto account, accounts.RegisterCitizen(citizen, ctx));
      // The seed chose this password, not the citizen: it must be changed at first login.
      {
        ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
        AccountRecord changed = account;
        changed.must_change_password = true;
        changed.version = account.version + 1;
        ZT_RETURN_IF_ERROR(tx->UpdateAccount(changed, account.version));
        ZT_RETURN_IF_ERROR(tx->Commit());
        account = changed;
      }
      ++result.accounts;
      if (i < 2) result.logins.push_back({"citizen", account.username, names[i], "公众"});
      citizens.push_back(service::AccountService::ActorOf(account));
    }

    // Application history over the past 60 days, in every state.
    service::ApplicationService apps(store, crypto, clock, calendar::WorkingCalendar::China());
    int made = 0;
    for (int i = 0; i < options.applications; ++i) {
      auto& department = departments[(i * 7) % departments.size()];
      const ItemId& item = department.items[i % department.items.size()];
      const auto& citizen = citizens[i % citizens.size()];
      clock.Set(WorkingHoursOn(i * 58 / std::max(1, options.applications), i));
      service::SubmitRequest request;
      request.item_id = item;
      request.channel = i % 5 == 0 ? "mobile" : "online";
      request.form_json = "{\"说明\":\"演示数据\"}";
      auto view = apps.Submit(citizen, request, ctx);
      if (!view) {
        // Items that only take window applications: file at the window instead.
        request.channel = "window";
        request.applicant =
            service::Applicant{citizen.display_name, citizen.id_number, "13807591000"};
        view = apps.Submit(department.clerk, request, ctx);
      }
      if (!view) return std::unexpected(view.error());
      CaseId id = view->record.id;
      std::int64_t version = view->record.version;
      auto step = [&](const accounts::Actor& who, const char* transition, const char* note,
                      std::chrono::hours later) -> Status {
        clock.Advance(later);
        caseflow::Command command{transition, {}};
        if (note[0] != '\0') command.fields["note"] = note;
        ZT_ASSIGN_OR_RETURN(auto v, apps.Act(who, id, command, version, ctx));
        version = v.record.version;
        return Ok();
      };
      int fate =
          i % 10;  // 0: left submitted; 1: not accepted; 2: accepted; 3: approved; else concluded
      if (fate != 0 && i < options.applications - 5) {
        if (fate == 1) {
          ZT_RETURN_IF_ERROR(
              step(department.clerk, "not_accept", "不属于本部门职权范围", std::chrono::hours(2)));
        } else {
          ZT_RETURN_IF_ERROR(step(department.clerk, "accept", "", std::chrono::hours(1)));
          if (fate >= 3)
            ZT_RETURN_IF_ERROR(
                step(department.reviewer, "approve", "", std::chrono::hours(24 * (1 + i % 3))));
          if (fate >= 4)
            ZT_RETURN_IF_ERROR(step(department.clerk, "conclude", "", std::chrono::hours(3)));
        }
      }
      ++made;
      ++result.applications;
      Progress("applications", made, options.applications);
    }
    return Ok();
  }
};

}  // namespace

std::string GovernmentCreditCode(std::string_view region6, int n) {
  // An 8-digit organisation code body, unique per serial number (n < 2,400,000).
  std::string org = std::to_string(10000000 + (n % 2400000) * 37).substr(0, 8);
  auto org_check = OrganizationCodeCheckChar(org);
  org += org_check ? *org_check : '0';
  std::string first17 = "11" + std::string(region6) + org;
  auto check = CreditCodeCheckChar(first17);
  return first17 + (check ? *check : '0');
}

std::string DemoIdNumber(std::string_view region6, Date birth, int n) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%.6s%04d%02u%02u%03d", std::string(region6).c_str(), birth.year(),
                birth.month(), birth.day(), n % 1000);
  std::string first17(buf, 17);
  auto check = IdNumberCheckChar(first17);
  return first17 + (check ? *check : '0');
}

Result<SeedResult> SeedDemoCity(service::Store& store, service::Crypto& crypto,
                                const SeedOptions& options) {
  {
    ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
    ZT_ASSIGN_OR_RETURN(auto count, tx->CountAccounts());
    if (count > 0) {
      SeedResult already;
      already.already_seeded = true;
      return already;
    }
  }
  if (options.demo_password.size() < service::kMinPasswordLength) {
    return Fail(ErrorCode::kInvalidArgument, "seed.password", "the demo password is too short");
  }
  Seeder seeder{store, crypto, options, SimulatedClock(options.now)};
  ZT_RETURN_IF_ERROR(seeder.Run());
  ZT_RETURN_IF_ERROR(SeedCatalogueLists(store, crypto, options.now));
  ZT_RETURN_IF_ERROR(SeedRatings(store, crypto, options.now));
  ZT_RETURN_IF_ERROR(SeedMaterials(store, crypto, options));
  ZT_RETURN_IF_ERROR(SeedHotline(store, crypto, options, seeder.result));
  ZT_RETURN_IF_ERROR(SeedLicences(store, crypto, options.now));
  ZT_RETURN_IF_ERROR(SeedIndicators(store, crypto, options.now));
  ZT_RETURN_IF_ERROR(SeedAppointments(store, crypto, options, seeder.result));
  return seeder.result;
}

Result<int> SeedCityScaleCatalogue(service::Store& store, Instant now,
                                   const std::function<void(int, int)>& progress) {
  return GenerateCityCatalogue(store, now, kCityScaleCityItems, kCityScaleTotalItems, progress);
}

}  // namespace zt::seed
