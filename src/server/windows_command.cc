// `utbyte windows add|list|remove`: the operator's service windows (servicefönster).

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "domain/calendar.h"
#include "platform/http/error_response.h"
#include "platform/sla/service_gate.h"
#include "platform/sla/service_windows.h"
#include "server/commands.h"
#include "store/store.h"

namespace utbyte::cli {
namespace {

struct WindowOptions {
  std::string db;
  std::string from;
  std::string to;
  std::string orsak;
  std::vector<std::string> tjanster;
  bool veckovis = false;
  bool akut = false;
  std::string id;
  std::string format = "text";
};

int fail(const std::string& command, const std::string& message) {
  std::fprintf(stderr, "utbyte windows %s: %s\n", command.c_str(), message.c_str());
  return 1;
}

// "2026-11-24T00:00" or "2026-11-24 00:00", Europe/Stockholm local time.
Result<std::chrono::system_clock::time_point> parse_local(const std::string& text) {
  const Error bad =
      make_error(ErrorCode::kInvalidDate,
                 fmt::format("'{}' ska ha formen ÅÅÅÅ-MM-DDTHH:MM (svensk tid)", text));
  if (text.size() != 16 || (text[10] != 'T' && text[10] != ' ') || text[13] != ':') return bad;
  auto date = domain::parse_date(text.substr(0, 10));
  if (!date.ok()) return bad;
  const auto digits = [&](std::size_t at) {
    const char a = text[at];
    const char b = text[at + 1];
    return (a < '0' || a > '9' || b < '0' || b > '9') ? -1 : (a - '0') * 10 + (b - '0');
  };
  const int hours = digits(11);
  const int minutes = digits(14);
  if (hours < 0 || hours > 24 || minutes < 0 || minutes > 59 || (hours == 24 && minutes != 0)) {
    return bad;
  }
  return domain::from_stockholm(*date, hours * 60 + minutes);
}

std::int64_t unix_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

Result<store::StorePtr> open(const std::string& db) { return store::open_existing_store(db); }

int run_add(const WindowOptions& options) {
  auto start = parse_local(options.from);
  if (!start.ok()) return fail("add", start.error().message);
  auto end = parse_local(options.to);
  if (!end.ok()) return fail("add", end.error().message);
  if (*end <= *start) return fail("add", "--to måste vara efter --from");
  if (options.akut) {
    if (Status s = platform::sla::check_acute_window(*start, *end); !s.ok()) {
      return fail("add", s.error().message);
    }
  }
  if (options.veckovis) {
    auto rule = platform::sla::weekly_rule("", *start, *end, "", {});
    if (!rule.ok()) return fail("add", rule.error().message);
  }
  for (const auto& service : options.tjanster) {
    const auto& known = platform::sla::kAllWindowServices;
    if (std::find(std::begin(known), std::end(known), service) == std::end(known)) {
      return fail("add", fmt::format("okänd tjänst {} ({})", service, fmt::join(known, ", ")));
    }
  }
  auto db = open(options.db);
  if (!db.ok()) return fail("add", db.error().message);
  store::ServiceWindowRecord record;
  record.start = unix_seconds(*start);
  record.end = unix_seconds(*end);
  record.orsak = options.orsak;
  record.tjanster = options.tjanster;
  record.skapad = platform::http::now_iso8601();
  record.typ = options.veckovis ? "VECKOVIS" : options.akut ? "AKUT" : "ENSTAKA";
  auto stored = (*db)->windows().add(record);
  if (!stored.ok()) return fail("add", stored.error().message);
  const auto window = platform::sla::to_service_window(*stored);
  std::printf("%s: %s%s – %s (%s)%s\n", stored->id.c_str(),
              record.typ == "VECKOVIS" ? "varje vecka från " : "",
              platform::sla::format_stockholm(window.start).c_str(),
              platform::sla::format_stockholm(window.end).c_str(),
              options.tjanster.empty()
                  ? "alla tjänster"
                  : fmt::format("{}", fmt::join(options.tjanster, ", ")).c_str(),
              options.orsak.empty() ? "" : (": " + options.orsak).c_str());
  return 0;
}

int run_list(const WindowOptions& options) {
  auto db = open(options.db);
  if (!db.ok()) return fail("list", db.error().message);
  auto windows = (*db)->windows().list();
  if (!windows.ok()) return fail("list", windows.error().message);
  if (options.format == "json") {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& record : *windows) {
      const auto w = platform::sla::to_service_window(record);
      out.push_back({{"id", w.id},
                     {"start", platform::sla::format_stockholm(w.start)},
                     {"slut", platform::sla::format_stockholm(w.end)},
                     {"orsak", w.reason},
                     {"tjanster", w.services},
                     {"typ", record.typ},
                     {"skapad", record.skapad}});
    }
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  if (windows->empty()) std::printf("inga servicefönster\n");
  for (const auto& record : *windows) {
    const auto w = platform::sla::to_service_window(record);
    std::printf("%-6s %-8s %s – %s  %-30s %s\n", w.id.c_str(), record.typ.c_str(),
                platform::sla::format_stockholm(w.start).c_str(),
                platform::sla::format_stockholm(w.end).c_str(),
                w.services.empty() ? "alla tjänster"
                                   : fmt::format("{}", fmt::join(w.services, ",")).c_str(),
                w.reason.c_str());
  }
  return 0;
}

int run_remove(const WindowOptions& options) {
  auto db = open(options.db);
  if (!db.ok()) return fail("remove", db.error().message);
  auto removed = (*db)->windows().remove(options.id);
  if (!removed.ok()) return fail("remove", removed.error().message);
  if (!*removed) return fail("remove", fmt::format("inget servicefönster med id {}", options.id));
  std::printf("%s borttaget\n", options.id.c_str());
  return 0;
}

}  // namespace

void add_windows_commands(CLI::App& app, CommandAction& action) {
  auto* windows = app.add_subcommand("windows", "Servicefönster (tjänsterna svarar 503 under dem)");
  windows->require_subcommand(1);

  auto add_opts = std::make_shared<WindowOptions>();
  auto* add = windows->add_subcommand("add", "Lägg till ett servicefönster");
  add->add_option("--db", add_opts->db, "sqlite:FIL eller postgresql://…")->required();
  add->add_option("--from", add_opts->from, "Start, svensk tid ÅÅÅÅ-MM-DDTHH:MM")->required();
  add->add_option("--to", add_opts->to, "Slut (ej inräknat), svensk tid")->required();
  add->add_option("--tjanster", add_opts->tjanster,
                  "LEFI_ONLINE,LEKA,MASSFRAGA,EIOA,SSBTEK (standard: alla)")
      ->delimiter(',');
  add->add_option("--orsak", add_opts->orsak, "Orsak som visas för partner");
  auto* weekly = add->add_flag("--veckovis", add_opts->veckovis,
                               "Upprepa varje vecka (--from/--to är första tillfället, t.ex. "
                               "lördag 16:00 – söndag 13:00)");
  add->add_flag("--akut", add_opts->akut,
                "Akut fönster: måste ligga inom 00:00–06:00 en vardag (seed 004)")
      ->excludes(weekly);
  add->callback([&action, add_opts] { action = [add_opts] { return run_add(*add_opts); }; });

  auto list_opts = std::make_shared<WindowOptions>();
  auto* list = windows->add_subcommand("list", "Visa servicefönster");
  list->add_option("--db", list_opts->db, "sqlite:FIL eller postgresql://…")->required();
  list->add_option("--format", list_opts->format, "text eller json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  list->callback([&action, list_opts] { action = [list_opts] { return run_list(*list_opts); }; });

  auto remove_opts = std::make_shared<WindowOptions>();
  auto* remove = windows->add_subcommand("remove", "Ta bort ett servicefönster");
  remove->add_option("--db", remove_opts->db, "sqlite:FIL eller postgresql://…")->required();
  remove->add_option("id", remove_opts->id, "Fönstrets id, t.ex. SF-3")->required();
  remove->callback(
      [&action, remove_opts] { action = [remove_opts] { return run_remove(*remove_opts); }; });
}

}  // namespace utbyte::cli
