#include "zt/report/report.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace zt::report {
namespace {

using indicators::Basis;
using indicators::Rounding;

struct SectionSpec {
  const char* id;
  const char* title;
  const char* area;  // "" for the record's own cases and items
  const char* missing_module;
};

const SectionSpec kSections[] = {
    {"government_services", "一、政务服务", "", ""},
    {"licences", "二、电子证照", "licences", "电子证照模块尚未接入本系统，本节暂无可生成的数据。"},
    {"ratings", "三、政务服务“好差评”", "ratings",
     "“好差评”模块尚未接入本系统，本节暂无可生成的数据。"},
    {"hotline", "四、12345政务服务便民热线", "hotline",
     "12345热线模块尚未接入本系统，本节暂无可生成的数据。"},
};

const char* const kServiceFigures[] = {"case.submitted",
                                       "case.accepted",
                                       "case.concluded",
                                       "case.conclusion_rate",
                                       "case.on_time_rate",
                                       "case.avg_working_days",
                                       "case.online_rate",
                                       "case.instant_share",
                                       "case.approval_rate",
                                       "item.published",
                                       "item.online_rate",
                                       "item.instant_rate",
                                       "item.time_compression_rate",
                                       "item.fully_online_rate",
                                       "item.zero_visit_rate",
                                       "item.at_most_one_visit_rate",
                                       "item.one_window_rate",
                                       "item.tolerance_items",
                                       "item.commitment_items",
                                       "item.exempt_material_rate"};

const char* const kServiceProse =
    "{year}年，{region}政务服务共收到办件申请{case.submitted}件，受理{case.accepted}件，办结"
    "{case.concluded}件，办结率{case.conclusion_rate}，按时办结率{case.on_time_rate}，平均办理用时"
    "{case.avg_working_days}个工作日；网上申办率{case.online_rate}，即办件占办结量的"
    "{case.instant_share}。现公布政务服务事项{item.published}项，网上可办率{item.online_rate}，"
    "承诺办结时限较法定时限压缩{item.time_compression_rate}；全程网办率{item.fully_online_rate}，"
    "“零跑动”事项占{item.zero_visit_rate}，“最多跑一次”事项占{item.at_most_one_visit_rate}，"
    "一窗受理事项占{item.one_window_rate}；容缺受理事项{item.tolerance_items}项，告知承诺事项"
    "{item.commitment_items}项，可免提交的材料占材料总数的{item.exempt_material_rate}。";

std::string Fixed1(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

bool AllEmpty(const std::vector<Figure>& figures) {
  for (const auto& f : figures) {
    if (f.value.numerator != 0 || f.value.denominator != 0) return false;
  }
  return true;
}

void Escape(std::string& out, std::string_view s) {
  for (char c : s) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
}

std::string Unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char n = s[++i];
      out += n == 't' ? '\t' : n == 'n' ? '\n' : n;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    out.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

}  // namespace

std::string Figure::Display() const {
  if (!value.value) return "—";
  double v = *value.value;
  if (value.rounding == Rounding::kPercentHalfUp1) return Fixed1(v) + "%";
  if (value.rounding == Rounding::kDecimalHalfUp1) return Fixed1(v);
  if (value.rounding == Rounding::kDecimalHalfUp2) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
  }
  if (v == std::floor(v) && std::abs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  return Fixed1(v);
}

std::string_view SectionStatusName(SectionStatus s) {
  switch (s) {
    case SectionStatus::kData:
      return "data";
    case SectionStatus::kNoData:
      return "no_data";
    case SectionStatus::kNoModule:
      return "no_module";
  }
  return "data";
}

std::string Section::FilledProse() const {
  std::string out;
  std::size_t i = 0;
  while (i < prose.size()) {
    std::size_t open = prose.find('{', i);
    if (open == std::string::npos) break;
    std::size_t close = prose.find('}', open);
    if (close == std::string::npos) break;
    out.append(prose, i, open - i);
    std::string id = prose.substr(open + 1, close - open - 1);
    const Figure* found = nullptr;
    for (const auto& f : figures) {
      if (f.value.id == id) found = &f;
    }
    out += found ? found->Display() : "{" + id + "?}";
    i = close + 1;
  }
  out.append(prose, i);
  return out;
}

const std::vector<std::string>& SectionIds() {
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> out;
    for (const auto& s : kSections) out.emplace_back(s.id);
    return out;
  }();
  return ids;
}

