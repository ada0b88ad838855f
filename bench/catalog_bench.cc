// The catalogue at city scale: a generated 100,000-item catalogue (湛江市 and its nine
// counties, 45 departments in each, ~190 base item names combined with region and department
// names and 办理情形 so that names repeat the way real catalogues do), and
//   - CatalogIndex: the time to build the index, and search latency per query class
//     (2-, 3- and 6-character queries, everyday names that match through the synonym table),
//     as p50/p99 over per-query durations measured with std::chrono::steady_clock;
//   - SearchIndex (the ranked public search, catalog/search_index.h): build time and the
//     same latency classes, each search ranking every hit and returning the first page;
//   - CSV: FormatItemsCsv and ParseItemsCsv (parse and validate) over the 100,000 items, and
//     CatalogService::ImportCsv of the 100,000 rows into a fresh SQLite store: one call, one
//     UnitOfWork (every row checked against the store, then 100,000 drafts and 100,000
//     item.created events, one commit), timed once;
//   - CatalogIndicators over the 100,000 items.
// Prints figures, asserts nothing. The generator is deterministic (fixed seed).
//
//   catalog_bench                                 (SQLite store in a fresh temp directory)
//   catalog_bench --store=sqlite:/tmp/zt-catalog-bench.db   (must be an empty store)
//   catalog_bench --items=20000                   (a smaller catalogue, for a quick look)
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>
#include <stdlib.h>

#include "must.h"
#include "zt/catalog/indicators.h"
#include "zt/catalog/item.h"
#include "zt/catalog/item_csv.h"
#include "zt/catalog/search.h"
#include "zt/catalog/search_index.h"
#include "zt/crypto/openssl_crypto.h"
#include "zt/seed/seed.h"
#include "zt/service/account_service.h"
#include "zt/service/catalog_service.h"
#include "zt/store/open.h"

