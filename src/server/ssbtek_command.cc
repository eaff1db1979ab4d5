// `utbyte ssbtek fraga` (the SSBTEK client: one household, the combined answer as JSON or a
// table) and `utbyte ssbtek simulatorer` (the six SIMULATED base services for a local test
// environment, with their sources config for `serve --ssbtek-config`).

#include <csignal>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "client/https_client.h"
#include "client/ssbtek_client.h"
#include "domain/date.h"
#include "platform/asio.h"
#include "platform/http/error_response.h"
#include "platform/soap/shs_label.h"
#include "platform/soap/soap_envelope.h"
#include "platform/tls/cert_authority.h"
#include "platform/tls/peer_identity.h"
#include "platform/transaction_id.h"
#include "platform/xml/xml_document.h"
#include "server/commands.h"
#include "ssbtek/simulators/simulator_set.h"
#include "ssbtek/ssbtek_routes.h"
#include "ssbtek/ssbtek_xml.h"

namespace utbyte::cli {
namespace {

using nlohmann::json;

struct FragaOptions {
  std::string url = "https://127.0.0.1:8200";
  std::string certs;
  std::string personnummer;
  std::string medsokande;
  std::string from;
  std::string tom;
  std::vector<std::string> kallor;
  std::string arendereferens;
  std::string via = "ws";
  std::string format = "json";
  int timeout_s = 60;
};

int fraga_fail(const std::string& text, int code = 1) {
  std::fprintf(stderr, "utbyte ssbtek fraga: %s\n", text.c_str());
  return code;
}

// The SHS label of a synchronous request from the certificate's organisation to FK.
Result<std::string> request_label(const std::string& certs_dir) {
  auto cert = platform::tls::load_certificate(platform::tls::CertPaths::client_in(certs_dir).cert);
  if (!cert.ok()) return cert.error();
  auto peer = platform::tls::peer_identity_from_certificate(cert->get());
  if (!peer.ok()) return peer.error();
  platform::soap::ShsLabel label;
  label.tx_id = platform::new_transaction_id();
  label.corr_id = label.tx_id;
  label.sequence_type = "request";
  label.transfer_type = "synch";
  label.from = peer->organisationsnummer;
  label.to = "2021005521";  // Försäkringskassan
  label.product = std::string(ssbtek::kProdukt);
  label.datetime = platform::http::now_iso8601();
  label.content_id = platform::new_transaction_id();
  return platform::soap::write_shs_label(label);
}

int run_fraga(const FragaOptions& o) {
  auto url = client::parse_url(o.url);
  if (!url.ok()) return fraga_fail(url.error().message, 2);
  const auto today = domain::today_utc();
  ssbtek::RequestFields fields;
  fields.sokande = o.personnummer;
  fields.medsokande = o.medsokande;
  fields.from = o.from.empty() ? domain::format_date(domain::add_days(today, -90)) : o.from;
  fields.tom = o.tom.empty() ? domain::format_date(today) : o.tom;
  fields.kallor = o.kallor;
  fields.arendereferens = o.arendereferens.empty()
                              ? "utbyte-" + platform::new_transaction_id().substr(0, 8)
                              : o.arendereferens;
  std::string header;
  if (o.via == "shs2") {
    auto label = request_label(o.certs);
    if (!label.ok()) return fraga_fail(label.error().message);
    header = std::move(label).value();
  }
  const std::string envelope =
      platform::soap::write_soap_envelope(ssbtek::write_request(fields), header);
  client::HttpsClient http(*url, platform::tls::CertPaths::client_in(o.certs),
                           std::chrono::seconds(o.timeout_s));
  const std::string path(o.via == "shs2" ? ssbtek::kShs2Path : ssbtek::kWsPath);
  auto sent = client::post_soap(http, path, envelope);
  if (!sent.ok()) return fraga_fail(sent.error().message);

  platform::xml::XmlLimits limits;
  limits.max_bytes = 16 << 20;
  limits.drop_blanks = true;
  auto doc = platform::xml::parse_xml(sent->body, limits);
  if (!doc.ok()) {
    return fraga_fail(
        fmt::format("HTTP {}: svaret är inte XML: {}", sent->status, doc.error().message));
  }
  auto envelope_in = platform::soap::parse_soap_envelope(*doc);
  if (!envelope_in.ok()) return fraga_fail(envelope_in.error().message);
  const xmlNode* payload = envelope_in->payload;
  if (platform::xml::is_element(payload, platform::soap::kSoap11Namespace, "Fault")) {
    const xmlNode* text = platform::xml::find_child(payload, "", "faultstring");
    const std::string felkod =
        sent->headers.contains("x-felkod") ? sent->headers.at("x-felkod") : "";
    return fraga_fail(fmt::format("HTTP {} {}: {}", sent->status, felkod,
                                  text ? platform::xml::text_of(text) : "SOAP-fel"));
  }
  auto answer = ssbtek::answer_to_json(payload);
  if (!answer.ok()) return fraga_fail(answer.error().message);
  if (o.format == "tabell") {
    std::fputs(client::render_ssbtek_table(*answer).c_str(), stdout);
  } else {
    std::puts(answer->dump(2).c_str());
  }
  return 0;
}

struct SimulatorerOptions {
  std::string certs;
  std::string host = "127.0.0.1";
  int base_port = 0;
  int latency_ms = 0;
  int jitter_ms = 0;
  double failure_rate = 0.0;
  std::string failure = "503";
  std::vector<std::string> latency_by_kalla;
  std::vector<std::string> failure_by_kalla;
  int timeout_ms = 1'000;
  int deadline_ms = 3'000;
  int threads = 16;
  std::string config_out;
};

int sim_fail(const std::string& text) {
  std::fprintf(stderr, "utbyte ssbtek simulatorer: %s\n", text.c_str());
  return 1;
}

int run_simulatorer(const SimulatorerOptions& o) {
  ssbtek::simulators::SimulatorSetOptions options;
  options.certs_dir = o.certs;
  options.host = o.host;
  options.base_port = static_cast<unsigned short>(o.base_port);
  options.latency = std::chrono::milliseconds(o.latency_ms);
  options.jitter = std::chrono::milliseconds(o.jitter_ms);
  options.failure_rate = o.failure_rate;
  options.threads = o.threads;
  auto failure = ssbtek::simulators::parse_failure_kind(o.failure);
  if (!failure.ok()) return sim_fail(failure.error().message);
  options.failure = *failure;
  for (const auto& text : o.latency_by_kalla) {
    auto setting = ssbtek::simulators::parse_kalla_setting("--kalla-latens", text);
    if (!setting.ok()) return sim_fail(setting.error().message);
    try {
      options.latency_by_kalla[setting->first] =
          std::chrono::milliseconds(std::stoi(setting->second));
    } catch (...) {
      return sim_fail("--kalla-latens ska ange millisekunder, t.ex. akassa=2000");
    }
  }
  for (const auto& text : o.failure_by_kalla) {
    auto setting = ssbtek::simulators::parse_kalla_setting("--kalla-felfrekvens", text);
    if (!setting.ok()) return sim_fail(setting.error().message);
    try {
      options.failure_rate_by_kalla[setting->first] = std::stod(setting->second);
    } catch (...) {
      return sim_fail("--kalla-felfrekvens ska ange en andel 0..1, t.ex. csn=1");
    }
  }
  auto set = ssbtek::simulators::SimulatorSet::start(options);
  if (!set.ok()) return sim_fail(set.error().message);
  const json config = (*set)->sources_config(std::chrono::milliseconds(o.timeout_ms),
                                             std::chrono::milliseconds(o.deadline_ms));
  if (!o.config_out.empty()) {
    std::ofstream out(o.config_out);
    out << config.dump(2) << "\n";
    if (!out) return sim_fail("kan inte skriva " + o.config_out);
  }
  for (const auto& sim : (*set)->simulators()) {
    std::printf("SIMULATOR %-20s %s\n", std::string(ssbtek::to_string(sim->kalla())).c_str(),
                sim->base_url().c_str());
  }
  std::printf("simulators ready%s\n",
              o.config_out.empty() ? "" : (" (config: " + o.config_out + ")").c_str());
  std::fflush(stdout);

  boost::asio::io_context io;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([](const boost::system::error_code&, int) {});
  io.run();
  return 0;
}

}  // namespace

void add_ssbtek_commands(CLI::App& app, CommandAction& action) {
  auto* ssbtek = app.add_subcommand(
      "ssbtek", "SSBTEK: sammansatt fråga för ekonomiskt bistånd, och simulerade bastjänster");
  ssbtek->require_subcommand(1);

  auto fraga = std::make_shared<FragaOptions>();
  auto* f = ssbtek->add_subcommand("fraga", "Fråga om en sökande (och medsökande) hos alla källor");
  f->add_option("--url", fraga->url, "Serverns bas-URL")->capture_default_str();
  f->add_option("--certs", fraga->certs, "Katalog med client.pem, client.key, ca.pem")->required();
  f->add_option("--personnummer", fraga->personnummer, "Sökandens personnummer (12 siffror)")
      ->required();
  f->add_option("--medsokande", fraga->medsokande, "Medsökandens personnummer");
  f->add_option("--from", fraga->from, "Periodens första dag (standard: 90 dagar sedan)");
  f->add_option("--tom", fraga->tom, "Periodens sista dag (standard: i dag)");
  f->add_option("--kallor", fraga->kallor, "Källor, t.ex. AKASSA,CSN,FK_PM (standard: alla)")
      ->delimiter(',');
  f->add_option("--arendereferens", fraga->arendereferens, "Kommunens ärendereferens");
  f->add_option("--via", fraga->via, "ws (SOAP) eller shs2 (SOAP med SHS-etikett)")
      ->check(CLI::IsMember({"ws", "shs2"}))
      ->capture_default_str();
  f->add_option("--format", fraga->format, "json eller tabell")
      ->check(CLI::IsMember({"json", "tabell"}))
      ->capture_default_str();
  f->add_option("--timeout", fraga->timeout_s, "Sekunder")->capture_default_str();
  f->callback([&action, fraga] { action = [fraga] { return run_fraga(*fraga); }; });

  auto sim = std::make_shared<SimulatorerOptions>();
  auto* s = ssbtek->add_subcommand("simulatorer",
                                   "Starta de sex SIMULERADE bastjänsterna (A-kassorna, AF, CSN, "
                                   "Migrationsverket, Skatteverket, Transportstyrelsen)");
  s->add_option("--certs", sim->certs, "Katalog med ca.pem, server.pem, server.key")->required();
  s->add_option("--listen-host", sim->host, "Adress att lyssna på")->capture_default_str();
  s->add_option("--bas-port", sim->base_port, "Första porten (0: lediga portar)")
      ->check(CLI::Range(0, 65529))
      ->capture_default_str();
  s->add_option("--latens-ms", sim->latency_ms, "Svarstid för varje anrop")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  s->add_option("--jitter-ms", sim->jitter_ms, "Extra slumpmässig svarstid 0..N")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  s->add_option("--felfrekvens", sim->failure_rate, "Andel anrop som misslyckas (0..1)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  s->add_option("--felsatt", sim->failure, "503, hang eller blandat")->capture_default_str();
  s->add_option("--kalla-latens", sim->latency_by_kalla, "KÄLLA=MS, t.ex. akassa=2000");
  s->add_option("--kalla-felfrekvens", sim->failure_by_kalla, "KÄLLA=ANDEL, t.ex. csn=1");
  s->add_option("--timeout-ms", sim->timeout_ms,
                "timeoutMs per källa i den skrivna konfigurationen")
      ->capture_default_str();
  s->add_option("--total-tidsgrans-ms", sim->deadline_ms,
                "totalTidsgransMs i den skrivna konfigurationen")
      ->capture_default_str();
  s->add_option("--tradar", sim->threads, "Trådar per simulator")->capture_default_str();
  s->add_option("--config-ut", sim->config_out,
                "Skriv källkonfigurationen (JSON) för serve --ssbtek-config hit");
  s->callback([&action, sim] { action = [sim] { return run_simulatorer(*sim); }; });
}

}  // namespace utbyte::cli
