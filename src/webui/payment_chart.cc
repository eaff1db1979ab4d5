#include "webui/payment_chart.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "webui/html.h"

namespace utbyte::webui {
namespace {

constexpr double kWidth = 720;
constexpr double kHeight = 260;
constexpr double kLeft = 78;  // room for the y axis labels
constexpr double kRight = 12;
constexpr double kTop = 14;
constexpr double kBottom = 40;  // room for the month labels

// A "nice" axis maximum (1, 2 or 5 times a power of ten) at or above `value`.
std::int64_t nice_ceiling(std::int64_t value) {
  if (value <= 0) return 1000;
  const double magnitude = std::pow(10.0, std::floor(std::log10(static_cast<double>(value))));
  for (double step : {1.0, 2.0, 5.0, 10.0}) {
    if (step * magnitude >= static_cast<double>(value)) {
      return static_cast<std::int64_t>(step * magnitude);
    }
  }
  return value;
}

const char* kMonthNames[] = {"jan", "feb", "mar", "apr", "maj", "jun",
                             "jul", "aug", "sep", "okt", "nov", "dec"};

std::string month_label(const std::string& month) {
  const int m = month.size() == 7 ? std::atoi(month.c_str() + 5) : 0;
  if (m < 1 || m > 12) return month;
  return fmt::format("{} {}", kMonthNames[m - 1], month.substr(2, 2));
}

}  // namespace

std::string payment_chart_svg(const std::vector<MonthTotal>& months) {
  std::int64_t max_netto = 0, sum = 0;
  for (const auto& m : months) {
    max_netto = std::max(max_netto, m.netto);
    sum += m.netto;
  }
  const std::int64_t top = nice_ceiling(max_netto);
  const double plot_w = kWidth - kLeft - kRight;
  const double plot_h = kHeight - kTop - kBottom;
  const double slot = months.empty() ? plot_w : plot_w / static_cast<double>(months.size());
  const double bar = std::max(1.0, slot * 0.7);
  // Label every month when there is room, else every second, third, … month.
  const std::size_t label_every = std::max<std::size_t>(1, (months.size() + 11) / 12);

  std::string out = fmt::format(
      R"(<svg class="diagram" viewBox="0 0 {} {}" role="img" aria-labelledby="diagram-titel diagram-beskrivning" xmlns="http://www.w3.org/2000/svg">)"
      R"(<title id="diagram-titel">Utbetalningar per månad, netto</title>)"
      R"(<desc id="diagram-beskrivning">Stapeldiagram över {} månader; sammanlagt {} netto. Beloppen per månad finns i tabellen.</desc>)",
      kWidth, kHeight, months.size(), escape(format_kronor(sum)));
  for (int i = 0; i <= 4; ++i) {
    const double y = kTop + plot_h - plot_h * i / 4.0;
    out += fmt::format(
        R"(<line class="rutnat" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}"/>)"
        R"(<text class="axeltext" x="{:.1f}" y="{:.1f}" text-anchor="end">{}</text>)",
        kLeft, y, kWidth - kRight, y, kLeft - 6, y + 4, escape(format_kronor(top * i / 4)));
  }
  for (std::size_t i = 0; i < months.size(); ++i) {
    const auto& m = months[i];
    const double x = kLeft + slot * static_cast<double>(i) + (slot - bar) / 2;
    const double h =
        m.netto > 0 ? plot_h * static_cast<double>(m.netto) / static_cast<double>(top) : 0;
    out += fmt::format(
        R"(<rect class="stapel" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}"><title>{}: {}</title></rect>)",
        x, kTop + plot_h - h, bar, h, escape(m.month), escape(format_kronor(m.netto)));
    if (i % label_every == 0) {
      out += fmt::format(
          R"(<text class="axeltext" x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)",
          x + bar / 2, kHeight - kBottom + 18, escape(month_label(m.month)));
    }
  }
  out += fmt::format(R"(<line class="axel" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}"/>)",
                     kLeft, kTop + plot_h, kWidth - kRight, kTop + plot_h);
  out += "</svg>";
  return out;
}

}  // namespace utbyte::webui