namespace {

using zt::catalog::CaseKind;
using zt::catalog::ItemType;
using zt::catalog::ServiceItem;

int g_items = 100000;
std::string g_store_url;  // empty: a fresh SQLite store in a temp directory

using zt::bench::Must;
using zt::bench::MustOk;

// ---------------------------------------------------------------------------------------
// The generated catalogue.

struct RegionRow {
  const char* code;
  const char* name;
};
// 湛江市 and its county-level divisions (NBS 2023, as src/seed/demo_regions.cc).
constexpr std::array<RegionRow, 10> kRegions{{{"440800", "湛江市"},
                                              {"440802", "赤坎区"},
                                              {"440803", "霞山区"},
                                              {"440804", "坡头区"},
                                              {"440811", "麻章区"},
                                              {"440823", "遂溪县"},
                                              {"440825", "徐闻县"},
                                              {"440881", "廉江市"},
                                              {"440882", "雷州市"},
                                              {"440883", "吴川市"}}};

struct DepartmentKind {
  const char* key;
  const char* name;        // completed with the region's name
  const char* short_name;  // used as a name prefix by some items
  std::vector<const char*> items;
};

// 45 departments in every region; item names follow Guangdong's published catalogue wording.
const std::vector<DepartmentKind>& DepartmentKinds() {
  static const std::vector<DepartmentKind> kinds = {
      {"fgj",
       "发展和改革局",
       "发改局",
       {"企业投资项目核准", "企业投资项目备案", "固定资产投资项目节能审查",
        "政府投资项目可行性研究报告审批", "价格认定"}},
      {"jyj",
       "教育局",
       "教育局",
       {"民办学校设立审批", "教师资格认定", "中外合作办学机构设立审批", "适龄儿童入学登记",
        "校外培训机构设立审批"}},
      {"kjj",
       "科学技术局",
       "科技局",
       {"高新技术企业认定推荐", "科技成果登记", "技术合同认定登记", "科技型中小企业评价入库"}},
      {"gxj",
       "工业和信息化局",
       "工信局",
       {"技术改造投资项目备案", "无线电台执照核发", "中小企业公共服务示范平台认定",
        "新能源汽车推广应用补贴申领"}},
      {"mzzj",
       "民族宗教事务局",
       "民宗局",
       {"宗教活动场所设立审批", "宗教临时活动地点审批", "宗教教职人员备案"}},
      {"gaj",
       "公安局",
       "公安局",
       {"户口迁移登记", "居民身份证换领", "居民身份证补领", "出入境通行证签发", "普通护照签发",
        "往来港澳通行证签发", "机动车登记", "机动车驾驶证换证", "剧毒化学品购买许可",
        "保安服务公司设立许可", "居住证申领", "户籍证明开具"}},
      {"mzj",
       "民政局",
       "民政局",
       {"社会团体成立登记", "民办非企业单位成立登记", "结婚登记", "离婚登记", "最低生活保障审批",
        "养老机构备案", "殡葬设施建设审批", "临时救助申请", "特困人员救助供养审批"}},
      {"sfj",
       "司法局",
       "司法局",
       {"法律援助申请", "基层法律服务工作者执业核准", "公证员执业审核", "人民调解申请"}},
      {"czj", "财政局", "财政局", {"代理记账机构设立审批", "政府采购投诉处理", "会计人员信息采集"}},
      {"rsj",
       "人力资源和社会保障局",
       "人社局",
       {"社会保障卡申领", "社会保障卡补换", "失业保险金申领", "职业技能等级认定",
        "劳务派遣经营许可", "人力资源服务许可", "工伤认定", "就业困难人员认定", "退休审批",
        "创业补贴申领"}},
      {"zrj",
       "自然资源局",
       "自然资源局",
       {"建设用地规划许可证核发", "建设工程规划许可证核发", "采矿权新立登记", "测绘资质审批",
        "乡村建设规划许可证核发"}},
      {"sthj",
       "生态环境局",
       "生态环境局",
       {"建设项目环境影响评价文件审批", "排污许可证核发", "危险废物经营许可证核发",
        "辐射安全许可证核发"}},
      {"zjj",
       "住房和城乡建设局",
       "住建局",
       {"建筑工程施工许可证核发", "商品房预售许可", "建筑业企业资质核准", "房地产开发企业资质核定",
        "城市建筑垃圾处置核准", "公共租赁住房资格审核"}},
      {"jtj",
       "交通运输局",
       "交通局",
       {"道路旅客运输经营许可", "道路货物运输经营许可", "网络预约出租汽车经营许可",
        "公路超限运输许可", "港口经营许可", "出租汽车驾驶员从业资格证核发"}},
      {"swj",
       "水务局",
       "水务局",
       {"取水许可", "水工程建设规划同意书审核", "生产建设项目水土保持方案审批",
        "河道管理范围内建设项目审批"}},
      {"nyj",
       "农业农村局",
       "农业农村局",
       {"农药经营许可", "兽药经营许可证核发", "种子生产经营许可证核发", "渔业捕捞许可",
        "动物防疫条件合格证核发", "农村宅基地审批"}},
      {"swju",
       "商务局",
       "商务局",
       {"对外贸易经营者备案登记", "单用途商业预付卡备案", "拍卖企业设立审批",
        "二手车交易市场备案"}},
      {"wgl",
       "文化广电旅游体育局",
       "文广旅体局",
       {"营业性演出审批", "娱乐场所经营许可", "旅行社设立许可", "高危险性体育项目经营许可",
        "网吧经营许可", "出版物零售单位设立审批"}},
      {"wjj",
       "卫生健康局",
       "卫健局",
       {"医疗机构执业登记", "医师执业注册", "护士执业注册", "公共场所卫生许可",
        "母婴保健技术服务执业许可", "出生医学证明签发", "饮用水供水单位卫生许可",
        "计划生育家庭特别扶助金发放"}},
      {"tyj",
       "退役军人事务局",
       "退役军人局",
       {"退役士兵安置", "优抚对象抚恤补助", "烈士褒扬金发放", "退役军人优待证申领"}},
      {"yjj",
       "应急管理局",
       "应急局",
       {"危险化学品经营许可", "烟花爆竹经营许可", "非煤矿山安全生产许可",
        "生产经营单位安全预案备案"}},
      {"sjj", "审计局", "审计局", {"审计结果公告查询", "内部审计工作备案"}},
      {"scj",
       "市场监督管理局",
       "市场监管局",
       {"企业设立登记", "企业变更登记", "企业注销登记", "个体工商户登记", "食品经营许可",
        "食品生产许可", "小餐饮登记", "药品零售企业许可", "医疗器械经营许可", "特种设备使用登记",
        "计量器具型式批准", "工业产品生产许可"}},
      {"tjj", "统计局", "统计局", {"统计调查项目审批", "涉外调查许可"}},
      {"ybj",
       "医疗保障局",
       "医保局",
       {"基本医疗保险参保登记", "异地就医备案", "医疗费用手工报销", "生育保险待遇核准",
        "门诊特定病种待遇认定", "城乡居民医疗保险缴费"}},
      {"lyj", "林业局", "林业局", {"林木采伐许可证核发", "使用林地审核", "野生动物人工繁育许可"}},
      {"cgj",
       "城市管理和综合执法局",
       "城管局",
       {"城市道路挖掘许可", "户外广告设施设置审批", "燃气经营许可", "城市绿地占用审批",
        "临时占用城市道路审批"}},
      {"zsj",
       "政务服务和数据管理局",
       "政数局",
       {"政务数据共享申请", "政务服务好差评申诉", "政府信息依申请公开"}},
      {"rfb", "人民防空办公室", "人防办", {"人防工程建设审批", "人防工程拆除审批"}},
      {"qxj", "气象局", "气象局", {"雷电防护装置设计审核", "升放无人驾驶自由气球审批"}},
      {"xfj", "信访局", "信访局", {"信访事项复查", "信访事项办理"}},
      {"daj", "档案馆", "档案馆", {"档案查阅利用", "婚姻档案查询"}},
      {"gjj",
       "住房公积金管理中心",
       "公积金中心",
       {"住房公积金提取", "住房公积金个人住房贷款", "住房公积金缴存登记", "住房公积金转移接续"}},
      {"gxs", "供销合作联社", "供销社", {"农资供应服务"}},
      {"cl", "残疾人联合会", "残联", {"残疾人证核发", "残疾人辅助器具适配", "残疾人两项补贴申领"}},
      {"xfzd",
       "消防救援大队",
       "消防大队",
       {"公众聚集场所投入使用营业前消防安全检查", "建设工程消防验收备案抽查"}},
      {"glj", "公路事务中心", "公路中心", {"涉路施工许可", "公路建筑控制区设置非公路标志许可"}},
      {"ycj", "烟草专卖局", "烟草局", {"烟草专卖零售许可证核发", "烟草专卖零售许可证延续"}},
      {"yzj", "邮政管理局", "邮政局", {"快递业务经营许可", "快递末端网点备案"}},
      {"jgj", "机关事务管理局", "机关事务局", {"公务用车购置审核"}},
      {"wsj", "外事局", "外事局", {"因公出国（境）审批", "外国人来华邀请"}},
      {"hyj", "海洋与渔业局", "海洋渔业局", {"海域使用权审核", "渔业船舶登记", "水产苗种生产许可"}},
      {"gkj", "港口管理局", "港口局", {"港口设施保安证书核发", "港口岸线使用审批"}},
      {"bdc",
       "不动产登记中心",
       "不动产登记中心",
       {"不动产首次登记", "不动产转移登记", "不动产抵押登记", "不动产登记资料查询",
        "不动产权证书补发"}},
      {"sbj",
       "社会保险基金管理局",
       "社保局",
       {"城乡居民养老保险参保登记", "企业职工养老保险关系转移", "基本养老保险待遇申领",
        "社会保险参保证明开具"}},
  };
  return kinds;
}

bool Has(std::string_view s, std::string_view part) { return s.find(part) != s.npos; }

ItemType TypeOf(std::string_view name) {
  if (Has(name, "许可") || Has(name, "审批") || Has(name, "核发") || Has(name, "核准") ||
      Has(name, "审核") || Has(name, "批准")) {
    return ItemType::kLicensing;
  }
  if (Has(name, "补贴") || Has(name, "救助") || Has(name, "抚恤") || Has(name, "待遇") ||
      Has(name, "金发放") || Has(name, "金申领") || Has(name, "报销")) {
    return ItemType::kPayment;
  }
  if (Has(name, "褒扬") || Has(name, "奖励")) return ItemType::kAward;
  if (Has(name, "投诉处理") || Has(name, "复查") || Has(name, "调解")) {
    return ItemType::kAdjudication;
  }
  if (Has(name, "登记") || Has(name, "认定") || Has(name, "注册")) return ItemType::kConfirmation;
  if (Has(name, "备案")) return ItemType::kOtherPower;
  return ItemType::kPublicService;
}

constexpr std::array<const char*, 12> kMaterials{
    "申请表",     "申请人身份证明", "营业执照",     "法定代表人身份证明",
    "授权委托书", "场所使用证明",   "相关证明材料", "户口簿",
    "结婚证",     "不动产权证书",   "近期免冠照片", "原证照（原件及复印件）"};

// `n` published items, the same for every run (std::mt19937_64's output is fixed by the
// standard; only its raw output is used).
std::vector<ServiceItem> GenerateCatalogue(int n) {
  struct Base {
    std::size_t kind;
    const char* name;
  };
  const auto& kinds = DepartmentKinds();
  std::vector<Base> bases;
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    for (const char* name : kinds[k].items) bases.push_back({k, name});
  }
  constexpr std::array<const char*, 7> kSituations{
      "", "（新办）", "（变更）", "（延续）", "（注销）", "（补办）", "（遗失补领）"};
  std::mt19937_64 rng(20250303);
  auto pick = [&](std::uint64_t bound) { return rng() % bound; };
  // A per-department serial for the 实施编码.
  std::vector<int> serial(kinds.size() * kRegions.size(), 0);
  std::vector<ServiceItem> items;
  items.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const Base& base = bases[pick(bases.size())];
    // The city carries about twice a county's share.
    std::uint64_t r = pick(kRegions.size() + 1);
    const RegionRow& region = kRegions[r == kRegions.size() ? 0 : r];
    const DepartmentKind& kind = kinds[base.kind];
    ServiceItem item;
    item.id = zt::ItemId("i_bench" + std::to_string(i));
    std::string dept_id = std::string(region.code) + "-" + kind.key;
    char code[64];
    std::snprintf(code, sizeof code, "%s-%05d", dept_id.c_str(),
                  ++serial[base.kind * kRegions.size() + r % kRegions.size()]);
    item.code = code;
    // 65% the base name alone, 25% with the region's name, 10% with the department's.
    std::uint64_t prefix = pick(100);
    if (prefix >= 90) {
      item.name = kind.short_name;
    } else if (prefix >= 65) {
      item.name = region.name;
    }
    item.name += base.name;
    std::uint64_t applicant = pick(10);
    if (applicant == 8) item.name += "（个人）";
    if (applicant == 9) item.name += "（企业）";
    std::uint64_t situation = pick(10);
    if (situation >= 4) item.name += kSituations[situation - 3];
    item.type = TypeOf(base.name);
    item.department_id = zt::DepartmentId(dept_id);
    item.region_code = region.code;
    constexpr std::array<int, 8> kStatutory{0, 5, 10, 15, 20, 20, 30, 60};
    item.statutory_limit_wd =
        item.type == ItemType::kLicensing ? kStatutory[2 + pick(6)] : kStatutory[pick(8)];
    if (pick(4) == 0) {
      item.case_kind = CaseKind::kInstant;
      item.promised_limit_wd = 0;
    } else {
      item.case_kind = CaseKind::kPromised;
      constexpr std::array<int, 5> kPercent{20, 25, 30, 50, 100};
      item.promised_limit_wd = item.statutory_limit_wd == 0
                                   ? 1 + static_cast<int>(pick(10))
                                   : std::max(1, item.statutory_limit_wd * kPercent[pick(5)] / 100);
    }
    item.online = pick(100) < 88;
    std::size_t first = pick(kMaterials.size());
    std::size_t count = 1 + pick(5);
    item.materials.push_back({kMaterials[0], true, ""});
    for (std::size_t m = 0; m < count; ++m) {
      std::size_t at = 1 + (first + m) % (kMaterials.size() - 1);
      item.materials.push_back({kMaterials[at], pick(3) != 0, ""});
    }
    item.status = zt::catalog::ItemStatus::kPublished;
    item.version = 1;
    items.push_back(std::move(item));
  }
  return items;
}

