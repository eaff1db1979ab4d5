// `utbyte certs`: a development PKI for mutual TLS and E-IOA signatures.
//
//   utbyte certs init --dir D [--org-nr N] [--org-name NAME] [--server-name H]... [--server-ip
//   A]...
//                     [--force]
//   utbyte certs client --ca-dir D --out PREFIX --org-nr N [--org-name NAME]

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "platform/tls/cert_authority.h"
#include "server/commands.h"

namespace utbyte::cli {
namespace {

namespace tls = platform::tls;

struct InitOptions {
  std::string dir;
  std::string org_nr{tls::kDevOrganisationsnummer};
  std::string org_name{tls::kDevOrganisationName};
  std::vector<std::string> server_names{"localhost"};
  std::vector<std::string> server_ips{"127.0.0.1", "::1"};
  bool force = false;
};

struct ClientOptions {
  std::string ca_dir;
  std::string out;
  std::string org_nr;
  std::string org_name{tls::kDevOrganisationName};
  std::string eku{"clientAuth"};
  std::string key_type{"ec"};
};

int fail(std::string_view command, const Error& error) {
  fmt::print(stderr, "utbyte certs {}: {}\n", command, error.message);
  return 1;
}

void print_issued(std::string_view label, const tls::IssuedCertificate& issued) {
  fmt::print(
      "{}\n  certificate  {}\n  key          {} (mode 0600)\n  subject      {}\n"
      "  sha256       {}\n",
      label, issued.certificate.string(), issued.private_key.string(), issued.subject,
      issued.fingerprint_sha256);
}

int run_init(const InitOptions& opts) {
  tls::DevCertOptions options;
  options.organisationsnummer = opts.org_nr;
  options.organisation_name = opts.org_name;
  options.server_dns_names = opts.server_names;
  options.server_ip_addresses = opts.server_ips;
  options.overwrite = opts.force;
  auto set = tls::init_dev_certs(opts.dir, options);
  if (!set.ok()) return fail("init", set.error());

  fmt::print("Development PKI written to {}\n\n", set->dir.string());
  print_issued("TLS CA (trust anchor for server and clients)", set->ca);
  print_issued("Server (serverAuth)", set->server);
  print_issued(
      fmt::format("Client (clientAuth), organisationsnummer {}", set->client_organisationsnummer),
      set->client);
  print_issued("E-IOA signing CA", set->signing_ca);
  print_issued(fmt::format("E-IOA signer, test person {}", tls::kDevSignerPersonnummer),
               set->signer);
  fmt::print(
      "\nThe CA keys are in {}/ (mode 0700): anyone holding them can issue certificates. `serve` "
      "never reads that directory; keep it offline when the PKI is not a throw-away one.\n",
      (set->dir / tls::kCaPrivateDir).string());
  return 0;
}

int run_client(const ClientOptions& opts) {
  const auto usage = opts.eku == "serverAuth" ? tls::PartnerKeyUsage::kServerAuth
                                              : tls::PartnerKeyUsage::kClientAuth;
  const auto key_type = opts.key_type == "rsa" ? tls::KeyType::kRsa2048 : tls::KeyType::kEcdsaP256;
  auto issued = tls::issue_client_certificate(opts.ca_dir, opts.out, opts.org_nr, opts.org_name,
                                              usage, key_type);
  if (!issued.ok()) return fail("client", issued.error());
  // Print the normalised number (the input may have had a separator).
  std::string org_nr = opts.org_nr;
  std::erase(org_nr, '-');
  print_issued(fmt::format("Client ({}), organisationsnummer {}", opts.eku, org_nr), *issued);
  return 0;
}

}  // namespace

void add_certs_commands(CLI::App& app, CommandAction& action) {
  auto* certs = app.add_subcommand("certs",
                                   "Development PKI: CA, server, client and E-IOA "
                                   "signing certificates (ECDSA P-256)");
  certs->require_subcommand(1);

  auto init_opts = std::make_shared<InitOptions>();
  auto* init = certs->add_subcommand(
      "init",
      "Create a CA, a server certificate, a client certificate with an organisation "
      "number, and an E-IOA signing CA + signer in a directory");
  init->add_option("--dir", init_opts->dir, "Directory to write into (created if missing)")
      ->required();
  init->add_option("--org-nr", init_opts->org_nr,
                   "Organisationsnummer of the client certificate (10 digits or NNNNNN-NNNN)")
      ->capture_default_str();
  init->add_option("--org-name", init_opts->org_name, "Organisation name (CN and O) of the client")
      ->capture_default_str();
  init->add_option("--server-name", init_opts->server_names,
                   "DNS name in the server certificate (repeatable; replaces localhost)");
  init->add_option("--server-ip", init_opts->server_ips,
                   "IP address in the server certificate (repeatable; replaces 127.0.0.1, ::1)");
  init->add_flag("--force", init_opts->force,
                 "Replace an existing CA in the directory (every certificate it issued stops "
                 "being trusted)");
  init->callback([&action, init_opts] { action = [init_opts] { return run_init(*init_opts); }; });

  auto client_opts = std::make_shared<ClientOptions>();
  auto* client = certs->add_subcommand(
      "client", "Issue one more client certificate from an existing CA (ca.pem + ca.key)");
  client
      ->add_option("--ca-dir", client_opts->ca_dir, "Directory with ca.pem (and ca-private/ca.key)")
      ->required();
  client->add_option("--out", client_opts->out, "Output prefix: writes PREFIX.pem and PREFIX.key")
      ->required();
  client
      ->add_option("--org-nr", client_opts->org_nr,
                   "Organisationsnummer (10 digits or NNNNNN-NNNN)")
      ->required();
  client->add_option("--org-name", client_opts->org_name, "Organisation name (CN and O)")
      ->capture_default_str();
  client
      ->add_option("--eku", client_opts->eku,
                   "Extended key usage: clientAuth, or serverAuth for a server certificate as "
                   "FK's partners present (accepted unless serve --require-client-auth)")
      ->check(CLI::IsMember({"clientAuth", "serverAuth"}))
      ->capture_default_str();
  client
      ->add_option("--key-type", client_opts->key_type,
                   "Key: ec (ECDSA P-256) or rsa (RSA 2048, for signing tools that only do RSA, "
                   "e.g. WS-Security on SSEK)")
      ->check(CLI::IsMember({"ec", "rsa"}))
      ->capture_default_str();
  client->callback(
      [&action, client_opts] { action = [client_opts] { return run_client(*client_opts); }; });
}

}  // namespace utbyte::cli
