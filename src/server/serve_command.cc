// `utbyte serve`: the server process. The only place that picks concrete store and TLS
// implementations and wires services to the router.

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "lefi/async/order_worker.h"
#include "lefi/lefi_service.h"
#include "platform/actors.h"
#include "platform/clock.h"
#include "platform/http/https_server.h"
#include "platform/http/router.h"
#include "platform/logging.h"
#include "platform/metrics.h"
#include "platform/ops_routes.h"
#include "platform/pipeline/partner_pipeline.h"
#include "platform/sla/service_gate.h"
#include "platform/sla/sla_config.h"
#include "platform/tls/cert_authority.h"
#include "platform/tls/tls_context.h"
#include "platform/versions.h"
#include "server/commands.h"
#include "services/partner_services.h"
#include "store/store.h"

namespace utbyte::cli {
namespace {

constexpr const char* kVersion = "0.1.0";

struct ServeOptions {
  std::string listen = "127.0.0.1:8200";
  std::string db;
  std::string certs;
  std::string mode = "test";
  std::string actors;
  int threads = 2;
  std::size_t max_body = 1 << 20;
  bool access_log = true;
  std::string sla = "on";
  std::string sla_config;
  std::string fake_time;
  int massfraga_workers = 2;
  int massfraga_retention_days = 7;
  std::string leka_dygnskorning = "02:00";
  ssbtek::SsbtekServeOptions ssbtek;
  eioa::EioaServeOptions eioa;
  int idle_timeout_seconds = 30;
  int workers = 8;
  std::size_t max_queued = 256;
  std::size_t max_connections = 1024;
  int handshake_timeout_seconds = 5;
  std::size_t max_handshakes_per_address = 64;
  std::size_t max_connections_per_organisation = 256;
  std::string webb_session_timeout = "15m";
  bool print_routes = false;
  bool require_client_auth = false;
};

// Parses "2026-12-24T10:00:00+01:00" (or "Z"), the form --fake-time takes.
Result<std::chrono::system_clock::time_point> parse_instant(const std::string& text) {
  const Error bad = make_error(ErrorCode::kConfigError,
                               "--fake-time ska ha formen ÅÅÅÅ-MM-DDTTT:MM:SS+HH:MM eller ...Z");
  if (text.size() < 20 || text[10] != 'T') return bad;
  auto date = domain::parse_date(text.substr(0, 10));
  if (!date.ok()) return bad;
  int h = 0, m = 0, sec = 0, oh = 0, om = 0;
  char sign = 'Z';
  if (std::sscanf(text.c_str() + 11, "%2d:%2d:%2d", &h, &m, &sec) != 3) return bad;
  const std::string zone = text.substr(19);
  if (zone != "Z") {
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') ||
        std::sscanf(zone.c_str() + 1, "%2d:%2d", &oh, &om) != 2) {
      return bad;
    }
    sign = zone[0];
  }
  const auto offset = std::chrono::minutes((oh * 60 + om) * (sign == '-' ? -1 : 1));
  return std::chrono::system_clock::time_point{std::chrono::sys_days{*date} +
                                               std::chrono::hours(h) + std::chrono::minutes(m) +
                                               std::chrono::seconds(sec) - offset};
}

Result<std::pair<std::string, unsigned short>> split_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return make_error(ErrorCode::kConfigError, "--listen ska ha formen VÄRD:PORT");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  int port = -1;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (...) {
  }
  if (port < 0 || port > 65535) {
    return make_error(ErrorCode::kConfigError, "--listen har ogiltig port");
  }
  return std::pair{host, static_cast<unsigned short>(port)};
}