const std::vector<ServiceItem>& Catalogue() {
  static const std::vector<ServiceItem> items = GenerateCatalogue(g_items);
  return items;
}

// ---------------------------------------------------------------------------------------
// Search latency.

double Percentile(std::vector<double> sorted_us, double p) {
  if (sorted_us.empty()) return 0;
  std::size_t rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted_us.size())));
  return sorted_us[std::clamp<std::size_t>(rank, 1, sorted_us.size()) - 1];
}

const zt::catalog::CatalogIndex& Index() {
  static const zt::catalog::CatalogIndex index(Catalogue());
  return index;
}

void BM_IndexBuild(benchmark::State& state) {
  const auto& items = Catalogue();
  std::optional<zt::catalog::CatalogIndex> index;
  for (auto _ : state) {
    state.PauseTiming();
    index.reset();
    std::vector<ServiceItem> copy = items;  // the service hands the index its own vector
    state.ResumeTiming();
    index.emplace(std::move(copy));
    benchmark::DoNotOptimize(index->size());
  }
  state.counters["items"] = static_cast<double>(index->size());
}
BENCHMARK(BM_IndexBuild)->Unit(benchmark::kMillisecond)->Iterations(5)->UseRealTime();

// Runs `queries` round after round (one discarded warm-up round), timing every Search.
void SearchLatency(benchmark::State& state, std::vector<std::string> queries, int rounds) {
  const auto& index = Index();
  std::vector<double> us;
  double hits = 0;
  for (auto _ : state) {
    for (int round = -1; round < rounds; ++round) {
      for (const auto& text : queries) {
        zt::catalog::SearchQuery query;
        query.text = text;
        auto start = std::chrono::steady_clock::now();
        auto found = index.Search(query);
        auto stop = std::chrono::steady_clock::now();
        benchmark::DoNotOptimize(found.data());
        if (round < 0) continue;
        us.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
        hits += static_cast<double>(found.size());
      }
    }
  }
  std::sort(us.begin(), us.end());
  state.counters["queries"] = static_cast<double>(us.size());
  state.counters["hits_mean"] = hits / static_cast<double>(us.size());
  state.counters["p50_us"] = Percentile(us, 0.50);
  state.counters["p99_us"] = Percentile(us, 0.99);
  state.counters["max_us"] = us.back();
  std::string label;
  for (const auto& q : queries) label += (label.empty() ? "" : " ") + q;
  state.SetLabel(label);
}

