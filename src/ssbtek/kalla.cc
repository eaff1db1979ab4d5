#include "ssbtek/kalla.h"

namespace utbyte::ssbtek {
namespace {

struct KallaInfo {
  Kalla kalla;
  std::string_view code;
  std::string_view name;
  std::string_view short_name;
};

// Order follows the enum.
constexpr std::array kKallor = {
    KallaInfo{Kalla::kAkassa, "AKASSA", "A-kassorna", "akassa"},
    KallaInfo{Kalla::kArbetsformedlingen, "ARBETSFORMEDLINGEN", "Arbetsförmedlingen", "af"},
    KallaInfo{Kalla::kCsn, "CSN", "CSN", "csn"},
    KallaInfo{Kalla::kFkPm, "FK_PM", "Försäkringskassan/Pensionsmyndigheten", "fkpm"},
    KallaInfo{Kalla::kMigrationsverket, "MIGRATIONSVERKET", "Migrationsverket", "migrationsverket"},
    KallaInfo{Kalla::kSkatteverket, "SKATTEVERKET", "Skatteverket", "skatteverket"},
    KallaInfo{Kalla::kTransportstyrelsen, "TRANSPORTSTYRELSEN", "Transportstyrelsen",
              "transportstyrelsen"},
};

const KallaInfo& info(Kalla kalla) { return kKallor[static_cast<std::size_t>(kalla)]; }

}  // namespace

std::string_view to_string(Kalla kalla) { return info(kalla).code; }
std::string_view display_name(Kalla kalla) { return info(kalla).name; }
std::string_view short_name(Kalla kalla) { return info(kalla).short_name; }

std::optional<Kalla> parse_kalla(std::string_view text) {
  for (const auto& k : kKallor) {
    if (text == k.code || text == k.short_name) return k.kalla;
  }
  return std::nullopt;
}

std::string_view to_string(BlockStatus status) {
  switch (status) {
    case BlockStatus::kBesvarad:
      return "BESVARAD";
    case BlockStatus::kIngaUppgifter:
      return "INGA_UPPGIFTER";
    case BlockStatus::kKallaEjTillganglig:
      return "KALLA_EJ_TILLGANGLIG";
    case BlockStatus::kTidsgransOverskriden:
      return "TIDSGRANS_OVERSKRIDEN";
  }
  return "KALLA_EJ_TILLGANGLIG";
}

}  // namespace utbyte::ssbtek
