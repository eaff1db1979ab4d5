#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "domain/date.h"

// The Swedish calendar as the SLA needs it: public holidays, the three "aftnar" on which
// Massfråga is closed, and civil time in Europe/Stockholm. Pure functions, no I/O, no global
// state; safe from any thread.
namespace utbyte::domain {

// Easter Sunday of the Gregorian calendar (anonymous Gregorian computus, Meeus/Jones/Butcher).
// Precondition: 1583 <= year <= 9999.
Date easter_sunday(int year);

// The Swedish name of the named allmän helgdag on `date` ("Långfredagen", "Midsommardagen", ...),
// or nullopt. Follows lag (1989:253) om allmänna helgdagar: nationaldagen 6 June from 2005 and
// annandag pingst up to 2004; the other days as in force since 1953.
//
// Every Sunday is also an allmän helgdag in Swedish law, but plain Sundays are deliberately NOT
// named here: the SLA (seed 004, §3.1) gives Sunday its own Massfråga hours (13.00–21.30) next to
// "Helgdag ... Stängt", which only makes sense if "helgdag" means the named holidays. Påskdagen
// and pingstdagen fall on Sundays and are named, so they are holidays.
std::optional<std::string_view> holiday_name(Date date);

// True for the named holidays of holiday_name() (so not for a plain Sunday).
bool is_public_holiday(Date date);

// The name of the eve on `date` on which the SLA closes Massfråga: "Midsommarafton" (the Friday
// of 19–25 June), "Julafton" (24 Dec), "Nyårsafton" (31 Dec); or nullopt. Other traditional eves
// (påskafton, pingstafton, trettondagsafton) are not in the SLA's list and are not eves here.
std::optional<std::string_view> eve_name(Date date);

// True when eve_name() names `date`.
bool is_eve(Date date);

// True when the next day is a named holiday and `date` itself is neither a holiday nor an eve,
// e.g. skärtorsdagen, påskafton, 30 April, 5 June. The day before juldagen is julafton (an eve),
// so it is not a "day before a holiday"; the day before annandag påsk is påskdagen (a holiday).
bool is_day_before_public_holiday(Date date);

// A civil time in Europe/Stockholm. `minutes_of_day` is 0..1439 (seconds are truncated, which is
// exact for rules stated in whole minutes); `utc_offset_minutes` is 60 (CET) or 120 (CEST).
struct LocalTime {
  Date date;
  int minutes_of_day = 0;
  int utc_offset_minutes = 60;
};

// The UTC offset in force in Stockholm at `t`: CEST (+120) from the last Sunday of March 01:00 UTC
// up to (excluding) the last Sunday of October 01:00 UTC, else CET (+60). The EU rule is applied
// to every year; it is the Swedish rule since 1996. Hand-written because libstdc++ 12 has no
// time-zone database.
int stockholm_utc_offset_minutes(std::chrono::system_clock::time_point t);

// The Stockholm civil time of the instant `t`.
LocalTime to_stockholm(std::chrono::system_clock::time_point t);

// The instant at which Stockholm clocks show `date` plus `minutes_of_day` minutes. Minutes outside
// 0..1439 roll over into neighbouring days (1440 = next midnight), so "24.00" can be written.
// At the DST changes:
//  - the nonexistent hour (last Sunday of March, 02:00–02:59) maps forward by one hour, i.e. the
//    wall clock is read with the offset before the change: 02:30 -> 03:30 CEST (01:30 UTC);
//  - the ambiguous hour (last Sunday of October, 02:00–02:59) takes the first occurrence (CEST):
//    02:30 -> 00:30 UTC.
std::chrono::system_clock::time_point from_stockholm(Date date, int minutes_of_day);

}  // namespace utbyte::domain
