// utbyte: one binary that serves FK's information-exchange services and is their client.

#include <sys/stat.h>

#include <cstdio>

#include <CLI/CLI.hpp>

#include "server/commands.h"

int main(int argc, char** argv) {
  // Everything utbyte writes holds personal data or keys: databases, mass-query answers, exports,
  // backups, certificates' keys. Files are created 0600 and directories 0700; a file meant to be
  // shared (a certificate) sets its own mode.
  ::umask(0077);
  CLI::App app{"utbyte — Försäkringskassans informationsutbyte (LEFI, LEKA, E-IOA, SSBTEK)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "utbyte 0.1.0");

  utbyte::cli::CommandAction action;
  utbyte::cli::add_certs_commands(app, action);
  utbyte::cli::add_register_commands(app, action);
  utbyte::cli::add_audit_commands(app, action);
  utbyte::cli::add_serve_command(app, action);
  utbyte::cli::add_lefi_commands(app, action);
  utbyte::cli::add_windows_commands(app, action);
  utbyte::cli::add_sla_commands(app, action);
  utbyte::cli::add_leka_commands(app, action);
  utbyte::cli::add_ssbtek_commands(app, action);
  utbyte::cli::add_eioa_commands(app, action);
  utbyte::cli::add_anvandare_commands(app, action);

  CLI11_PARSE(app, argc, argv);
  if (!action) {
    std::fputs(app.help().c_str(), stderr);
    return 2;
  }
  return action();
}
