// `utbyte sla status`: asks a server for its SLA status (limits, Massfråga hours, service
// windows) over the same mutual TLS as the services.

#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "client/https_client.h"
#include "client/pacer.h"
#include "client/retry.h"
#include "client/sla_status.h"
#include "server/commands.h"

namespace utbyte::cli {
namespace {

struct SlaStatusOptions {
  std::string url = "https://127.0.0.1:8200";
  std::string certs;
  std::string format = "text";
  bool tyst = false;
};

int run_sla_status(const SlaStatusOptions& options) {
  auto url = client::parse_url(options.url);
  if (!url.ok()) {
    std::fprintf(stderr, "utbyte sla status: %s\n", url.error().message.c_str());
    return 2;
  }
  // /sla/status lives at the server's root, whatever base path (e.g. /rest) the URL names.
  url->base_path.clear();
  client::HttpsClient http(*url, platform::tls::CertPaths::client_in(options.certs));
  // The status is not a counted service: no limits, but retries on connection errors and 503.
  client::Pacer pacer(platform::sla::SlaLimits{});
  client::RetryHooks hooks;
  if (!options.tyst) {
    hooks.on_retry = [](const std::string& text) {
      std::fprintf(stderr, "utbyte sla status: %s\n", text.c_str());
    };
  }
  auto result = client::send_with_retry(http, pacer, client::RetryPolicy{}, "GET",
                                        client::kSlaStatusPath, {}, hooks);
  if (!result.ok()) {
    std::fprintf(stderr, "utbyte sla status: %s\n", result.error().message.c_str());
    return 1;
  }
  const auto status = nlohmann::json::parse(result->body, nullptr, false);
  if (result->status != 200) {
    const std::string code =
        status.is_object() && status.contains("felkod") && status["felkod"].is_string()
            ? status["felkod"].get<std::string>()
            : "";
    std::fprintf(stderr, "utbyte sla status: HTTP %d %s%s\n", result->status, code.c_str(),
                 result->status == 404 ? " (servern har ingen /sla/status)" : "");
    return 1;
  }
  if (status.is_discarded()) {
    std::fprintf(stderr, "utbyte sla status: svaret är inte JSON\n");
    return 1;
  }
  const std::string out =
      options.format == "json" ? status.dump(2) + "\n" : client::render_sla_status(status);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace

void add_sla_commands(CLI::App& app, CommandAction& action) {
  auto* sla = app.add_subcommand("sla", "SLA: kapacitetsgränser, öppettider, servicefönster");
  sla->require_subcommand(1);
  auto opts = std::make_shared<SlaStatusOptions>();
  auto* status = sla->add_subcommand("status", "Visa serverns SLA-status (GET /sla/status)");
  status->add_option("--url", opts->url, "Serverns bas-URL")->capture_default_str();
  status->add_option("--certs", opts->certs, "Katalog med ca.pem, client.pem, client.key")
      ->required();
  status->add_option("--format", opts->format, "text eller json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  status->add_flag("--tyst", opts->tyst, "Skriv inte ut väntemeddelanden");
  status->callback([&action, opts] { action = [opts] { return run_sla_status(*opts); }; });
}

}  // namespace utbyte::cli