constexpr int kRounds = 40;  // 5 queries x 40 rounds = 200 timed searches per class

void BM_Search_2char(benchmark::State& state) {
  SearchLatency(state, {"社保", "户口", "食品", "医保", "护照"}, kRounds);
}
void BM_Search_3char(benchmark::State& state) {
  SearchLatency(state, {"营业执", "公积金", "驾驶证", "不动产", "许可证"}, kRounds);
}
void BM_Search_6char(benchmark::State& state) {
  SearchLatency(state,
                {"食品经营许可", "户口迁移登记", "最低生活保障", "建筑工程施工", "住房公积金提"},
                kRounds);
}
// Everyday names that no item name contains: they match through the synonym table only.
void BM_Search_synonym(benchmark::State& state) {
  SearchLatency(state, {"营业执照", "开公司", "房产证", "低保", "驾照"}, kRounds);
}
BENCHMARK(BM_Search_2char)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_Search_3char)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_Search_6char)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_Search_synonym)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

// ---------------------------------------------------------------------------------------
// The ranked public search (catalog::SearchIndex, a character-bigram inverted index): the
// same catalogue with a level per item, a popularity and a life event on every 50th item;
// each search returns the first page (20 hits) and the total, as the search page asks.

const std::vector<zt::catalog::SearchDocument>& Documents() {
  static const std::vector<zt::catalog::SearchDocument> docs = [] {
    std::vector<zt::catalog::SearchDocument> out;
    std::mt19937_64 rng(20251001);
    const auto& items = Catalogue();
    out.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      zt::catalog::SearchDocument d;
      d.item = items[i];
      d.level =
          d.item.region_code == "440800" ? zt::catalog::Level::kCity : zt::catalog::Level::kCounty;
      d.popularity = static_cast<std::int64_t>(rng() % 1000);
      if (i % 50 == 0) d.life_events = {"开办企业"};
      out.push_back(std::move(d));
    }
    return out;
  }();
  return docs;
}

