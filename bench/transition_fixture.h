// The set-up shared by the transition benchmarks: a region, a department with its staff, a
// citizen and one published item on a real store, and a way to prepare accepted
// applications outside the timed region. Set-up failures end the program (must.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "must.h"
#include "zt/calendar/calendar.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/seed/seed.h"
#include "zt/service/account_service.h"
#include "zt/service/application_service.h"
#include "zt/service/catalog_service.h"
#include "zt/store/open.h"

namespace zt::bench {

using zt::accounts::Actor;
using zt::accounts::Role;

struct Fixture {
  std::unique_ptr<zt::service::Store> store;
  zt::crypto::OpenSslCrypto crypto;
  zt::SimulatedClock clock{*zt::ParseInstant("2025-03-03T09:00:00+08:00")};
  zt::service::RequestContext ctx{"bench", "127.0.0.1"};
  std::unique_ptr<zt::service::ApplicationService> apps;
  Actor clerk, reviewer, citizen;
  zt::ItemId item;

  explicit Fixture(const std::string& url) {
    store = Must(zt::store::OpenStore(url), "open store");
    Must(store->Migrate(), "migrate");
    auto tx = Must(store->Begin(), "begin");
    MustOk(tx->PutRegion({"440802", "赤坎区", "440800", "county"}), "region");
    MustOk(tx->PutDepartment({zt::DepartmentId("440802-bench"), "基准测试部门", "基准", "440802",
                              zt::seed::GovernmentCreditCode("440802", 99)}),
           "department");
    MustOk(tx->Commit(), "commit");
    zt::service::AccountService accounts(*store, crypto, clock);
    auto staff = [&](const char* name, Role role) {
      auto a = Must(accounts.CreateStaff({name, name, role, "440802",
                                          zt::DepartmentId("440802-bench"), "bench-password-1"},
                                         std::nullopt, ctx),
                    "staff");
      return zt::service::AccountService::ActorOf(a);
    };
    Actor admin = staff("bench-admin", Role::kDepartmentAdmin);
    clerk = staff("bench-clerk", Role::kWindowClerk);
    reviewer = staff("bench-reviewer", Role::kReviewer);
    auto citizen_account =
        Must(accounts.RegisterCitizen(
                 {zt::seed::DemoIdNumber("440802", *zt::ParseDate("1980-01-01"), 11), "基准市民",
                  "13807590001", "bench-password-1"},
                 ctx),
             "citizen");
    citizen = zt::service::AccountService::ActorOf(citizen_account);
    zt::service::CatalogService catalog(*store, crypto, clock);
    zt::catalog::ServiceItem draft;
    draft.code = "440802-bench-001";
    draft.name = "基准测试事项";
    draft.department_id = zt::DepartmentId("440802-bench");
    draft.region_code = "440802";
    draft.statutory_limit_wd = 20;
    draft.promised_limit_wd = 5;
    auto created = Must(catalog.Create(admin, draft, ctx), "item");
    item =
        Must(catalog.PublishInitialLoad(admin, created.item.id, 1, "bench fixture", ctx), "publish")
            .item.id;
    apps = std::make_unique<zt::service::ApplicationService>(
        *store, crypto, clock, zt::calendar::WorkingCalendar::China());
  }

  // A batch of accepted applications, prepared outside the timed region.
  std::vector<zt::CaseId> Accepted(int n) {
    std::vector<zt::CaseId> ids;
    for (int i = 0; i < n; ++i) {
      zt::service::SubmitRequest request;
      request.item_id = item;
      auto view = Must(apps->Submit(citizen, request, ctx), "submit");
      Must(apps->Act(clerk, view.record.id, {"accept", {}}, 1, ctx), "accept");
      ids.push_back(view.record.id);
    }
    return ids;
  }
};

}  // namespace zt::bench
