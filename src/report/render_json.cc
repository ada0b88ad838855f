// The JSON form of a report (docs/annual-report.schema.json), written by hand so that this
// module stays free of a JSON library: strings escaped per RFC 8259, numbers finite.
#include <charconv>
#include <cmath>
#include <cstdio>

#include "zt/report/report.h"

namespace zt::report {
namespace {

void Str(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void Num(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, ec == std::errc() ? end : buf);
}

void OptNum(std::string& out, const std::optional<double>& v) {
  if (v)
    Num(out, *v);
  else
    out += "null";
}

void Key(std::string& out, std::string_view k) {
  Str(out, k);
  out += ':';
}

}  // namespace

std::string RenderJson(const Report& r) {
  std::string out = "{";
  Key(out, "$schema");
  Str(out, "https://zhengtong.example/schemas/annual-report.schema.json");
  out += ',';
  Key(out, "schema_version");
  out += "1,";
  Key(out, "body");
  out += '{';
  Key(out, "region_code");
  Str(out, r.region_code);
  out += ',';
  Key(out, "name");
  Str(out, r.region_name);
  out += "},";
  Key(out, "year");
  out += std::to_string(r.year) + ",";
  Key(out, "period");
  out += '{';
  Key(out, "from");
  Str(out, r.period_from);
  out += ',';
  Key(out, "to");
  Str(out, r.period_to);
  out += "},";
  Key(out, "drafted_at");
  Str(out, FormatInstant(r.drafted_at));
  out += ',';
  Key(out, "generated_at");
  if (r.generated_at)
    Str(out, FormatInstant(*r.generated_at));
  else
    out += "null";
  out += ',';
  Key(out, "version");
  out += std::to_string(r.version) + ",";
  Key(out, "has_data");
  out += r.has_data ? "true," : "false,";
  Key(out, "figures_changed");
  out += r.figures_changed ? "true," : "false,";
  Key(out, "sections");
  out += '[';
  for (std::size_t i = 0; i < r.sections.size(); ++i) {
    const Section& s = r.sections[i];
    if (i) out += ',';
    out += '{';
    Key(out, "id");
    Str(out, s.id);
    out += ',';
    Key(out, "title");
    Str(out, s.title);
    out += ',';
    Key(out, "status");
    Str(out, SectionStatusName(s.status));
    out += ',';
    Key(out, "note");
    Str(out, s.note);
    out += ',';
    Key(out, "prose_template");
    Str(out, s.prose);
    out += ',';
    Key(out, "prose");
    Str(out, s.FilledProse());
    out += ',';
    Key(out, "prose_edited");
    out += s.prose_edited ? "true," : "false,";
    Key(out, "figures");
    out += '[';
    for (std::size_t j = 0; j < s.figures.size(); ++j) {
      const Figure& f = s.figures[j];
      const auto& v = f.value;
      if (j) out += ',';
      out += '{';
      Key(out, "id");
      Str(out, v.id);
      out += ',';
      Key(out, "name_zh");
      Str(out, v.name_zh);
      out += ',';
      Key(out, "name_en");
      Str(out, v.name_en);
      out += ',';
      Key(out, "basis");
      Str(out, indicators::BasisName(v.basis));
      out += ',';
      Key(out, "value");
      OptNum(out, v.value);
      out += ',';
      Key(out, "display");
      Str(out, f.Display());
      out += ',';
      Key(out, "numerator");
      Num(out, v.numerator);
      out += ',';
      Key(out, "denominator");
      if (v.has_denominator)
        out += std::to_string(v.denominator);
      else
        out += "null";
      out += ',';
      Key(out, "formula");
      Str(out, v.formula);
      out += ',';
      Key(out, "rounding");
      Str(out, indicators::RoundingName(v.rounding));
      out += ',';
      Key(out, "version");
      out += std::to_string(v.version) + ",";
      Key(out, "changed");
      out += f.changed ? "true," : "false,";
      Key(out, "generated_value");
      OptNum(out, f.generated_known ? f.generated_value : std::nullopt);
      out += '}';
    }
    out += "]}";
  }
  out += "]}";
  return out;
}

}  // namespace zt::report
