// `utbyte lefi fraga`: the LEFI Online v9 client.

#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "client/https_client.h"
#include "client/lefi_client.h"
#include "domain/date.h"
#include "server/commands.h"

namespace utbyte::cli {
namespace {

struct FragaOptions {
  std::string url = "https://127.0.0.1:8200";
  std::string certs;
  std::string aktor;
  std::string personnummer;
  std::vector<std::string> typer;
  std::string from;
  std::string tom;
  std::string format = "json";
};

int run_fraga(const FragaOptions& options) {
  auto url = client::parse_url(options.url);
  if (!url.ok()) {
    std::fprintf(stderr, "utbyte lefi fraga: %s\n", url.error().message.c_str());
    return 2;
  }
  client::LefiFraga fraga{options.aktor, options.personnummer, options.typer, options.from,
                          options.tom};
  if (fraga.tom_datum.empty()) fraga.tom_datum = domain::format_date(domain::today_utc());
  if (fraga.from_datum.empty()) {
    fraga.from_datum = domain::format_date(domain::add_days(domain::today_utc(), -365));
  }
  client::HttpsClient http(*url, platform::tls::CertPaths::client_in(options.certs));
  auto result = http.request("POST", client::lefi_fraga_path(url->base_path, fraga.aktors_id),
                             client::lefi_request_body(fraga).dump());
  if (!result.ok()) {
    std::fprintf(stderr, "utbyte lefi fraga: %s\n", result.error().message.c_str());
    return 1;
  }
  const auto answer = nlohmann::json::parse(result->body, nullptr, false);
  if (result->status != 200) {
    const std::string code = answer.is_object() ? answer.value("felkod", "") : "";
    const std::string text = answer.is_object() ? answer.value("felmeddelande", "") : result->body;
    std::fprintf(stderr, "utbyte lefi fraga: HTTP %d %s: %s (transaktion %s)\n", result->status,
                 code.c_str(), text.c_str(), result->headers["x-transaktions-id"].c_str());
    return 1;
  }
  if (answer.is_discarded()) {
    std::fprintf(stderr, "utbyte lefi fraga: svaret är inte JSON\n");
    return 1;
  }
  const std::string out =
      options.format == "table" ? client::render_lefi_table(answer) : answer.dump(2) + "\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace

void add_lefi_commands(CLI::App& app, CommandAction& action) {
  auto* lefi = app.add_subcommand("lefi", "Klient för LEFI Online");
  lefi->require_subcommand(1);
  auto opts = std::make_shared<FragaOptions>();
  auto* fraga = lefi->add_subcommand("fraga", "Hämta förmånsinformation om en person (v9)");
  fraga->add_option("--url", opts->url, "Serverns bas-URL")->capture_default_str();
  fraga->add_option("--certs", opts->certs, "Katalog med ca.pem, client.pem, client.key")
      ->required();
  fraga->add_option("--aktor", opts->aktor, "aktorsId")->required();
  fraga->add_option("--personnummer", opts->personnummer, "12 siffror")->required();
  fraga->add_option("--typer", opts->typer, "Informationstyper, kommaseparerade")
      ->delimiter(',')
      ->required();
  fraga->add_option("--from", opts->from, "fromDatum ÅÅÅÅ-MM-DD (standard: ett år bakåt)");
  fraga->add_option("--tom", opts->tom, "tomDatum ÅÅÅÅ-MM-DD (standard: i dag)");
  fraga->add_option("--format", opts->format, "json eller table")
      ->check(CLI::IsMember({"json", "table"}))
      ->capture_default_str();
  fraga->callback([&action, opts] { action = [opts] { return run_fraga(*opts); }; });
}

}  // namespace utbyte::cli
