// `utbyte anvandare lagg-till|lista|ta-bort|losenord|inaktivera|aktivera`: the operator's
// management of web interface users (docs/webui.md). Passwords are read from a file or stdin,
// never from the command line (it would show in `ps` and shell history).

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "domain/information_type.h"
#include "platform/actors.h"
#include "server/commands.h"
#include "store/store.h"
#include "webui/password_hash.h"

namespace utbyte::cli {
namespace {

struct UserOptions {
  std::string db;
  std::string aktor;
  std::string anvandare;
  std::string namn;
  std::string behorighet;
  std::string losenord_fil;
  std::string actors;
  std::string format = "text";
};

int fail(const std::string& command, const std::string& message) {
  std::fprintf(stderr, "utbyte anvandare %s: %s\n", command.c_str(), message.c_str());
  return 1;
}

bool valid_username(const std::string& name) {
  return !name.empty() && name.size() <= 64 &&
         name.find_first_not_of(
             "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@-") ==
             std::string::npos;
}

// The first line of the file, or of stdin when no file is named; without its line ending.
Result<std::string> read_password(const std::string& file) {
  std::string line;
  if (file.empty()) {
    if (!std::getline(std::cin, line)) {
      return make_error(ErrorCode::kInvalidRequest,
                        "inget lösenord på stdin (eller ange --losenord-fil)");
    }
  } else {
    std::ifstream in(file);
    if (!in) return make_error(ErrorCode::kIoError, fmt::format("kan inte läsa '{}'", file));
    std::getline(in, line);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.size() < webui::kMinPasswordLength) {
    return make_error(ErrorCode::kInvalidRequest,
                      fmt::format("lösenordet ska ha minst {} tecken", webui::kMinPasswordLength));
  }
  return line;
}

// The information types of `aktorsId` in an actors file.
Result<std::set<domain::InformationType>> agreement_types(const std::string& actors_file,
                                                          const std::string& aktors_id) {
  // Load first: the same validation the server applies to the file.
  auto registry = platform::ActorRegistry::load(actors_file);
  if (!registry.ok()) return registry.error();
  std::ifstream in(actors_file);
  const auto doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (doc.is_object() && doc.contains("aktorer") && doc["aktorer"].is_array()) {
    for (const auto& actor : doc["aktorer"]) {
      if (!actor.is_object() || actor.value("aktorsId", "") != aktors_id) continue;
      std::set<domain::InformationType> types;
      for (const auto& code : actor.value("informationstyper", nlohmann::json::array())) {
        if (!code.is_string()) continue;
        if (auto type = domain::parse_information_type(code.get<std::string>()))
          types.insert(*type);
      }
      return types;
    }
  }
  return make_error(ErrorCode::kActorNotPermitted,
                    fmt::format("aktören '{}' finns inte i '{}'", aktors_id, actors_file));
}

Result<std::set<domain::InformationType>> parse_behorighet(const UserOptions& options) {
  std::set<domain::InformationType> types;
  std::string_view rest = options.behorighet;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string code(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    while (!code.empty() && code.front() == ' ') code.erase(0, 1);
    while (!code.empty() && code.back() == ' ') code.pop_back();
    if (code.empty()) continue;
    const auto type = domain::parse_information_type(code);
    if (!type) {
      return make_error(ErrorCode::kUnknownInformationType,
                        fmt::format("okänd informationstyp '{}'", code));
    }
    types.insert(*type);
  }
  if (types.empty()) {
    return make_error(ErrorCode::kMissingInformationType, "--behorighet ska ange minst en typ");
  }
  if (!options.actors.empty()) {
    auto allowed = agreement_types(options.actors, options.aktor);
    if (!allowed.ok()) return allowed.error();
    for (auto t : types) {
      if (!allowed->contains(t)) {
        return make_error(ErrorCode::kInformationTypeNotPermitted,
                          fmt::format("aktörens avtal omfattar inte {}", domain::to_string(t)));
      }
    }
  }
  return types;
}

std::string join_types(const std::set<domain::InformationType>& types) {
  std::string out;
  for (auto t : types) {
    if (!out.empty()) out += ',';
    out += domain::to_string(t);
  }
  return out;
}

int run_add(const UserOptions& options) {
  if (!platform::is_url_safe_aktors_id(options.aktor)) return fail("lagg-till", "ogiltigt --aktor");
  if (!valid_username(options.anvandare)) {
    return fail("lagg-till",
                "--anvandare ska vara 1–64 tecken av A–Z, a–z, 0–9, '.', '_', '@', '-'");
  }
  auto types = parse_behorighet(options);
  if (!types.ok()) return fail("lagg-till", types.error().message);
  auto password = read_password(options.losenord_fil);
  if (!password.ok()) return fail("lagg-till", password.error().message);
  auto hash = webui::hash_password(*password);
  if (!hash.ok()) return fail("lagg-till", hash.error().message);
  auto db = store::open_existing_store(options.db);
  if (!db.ok()) return fail("lagg-till", db.error().message);
  store::WebUserRecord user{options.aktor,
                            options.anvandare,
                            options.namn.empty() ? options.anvandare : options.namn,
                            *hash,
                            *types,
                            true,
                            std::chrono::system_clock::now()};
  auto added = (*db)->users().add_user(user);
  if (!added.ok()) return fail("lagg-till", added.error().message);
  std::printf("användare %s hos %s tillagd (behörighet %s)\n", options.anvandare.c_str(),
              options.aktor.c_str(), join_types(*types).c_str());
  return 0;
}

int run_list(const UserOptions& options) {
  auto db = store::open_existing_store(options.db);
  if (!db.ok()) return fail("lista", db.error().message);
  auto users = (*db)->users().list_users(options.aktor);
  if (!users.ok()) return fail("lista", users.error().message);
  if (options.format == "json") {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& u : *users) {
      nlohmann::ordered_json types = nlohmann::ordered_json::array();
      for (auto t : u.behorighet) types.push_back(domain::to_string(t));
      out.push_back({{"aktorsId", u.aktors_id},
                     {"anvandarnamn", u.anvandarnamn},
                     {"namn", u.namn},
                     {"behorighet", types},
                     {"aktiv", u.aktiv}});
    }
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  if (users->empty()) std::printf("inga användare\n");
  for (const auto& u : *users) {
    std::printf("%-16s %-20s %-28s %-9s %s\n", u.aktors_id.c_str(), u.anvandarnamn.c_str(),
                u.namn.c_str(), u.aktiv ? "aktiv" : "inaktiv", join_types(u.behorighet).c_str());
  }
  return 0;
}

int run_remove(const UserOptions& options) {
  auto db = store::open_existing_store(options.db);
  if (!db.ok()) return fail("ta-bort", db.error().message);
  auto removed = (*db)->users().remove_user(options.aktor, options.anvandare);
  if (!removed.ok()) return fail("ta-bort", removed.error().message);
  if (!*removed) return fail("ta-bort", "ingen sådan användare");
  std::printf("användare %s hos %s borttagen\n", options.anvandare.c_str(), options.aktor.c_str());
  return 0;
}

// Reads the user, lets `change` modify it and writes it back.
template <typename Change>
int update(const char* command, const UserOptions& options, Change change) {
  auto db = store::open_existing_store(options.db);
  if (!db.ok()) return fail(command, db.error().message);
  auto found = (*db)->users().find_user(options.aktor, options.anvandare);
  if (!found.ok()) return fail(command, found.error().message);
  if (!*found) return fail(command, "ingen sådan användare");
  store::WebUserRecord user = **found;
  if (Status s = change(user); !s.ok()) return fail(command, s.message());
  auto updated = (*db)->users().update_user(user);
  if (!updated.ok()) return fail(command, updated.error().message);
  if (!*updated) return fail(command, "ingen sådan användare");
  std::printf("användare %s hos %s uppdaterad\n", options.anvandare.c_str(), options.aktor.c_str());
  return 0;
}

void add_db_and_user(CLI::App* cmd, UserOptions& o) {
  cmd->add_option("--db", o.db, "Databasen: FIL eller postgresql://…")->required();
  cmd->add_option("--aktor", o.aktor, "Organisationens aktörs-id (aktörsfilen)")->required();
  cmd->add_option("--anvandare", o.anvandare, "Användarnamn")->required();
}

}  // namespace

void add_anvandare_commands(CLI::App& app, CommandAction& action) {
  auto* group = app.add_subcommand("anvandare", "Användare av webbgränssnittet");
  group->require_subcommand(1);

  auto add = std::make_shared<UserOptions>();
  auto* add_cmd = group->add_subcommand("lagg-till", "Lägg till en användare (lösenord på stdin)");
  add_db_and_user(add_cmd, *add);
  add_cmd->add_option("--namn", add->namn, "Visningsnamn");
  add_cmd->add_option("--behorighet", add->behorighet, "Informationstyper, kommaseparerade")
      ->required();
  add_cmd->add_option("--losenord-fil", add->losenord_fil, "Fil med lösenordet (första raden)");
  add_cmd->add_option("--actors", add->actors, "Aktörsfil: behörigheten ska rymmas i avtalet");
  add_cmd->callback([&action, add] { action = [add] { return run_add(*add); }; });

  auto list = std::make_shared<UserOptions>();
  auto* list_cmd = group->add_subcommand("lista", "Lista användare");
  list_cmd->add_option("--db", list->db, "Databasen: FIL eller postgresql://…")->required();
  list_cmd->add_option("--aktor", list->aktor, "Bara denna organisations användare");
  list_cmd->add_option("--format", list->format, "text eller json")
      ->check(CLI::IsMember({"text", "json"}));
  list_cmd->callback([&action, list] { action = [list] { return run_list(*list); }; });

  auto remove = std::make_shared<UserOptions>();
  auto* remove_cmd = group->add_subcommand("ta-bort", "Ta bort en användare och dess sessioner");
  add_db_and_user(remove_cmd, *remove);
  remove_cmd->callback([&action, remove] { action = [remove] { return run_remove(*remove); }; });

  auto password = std::make_shared<UserOptions>();
  auto* password_cmd = group->add_subcommand("losenord", "Byt lösenord (nytt lösenord på stdin)");
  add_db_and_user(password_cmd, *password);
  password_cmd->add_option("--losenord-fil", password->losenord_fil, "Fil med lösenordet");
  password_cmd->callback([&action, password] {
    action = [password] {
      return update("losenord", *password, [&](store::WebUserRecord& user) -> Status {
        auto text = read_password(password->losenord_fil);
        if (!text.ok()) return text.error();
        auto hash = webui::hash_password(*text);
        if (!hash.ok()) return hash.error();
        user.losenord_hash = *hash;
        return {};
      });
    };
  });

  auto permissions = std::make_shared<UserOptions>();
  auto* permissions_cmd = group->add_subcommand("behorighet", "Ändra en användares behörighet");
  add_db_and_user(permissions_cmd, *permissions);
  permissions_cmd->add_option("--behorighet", permissions->behorighet, "Informationstyper")
      ->required();
  permissions_cmd->add_option("--actors", permissions->actors, "Aktörsfil");
  permissions_cmd->callback([&action, permissions] {
    action = [permissions] {
      return update("behorighet", *permissions, [&](store::WebUserRecord& user) -> Status {
        auto types = parse_behorighet(*permissions);
        if (!types.ok()) return types.error();
        user.behorighet = *types;
        return {};
      });
    };
  });

  for (const bool active : {false, true}) {
    auto o = std::make_shared<UserOptions>();
    const char* name = active ? "aktivera" : "inaktivera";
    auto* cmd = group->add_subcommand(
        name, active ? "Aktivera en användare" : "Spärra en användare (loggas ut direkt)");
    add_db_and_user(cmd, *o);
    cmd->callback([&action, o, active, name] {
      action = [o, active, name] {
        return update(name, *o, [active](store::WebUserRecord& user) -> Status {
          user.aktiv = active;
          return {};
        });
      };
    });
  }
}

}  // namespace utbyte::cli