const zt::catalog::SearchIndex& RankedIndex() {
  static const zt::catalog::SearchIndex index(Documents());
  return index;
}

void BM_RankedIndexBuild(benchmark::State& state) {
  std::optional<zt::catalog::SearchIndex> index;
  for (auto _ : state) {
    state.PauseTiming();
    index.reset();
    std::vector<zt::catalog::SearchDocument> copy = Documents();
    state.ResumeTiming();
    index.emplace(std::move(copy));
    benchmark::DoNotOptimize(index->size());
  }
  state.counters["items"] = static_cast<double>(index->size());
}
BENCHMARK(BM_RankedIndexBuild)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

void RankedLatency(benchmark::State& state, std::vector<std::string> queries, int rounds) {
  const auto& index = RankedIndex();
  std::vector<double> us;
  double hits = 0;
  for (auto _ : state) {
    for (int round = -1; round < rounds; ++round) {
      for (const auto& text : queries) {
        zt::catalog::RankedQuery query;
        query.text = text;
        auto start = std::chrono::steady_clock::now();
        auto found = index.Search(query);
        auto stop = std::chrono::steady_clock::now();
        benchmark::DoNotOptimize(found.hits.data());
        if (round < 0) continue;
        us.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
        hits += static_cast<double>(found.total);
      }
    }
  }
  std::sort(us.begin(), us.end());
  state.counters["queries"] = static_cast<double>(us.size());
  state.counters["hits_mean"] = hits / static_cast<double>(us.size());
  state.counters["p50_us"] = Percentile(us, 0.50);
  state.counters["p99_us"] = Percentile(us, 0.99);
  state.counters["max_us"] = us.back();
}

