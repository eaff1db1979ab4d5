#include "server/commands.h"

namespace utbyte::cli {

void add_serve_command(CLI::App& app, CommandAction& action) {
  (void)app;
  (void)action;
}

}  // namespace utbyte::cli
