// `utbyte leka …`: the LEKA v9 client (prenumerera, kontrollera, avregistrera, folj) and the
// operator's daily run (`leka run --db`), docs/leka.md. Every client call goes through a Pacer at
// the LEKA limits (1 request/s, 300 ms after each answer, one at a time) and send_with_retry.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "client/https_client.h"
#include "client/leka_client.h"
#include "client/pacer.h"
#include "client/retry.h"
#include "leka/daily_run.h"
#include "platform/sla/sla_governor.h"
#include "platform/transaction_id.h"
#include "server/commands.h"
#include "store/store.h"
#include "store/synthetic/catalogue.h"
#include "store/synthetic/register_generator.h"

namespace utbyte::cli {
namespace {

using nlohmann::ordered_json;

struct CommonOptions {
  std::string url = "https://127.0.0.1:8200";
  std::string certs;
  std::string aktor;
  int max_forsok = 8;
};

struct PrenumereraOptions {
  CommonOptions common;
  std::string personnummer;
  std::vector<std::string> typer;
  std::string from;
  // Hidden bulk load straight into a database (benchmarks): the first N persons of the register.
  std::string db;
  std::int64_t bulk = 0;
};

struct KontrolleraOptions {
  CommonOptions common;
  std::string id;
  std::string personnummer;
};

struct AvregistreraOptions {
  CommonOptions common;
  std::string id;
};

struct FoljOptions {
  CommonOptions common;
  std::string state;
  std::string utfil;
  bool en_gang = false;
  int intervall = 60;
  int sida = 100;
};

struct RunOptions {
  std::string db;
};

int fail(std::string_view message) {
  fmt::print(stderr, "utbyte leka: {}\n", message);
  return 1;
}

// One client session: the connection, the pacer at the LEKA limits and the retry policy.
class Session {
 public:
  explicit Session(const CommonOptions& options)
      : url_(client::parse_url(options.url)),
        http_(url_.ok() ? *url_ : client::Url{},
              platform::tls::CertPaths::client_in(options.certs)),
        pacer_(platform::sla::SlaLimits::online()) {
    policy_.max_attempts = std::max(1, options.max_forsok);
    hooks_.on_retry = [](const std::string& text) {
      fmt::print(stderr, "utbyte leka: {}\n", text);
    };
  }

  Status url_status() const { return url_.status(); }
  const std::string& base() const { return url_->base_path; }

  // The parsed answer when its status is one of `expected`; otherwise an error naming the
  // status, felkod and felmeddelande.
  Result<ordered_json> call(const std::string& method, const std::string& path,
                            const std::string& body, std::initializer_list<int> expected) {
    auto result = client::send_with_retry(http_, pacer_, policy_, method, path, body, hooks_);
    if (!result.ok()) return result.error();
    ordered_json parsed = ordered_json::parse(result->body, nullptr, false);
    if (std::find(expected.begin(), expected.end(), result->status) != expected.end()) {
      if (parsed.is_discarded()) parsed = ordered_json::object();  // 204
      return parsed;
    }
    std::string felkod_text = fmt::format("HTTP_{}", result->status);
    std::string message = result->body.substr(0, 300);
    if (parsed.is_object()) {
      felkod_text = parsed.value("felkod", felkod_text);
      message = parsed.value("felmeddelande", message);
    }
    return make_error(result->status == 404 ? ErrorCode::kNotFound : ErrorCode::kInvalidRequest,
                      fmt::format("HTTP {} {}: {}", result->status, felkod_text, message));
  }