void BM_Ranked_2char(benchmark::State& state) {
  RankedLatency(state, {"社保", "户口", "食品", "医保", "护照"}, kRounds);
}
void BM_Ranked_3char(benchmark::State& state) {
  RankedLatency(state, {"营业执", "公积金", "驾驶证", "不动产", "许可证"}, kRounds);
}
void BM_Ranked_6char(benchmark::State& state) {
  RankedLatency(state,
                {"食品经营许可", "户口迁移登记", "最低生活保障", "建筑工程施工", "住房公积金提"},
                kRounds);
}
void BM_Ranked_synonym(benchmark::State& state) {
  RankedLatency(state, {"营业执照", "开公司", "房产证", "低保", "驾照"}, kRounds);
}
BENCHMARK(BM_Ranked_2char)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_Ranked_3char)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_Ranked_6char)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_Ranked_synonym)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

// ---------------------------------------------------------------------------------------
// CSV.

void BM_CsvFormat(benchmark::State& state) {
  const auto& items = Catalogue();
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string csv = zt::catalog::FormatItemsCsv(items, /*bom=*/true);
    bytes = csv.size();
    benchmark::DoNotOptimize(csv.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(items.size()));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
  state.counters["csv_MB"] = static_cast<double>(bytes) / 1e6;
}
BENCHMARK(BM_CsvFormat)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

