#pragma once

#include <string>
#include <vector>

#include "webui/payment_totals.h"

namespace utbyte::webui {

// An inline SVG bar chart of net payments per month: one bar per month of `months` (x axis in
// order, months without payments as empty slots), a y axis with rounded gridlines, a text
// alternative (title/desc) for screen readers. Scales with the page and prints as drawn.
std::string payment_chart_svg(const std::vector<MonthTotal>& months);

}  // namespace utbyte::webui
