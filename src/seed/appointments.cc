#include "appointments.h"

#include "zt/calendar/calendar.h"
#include "zt/service/account_service.h"
#include "zt/service/appointment_service.h"

namespace zt::seed {

Result<int> SeedAppointments(service::Store& store, service::Crypto& crypto,
                             const SeedOptions& options, SeedResult& result) {
  SimulatedClock clock(options.now);
  service::RequestContext ctx{"seed", "127.0.0.1"};
  service::AccountService accounts(store, crypto, clock);
  service::AppointmentService appointments(store, crypto, clock);
  accounts::Actor manager;
  manager.account_id = AccountId("seed");
  manager.display_name = "seed";
  manager.role = accounts::Role::kBureauManager;
  manager.region_code = "440800";

  struct HallSpec {
    const char* name;
    const char* region;
    const char* address;
    const char* department;  // the market-regulation office's window
    const char* desk_login;
    const char* desk_name;
    const char* scope;
  };
  const HallSpec halls[] = {
      {"湛江市政务服务中心", "440800", "湛江市赤坎区海北路", "440800-scj", "zj-yichuang",
       "综合窗口 周敏", "湛江市政务服务中心"},
      {"赤坎区政务服务中心", "440802", "湛江市赤坎区中山一路", "440802-scj", "chikan-yichuang",
       "综合窗口 冯洁", "赤坎区政务服务中心"},
  };
  const auto& cal = calendar::WorkingCalendar::China();
  int opened = 0;
  for (const auto& spec : halls) {
    ZT_ASSIGN_OR_RETURN(auto hall, appointments.CreateHall(
                                       manager, {"", spec.name, spec.region, spec.address}, ctx));
    caseflow::Window desk;
    desk.hall_id = hall.id;
    desk.name = "1号综合窗口";
    desk.comprehensive = true;
    ZT_ASSIGN_OR_RETURN(desk, appointments.AddWindow(manager, desk, ctx));
    caseflow::Window market;
    market.hall_id = hall.id;
    market.name = "8号窗口（市场监管）";
    market.department_id = DepartmentId(spec.department);
    ZT_ASSIGN_OR_RETURN(market, appointments.AddWindow(manager, market, ctx));
    ZT_ASSIGN_OR_RETURN(
        auto account,
        accounts.CreateStaff({spec.desk_login, spec.desk_name, accounts::Role::kFrontDeskClerk,
                              spec.region, DepartmentId(), options.demo_password},
                             std::nullopt, ctx));
    (void)account;
    ++result.accounts;
    result.logins.push_back({"front_desk_clerk", spec.desk_login, spec.desk_name, spec.scope});
    Date today = CivilDateCst(options.now);
    for (int d = 0; d < 7; ++d) {
      Date day = today.AddDays(d);
      auto working = cal.IsWorkingDay(day);
      if (working && !*working) continue;  // weekends and holidays have no slots
      for (const auto& window : {desk, market}) {
        for (auto [first, last] : {std::pair{"09:00", "12:00"}, std::pair{"14:30", "17:30"}}) {
          ZT_ASSIGN_OR_RETURN(
              auto slots, appointments.OpenSlots(manager, window.id,
                                                 caseflow::SlotPlan{day, first, last, 30, 3}, ctx));
          opened += static_cast<int>(slots.size());
        }
      }
    }
  }
  return opened;
}

}  // namespace zt::seed