std::string DefaultProse(const std::string& section_id) {
  return section_id == "government_services" ? kServiceProse : "";
}

Report Draft(const DraftInput& in) {
  Report r;
  r.region_code = in.region_code;
  r.region_name = in.region_name;
  r.year = in.year;
  r.period_from = std::to_string(in.year) + "-01-01";
  r.period_to = std::to_string(in.year) + "-12-31";
  r.drafted_at = in.now;
  r.generated_at = in.generated_at;
  r.version = in.version;
  auto bind = [&](const indicators::Value& v) {
    Figure f{v};
    if (in.generated) {
      auto it = in.generated->find(v.id);
      f.generated_known = it != in.generated->end();
      if (f.generated_known) f.generated_value = it->second;
      f.changed = !f.generated_known || f.generated_value != v.value;
    }
    return f;
  };
  for (const SectionSpec& spec : kSections) {
    Section s;
    s.id = spec.id;
    s.title = spec.title;
    std::string area = spec.area;
    if (area.empty()) {
      for (const char* id : kServiceFigures) {
        for (const auto& v : in.values) {
          if (v.id == id) s.figures.push_back(bind(v));
        }
      }
      bool cases = false;
      for (const auto& f : s.figures) {
        if (f.value.basis == Basis::kCases && f.value.numerator != 0) cases = true;
      }
      if (!cases) {
        s.status = SectionStatus::kNoData;
        s.note = "本年度本系统中没有办件记录，不生成政务服务办件数据。";
      }
    } else if (std::find(in.areas.begin(), in.areas.end(), area) == in.areas.end()) {
      s.status = SectionStatus::kNoModule;
      s.note = spec.missing_module;
    } else {
      for (const auto& v : in.values) {
        if (v.area == area) s.figures.push_back(bind(v));
      }
      if (AllEmpty(s.figures)) {
        s.status = SectionStatus::kNoData;
        s.note = "本年度本系统中没有该模块的记录。";
      }
    }
    if (s.status != SectionStatus::kData) s.figures.clear();
    auto edited = in.prose.find(s.id);
    if (edited != in.prose.end()) {
      s.prose = edited->second;
      s.prose_edited = true;
    } else if (s.status == SectionStatus::kData) {
      s.prose = DefaultProse(s.id);
      if (s.prose.empty()) {
        for (const auto& f : s.figures) s.prose += f.value.name_zh + "{" + f.value.id + "}；";
      }
    }
    // {year} and {region} are filled here; figure placeholders stay bound to the record.
    for (auto [key, text] : {std::pair<std::string, std::string>{"{year}", std::to_string(in.year)},
                             {"{region}", in.region_name}}) {
      for (std::size_t at = s.prose.find(key); at != std::string::npos;
           at = s.prose.find(key, at + text.size())) {
        s.prose.replace(at, key.size(), text);
      }
    }
    for (const auto& f : s.figures) r.figures_changed = r.figures_changed || f.changed;
    r.has_data = r.has_data || s.status == SectionStatus::kData;
    r.sections.push_back(std::move(s));
  }
  return r;
}

std::string EncodeFigures(const Report& r) {
  std::string out;
  for (const auto& s : r.sections) {
    for (const auto& f : s.figures) {
      out += f.value.id + "\t";
      if (f.value.value) {
        char buf[32];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *f.value.value);
        out.append(buf, ec == std::errc() ? end : buf);
      }
      out += "\n";
    }
  }
  return out;
}

std::map<std::string, std::optional<double>> DecodeFigures(std::string_view text) {
  std::map<std::string, std::optional<double>> out;
  for (std::string_view line : Lines(text)) {
    std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    std::string_view v = line.substr(tab + 1);
    std::optional<double> value;
    double d = 0;
    if (!v.empty() && std::from_chars(v.data(), v.data() + v.size(), d).ec == std::errc())
      value = d;
    out[std::string(line.substr(0, tab))] = value;
  }
  return out;
}

std::string EncodeProse(const std::map<std::string, std::string>& prose) {
  std::string out;
  for (const auto& [id, text] : prose) {
    Escape(out, id);
    out += "\t";
    Escape(out, text);
    out += "\n";
  }
  return out;
}

std::map<std::string, std::string> DecodeProse(std::string_view text) {
  std::map<std::string, std::string> out;
  for (std::string_view line : Lines(text)) {
    std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    out[Unescape(line.substr(0, tab))] = Unescape(line.substr(tab + 1));
  }
  return out;
}

}  // namespace zt::report