// Every installed route: partner routes with their profile and whether their version is served
// at `now` (GALLANDE, FORALDRAD, FORHANDSVERSION or UPPHORD), public ones marked as such.
nlohmann::ordered_json routes_json(const platform::pipeline::PartnerPipeline& pipeline,
                                   const platform::http::Router& router,
                                   const platform::VersionRegistry& versions,
                                   std::chrono::system_clock::time_point now) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& route : router.routes()) {
    nlohmann::ordered_json entry = {{"metod", route.method}, {"vag", route.pattern}};
    const auto* profile = pipeline.profile_of(route.method, route.pattern);
    const auto door = std::find_if(
        pipeline.doors().begin(), pipeline.doors().end(),
        [&](const auto& d) { return d.method == route.method && d.pattern == route.pattern; });
    if (door != pipeline.doors().end()) {
      // A shared address: each request takes the road of the route it is sent on to.
      entry["bindning"] = platform::pipeline::to_string(door->binding);
      entry["dorrTill"] = door->targets;
    } else if (route.access == platform::http::RouteAccess::kPublic || profile == nullptr) {
      entry["publik"] = true;
    } else {
      entry["tjanst"] = profile->tjanst;
      entry["bindning"] = platform::pipeline::to_string(profile->binding);
      entry["klass"] =
          profile->gate.sla_class
              ? nlohmann::ordered_json(platform::sla::to_string(*profile->gate.sla_class))
              : nlohmann::ordered_json(nullptr);
      entry["api"] = profile->gate.api;
      entry["major"] = profile->gate.major;
      const platform::VersionCheck check =
          versions.check(profile->gate.api, profile->gate.major, now);
      entry["version"] = check.version;
      entry["versionStatus"] = check.gone              ? "UPPHORD"
                               : check.preview         ? "FORHANDSVERSION"
                               : check.headers.empty() ? "GALLANDE"
                                                       : "FORALDRAD";
      entry["servicefonster"] = profile->gate.service;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

int fail(const Error& error) {
  platform::log_error("start_misslyckades",
                      {{"felkod", felkod(error.code)}, {"felmeddelande", error.message}});
  std::fprintf(stderr, "utbyte serve: %s\n", error.message.c_str());
  return 1;
}

int run_serve(const ServeOptions& options) {
  auto listen = split_listen(options.listen);
  if (!listen.ok()) return fail(listen.error());

  std::optional<platform::ActorRegistry> actors;
  if (options.mode == "test") {
    actors = platform::ActorRegistry::test_mode();
  } else if (options.mode == "production") {
    if (options.actors.empty()) {
      return fail(make_error(ErrorCode::kConfigError, "--mode production kräver --actors FIL"));
    }
    auto loaded = platform::ActorRegistry::load(options.actors);
    if (!loaded.ok()) return fail(loaded.error());
    actors.emplace(std::move(loaded).value());
  } else {
    return fail(make_error(ErrorCode::kConfigError, "--mode ska vara test eller production"));
  }

  // A file-size limit (ulimit -f, a quota) must surface as a failed write that SQLite rolls back
  // and the request answers with an error, not as SIGXFSZ killing the process mid-request.
  std::signal(SIGXFSZ, SIG_IGN);
  auto store = store::open_store(options.db);
  if (!store.ok()) return fail(store.error());
  auto info = (*store)->registry().register_info();
  if (!info.ok()) return fail(info.error());

  platform::ClockPtr clock = platform::system_clock();
  if (!options.fake_time.empty()) {
    if (actors->mode() != platform::Mode::kTest) {
      return fail(make_error(ErrorCode::kConfigError, "--fake-time är bara tillåtet i testläge"));
    }
    auto start = parse_instant(options.fake_time);
    if (!start.ok()) return fail(start.error());
    clock = platform::offset_clock(*start);
  }
  platform::sla::SlaConfig sla_config;
  // Seed 004: the service is open 00–24 every day and windows only *usually* fall on Saturday
  // 16:00 – Sunday 13:00, so no weekly outage is built in: the operator schedules windows
  // (`utbyte windows add --veckovis`) or turns the built-in one on in the SLA config (R27).
  sla_config.regular_window.enabled = false;
  if (!options.sla_config.empty()) {
    auto loaded = platform::sla::load_sla_config(options.sla_config, sla_config);
    if (!loaded.ok()) return fail(loaded.error());
    sla_config = std::move(loaded).value();
  }
  sla_config.enabled = options.sla == "on";

  auto tls = platform::tls::make_server_context(
      platform::tls::CertPaths::server_in(options.certs),
      options.require_client_auth ? platform::tls::ClientKeyUsage::kClientAuthOnly
                                  : platform::tls::ClientKeyUsage::kClientOrServerAuth);
  if (!tls.ok()) return fail(tls.error());
  // A CA key among the files the server reads is a key an intruder on this host gets with them.
  if (std::error_code ec; std::filesystem::exists(
          std::filesystem::path(options.certs) / platform::tls::kCaKeyFile, ec)) {
    platform::log_event(
        "warn", "ca_nyckel_bland_serverns_filer",
        {{"fil", (std::filesystem::path(options.certs) / platform::tls::kCaKeyFile).string()},
         {"rad",
          "flytta CA-nyckeln bort från --certs (certs init lägger den i "
          "ca-private/, som servern aldrig läser)"}});
  }

  platform::Metrics metrics;
  lefi::LefiService lefi_service(**store);
  platform::http::Router router;
  // The test environment serves a coming major before its release, as FK's does (seed 001).
  const platform::VersionRegistry versions = platform::VersionRegistry::standard(
      actors->mode() == platform::Mode::kTest ? platform::Environment::kTest
                                              : platform::Environment::kProduction);
  // A shared database (PostgreSQL) counts SLA capacity for every instance together.
  platform::sla::ServiceGate gate(clock, sla_config, versions, (*store)->windows(), metrics,
                                  (*store)->shared_sla());
  // Every partner route, whatever its service and binding, is installed on this one pipeline:
  // authorisation, the gate and the error model are the same for all (docs/security.md).
  platform::pipeline::PartnerPipeline pipeline(router, *actors, &gate);
  services::PartnerServiceOptions service_options;
  service_options.leka_dygnskorning = options.leka_dygnskorning;
  service_options.webb_session_timeout = options.webb_session_timeout;
  service_options.ssbtek = options.ssbtek;
  service_options.ssbtek.certs_dir = options.certs;
  service_options.ssbtek.contracts_dir = options.eioa.contracts;
  service_options.eioa = options.eioa;
  service_options.eioa.certs_dir = options.certs;
  service_options.partner_ca = platform::tls::CertPaths::server_in(options.certs).ca;
  auto partner_services =
      services::PartnerServices::install(pipeline, **store, lefi_service, clock, service_options);
  if (!partner_services.ok()) return fail(partner_services.error());
  if (!options.print_routes) std::fputs((*partner_services)->banner().c_str(), stdout);

  const auto now_ms = [clock] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock->now().time_since_epoch())
        .count();
  };
  const bool sla_on = sla_config.enabled;
  lefi::async::OrderWorkerOptions worker_options;
  worker_options.threads = std::max(0, options.massfraga_workers);
  std::optional<lefi::async::OrderWorker> order_worker;
  if (worker_options.threads > 0) {
    order_worker.emplace((*store)->orders(), (*store)->audit(), lefi_service, metrics,
                         [&gate, sla_on] {
                           // Processing pauses outside the Massfråga hours and during its service
                           // windows.
                           return !sla_on || gate.massfraga_open();
                         },
                         now_ms, worker_options);
  }

  const std::string mode_name(platform::to_string(actors->mode()));
  store::Store& db = **store;
  platform::add_ops_routes(router, metrics, [&db, &gate, mode_name] {
    auto current = db.registry().register_info();
    const auto window = gate.active_window(platform::sla::kServiceLefiOnline);
    nlohmann::json health = {{"status", !current.ok() ? "DOWN"
                                        : window      ? "SERVICEFONSTER"
                                                      : "UP"},
                             {"version", kVersion},
                             {"lage", mode_name},
                             {"syntetiskaUppgifter", current.ok() && current->synthetic}};
    health["register"] = {{"personer", current.ok() ? current->persons : 0}};
    if (window) {
      health["servicefonster"] = {{"id", window->id},
                                  {"slut", platform::sla::format_stockholm(window->end)},
                                  {"orsak", window->reason}};
    }
    return health;
  });
  router.add_public("GET", "/sla/status", [&gate](platform::http::Request&) {
    platform::http::Response response;
    response.body = gate.status().dump();
    return response;
  });

  if (options.print_routes) {
    // What this configuration would serve, for operators, docs and the e2e route matrix.
    std::printf("%s\n", routes_json(pipeline, router, versions, clock->now()).dump(2).c_str());
    return 0;
  }
  platform::http::ServerOptions server_options;
  server_options.host = listen->first;
  server_options.port = listen->second;
  server_options.threads = std::max(1, options.threads);
  server_options.max_body_bytes = options.max_body;
  server_options.idle_timeout = std::chrono::seconds(std::max(1, options.idle_timeout_seconds));
  server_options.max_connections = std::max<std::size_t>(1, options.max_connections);
  server_options.handshake_timeout =
      std::chrono::seconds(std::max(1, options.handshake_timeout_seconds));
  server_options.max_handshakes_per_address =
      std::max<std::size_t>(1, options.max_handshakes_per_address);
  server_options.max_connections_per_organisation = options.max_connections_per_organisation;
  server_options.body_limit = [&router](std::string_view method, std::string_view target) {
    return router.body_limit(method, target);
  };
  server_options.workers = std::max(1, options.workers);
  server_options.max_queued = std::max<std::size_t>(1, options.max_queued);
  const bool access_log = options.access_log;
  platform::http::HttpsServer server(
      std::move(tls).value(), server_options,
      [&router](platform::http::Request& request) { return router.dispatch(request); },
      [&metrics, access_log](const platform::http::Request& request,
                             const platform::http::Response& response,
                             std::chrono::nanoseconds elapsed) {
        metrics.record_request(request.route, request.method, response.status, elapsed);
        if (access_log) {
          platform::log_info("http",
                             {{"metod", request.method},
                              {"vag", request.path.substr(0, 256)},
                              {"status", response.status},
                              {"ms", std::chrono::duration<double, std::milli>(elapsed).count()},
                              {"transaktionsId", request.transaktions_id},
                              {"organisationsnummer",
                               request.peer ? request.peer->organisationsnummer : std::string()}});
        }
      });
  if (auto started = server.start(); !started.ok()) return fail(started.error());

  boost::asio::signal_set signals(server.io_context(), SIGINT, SIGTERM);
  signals.async_wait([&server](const boost::system::error_code&, int) { server.stop(); });

  // Answers are kept for the retention time after their order finished, then purged hourly.
  const std::int64_t retention_ms =
      std::int64_t{std::max(1, options.massfraga_retention_days)} * 24 * 3600 * 1000;
  boost::asio::steady_timer purge_timer(server.io_context());
  std::function<void()> purge = [&] {
    auto purged = db.orders().purge(now_ms() - retention_ms);
    if (!purged.ok()) {
      platform::log_error("massfraga_rensning_misslyckades", {{"fel", purged.error().message}});
    } else if (*purged > 0) {
      platform::log_info("massfraga_rensade", {{"bestallningar", *purged}});
    }
    purge_timer.expires_after(std::chrono::hours(1));
    purge_timer.async_wait([&](const boost::system::error_code& ec) {
      if (!ec) purge();
    });
  };
  purge();

  platform::log_info("startad", {{"adress", options.listen},
                                 {"port", server.port()},
                                 {"lage", mode_name},
                                 {"tradar", server_options.threads},
                                 {"personer", info->persons},
                                 {"sla", options.sla},
                                 {"tid", platform::sla::format_stockholm(clock->now())},
                                 {"syntetiskt", info->synthetic}});
  std::printf("utbyte %s: listening on https://%s:%u (mode %s, %lld persons%s)\n", kVersion,
              listen->first.c_str(), server.port(), mode_name.c_str(),
              static_cast<long long>(info->persons), info->synthetic ? ", synthetic register" : "");
  std::fflush(stdout);
  server.run();
  if (order_worker) order_worker->stop();
  platform::log_info("stoppad");
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& app, CommandAction& action) {
  auto opts = std::make_shared<ServeOptions>();
  auto* serve = app.add_subcommand("serve", "Kör servern (HTTPS med klientcertifikat)");
  serve->add_option("--listen", opts->listen, "VÄRD:PORT (port 0 väljer en ledig)")
      ->capture_default_str();
  serve->add_option("--db", opts->db, "Databasen med registret: sqlite:FIL eller postgresql://…")
      ->required();
  serve->add_option("--certs", opts->certs, "Katalog med ca.pem, server.pem, server.key")
      ->required();
  serve->add_option("--mode", opts->mode, "test eller production")
      ->check(CLI::IsMember({"test", "production"}))
      ->capture_default_str();
  serve->add_option("--actors", opts->actors, "Aktörsfil (JSON) för production");
  serve->add_option("--threads", opts->threads, "I/O-trådar")->capture_default_str();
  serve
      ->add_option("--workers", opts->workers,
                   "Trådar som kör anropen (databas, lösenord); I/O-trådarna flyttar bara byte")
      ->capture_default_str();
  serve
      ->add_option("--worker-queue", opts->max_queued,
                   "Största antal anrop som väntar på en tråd; fler får 503 SERVERN_UPPTAGEN")
      ->capture_default_str();
  serve->add_option("--max-body", opts->max_body, "Största tillåtna anropskropp i byte")
      ->capture_default_str();
  serve
      ->add_option("--idle-timeout", opts->idle_timeout_seconds,
                   "Sekunder för ett anrops huvud, dess kropp och väntan mellan anrop innan "
                   "anslutningen stängs")
      ->capture_default_str();
  serve
      ->add_option("--max-connections", opts->max_connections,
                   "Största antal samtidiga anslutningar; vid taket stängs den som väntat "
                   "längst på nästa anrop, finns ingen sådan återställs den nya")
      ->capture_default_str();
  serve
      ->add_option("--handshake-timeout", opts->handshake_timeout_seconds,
                   "Sekunder en TLS-handskakning får ta innan anslutningen stängs")
      ->capture_default_str();
  serve
      ->add_option("--max-handshakes-per-address", opts->max_handshakes_per_address,
                   "Största antal pågående TLS-handskakningar från en IP-adress; fler återställs")
      ->capture_default_str();
  serve
      ->add_option("--max-connections-per-organisation", opts->max_connections_per_organisation,
                   "Största antal samtidiga anslutningar per certifikatets organisation (0: ingen "
                   "gräns); fler får 429 KAPACITETSGRANS_OVERSKRIDEN")
      ->capture_default_str();
  serve->add_flag("!--no-access-log", opts->access_log, "Logga inte varje anrop");
  serve->add_option("--eioa-signing-ca", opts->eioa.signing_ca,
                    "E-IOA: betrodd signerings-CA (standard: signing-ca.pem i --certs)");
  serve->add_option("--contracts", opts->eioa.contracts,
                    "Katalog med kontrakten (xsd/, wsdl/); standard: bredvid programmet");
  serve->add_option("--ssbtek-config", opts->ssbtek.config_file,
                    "SSBTEK: källkonfiguration (JSON) med bastjänsternas URL:er");
  serve->add_flag("--ssbtek-simulatorer", opts->ssbtek.simulators,
                  "SSBTEK: starta de sex simulerade bastjänsterna i processen (demo)");
  serve->add_option("--sla", opts->sla, "on: SLA-gränser, servicefönster och öppettider gäller")
      ->check(CLI::IsMember({"on", "off"}))
      ->capture_default_str();
  serve->add_option("--sla-config", opts->sla_config, "SLA-konfiguration (JSON)");
  serve
      ->add_option("--massfraga-workers", opts->massfraga_workers,
                   "Trådar som besvarar massfrågor (0: ingen bearbetning)")
      ->capture_default_str();
  serve
      ->add_option("--massfraga-retention-days", opts->massfraga_retention_days,
                   "Dagar som svar på färdiga beställningar sparas")
      ->capture_default_str();
  serve
      ->add_option("--leka-dygnskorning", opts->leka_dygnskorning,
                   "LEKA:s dygnskörning, klockslag TT:MM (Europe/Stockholm)")
      ->capture_default_str();
  serve
      ->add_option("--webb-session-timeout", opts->webb_session_timeout,
                   "Webbgränssnittet: inaktiv session loggas ut efter (t.ex. 15m, 90s)")
      ->capture_default_str();
  serve->add_flag("--require-client-auth", opts->require_client_auth,
                  "Kräv EKU clientAuth i partnerns certifikat (utan flaggan godtas även "
                  "servercertifikat, som FK gör)");
  serve->add_flag("--print-routes", opts->print_routes,
                  "Skriv varje väg med dess profil (JSON) och avsluta utan att lyssna");
  serve->add_option("--fake-time", opts->fake_time,
                    "Testläge: klockan startar vid denna tidpunkt (ÅÅÅÅ-MM-DDTHH:MM:SS+01:00)");
  serve->callback([&action, opts] { action = [opts] { return run_serve(*opts); }; });
}

}  // namespace utbyte::cli
