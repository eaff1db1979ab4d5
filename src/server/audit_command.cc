#include "server/commands.h"

namespace utbyte::cli {

void add_audit_commands(CLI::App& app, CommandAction& action) {
  (void)app;
  (void)action;
}

}  // namespace utbyte::cli
