// `utbyte audit verify|show`: check and read the hash-chained disclosure log.

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "server/commands.h"
#include "store/store.h"

namespace utbyte::cli {
namespace {

struct AuditCommand {
  std::string db;
  std::int64_t after = 0;
  int limit = 100;
};

int fail(std::string_view message) {
  fmt::print(stderr, "utbyte: {}\n", message);
  return 1;
}

Result<store::StorePtr> open_existing(const std::string& db) {
  return store::open_existing_store(db);
}

int run_verify(const AuditCommand& cmd) {
  auto store = open_existing(cmd.db);
  if (!store.ok()) return fail(store.error().message);
  auto result = (*store)->audit().verify();
  if (!result.ok()) return fail(result.error().message);
  if (result->first_broken) {
    fmt::print(stderr, "audit: kedjan är bruten vid sekvens {}: {} ({} poster)\n",
               *result->first_broken, result->reason, result->entries);
    return 1;
  }
  fmt::print("audit: {} poster, kedjan är obruten\n", result->entries);
  return 0;
}

int run_show(const AuditCommand& cmd) {
  auto store = open_existing(cmd.db);
  if (!store.ok()) return fail(store.error().message);
  std::int64_t after = cmd.after;
  int remaining = cmd.limit;
  // Paged so that a large log is streamed rather than loaded at once.
  while (remaining > 0) {
    auto entries = (*store)->audit().read(after, std::min(remaining, 1000));
    if (!entries.ok()) return fail(entries.error().message);
    if (entries->empty()) break;
    for (const auto& entry : *entries) {
      const auto& e = entry.event;
      nlohmann::ordered_json line = {{"sekvens", entry.sekvens},
                                     {"tidpunkt", e.tidpunkt},
                                     {"transaktionsId", e.transaktions_id},
                                     {"aktorsId", e.aktors_id},
                                     {"organisationsnummer", e.organisationsnummer},
                                     {"anvandare", e.anvandare},
                                     {"tjanst", e.tjanst},
                                     {"personnummer", e.personnummer},
                                     {"informationstyper", e.informationstyper},
                                     {"rattsligGrund", e.rattslig_grund},
                                     {"utfall", e.utfall},
                                     {"prevHash", entry.prev_hash},
                                     {"hash", entry.hash}};
      // replace: a tampered row with invalid UTF-8 must still print, not throw.
      fmt::print("{}\n", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      after = entry.sekvens;
    }
    remaining -= static_cast<int>(entries->size());
  }
  return 0;
}

}  // namespace

void add_audit_commands(CLI::App& app, CommandAction& action) {
  auto* audit = app.add_subcommand("audit", "Utlämningsloggen (append-only, hashkedjad)");
  audit->require_subcommand(1);

  auto verify_opts = std::make_shared<AuditCommand>();
  auto* verify = audit->add_subcommand("verify", "Räkna om hela hashkedjan");
  verify->add_option("--db", verify_opts->db, "sqlite:FIL eller postgresql://…")->required();
  verify->callback(
      [&action, verify_opts] { action = [verify_opts] { return run_verify(*verify_opts); }; });

  auto show_opts = std::make_shared<AuditCommand>();
  auto* show = audit->add_subcommand("show", "Skriv poster som JSON-rader");
  show->add_option("--db", show_opts->db, "sqlite:FIL eller postgresql://…")->required();
  show->add_option("--after", show_opts->after, "Bara poster med sekvens större än N");
  show->add_option("--limit", show_opts->limit, "Högst M poster")->check(CLI::PositiveNumber);
  show->callback([&action, show_opts] { action = [show_opts] { return run_show(*show_opts); }; });
}

}  // namespace utbyte::cli
