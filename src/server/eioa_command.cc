// `utbyte eioa`: E-IOA notifications from the command line (docs/eioa.md).
//
//   utbyte eioa exempel [--id UUID]
//   utbyte eioa signera FIL [--certs D | --signer-key K --signer-cert C] [-o UT]
//   utbyte eioa validera FIL [--certs D | --signing-ca F] [--contracts D] [--idag ÅÅÅÅ-MM-DD]
//   utbyte eioa skicka FIL --via soap|shs2 --server URL (--certs D | --cert C --key K --ca A)
//   utbyte eioa lista --db F [--antal N]
//   utbyte eioa visa ID --db F [--historik]

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "client/eioa_client.h"
#include "client/https_client.h"
#include "eioa/anmalan_validator.h"
#include "eioa/contracts.h"
#include "eioa/eioa_routes.h"
#include "eioa/example.h"
#include "eioa/signature.h"
#include "platform/tls/cert_authority.h"
#include "platform/tls/peer_identity.h"
#include "platform/transaction_id.h"
#include "server/commands.h"
#include "store/store.h"

namespace utbyte::cli {
namespace {

namespace fs = std::filesystem;
namespace tls = platform::tls;

int fail(std::string_view command, const Error& error) {
  fmt::print(stderr, "utbyte eioa {}: [{}] {}\n", command, felkod(error.code), error.message);
  return 1;
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::kIoError, fmt::format("{} kan inte läsas", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Status write_output(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return Status::ok_status();
  }
  const fs::path tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush())
      return make_error(ErrorCode::kIoError, fmt::format("{} kan inte skrivas", path));
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return make_error(ErrorCode::kIoError, fmt::format("{}: {}", path, ec.message()));
  return Status::ok_status();
}

std::string iso_ms(std::int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

// --- exempel ---------------------------------------------------------------------------------

struct ExampleOptions {
  std::string id;
};

int run_example(const ExampleOptions& opts) {
  const std::string id = opts.id.empty() ? platform::new_transaction_id() : opts.id;
  std::fputs(eioa::example_anmalan(id).c_str(), stdout);
  return 0;
}

// --- signera ---------------------------------------------------------------------------------

struct SignOptions {
  std::string file;
  std::string certs;
  std::string key;
  std::string cert;
  std::string out;
};

int run_sign(const SignOptions& opts) {
  auto text = read_file(opts.file);
  if (!text.ok()) return fail("signera", text.error());
  // The server's limits: a file it would refuse is not worth signing.
  auto doc = platform::xml::parse_xml(*text, eioa::anmalan_xml_limits());
  if (!doc.ok()) return fail("signera", doc.error());
  const fs::path key =
      !opts.key.empty() ? fs::path(opts.key) : fs::path(opts.certs) / tls::kSignerKeyFile;
  const fs::path cert =
      !opts.cert.empty() ? fs::path(opts.cert) : fs::path(opts.certs) / tls::kSignerCertFile;
  if (Status s = eioa::sign_anmalan(*doc, key, cert); !s.ok()) return fail("signera", s.error());
  if (Status s = write_output(opts.out, doc->to_string()); !s.ok()) {
    return fail("signera", s.error());
  }
  if (!opts.out.empty() && opts.out != "-") {
    fmt::print(stderr, "Signerad med {} -> {}\n", cert.string(), opts.out);
  }
  return 0;
}

// --- validera --------------------------------------------------------------------------------

struct ValidateOptions {
  std::string file;
  std::string certs;
  std::string signing_ca;
  std::string contracts;
  std::string idag;
};

int run_validate(const ValidateOptions& opts) {
  auto contracts = eioa::find_contracts_dir(opts.contracts);
  if (!contracts.ok()) return fail("validera", contracts.error());
  const fs::path ca = !opts.signing_ca.empty() ? fs::path(opts.signing_ca)
                                               : fs::path(opts.certs) / tls::kSigningCaCertFile;
  auto validator = eioa::AnmalanValidator::load(*contracts, ca);
  if (!validator.ok()) return fail("validera", validator.error());
  domain::Date today = domain::today_utc();
  if (!opts.idag.empty()) {
    auto parsed = domain::parse_date(opts.idag);
    if (!parsed.ok()) return fail("validera", parsed.error());
    today = *parsed;
  }
  auto text = read_file(opts.file);
  if (!text.ok()) return fail("validera", text.error());
  // The same checks, in the same order, as the server's (eioa/anmalan_validator.h).
  const auto check = validator->check_text(*text, today);
  if (check.accepted) {
    const auto& a = check.accepted->anmalan;
    fmt::print("OK: {} är giltig (id {}, signerad av {})\n", opts.file, a.id,
               check.accepted->signer.subject);
    return 0;
  }
  fmt::print("{}: {} fel\n", opts.file, check.problems.size());
  for (const auto& p : check.problems) {
    fmt::print("  {:<28} {}{}\n", felkod(p.code), p.message,
               p.location.empty() ? std::string() : "  [" + p.location + "]");
  }
  return 1;
}

// --- skicka ----------------------------------------------------------------------------------

struct SendOptions {
  std::string file;
  std::string via = "soap";
  std::string server = "https://127.0.0.1:8200";
  std::string certs;
  std::string cert;
  std::string key;
  std::string ca;
  std::string status = "test";
  std::string format = "text";
};

int run_send(const SendOptions& opts) {
  tls::CertPaths paths =
      opts.certs.empty() ? tls::CertPaths{} : tls::CertPaths::client_in(opts.certs);
  if (!opts.cert.empty()) paths.cert = opts.cert;
  if (!opts.key.empty()) paths.key = opts.key;
  if (!opts.ca.empty()) paths.ca = opts.ca;
  if (paths.cert.empty() || paths.key.empty() || paths.ca.empty()) {
    return fail("skicka", make_error(ErrorCode::kConfigError,
                                     "ange --certs KATALOG eller --cert, --key och --ca"));
  }
  auto url = client::parse_url(opts.server);
  if (!url.ok()) return fail("skicka", url.error());
  url->base_path.clear();
  auto text = read_file(opts.file);
  if (!text.ok()) return fail("skicka", text.error());

  client::EioaSendOptions send;
  send.kanal = opts.via == "shs2" ? client::EioaKanal::kShs2 : client::EioaKanal::kSoap;
  send.path = std::string(send.kanal == client::EioaKanal::kShs2 ? eioa::kShs2Path : eioa::kWsPath);
  if (send.kanal == client::EioaKanal::kShs2) {
    // The sending SHS node is the organisation of our client certificate.
    auto cert = tls::load_certificate(paths.cert);
    if (!cert.ok()) return fail("skicka", cert.error());
    auto identity = tls::peer_identity_from_certificate(cert->get());
    if (!identity.ok()) return fail("skicka", identity.error());
    send.from_orgnr = identity->organisationsnummer;
    send.to_orgnr = std::string(eioa::kFkOrganisationsnummer);
    send.product = std::string(eioa::kProdukt);
    send.status = opts.status;
  }
  client::HttpsClient http(*url, paths);
  auto result = client::send_anmalan(http, *text, send);
  if (!result.ok()) return fail("skicka", result.error());
  if (opts.format == "json") {
    nlohmann::json out = {{"httpStatus", result->http_status}};
    if (!result->tx_id.empty()) out["txId"] = result->tx_id;
    if (!result->felkod.empty()) {
      out["felkod"] = result->felkod;
      out["felmeddelande"] = result->faultstring;
      out["problem"] = nlohmann::json::array();
      for (std::size_t i = 0; i < result->problems.size(); ++i) {
        out["problem"].push_back({{"kod", result->problem_codes[i]},
                                  {"meddelande", result->problems[i].message},
                                  {"plats", result->problems[i].location}});
      }
    }
    fmt::print("{}\n", out.dump());
    return result->tx_id.empty() ? 1 : 0;
  }
  if (!result->tx_id.empty()) {
    fmt::print("{}\n", result->tx_id);
    return 0;
  }
  fmt::print(stderr, "Anmälan avvisades (HTTP {}): [{}] {}\n", result->http_status, result->felkod,
             result->faultstring);
  for (std::size_t i = 0; i < result->problems.size(); ++i) {
    fmt::print(stderr, "  {:<28} {}{}\n", result->problem_codes[i], result->problems[i].message,
               result->problems[i].location.empty() ? std::string()
                                                    : "  [" + result->problems[i].location + "]");
  }
  return 1;
}

// --- lista / visa ----------------------------------------------------------------------------

struct ListOptions {
  std::string db;
  int antal = 100;
};

nlohmann::json summary_json(const store::EioaCurrent& c) {
  return {{"id", c.senaste.id},
          {"txId", c.senaste.tx_id},
          {"versioner", c.antal_versioner},
          {"manuellHantering", c.manuell_hantering},
          {"mottagen", iso_ms(c.senaste.mottagen_ms)},
          {"forstMottagen", iso_ms(c.forst_mottagen_ms)},
          {"kanal", c.senaste.kanal},
          {"leverantor", c.senaste.leverantor_orgnr},
          {"anordnare", c.senaste.anordnare_orgnr},
          {"personnummer", c.senaste.personnummer},
          {"assistent", c.senaste.assistent_personnummer},
          {"signerare", c.senaste.signerare}};
}

int run_list(const ListOptions& opts) {
  auto db = store::open_store(opts.db);
  if (!db.ok()) return fail("lista", db.error());
  auto list = (*db)->eioa().list(std::max(1, opts.antal));
  if (!list.ok()) return fail("lista", list.error());
  nlohmann::json out = {{"anmalningar", nlohmann::json::array()}};
  for (const auto& c : *list) out["anmalningar"].push_back(summary_json(c));
  fmt::print("{}\n", out.dump(2));
  return 0;
}

struct ShowOptions {
  std::string id;
  std::string db;
  bool historik = false;
};

int run_show(const ShowOptions& opts) {
  auto db = store::open_store(opts.db);
  if (!db.ok()) return fail("visa", db.error());
  auto found = (*db)->eioa().find(opts.id);
  if (!found.ok()) return fail("visa", found.error());
  if (!*found) {
    return fail("visa",
                make_error(ErrorCode::kNotFound, fmt::format("Ingen anmälan med id {}", opts.id)));
  }
  nlohmann::json out = summary_json(**found);
  out["xml"] = (*found)->senaste.xml;
  if (opts.historik) {
    auto history = (*db)->eioa().history(opts.id);
    if (!history.ok()) return fail("visa", history.error());
    out["historik"] = nlohmann::json::array();
    for (const auto& v : *history) {
      out["historik"].push_back({{"version", v.version},
                                 {"txId", v.tx_id},
                                 {"mottagen", iso_ms(v.mottagen_ms)},
                                 {"kanal", v.kanal},
                                 {"leverantor", v.leverantor_orgnr}});
    }
  }
  fmt::print("{}\n", out.dump(2));
  return 0;
}

}  // namespace

void add_eioa_commands(CLI::App& app, CommandAction& action) {
  auto* eioa = app.add_subcommand(
      "eioa", "E-IOA: anmälan om personlig assistent (validera, signera, skicka, lista, visa)");
  eioa->require_subcommand(1);

  auto example = std::make_shared<ExampleOptions>();
  auto* ex = eioa->add_subcommand("exempel", "Skriv en komplett, giltig (osignerad) exempelfil");
  ex->add_option("--id", example->id, "Anmälans uuid (standard: ett nytt)");
  ex->callback([&action, example] { action = [example] { return run_example(*example); }; });

  auto sign = std::make_shared<SignOptions>();
  auto* sg = eioa->add_subcommand("signera", "Signera en anmälan med en testsignerare");
  sg->add_option("fil", sign->file, "Anmälan (XML)")->required();
  sg->add_option("--certs", sign->certs,
                 "Katalog med signer.key och signer.pem (utbyte certs init)");
  sg->add_option("--signer-key", sign->key, "Signerarens privata nyckel (PEM)");
  sg->add_option("--signer-cert", sign->cert, "Signerarens certifikat (PEM)");
  sg->add_option("-o,--ut", sign->out, "Utfil (standard: stdout)");
  sg->callback([&action, sign] { action = [sign] { return run_sign(*sign); }; });

  auto validate = std::make_shared<ValidateOptions>();
  auto* va = eioa->add_subcommand(
      "validera", "Kontrollera en anmälan offline: XSD, affärsregler och signatur (som servern)");
  va->add_option("fil", validate->file, "Anmälan (XML)")->required();
  va->add_option("--certs", validate->certs, "Katalog med signing-ca.pem");
  va->add_option("--signing-ca", validate->signing_ca, "Betrodd signerings-CA (PEM)");
  va->add_option("--contracts", validate->contracts, "Katalog med kontrakten (xsd/, wsdl/)");
  va->add_option("--idag", validate->idag, "Datum att validera mot (ÅÅÅÅ-MM-DD)");
  va->callback([&action, validate] { action = [validate] { return run_validate(*validate); }; });

  auto send = std::make_shared<SendOptions>();
  auto* se = eioa->add_subcommand("skicka", "Skicka en signerad anmälan och skriv ut tx-id");
  se->add_option("fil", send->file, "Signerad anmälan (XML)")->required();
  se->add_option("--via", send->via, "soap eller shs2")
      ->check(CLI::IsMember({"soap", "shs2"}))
      ->capture_default_str();
  se->add_option("--server", send->server, "Serverns bas-URL")->capture_default_str();
  se->add_option("--certs", send->certs, "Katalog med ca.pem, client.pem, client.key");
  se->add_option("--cert", send->cert, "Klientcertifikat (PEM)");
  se->add_option("--key", send->key, "Klientnyckel (PEM)");
  se->add_option("--ca", send->ca, "CA som serverns certifikat ska vara utfärdat av");
  se->add_option("--status", send->status, "SHS2: etikettens status (test eller production)")
      ->check(CLI::IsMember({"test", "production"}))
      ->capture_default_str();
  se->add_option("--format", send->format, "text eller json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  se->callback([&action, send] { action = [send] { return run_send(*send); }; });

  auto list = std::make_shared<ListOptions>();
  auto* li = eioa->add_subcommand("lista", "Lista mottagna anmälningar (senast mottagna först)");
  li->add_option("--db", list->db, "Serverns databas: sqlite:FIL eller postgresql://…")->required();
  li->add_option("--antal", list->antal, "Högst så många")->capture_default_str();
  li->callback([&action, list] { action = [list] { return run_list(*list); }; });

  auto show = std::make_shared<ShowOptions>();
  auto* vi = eioa->add_subcommand("visa", "Visa en anmälan (senaste versionen, med XML)");
  vi->add_option("id", show->id, "Anmälans uuid")->required();
  vi->add_option("--db", show->db, "Serverns databas: sqlite:FIL eller postgresql://…")->required();
  vi->add_flag("--historik", show->historik, "Visa alla mottagna versioner");
  vi->callback([&action, show] { action = [show] { return run_show(*show); }; });
}

}  // namespace utbyte::cli
