// `utbyte register generate|catalogue`: build the synthetic register and list its test persons.

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "domain/date.h"
#include "server/commands.h"
#include "store/store.h"
#include "store/synthetic/catalogue.h"
#include "store/synthetic/register_advance.h"
#include "store/synthetic/register_generator.h"

namespace utbyte::cli {
namespace {

struct GenerateCommand {
  std::string db;
  std::int64_t persons = 0;
  std::uint64_t seed = 0;
  std::string as_of;
};

struct CatalogueCommand {
  std::string db;
};

struct AdvanceCommand {
  std::string db;
  int days = 1;
  std::uint64_t seed = 0;
};

int fail(std::string_view message) {
  fmt::print(stderr, "utbyte: {}\n", message);
  return 1;
}

int run_generate(const GenerateCommand& cmd) {
  domain::Date as_of = domain::today_utc();
  if (!cmd.as_of.empty()) {
    auto parsed = domain::parse_date(cmd.as_of);
    if (!parsed.ok()) return fail(parsed.error().message);
    as_of = *parsed;
  }
  const bool tty = isatty(fileno(stderr)) == 1;
  int last_reported = -1;
  auto progress = [tty, &last_reported](std::int64_t done, std::int64_t total) {
    const int percent = total == 0 ? 100 : static_cast<int>(done * 100 / total);
    if (tty) {
      if (percent == last_reported) return;
      fmt::print(stderr, "\rgenererar: {:3}% ({} av {} personer)", percent, done, total);
      if (done == total) fmt::print(stderr, "\n");
    } else {
      if (percent / 10 == last_reported / 10 && done != total) return;
      if (percent == last_reported) return;
      fmt::print(stderr, "genererar: {}% ({} av {} personer)\n", percent, done, total);
    }
    std::fflush(stderr);
    last_reported = percent;
  };

  store::synthetic::GenerateOptions options{cmd.persons, cmd.seed, as_of};
  store::synthetic::GenerateStats stats;
  const auto start = std::chrono::steady_clock::now();
  Status status = store::synthetic::generate_register(cmd.db, options, progress, &stats);
  if (!status.ok()) return fail(status.message());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::error_code ec;
  const bool postgres = store::is_postgres_spec(cmd.db);
  const auto bytes = postgres ? 0 : std::filesystem::file_size(store::sqlite_path(cmd.db), ec);
  fmt::print(stderr,
             "register klart: {} personer ({} i katalogen), {} beslut, {} utbetalningar, "
             "{:.1f} s, {:.1f} MB ({}), as-of {}, seed {}\n",
             stats.persons, store::synthetic::catalogue().size(), stats.decisions, stats.payments,
             seconds, ec ? 0.0 : static_cast<double>(bytes) / 1e6,
             postgres ? store::masked_spec(cmd.db) : cmd.db, domain::format_date(as_of), cmd.seed);
  return 0;
}

// A SQLite file that does not exist is an error here, not a new empty database.
bool missing_sqlite_file(const std::string& spec) {
  std::error_code ec;
  return !store::is_postgres_spec(spec) &&
         !std::filesystem::is_regular_file(store::sqlite_path(spec), ec);
}

int run_catalogue(const CatalogueCommand& cmd) {
  if (missing_sqlite_file(cmd.db)) {
    return fail(
        fmt::format("'{}' finns inte; skapa registret med 'utbyte register generate'", cmd.db));
  }
  auto store = store::open_store(cmd.db);
  if (!store.ok()) return fail(store.error().message);
  auto info = (*store)->registry().register_info();
  if (!info.ok())
    return fail(fmt::format("'{}' är inget utbyte-register: {}", cmd.db, info.error().message));
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& entry : store::synthetic::catalogue()) {
    nlohmann::ordered_json types = nlohmann::ordered_json::array();
    for (auto t : entry.informationstyper) types.push_back(std::string(domain::to_string(t)));
    out.push_back({{"personnummer", entry.personnummer},
                   {"namn", entry.namn},
                   {"beskrivning", entry.beskrivning},
                   {"provar", entry.provar},
                   {"informationstyper", std::move(types)}});
  }
  fmt::print("{}\n", out.dump(2));
  return 0;
}

// `register advance`: the register's changes, which LEKA notifies (docs/leka.md).
int run_advance(const AdvanceCommand& cmd) {
  if (missing_sqlite_file(cmd.db)) {
    return fail(
        fmt::format("'{}' finns inte; skapa registret med 'utbyte register generate'", cmd.db));
  }
  const auto start = std::chrono::steady_clock::now();
  store::synthetic::AdvanceStats stats;
  Status status = store::synthetic::advance_register(
      cmd.db, {cmd.days, cmd.seed},
      [](int day, int days, std::int64_t changes) {
        fmt::print(stderr, "dag {}/{}: {} ändringar hittills\n", day, days, changes);
      },
      &stats);
  if (!status.ok()) return fail(status.message());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const auto& [handelse, count] : stats.events) {
    fmt::print("{:<24} {}\n", store::to_string(handelse), count);
  }
  fmt::print("register framflyttat {} -> {}: {} ändringar på {:.1f} s\n",
             domain::format_date(stats.from), domain::format_date(stats.to), stats.total, seconds);
  return 0;
}

}  // namespace

void add_register_commands(CLI::App& app, CommandAction& action) {
  auto* reg = app.add_subcommand("register", "Det syntetiska förmånsregistret");
  reg->require_subcommand(1);

  auto gen_opts = std::make_shared<GenerateCommand>();
  auto* gen = reg->add_subcommand(
      "generate", "Skapa (eller ersätt) ett deterministiskt syntetiskt register i databasen");
  gen->add_option("--db", gen_opts->db, "sqlite:FIL eller postgresql://…")->required();
  gen->add_option("--persons", gen_opts->persons,
                  "Antal massgenererade personer (utöver katalogen)")
      ->required()
      ->check(CLI::Range(std::int64_t{0}, store::synthetic::max_bulk_persons()));
  gen->add_option("--seed", gen_opts->seed, "Frö: samma frö ger samma register")->required();
  gen->add_option("--as-of", gen_opts->as_of, "Registrets 'idag' ÅÅÅÅ-MM-DD (standard: idag, UTC)");
  gen->callback([&action, gen_opts] { action = [gen_opts] { return run_generate(*gen_opts); }; });

  auto cat_opts = std::make_shared<CatalogueCommand>();
  auto* cat = reg->add_subcommand("catalogue", "Skriv katalogen över testpersoner som JSON");
  cat->add_option("--db", cat_opts->db, "sqlite:FIL eller postgresql://… med ett register")
      ->required();
  cat->callback([&action, cat_opts] { action = [cat_opts] { return run_catalogue(*cat_opts); }; });

  auto adv_opts = std::make_shared<AdvanceCommand>();
  auto* adv = reg->add_subcommand(
      "advance", "Flytta registret N dagar framåt; ändringarna skrivs i ändringsloggen (LEKA)");
  adv->add_option("--db", adv_opts->db, "sqlite:FIL eller postgresql://… med ett register")
      ->required();
  adv->add_option("--days", adv_opts->days, "Antal dagar (1–366)")
      ->required()
      ->check(CLI::Range(1, 366));
  adv->add_option("--seed", adv_opts->seed,
                  "Frö: samma register, frö och dagar ger samma ändringar")
      ->capture_default_str();
  adv->callback([&action, adv_opts] { action = [adv_opts] { return run_advance(*adv_opts); }; });
}

}  // namespace utbyte::cli