 private:
  Result<client::Url> url_;
  client::HttpsClient http_;
  client::Pacer pacer_;
  client::RetryPolicy policy_;
  client::RetryHooks hooks_;
};

int run_bulk(const PrenumereraOptions& o) {
  auto store = store::open_store(o.db);
  if (!store.ok()) return fail(store.error().message);
  auto info = (*store)->registry().register_info();
  if (!info.ok()) return fail(info.error().message);
  std::vector<domain::InformationType> types;
  for (const auto& code : o.typer) {
    auto t = domain::parse_information_type(code);
    if (!t) return fail(fmt::format("okänd informationstyp {}", code));
    types.push_back(*t);
  }
  if (types.empty()) {
    for (const auto& t : domain::all_information_types()) {
      if (t.type != domain::InformationType::kPersonuppgifter) types.push_back(t.type);
    }
  }
  auto from = domain::parse_date(o.from.empty() ? "2024-01-01" : o.from);
  if (!from.ok()) return fail(from.error().message);
  const auto& catalogue = store::synthetic::catalogue();
  const std::int64_t bulk_persons = info->persons - static_cast<std::int64_t>(catalogue.size());
  const std::int64_t wanted = std::min(o.bulk, info->persons);
  const auto start = std::chrono::steady_clock::now();
  // Inserted in personnummer order: the person index then grows at its end instead of at random
  // places, which is what makes a million inserts take seconds rather than minutes.
  std::vector<std::string> persons;
  persons.reserve(static_cast<std::size_t>(wanted));
  for (std::int64_t i = 0; i < wanted; ++i) {
    const auto c = static_cast<std::size_t>(i);
    persons.push_back(c < catalogue.size()
                          ? catalogue[c].personnummer
                          : store::synthetic::bulk_personnummer(
                                i - static_cast<std::int64_t>(catalogue.size()), bulk_persons));
  }
  std::sort(persons.begin(), persons.end());
  std::vector<store::Subscription> batch;
  std::int64_t inserted = 0;
  for (std::size_t i = 0; i < persons.size(); ++i) {
    store::Subscription s;
    s.personnummer = std::move(persons[i]);
    s.id = fmt::format("P-BULK{:026d}", i);
    s.aktors_id = o.common.aktor;
    s.organisationsnummer = "0000000000";
    s.informationstyper = types;
    s.from_datum = *from;
    batch.push_back(std::move(s));
    if (batch.size() == 100000 || i + 1 == persons.size()) {
      auto n = (*store)->leka().create_bulk(batch);
      if (!n.ok()) return fail(n.error().message);
      inserted += *n;
      batch.clear();
    }
  }
  fmt::print("{} prenumerationer skapade ({} fanns redan) på {:.1f} s\n", inserted,
             wanted - inserted,
             std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return 0;
}

int run_prenumerera(const PrenumereraOptions& o) {
  if (o.bulk > 0) return run_bulk(o);
  if (o.personnummer.empty() || o.typer.empty() || o.from.empty()) {
    return fail("--personnummer, --typer och --from krävs");
  }
  Session session(o.common);
  if (!session.url_status().ok()) return fail(session.url_status().message());
  const auto body = client::leka_registration_body(o.personnummer, o.typer, o.from).dump();
  auto answer = session.call(
      "POST", client::leka_prenumerationer_path(session.base(), o.common.aktor), body, {200, 201});
  if (!answer.ok()) return fail(answer.error().message);
  fmt::print("{}\n", answer->dump(2));
  return 0;
}

int run_kontrollera(const KontrolleraOptions& o) {
  Session session(o.common);
  if (!session.url_status().ok()) return fail(session.url_status().message());
  if (!o.id.empty()) {
    auto answer = session.call(
        "GET", client::leka_prenumeration_path(session.base(), o.common.aktor, o.id), "", {200});
    if (!answer.ok()) return fail(answer.error().message);
    fmt::print("{}\n", answer->dump(2));
    return 0;
  }
  ordered_json all = ordered_json::array();
  std::string cursor;
  for (;;) {
    auto page = session.call("GET",
                             client::leka_prenumerationer_query_path(session.base(), o.common.aktor,
                                                                     o.personnummer, cursor, 1000),
                             "", {200});
    if (!page.ok()) return fail(page.error().message);
    for (auto& s : (*page)["prenumerationer"]) all.push_back(std::move(s));
    if (!page->contains("nastaCursor")) break;
    cursor = (*page)["nastaCursor"].get<std::string>();
  }
  fmt::print("{}\n", all.dump(2));
  return 0;
}

int run_avregistrera(const AvregistreraOptions& o) {
  Session session(o.common);
  if (!session.url_status().ok()) return fail(session.url_status().message());
  auto answer = session.call(
      "DELETE", client::leka_prenumeration_path(session.base(), o.common.aktor, o.id), "", {204});
  if (!answer.ok()) return fail(answer.error().message);
  fmt::print(stderr, "prenumerationen {} är avregistrerad\n", o.id);
  return 0;
}

volatile std::sig_atomic_t g_stop = 0;

// Follows the feed: write → fsync → save state (atomic) → acknowledge, in that order, so that a
// kill at any point leaves output and state consistent: lines written but not in the state are
// cut off on restart and fetched again (they were not acknowledged); lines in the state but not
// acknowledged come again and are skipped by sekvensnummer.
int run_folj(const FoljOptions& o) {
  auto state = client::load_folj_state(o.state);
  if (!state.ok()) return fail(state.error().message);
  if (!state->aktors_id.empty() && state->aktors_id != o.common.aktor) {
    return fail(fmt::format("tillståndsfilen '{}' gäller aktören {}", o.state, state->aktors_id));
  }
  state->aktors_id = o.common.aktor;
  const bool to_file = !o.utfil.empty();
  if (to_file) {
    if (Status s = client::prepare_folj_output(o.utfil, *state); !s.ok()) return fail(s.message());
  }
  Session session(o.common);
  if (!session.url_status().ok()) return fail(session.url_status().message());
  std::signal(SIGINT, [](int) { g_stop = 1; });
  std::signal(SIGTERM, [](int) { g_stop = 1; });
  std::int64_t written = 0;
  while (g_stop == 0) {
    auto page = session.call("GET",
                             client::leka_aviseringar_path(session.base(), o.common.aktor,
                                                           state->sista_sekvens + 1, o.sida),
                             "", {200});
    if (!page.ok()) return fail(page.error().message);
    auto fresh = client::leka_new_lines(*page, *state);
    if (!fresh.ok()) return fail(fresh.error().message);
    // Notifications the agreement no longer allows are withheld by the server; say so.
    if (const auto notes = page->find("meddelanden"); notes != page->end() && notes->is_array()) {
      for (const auto& note : *notes) {
        fmt::print(stderr, "{}: {}\n", note.value("kod", ""), note.value("text", ""));
      }
    }
    const bool moved_on = fresh->sista_sekvens > state->sista_sekvens;
    if (!fresh->lines.empty()) {
      if (to_file) {
        auto size = client::append_lines_durably(o.utfil, fresh->lines);
        if (!size.ok()) return fail(size.error().message);
        state->bytes = *size;
      } else {
        for (const auto& line : fresh->lines) std::fputs((line + "\n").c_str(), stdout);
        if (std::fflush(stdout) != 0) return fail("kan inte skriva till stdout");
      }
      written += static_cast<std::int64_t>(fresh->lines.size());
    }
    if (moved_on) {
      state->sista_sekvens = fresh->sista_sekvens;
      if (Status s = client::save_folj_state(o.state, *state); !s.ok()) return fail(s.message());
    }
    if (page->value("kvitteradTomSekvens", std::int64_t{0}) < state->sista_sekvens) {
      const auto body = ordered_json{{"tomSekvens", state->sista_sekvens}}.dump();
      auto ack = session.call("POST", client::leka_kvittens_path(session.base(), o.common.aktor),
                              body, {200});
      if (!ack.ok()) return fail(ack.error().message);
    }
    if (moved_on) continue;  // more may follow at once
    if (o.en_gang) break;
    // An empty feed: the next notifications come with the next daily run. Sleep in short steps
    // so that Ctrl-C is prompt.
    for (int i = 0; i < o.intervall * 10 && g_stop == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  fmt::print(stderr, "{} nya aviseringar, senaste sekvensnummer {}\n", written,
             state->sista_sekvens);
  return 0;
}

int run_run(const RunOptions& o) {
  auto store = store::open_existing_store(o.db);
  if (!store.ok()) return fail(store.error().message);
  const auto start = std::chrono::steady_clock::now();
  auto stats = leka::run_daily(**store, {}, [](const leka::DailyRunStats& s) {
    fmt::print(stderr, "dygnskörning: {} ändringar, {} aviseringar\n", s.andringar, s.aviseringar);
  });
  if (!stats.ok()) return fail(stats.error().message);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print("dygnskörning klar: {} ändringar, {} aviseringar, högvattenmärke {}, {:.2f} s\n",
             stats->andringar, stats->aviseringar, stats->hogvattenmarke, seconds);
  return 0;
}

void add_common(CLI::App* app, CommonOptions& o) {
  app->add_option("--url", o.url, "Serverns bas-URL")->capture_default_str();
  app->add_option("--certs", o.certs, "Katalog med ca.pem, client.pem, client.key");
  app->add_option("--aktor", o.aktor, "aktorsId")->required();
  app->add_option("--max-forsok", o.max_forsok, "Högst så många försök per anrop")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
}

}  // namespace

void add_leka_commands(CLI::App& app, CommandAction& action) {
  auto* leka = app.add_subcommand("leka", "LEKA v9: prenumerationer och aviseringar");
  leka->require_subcommand(1);

  auto pren = std::make_shared<PrenumereraOptions>();
  auto* p = leka->add_subcommand("prenumerera", "Registrera en prenumeration");
  add_common(p, pren->common);
  p->add_option("--personnummer", pren->personnummer, "Personnummer, 12 siffror");
  p->add_option("--typer", pren->typer, "Informationstyper, kommaseparerade")->delimiter(',');
  p->add_option("--from", pren->from, "fromDatum ÅÅÅÅ-MM-DD");
  p->add_option("--db", pren->db, "")->group("");
  p->add_option("--bulk", pren->bulk, "")->group("");
  p->callback([&action, pren] { action = [pren] { return run_prenumerera(*pren); }; });

  auto kon = std::make_shared<KontrolleraOptions>();
  auto* k = leka->add_subcommand("kontrollera", "Visa en prenumeration, eller aktörens alla");
  add_common(k, kon->common);
  k->add_option("--id", kon->id, "prenumerationsId");
  k->add_option("--personnummer", kon->personnummer, "Bara denna persons prenumerationer");
  k->callback([&action, kon] { action = [kon] { return run_kontrollera(*kon); }; });

  auto avr = std::make_shared<AvregistreraOptions>();
  auto* a = leka->add_subcommand("avregistrera", "Ta bort en prenumeration");
  add_common(a, avr->common);
  a->add_option("--id", avr->id, "prenumerationsId")->required();
  a->callback([&action, avr] { action = [avr] { return run_avregistrera(*avr); }; });

  auto folj = std::make_shared<FoljOptions>();
  auto* f = leka->add_subcommand(
      "folj", "Följ aviseringarna: skriv dem som JSON-rader, spara läget, kvittera");
  add_common(f, folj->common);
  f->add_option("--state", folj->state, "Tillståndsfil (senaste sekvensnummer)")->required();
  f->add_option("--utfil", folj->utfil, "Utfil (JSON-rader); standard: stdout");
  f->add_flag("--en-gang", folj->en_gang, "Sluta när flödet är tomt");
  f->add_option("--intervall", folj->intervall, "Sekunder mellan frågor när flödet är tomt")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  f->add_option("--sida", folj->sida, "Aviseringar per sida (1–1000)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  f->callback([&action, folj] { action = [folj] { return run_folj(*folj); }; });

  auto run = std::make_shared<RunOptions>();
  auto* r = leka->add_subcommand("run", "Kör dygnskörningen nu (ändringsloggen → aviseringar)");
  r->add_option("--db", run->db, "sqlite:FIL eller postgresql://…")->required();
  r->callback([&action, run] { action = [run] { return run_run(*run); }; });
}

}  // namespace utbyte::cli