void BM_CsvParseValidate(benchmark::State& state) {
  const std::string csv = zt::catalog::FormatItemsCsv(Catalogue(), /*bom=*/true);
  std::size_t rows = 0;
  for (auto _ : state) {
    auto parsed = zt::catalog::ParseItemsCsv(csv);
    if (!parsed.errors.empty()) {  // a generator bug, not a figure
      const auto& e = parsed.errors.front();
      std::cerr << "generated CSV refused: row " << e.row << " " << e.field << " " << e.key << " "
                << e.message << " (" << parsed.errors.size() << " errors)\n";
      std::exit(1);
    }
    rows = parsed.items.size();
    benchmark::DoNotOptimize(parsed.items.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(csv.size()));
}
BENCHMARK(BM_CsvParseValidate)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

// CatalogService::ImportCsv of every generated row into a real store: ONE call, which checks
// every row against the store and writes every draft and its item.created event in ONE
// UnitOfWork (one commit). The service only imports the administrator's own department, so
// every row is given to 湛江市市场监督管理局 (a city department, whose scope covers the
// counties' region codes); codes, names and regions stay as generated.
void BM_ImportCsv(benchmark::State& state) {
  std::filesystem::path dir;
  std::string url = g_store_url;
  if (url.empty()) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "zt-catalog-bench-XXXXXX");
    if (mkdtemp(tmpl.data()) == nullptr) {
      std::cerr << "mkdtemp failed\n";
      std::exit(1);
    }
    dir = tmpl;
    url = "sqlite:" + (dir / "catalog.db").string();
  }
  {
    auto store = Must(zt::store::OpenStore(url), "open store");
    Must(store->Migrate(), "migrate");
    const zt::DepartmentId department("440800-scj");
    {
      auto tx = Must(store->Begin(), "begin");
      MustOk(tx->PutRegion({"440000", "广东省", "", "province"}), "region");
      for (const auto& r : kRegions) {
        MustOk(tx->PutRegion({r.code, r.name,
                              r.code == std::string_view("440800") ? "440000" : "440800",
                              r.code == std::string_view("440800") ? "prefecture" : "county"}),
               "region");
      }
      MustOk(tx->PutDepartment({department, "湛江市市场监督管理局", "市市场监管局", "440800",
                                zt::seed::GovernmentCreditCode("440800", 23)}),
             "department");
      MustOk(tx->Commit(), "commit");
    }
    zt::crypto::OpenSslCrypto crypto;
    zt::SimulatedClock clock{*zt::ParseInstant("2025-03-03T09:00:00+08:00")};
    zt::service::RequestContext ctx{"bench", "127.0.0.1"};
    zt::service::AccountService accounts(*store, crypto, clock);
    auto admin = zt::service::AccountService::ActorOf(
        Must(accounts.CreateStaff(
                 {"bench-scj-admin", "市市场监管局管理员", zt::accounts::Role::kDepartmentAdmin,
                  "440800", department, "bench-password-1"},
                 std::nullopt, ctx),
             "staff"));
    std::vector<ServiceItem> rows = Catalogue();
    for (auto& item : rows) item.department_id = department;
    const std::string csv = zt::catalog::FormatItemsCsv(rows, /*bom=*/true);
    rows.clear();
    zt::service::CatalogService catalog(*store, crypto, clock);
    double seconds = 0;
    std::size_t created = 0;
    for (auto _ : state) {
      auto start = std::chrono::steady_clock::now();
      auto outcome = Must(catalog.ImportCsv(admin, csv, ctx), "import");
      seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (!outcome.errors.empty()) {  // a set-up problem, not a figure
        const auto& e = outcome.errors.front();
        std::cerr << "import refused: row " << e.row << " " << e.field << " " << e.key << " "
                  << e.message << " (" << outcome.errors.size() << " errors)\n";
        std::exit(1);
      }
      created = outcome.created.size();
    }
    state.counters["rows"] = static_cast<double>(created);
    state.counters["rows_per_s"] = static_cast<double>(created) / seconds;
    state.SetLabel(std::string(store->backend()) + ", one UnitOfWork");
  }
  if (!dir.empty()) std::filesystem::remove_all(dir);
}
BENCHMARK(BM_ImportCsv)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

// ---------------------------------------------------------------------------------------
// Catalogue indicators.

void BM_CatalogIndicators(benchmark::State& state) {
  const auto& items = Catalogue();
  for (auto _ : state) {
    auto figures = zt::catalog::CatalogIndicators(items);
    benchmark::DoNotOptimize(figures.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(items.size()));
}
BENCHMARK(BM_CatalogIndicators)->Unit(benchmark::kMicrosecond)->MinTime(1.0)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--store=", 8) == 0) g_store_url = argv[i] + 8;
    if (std::strncmp(argv[i], "--items=", 8) == 0) g_items = std::atoi(argv[i] + 8);
  }
  if (g_items <= 0) {
    std::cerr << "usage: catalog_bench [--store=URL] [--items=N] [benchmark flags]\n";
    return 2;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
