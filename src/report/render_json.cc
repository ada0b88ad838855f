// The JSON form of a report (docs/annual-report.schema.json), written by hand so that this
// module stays free of a JSON library: strings escaped per RFC 8259, numbers finite.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "zt/report/report.h"

namespace zt::report {
namespace {

// Writes one JSON text front to back. Members and array elements are separated by commas as
// they are added, so a caller names each member once and never counts commas.
class JsonWriter {
 public:
  void BeginObject() { Open('{'); }                           // an array element
  void BeginObject(std::string_view key) { Open(key, '{'); }  // a member
  void EndObject() { Close('}'); }
  void BeginArray(std::string_view key) { Open(key, '['); }
  void EndArray() { Close(']'); }

  void Text(std::string_view key, std::string_view value) {
    Name(key);
    Quoted(value);
  }
  void OptText(std::string_view key, const std::optional<std::string>& value) {
    Name(key);
    if (value)
      Quoted(*value);
    else
      out_ += "null";
  }
  void Int(std::string_view key, std::int64_t value) {
    Name(key);
    out_ += std::to_string(value);
  }
  void OptInt(std::string_view key, std::optional<std::int64_t> value) {
    Name(key);
    out_ += value ? std::to_string(*value) : "null";
  }
  void Flag(std::string_view key, bool value) {
    Name(key);
    out_ += value ? "true" : "false";
  }
  // null when empty or not finite.
  void Number(std::string_view key, std::optional<double> value) {
    Name(key);
    if (!value || !std::isfinite(*value)) {
      out_ += "null";
      return;
    }
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *value);
    out_.append(buf, ec == std::errc() ? end : buf);
  }

  std::string Take() { return std::move(out_); }

 private:
  void Separate() {
    if (first_.empty()) return;
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
  void Name(std::string_view key) {
    Separate();
    Quoted(key);
    out_ += ':';
  }
  void Open(char bracket) {
    Separate();
    out_ += bracket;
    first_.push_back(true);
  }
  void Open(std::string_view key, char bracket) {
    Name(key);
    out_ += bracket;
    first_.push_back(true);
  }
  void Close(char bracket) {
    out_ += bracket;
    first_.pop_back();
  }
  void Quoted(std::string_view s) {
    out_ += '"';
    for (unsigned char c : s) {
      switch (c) {
        case '"':
          out_ += "\\\"";
          break;
        case '\\':
          out_ += "\\\\";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\r':
          out_ += "\\r";
          break;
        case '\t':
          out_ += "\\t";
          break;
        default:
          if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out_ += buf;
          } else {
            out_ += static_cast<char>(c);
          }
      }
    }
    out_ += '"';
  }

  std::string out_;
  std::vector<bool> first_;  // per open object or array: nothing written in it yet
};

void WriteFigure(JsonWriter& w, const Figure& f) {
  const auto& v = f.value;
  w.BeginObject();
  w.Text("id", v.id);
  w.Text("name_zh", v.name_zh);
  w.Text("name_en", v.name_en);
  w.Text("basis", indicators::BasisName(v.basis));
  w.Number("value", v.value);
  w.Text("display", f.Display());
  w.Number("numerator", v.numerator);
  w.OptInt("denominator", v.has_denominator ? std::optional(v.denominator) : std::nullopt);
  w.Text("formula", v.formula);
  w.Text("rounding", indicators::RoundingName(v.rounding));
  w.Int("version", v.version);
  w.Flag("changed", f.changed);
  w.Number("generated_value", f.generated_known ? f.generated_value : std::nullopt);
  w.EndObject();
}

void WriteSection(JsonWriter& w, const Section& s) {
  w.BeginObject();
  w.Text("id", s.id);
  w.Text("title", s.title);
  w.Text("status", SectionStatusName(s.status));
  w.Text("note", s.note);
  w.Text("prose_template", s.prose);
  w.Text("prose", s.FilledProse());
  w.Flag("prose_edited", s.prose_edited);
  w.BeginArray("figures");
  for (const Figure& f : s.figures) WriteFigure(w, f);
  w.EndArray();
  w.EndObject();
}

}  // namespace

std::string RenderJson(const Report& r) {
  JsonWriter w;
  w.BeginObject();
  w.Text("$schema", "https://zhengtong.example/schemas/annual-report.schema.json");
  w.Int("schema_version", 1);
  w.BeginObject("body");
  w.Text("region_code", r.region_code);
  w.Text("name", r.region_name);
  w.EndObject();
  w.Int("year", r.year);
  w.BeginObject("period");
  w.Text("from", r.period_from);
  w.Text("to", r.period_to);
  w.EndObject();
  w.Text("drafted_at", FormatInstant(r.drafted_at));
  w.OptText("generated_at",
            r.generated_at ? std::optional(FormatInstant(*r.generated_at)) : std::nullopt);
  w.Int("version", r.version);
  w.Flag("has_data", r.has_data);
  w.Flag("figures_changed", r.figures_changed);
  w.BeginArray("sections");
  for (const Section& s : r.sections) WriteSection(w, s);
  w.EndArray();
  w.EndObject();
  return w.Take();
}

}  // namespace zt::report
