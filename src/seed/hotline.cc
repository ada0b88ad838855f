#include "hotline.h"

#include <array>
#include <cstdio>

#include "zt/calendar/calendar.h"
#include "zt/service/account_service.h"
#include "zt/service/hotline_service.h"

namespace zt::seed {
namespace {

using accounts::Actor;
using accounts::Role;

struct DemoMatter {
  const char* type;
  const char* category;
  const char* region;
  const char* address;
  const char* title;
  const char* content;
  // How far it got: "answer", "dispatched", "accepted", "returned", "extension", "replied",
  // "called_back", "resolved", "unresolved".
  const char* stage;
};

constexpr std::array<DemoMatter, 20> kMatters{{
    {"consult", "0601", "440802", "", "社保卡补办地点", "询问社保卡丢失后到哪里补办", "answer"},
    {"consult", "0501", "440803", "", "医保异地备案", "询问退休人员异地就医备案手续", "answer"},
    {"consult", "0601", "440804", "", "营业执照办理时限", "询问个体户营业执照多久能办好", "answer"},
    {"complaint", "0201", "440802", "赤坎区中山二路18号", "夜间施工噪音",
     "工地凌晨两点仍在打桩，影响休息", "resolved"},
    {"complaint", "0201", "440803", "霞山区人民大道南56号", "酒吧噪音扰民",
     "楼下酒吧每晚音乐声很大", "called_back"},
    {"help", "0101", "440802", "赤坎区南桥北路口", "路灯不亮", "路口三盏路灯坏了一周", "replied"},
    {"complaint", "0401", "440802", "赤坎区海滨大道北某商场", "商场拒绝退货", "七天无理由退货被拒",
     "accepted"},
    {"report", "0402", "440803", "霞山区东堤路菜市场", "销售过期食品", "菜市场摊档卖过期牛奶",
     "dispatched"},
    {"suggestion", "0301", "440811", "麻章区瑞云北路", "增开公交线路",
     "建议增开麻章到市区的夜班公交", "extension"},
    {"complaint", "0502", "440804", "坡头区龙头镇某工厂", "拖欠工资", "工厂拖欠三个月工资",
     "returned"},
    {"help", "0102", "440802", "赤坎区寸金路某小区", "电梯长期停运", "小区电梯停运两周无人维修",
     "unresolved"},
    {"praise", "0602", "440803", "", "表扬窗口工作人员", "霞山区政务服务中心3号窗口耐心细致",
     "resolved"},
    {"complaint", "0202", "440881", "廉江市城北工业园", "工厂排放异味", "晚上工业园有刺鼻气味",
     "accepted"},
    {"consult", "0501", "440882", "", "灵活就业参保", "询问灵活就业人员如何缴纳养老保险", "answer"},
    {"help", "0302", "440883", "吴川市解放路", "交通信号灯故障", "解放路口红绿灯不亮",
     "dispatched"},
    {"complaint", "0103", "440802", "赤坎区康宁路12号", "楼顶违建", "邻居在楼顶加建铁皮房",
     "replied"},
    {"report", "0203", "440823", "遂溪县遂城镇河段", "河道排污", "有人往河里排放污水",
     "dispatched"},
    {"suggestion", "0601", "440800", "", "延长办事大厅周末时间", "建议周六全天开放", "accepted"},
    {"consult", "0601", "440825", "", "不动产登记材料", "询问二手房过户需要什么材料", "answer"},
    {"complaint", "0401", "440803", "霞山区解放西路某健身房", "健身房跑路", "预付的年卡无法退费",
     "resolved"},
}};

std::string Pad4(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04d", n);
  return buf;
}

}  // namespace

Result<int> SeedHotline(service::Store& store, service::Crypto& crypto, const SeedOptions& options,
                        SeedResult& result) {
  // The matters are spread over the ten days before `now`, during working hours.
  SimulatedClock clock(options.now - std::chrono::hours(24 * 10));
  service::RequestContext ctx{"seed", "127.0.0.1"};
  service::AccountService accounts(store, crypto, clock);
  auto staff = [&](const char* username, const char* name, Role role) -> Result<Actor> {
    ZT_ASSIGN_OR_RETURN(auto account, accounts.CreateStaff({username, name, role, "440800",
                                                            DepartmentId(), options.demo_password},
                                                           std::nullopt, ctx));
    ++result.accounts;
    result.logins.push_back(
        {std::string(accounts::RoleName(role)), username, name, "湛江市12345热线"});
    return service::AccountService::ActorOf(account);
  };
  ZT_ASSIGN_OR_RETURN(Actor agent, staff("zj-12345-agent1", "话务员 陈敏", Role::kHotlineAgent));
  ZT_RETURN_IF_ERROR(staff("zj-12345-agent2", "话务员 吴婷", Role::kHotlineAgent));
  ZT_ASSIGN_OR_RETURN(Actor supervisor,
                      staff("zj-12345-supervisor", "热线督办 黄伟", Role::kHotlineSupervisor));

  service::HotlineService hotline(store, crypto, clock, calendar::WorkingCalendar::China());
  // 派单目录: city bureaus by category; market regulation and government services by district.
  const std::array<std::pair<const char*, const char*>, 8> city = {{{"01", "440800-zjj"},
                                                                    {"0103", "440800-cgj"},
                                                                    {"02", "440800-sthj"},
                                                                    {"03", "440800-jtj"},
                                                                    {"04", "440800-scj"},
                                                                    {"05", "440800-rsj"},
                                                                    {"06", "440800-zsj"},
                                                                    {"09", "440800-zsj"}}};
  for (const auto& [category, department] : city) {
    ZT_RETURN_IF_ERROR(
        hotline.PutRoutingRule(supervisor, {category, "4408", DepartmentId(department)}, ctx));
  }
  for (const char* district :
       {"440802", "440803", "440804", "440811", "440823", "440825", "440881", "440882", "440883"}) {
    for (const char* key : {"scj", "zsj"}) {
      std::string category = std::string_view(key) == "scj" ? "04" : "06";
      ZT_RETURN_IF_ERROR(hotline.PutRoutingRule(
          supervisor, {category, district, DepartmentId(std::string(district) + "-" + key)}, ctx));
    }
  }

  const std::array<hotline::Article, 4> articles = {{
      {"",
       1,
       "社会保障卡补办",
       "社保卡丢失可先拨打12345或到社保服务网点挂失，携带居民身份证到任一网点补办，即时制卡。",
       "社保卡 补卡 挂失",
       "0501",
       {},
       {}},
      {"",
       1,
       "夜间施工噪声规定",
       "22时至次日6时禁止在噪声敏感建筑物集中区域进行产生噪声的建筑施工作业，抢修、抢险作业和因生产"
       "工艺要求必须连续作业的除外，须公告附近居民。",
       "噪音 噪声 施工 夜间",
       "0201",
       {},
       {}},
      {"",
       1,
       "七天无理由退货",
       "网络、电视、电话、邮购等方式销售的商品，消费者有权自收到商品之日起七日内退货，且无需说明理"
       "由。",
       "退货 消费 维权",
       "0401",
       {},
       {}},
      {"",
       1,
       "灵活就业人员参加养老保险",
       "灵活就业人员可在户籍地或居住地社保经办机构以个人身份参保，按月或按年缴费。",
       "灵活就业 养老保险 社保",
       "0501",
       {},
       {}},
  }};
  for (const auto& a : articles) ZT_RETURN_IF_ERROR(hotline.PublishArticle(supervisor, a, ctx));

  // The department staff who act on their orders: each department's seeded administrator.
  auto handler = [&](const DepartmentId& department) -> Result<Actor> {
    ZT_ASSIGN_OR_RETURN(auto tx, store.Begin());
    ZT_ASSIGN_OR_RETURN(auto account, tx->FindAccountByUsername(department.value() + "-admin"));
    if (!account) {
      return Fail(ErrorCode::kInternal, "seed.hotline",
                  "no administrator of " + department.value());
    }
    return service::AccountService::ActorOf(*account);
  };
  auto act = [&](const Actor& who, service::OrderView& v, const char* transition,
                 std::map<std::string, std::string> fields = {}) -> Status {
    clock.Advance(std::chrono::minutes(50));
    ZT_ASSIGN_OR_RETURN(
        v, hotline.Act(who, v.record.id, {transition, std::move(fields)}, v.record.version, ctx));
    return Ok();
  };
  const auto& cal = calendar::WorkingCalendar::China();
  int matters = 0;
  for (int day = 0; day < 10; ++day) {
    Date date = CivilDateCst(options.now).AddDays(day - 10);
    // 09:00 CST on that day.
    clock.Set(Instant(std::chrono::sys_days(date.sys_days()) + std::chrono::hours(1)));
    std::int64_t calls_in = 160 + 13 * day;
    ZT_RETURN_IF_ERROR(
        hotline.RecordCalls(supervisor, {date, "phone", calls_in, calls_in - 4 - day % 3}, ctx));
    auto working = cal.IsWorkingDay(date);
    if (!working || !*working) continue;
    for (int k = 0; k < 4 && matters < static_cast<int>(kMatters.size()); ++k) {
      const DemoMatter& m = kMatters[static_cast<std::size_t>(matters)];
      service::IntakeRequest in;
      in.draft = {"phone",
                  "市民" + Pad4(matters + 1),
                  "1380759" + Pad4(2000 + matters),
                  false,
                  m.type,
                  m.category,
                  m.region,
                  m.address,
                  m.title,
                  m.content,
                  false};
      std::string stage = m.stage;
      if (stage == "answer") {
        in.disposition = "answer";
        in.answer = "已按知识库答复：" + std::string(m.title);
      }
      if (matters == 7) in.draft.urgent = true;  // 食品安全: urgent
      clock.Advance(std::chrono::minutes(40));
      ZT_ASSIGN_OR_RETURN(auto v, hotline.Intake(agent, in, ctx));
      ++matters;
      if (stage == "answer" || stage == "dispatched") continue;
      ZT_ASSIGN_OR_RETURN(Actor dept, handler(v.record.department_id));
      if (stage == "returned") {
        ZT_RETURN_IF_ERROR(act(dept, v, "return", {{"note", "欠薪属人社部门劳动监察职责"}}));
        continue;
      }
      ZT_RETURN_IF_ERROR(act(dept, v, "accept"));
      if (stage == "accepted") continue;
      if (stage == "extension") {
        ZT_RETURN_IF_ERROR(
            act(dept, v, "request_extension", {{"days", "5"}, {"note", "需征求公交公司意见"}}));
        continue;
      }
      ZT_RETURN_IF_ERROR(
          act(dept, v, "reply", {{"note", "已核实处理，详见答复：" + std::string(m.title)}}));
      if (stage == "replied") continue;
      bool happy = stage != "unresolved";
      ZT_RETURN_IF_ERROR(
          act(supervisor, v, "call_back", {{"satisfaction", happy ? "satisfied" : "unsatisfied"}}));
      if (stage == "called_back") continue;
      if (happy) {
        ZT_RETURN_IF_ERROR(act(supervisor, v, "close_resolved"));
      } else {
        ZT_RETURN_IF_ERROR(
            act(supervisor, v, "close_unresolved", {{"note", "物业与业主纠纷，已告知诉讼途径"}}));
      }
    }
  }
  return matters;
}

}  // namespace zt::seed
