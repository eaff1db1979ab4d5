#include "eioa/contracts.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>

namespace utbyte::eioa {
namespace {

bool has_contracts(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::is_regular_file(dir / "xsd" / kAnmalanXsdFile, ec);
}

Result<std::string> read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(ErrorCode::kConfigError, fmt::format("{} kan inte läsas", path.string()));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos)) {
    text.replace(pos, from.size(), to);
    pos += to.size();
  }
}

}  // namespace

Result<std::filesystem::path> find_contracts_dir(const std::string& explicit_dir) {
  std::vector<std::filesystem::path> candidates;
  if (!explicit_dir.empty()) {
    candidates.emplace_back(explicit_dir);
  } else {
    if (const char* env = std::getenv("UTBYTE_CONTRACTS"); env && *env) {
      candidates.emplace_back(env);
    }
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
      candidates.push_back(exe.parent_path().parent_path() / "contracts");
      candidates.push_back(exe.parent_path() / "contracts");
    }
    candidates.emplace_back("/usr/share/utbyte/contracts");
  }
  std::string tried;
  for (const auto& dir : candidates) {
    if (has_contracts(dir)) return dir;
    tried += (tried.empty() ? "" : ", ") + dir.string();
  }
  return make_error(ErrorCode::kConfigError,
                    fmt::format("Hittar inte kontrakten (xsd/{}) i: {}; ange --contracts KATALOG",
                                kAnmalanXsdFile, tried));
}

Result<ServedContracts> load_served_contracts(const std::filesystem::path& contracts_dir) {
  ServedContracts served;
  auto wsdl = read_text(contracts_dir / "wsdl" / kWsdlFile);
  if (!wsdl.ok()) return wsdl.error();
  served.wsdl = std::move(wsdl).value();
  // The published file names a local address and relative schema paths; a served copy names
  // the address it was fetched from and serves the schemas beside it.
  replace_all(served.wsdl, "https://localhost:8200/ws/FK.EIOA.AnmalanArbetsgivare", "{{ADRESS}}");
  replace_all(served.wsdl, "schemaLocation=\"../xsd/", "schemaLocation=\"{{ADRESS}}?xsd=");
  for (auto name : {kAnmalanXsdFile, kSvarXsdFile, kFelXsdFile}) {
    auto text = read_text(contracts_dir / "xsd" / name);
    if (!text.ok()) return text.error();
    served.schemas.emplace(std::string(name), std::move(text).value());
  }
  return served;
}

}  // namespace utbyte::eioa
