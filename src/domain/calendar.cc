#include "domain/calendar.h"

namespace utbyte::domain {
namespace {

using std::chrono::days;
using std::chrono::minutes;
using std::chrono::sys_days;

// Nationaldagen replaced annandag pingst as a public holiday in 2005 (SFS 2004:1320).
constexpr int kNationaldagenFrom = 2005;

constexpr int kCetMinutes = 60;
constexpr int kCestMinutes = 120;

Date make_date(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

bool is_md(Date date, unsigned m, unsigned d) {
  return date.month() == std::chrono::month{m} && date.day() == std::chrono::day{d};
}

std::chrono::weekday weekday_of(Date date) { return std::chrono::weekday{sys_days{date}}; }

// True when `date` is the given weekday and lies in [first, first + 6] of month m: the rule
// shape of midsommardagen, midsommarafton and alla helgons dag ("the Saturday in 20–26 June").
bool is_weekday_in(Date date, std::chrono::weekday wd, unsigned m, unsigned first) {
  if (weekday_of(date) != wd) return false;
  const Date from = make_date(static_cast<int>(date.year()), m, first);
  const int offset = days_between(from, date);
  return offset >= 0 && offset <= 6;
}

// 01:00 UTC on the last Sunday of `month` in `year`: both EU summer-time switches.
std::chrono::sys_seconds switch_instant(std::chrono::year year, std::chrono::month month) {
  const sys_days last_sunday{year / month / std::chrono::Sunday[std::chrono::last]};
  return last_sunday + std::chrono::hours{1};
}

}  // namespace

Date easter_sunday(int year) {
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int n = h + l - 7 * m + 114;
  return make_date(year, static_cast<unsigned>(n / 31), static_cast<unsigned>(n % 31 + 1));
}

std::optional<std::string_view> holiday_name(Date date) {
  if (!date.ok()) return std::nullopt;
  const int year = static_cast<int>(date.year());
  if (is_md(date, 1, 1)) return "Nyårsdagen";
  if (is_md(date, 1, 6)) return "Trettondedag jul";
  if (is_md(date, 5, 1)) return "Första maj";
  if (year >= kNationaldagenFrom && is_md(date, 6, 6)) return "Sveriges nationaldag";
  if (is_md(date, 12, 25)) return "Juldagen";
  if (is_md(date, 12, 26)) return "Annandag jul";
  if (is_weekday_in(date, std::chrono::Saturday, 6, 20)) return "Midsommardagen";
  // Alla helgons dag is the Saturday in 31 Oct – 6 Nov; counted from 31 October.
  if (weekday_of(date) == std::chrono::Saturday) {
    const int offset = days_between(make_date(year, 10, 31), date);
    if (offset >= 0 && offset <= 6) return "Alla helgons dag";
  }
  // Movable feasts only fall in March–June; skip the computus for the rest of the year.
  if (date.month() < std::chrono::March || date.month() > std::chrono::June) return std::nullopt;
  switch (days_between(easter_sunday(year), date)) {
    case -2:
      return "Långfredagen";
    case 0:
      return "Påskdagen";
    case 1:
      return "Annandag påsk";
    case 39:
      return "Kristi himmelsfärdsdag";
    case 49:
      return "Pingstdagen";
    case 50:
      if (year < kNationaldagenFrom) return "Annandag pingst";
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

bool is_public_holiday(Date date) { return holiday_name(date).has_value(); }

std::optional<std::string_view> eve_name(Date date) {
  if (!date.ok()) return std::nullopt;
  if (is_weekday_in(date, std::chrono::Friday, 6, 19)) return "Midsommarafton";
  if (is_md(date, 12, 24)) return "Julafton";
  if (is_md(date, 12, 31)) return "Nyårsafton";
  return std::nullopt;
}

bool is_eve(Date date) { return eve_name(date).has_value(); }

bool is_day_before_public_holiday(Date date) {
  return !is_public_holiday(date) && !is_eve(date) && is_public_holiday(add_days(date, 1));
}

int stockholm_utc_offset_minutes(std::chrono::system_clock::time_point t) {
  // The switches are far from New Year, so the UTC year is the local year here.
  const std::chrono::year year = Date{std::chrono::floor<days>(t)}.year();
  const bool summer = switch_instant(year, std::chrono::March) <= t &&
                      t < switch_instant(year, std::chrono::October);
  return summer ? kCestMinutes : kCetMinutes;
}

LocalTime to_stockholm(std::chrono::system_clock::time_point t) {
  const int offset = stockholm_utc_offset_minutes(t);
  const auto local = std::chrono::floor<minutes>(t) + minutes{offset};
  const auto local_day = std::chrono::floor<days>(local);
  return LocalTime{Date{local_day}, static_cast<int>((local - local_day).count()), offset};
}

std::chrono::system_clock::time_point from_stockholm(Date date, int minutes_of_day) {
  const auto local = sys_days{date} + minutes{minutes_of_day};
  // Summer time first, so that the ambiguous October hour resolves to its first occurrence.
  const std::chrono::system_clock::time_point summer = local - minutes{kCestMinutes};
  if (stockholm_utc_offset_minutes(summer) == kCestMinutes) return summer;
  // Either a valid winter time, or the nonexistent March hour; read with the winter offset, the
  // latter lands one hour later on the wall clock (02:30 -> 03:30 CEST), which is "forward".
  return local - minutes{kCetMinutes};
}

}  // namespace utbyte::domain
