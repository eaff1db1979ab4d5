#include "ssbtek/block_schema.h"

#include <array>

namespace utbyte::ssbtek {
namespace {

using K = FieldKind;

constexpr std::array kAkassaUtbetalning = {
    FieldSpec{"utbetalningsdatum", "utbetalningsdatum", K::kText, nullptr},
    FieldSpec{"periodFrom", "periodFrom", K::kText, nullptr},
    FieldSpec{"periodTom", "periodTom", K::kText, nullptr},
    FieldSpec{"ersattningsdagar", "ersattningsdagar", K::kInteger, nullptr},
    FieldSpec{"dagpenning", "dagpenning", K::kInteger, nullptr},
    FieldSpec{"bruttobelopp", "bruttobelopp", K::kInteger, nullptr},
    FieldSpec{"skatteavdrag", "skatteavdrag", K::kInteger, nullptr},
    FieldSpec{"nettobelopp", "nettobelopp", K::kInteger, nullptr},
};
constexpr TypeSpec kAkassaUtbetalningType{"AkassaUtbetalning", kAkassaUtbetalning};
constexpr std::array kAkassa = {
    FieldSpec{"kassa", "kassa", K::kText, nullptr},
    FieldSpec{"utbetalningar", "utbetalning", K::kList, &kAkassaUtbetalningType},
};

constexpr std::array kProgram = {
    FieldSpec{"programnamn", "programnamn", K::kText, nullptr},
    FieldSpec{"fromDatum", "fromDatum", K::kText, nullptr},
    FieldSpec{"tomDatum", "tomDatum", K::kText, nullptr},
};
constexpr TypeSpec kProgramType{"Program", kProgram};
constexpr std::array kArbetsformedlingen = {
    FieldSpec{"inskrivningsdatum", "inskrivningsdatum", K::kText, nullptr},
    FieldSpec{"avskrivningsdatum", "avskrivningsdatum", K::kText, nullptr},
    FieldSpec{"sokandekategori", "sokandekategori", K::kText, nullptr},
    FieldSpec{"arbetsformedlingskontor", "arbetsformedlingskontor", K::kText, nullptr},
    FieldSpec{"program", "program", K::kList, &kProgramType},
};

constexpr std::array kCsnUtbetalning = {
    FieldSpec{"stodform", "stodform", K::kText, nullptr},
    FieldSpec{"utbetalningsdatum", "utbetalningsdatum", K::kText, nullptr},
    FieldSpec{"studietakt", "studietakt", K::kInteger, nullptr},
    FieldSpec{"bidrag", "bidrag", K::kInteger, nullptr},
    FieldSpec{"lan", "lan", K::kInteger, nullptr},
};
constexpr TypeSpec kCsnUtbetalningType{"CsnUtbetalning", kCsnUtbetalning};
constexpr std::array kCsn = {
    FieldSpec{"utbetalningar", "utbetalning", K::kList, &kCsnUtbetalningType},
};

constexpr std::array kForman = {
    FieldSpec{"informationstyp", "informationstyp", K::kText, nullptr},
    FieldSpec{"benamning", "benamning", K::kText, nullptr},
    FieldSpec{"myndighet", "myndighet", K::kText, nullptr},
    FieldSpec{"antalBeslut", "antalBeslut", K::kInteger, nullptr},
};
constexpr TypeSpec kFormanType{"Forman", kForman};
constexpr std::array kFkUtbetalning = {
    FieldSpec{"utbetalningsId", "utbetalningsId", K::kText, nullptr},
    FieldSpec{"utbetalningsdatum", "utbetalningsdatum", K::kText, nullptr},
    FieldSpec{"foretag", "foretag", K::kText, nullptr},
    FieldSpec{"myndighet", "myndighet", K::kText, nullptr},
    FieldSpec{"informationstyp", "informationstyp", K::kText, nullptr},
    FieldSpec{"periodFrom", "periodFrom", K::kText, nullptr},
    FieldSpec{"periodTom", "periodTom", K::kText, nullptr},
    FieldSpec{"bruttobelopp", "bruttobelopp", K::kInteger, nullptr},
    FieldSpec{"skatteavdrag", "skatteavdrag", K::kInteger, nullptr},
    FieldSpec{"nettobelopp", "nettobelopp", K::kInteger, nullptr},
    FieldSpec{"beloppstyp", "beloppstyp", K::kText, nullptr},
    FieldSpec{"status", "status", K::kText, nullptr},
};
constexpr TypeSpec kFkUtbetalningType{"FkPmUtbetalning", kFkUtbetalning};
constexpr std::array kFkPm = {
    FieldSpec{"formaner", "forman", K::kList, &kFormanType},
    FieldSpec{"utbetalningar", "utbetalning", K::kList, &kFkUtbetalningType},
};

constexpr std::array kDagersattning = {
    FieldSpec{"utbetalningsdatum", "utbetalningsdatum", K::kText, nullptr},
    FieldSpec{"periodFrom", "periodFrom", K::kText, nullptr},
    FieldSpec{"periodTom", "periodTom", K::kText, nullptr},
    FieldSpec{"belopp", "belopp", K::kInteger, nullptr},
};
constexpr TypeSpec kDagersattningType{"Dagersattning", kDagersattning};
constexpr std::array kMigrationsverket = {
    FieldSpec{"arendetyp", "arendetyp", K::kText, nullptr},
    FieldSpec{"status", "status", K::kText, nullptr},
    FieldSpec{"datum", "datum", K::kText, nullptr},
    FieldSpec{"dagersattning", "dagersattning", K::kList, &kDagersattningType},
};

constexpr std::array kInkomst = {
    FieldSpec{"inkomstar", "inkomstar", K::kInteger, nullptr},
    FieldSpec{"tjanst", "tjanst", K::kInteger, nullptr},
    FieldSpec{"naringsverksamhet", "naringsverksamhet", K::kInteger, nullptr},
    FieldSpec{"kapital", "kapital", K::kInteger, nullptr},
    FieldSpec{"slutligSkatt", "slutligSkatt", K::kInteger, nullptr},
};
constexpr TypeSpec kInkomstType{"Inkomst", kInkomst};
constexpr std::array kSkatteverket = {
    FieldSpec{"inkomster", "inkomst", K::kList, &kInkomstType},
};

constexpr std::array kFordon = {
    FieldSpec{"registreringsnummer", "registreringsnummer", K::kText, nullptr},
    FieldSpec{"fordonsslag", "fordonsslag", K::kText, nullptr},
    FieldSpec{"fabrikat", "fabrikat", K::kText, nullptr},
    FieldSpec{"modell", "modell", K::kText, nullptr},
    FieldSpec{"arsmodell", "arsmodell", K::kInteger, nullptr},
    FieldSpec{"agareFrom", "agareFrom", K::kText, nullptr},
};
constexpr TypeSpec kFordonType{"Fordon", kFordon};
constexpr std::array kTransportstyrelsen = {
    FieldSpec{"fordon", "fordon", K::kList, &kFordonType},
};

constexpr std::array kRoots = {
    TypeSpec{"AkassaUppgifter", kAkassa},
    TypeSpec{"ArbetsformedlingenUppgifter", kArbetsformedlingen},
    TypeSpec{"CsnUppgifter", kCsn},
    TypeSpec{"FkPmUppgifter", kFkPm},
    TypeSpec{"MigrationsverketUppgifter", kMigrationsverket},
    TypeSpec{"SkatteverketUppgifter", kSkatteverket},
    TypeSpec{"TransportstyrelsenUppgifter", kTransportstyrelsen},
};
constexpr std::array<std::string_view, 7> kElements = {
    "akassa",       "arbetsformedlingen", "csn", "fkPm", "migrationsverket",
    "skatteverket", "transportstyrelsen"};

}  // namespace

const TypeSpec& data_type(Kalla kalla) { return kRoots[static_cast<std::size_t>(kalla)]; }
std::string_view data_element(Kalla kalla) { return kElements[static_cast<std::size_t>(kalla)]; }

}  // namespace utbyte::ssbtek
