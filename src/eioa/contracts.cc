#include "eioa/contracts.h"

#include <cstdlib>
#include <vector>

#include <fmt/format.h>

namespace utbyte::eioa {
namespace {

bool has_contracts(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::is_regular_file(dir / "xsd" / kAnmalanXsdFile, ec);
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
  ServedContracts served = platform::soap::load_served_contract(
      contracts_dir, kWsdlFile, {kAnmalanXsdFile, kSvarXsdFile, kFelXsdFile});
  const auto missing = [&](const std::filesystem::path& file) {
    return make_error(ErrorCode::kConfigError, fmt::format("{} kan inte läsas", file.string()));
  };
  if (served.wsdl.empty()) return missing(contracts_dir / "wsdl" / kWsdlFile);
  for (auto name : {kAnmalanXsdFile, kSvarXsdFile, kFelXsdFile}) {
    if (!served.schemas.contains(name)) return missing(contracts_dir / "xsd" / name);
  }
  // The published file names a local address; a served copy names the address it was fetched
  // from (the schema locations are rewritten by load_served_contract).
  replace_all(served.wsdl, "https://localhost:8200/ws/FK.EIOA.AnmalanArbetsgivare", "{{ADRESS}}");
  return served;
}

}  // namespace utbyte::eioa
