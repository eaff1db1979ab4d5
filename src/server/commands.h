#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace utbyte::cli {

// The action chosen on the command line. A subcommand's parse callback stores its action here;
// main() runs it after parsing and returns its exit code.
using CommandAction = std::function<int()>;

// Each adds one command group to the `utbyte` CLI. Options live in objects owned by the
// action closures, so they outlive parsing.
void add_certs_commands(CLI::App& app, CommandAction& action);     // certs_command.cc
void add_register_commands(CLI::App& app, CommandAction& action);  // register_command.cc
void add_audit_commands(CLI::App& app, CommandAction& action);     // audit_command.cc
void add_serve_command(CLI::App& app, CommandAction& action);      // serve_command.cc
void add_lefi_commands(CLI::App& app, CommandAction& action);      // lefi_command.cc
void add_windows_commands(CLI::App& app, CommandAction& action);   // windows_command.cc
// `lefi massfraga skicka|status|hamta`, under the `lefi` command.
void add_massfraga_commands(CLI::App& lefi_app, CommandAction& action);  // massfraga_command.cc
void add_sla_commands(CLI::App& app, CommandAction& action);             // sla_command.cc
void add_leka_commands(CLI::App& app, CommandAction& action);            // leka_command.cc
void add_ssbtek_commands(CLI::App& app, CommandAction& action);          // ssbtek_command.cc
void add_eioa_commands(CLI::App& app, CommandAction& action);            // eioa_command.cc
void add_anvandare_commands(CLI::App& app, CommandAction& action);       // anvandare_command.cc

}  // namespace utbyte::cli
