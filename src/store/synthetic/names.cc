#include "store/synthetic/names.h"

#include <array>
#include <string_view>

#include <fmt/format.h>

namespace utbyte::store::synthetic {
namespace {

using namespace std::string_view_literals;

constexpr std::array kFemale = {
    "Anna"sv,    "Eva"sv,     "Maria"sv,   "Karin"sv,   "Sara"sv,      "Kristina"sv,  "Lena"sv,
    "Emma"sv,    "Kerstin"sv, "Ingrid"sv,  "Marie"sv,   "Malin"sv,     "Jenny"sv,     "Hanna"sv,
    "Linnea"sv,  "Elin"sv,    "Ida"sv,     "Johanna"sv, "Sofia"sv,     "Birgitta"sv,  "Anneli"sv,
    "Elsa"sv,    "Astrid"sv,  "Maja"sv,    "Alice"sv,   "Ebba"sv,      "Wilma"sv,     "Agnes"sv,
    "Frida"sv,   "Cecilia"sv, "Ulla"sv,    "Gunilla"sv, "Margareta"sv, "Elisabeth"sv, "Linda"sv,
    "Camilla"sv, "Helena"sv,  "Susanne"sv, "Louise"sv,  "Matilda"sv,   "Klara"sv,     "Stina"sv};

constexpr std::array kMale = {
    "Lars"sv,   "Anders"sv,  "Johan"sv,   "Karl"sv,   "Per"sv,    "Erik"sv,    "Mikael"sv,
    "Peter"sv,  "Jan"sv,     "Hans"sv,    "Thomas"sv, "Daniel"sv, "Fredrik"sv, "Magnus"sv,
    "Stefan"sv, "Mattias"sv, "Andreas"sv, "Oskar"sv,  "Viktor"sv, "Emil"sv,    "Axel"sv,
    "Gustav"sv, "Nils"sv,    "Olof"sv,    "Sven"sv,   "Bengt"sv,  "Göran"sv,   "Gunnar"sv,
    "Björn"sv,  "Henrik"sv,  "Jonas"sv,   "Linus"sv,  "Hugo"sv,   "William"sv, "Elias"sv,
    "Lucas"sv,  "Filip"sv,   "Isak"sv,    "Arvid"sv,  "Ture"sv,   "Ragnar"sv,  "Åke"sv};

constexpr std::array kSurnames = {
    "Andersson"sv,  "Johansson"sv,  "Karlsson"sv,    "Nilsson"sv,    "Eriksson"sv,    "Larsson"sv,
    "Olsson"sv,     "Persson"sv,    "Svensson"sv,    "Gustafsson"sv, "Pettersson"sv,  "Jonsson"sv,
    "Jansson"sv,    "Hansson"sv,    "Bengtsson"sv,   "Jönsson"sv,    "Lindberg"sv,    "Jakobsson"sv,
    "Magnusson"sv,  "Olofsson"sv,   "Lindström"sv,   "Lindqvist"sv,  "Lindgren"sv,    "Berg"sv,
    "Axelsson"sv,   "Bergström"sv,  "Lundberg"sv,    "Lind"sv,       "Lundgren"sv,    "Lundqvist"sv,
    "Mattsson"sv,   "Berglund"sv,   "Fredriksson"sv, "Sandberg"sv,   "Henriksson"sv,  "Forsberg"sv,
    "Sjöberg"sv,    "Wallin"sv,     "Engström"sv,    "Eklund"sv,     "Danielsson"sv,  "Lundin"sv,
    "Håkansson"sv,  "Björk"sv,      "Bergman"sv,     "Gunnarsson"sv, "Holm"sv,        "Wikström"sv,
    "Samuelsson"sv, "Isaksson"sv,   "Fransson"sv,    "Bergqvist"sv,  "Nyström"sv,     "Holmberg"sv,
    "Arvidsson"sv,  "Löfgren"sv,    "Söderberg"sv,   "Nyberg"sv,     "Blomqvist"sv,   "Claesson"sv,
    "Mårtensson"sv, "Nordström"sv,  "Lundström"sv,   "Eliasson"sv,   "Pålsson"sv,     "Björklund"sv,
    "Viklund"sv,    "Berggren"sv,   "Sandström"sv,   "Lund"sv,       "Nordin"sv,      "Ström"sv,
    "Åberg"sv,      "Hermansson"sv, "Ekström"sv,     "Holmgren"sv,   "Sundberg"sv,    "Hedlund"sv,
    "Dahlberg"sv,   "Öberg"sv,      "Hellström"sv,   "Sjögren"sv,    "Abrahamsson"sv, "Falk"sv};

constexpr std::array kStreets = {
    "Storgatan"sv,       "Kyrkogatan"sv,      "Drottninggatan"sv,  "Kungsgatan"sv,
    "Skolgatan"sv,       "Järnvägsgatan"sv,   "Parkvägen"sv,       "Björkvägen"sv,
    "Ekvägen"sv,         "Tallvägen"sv,       "Granvägen"sv,       "Lönnvägen"sv,
    "Rosenvägen"sv,      "Ängsvägen"sv,       "Skogsvägen"sv,      "Sjövägen"sv,
    "Strandvägen"sv,     "Idrottsvägen"sv,    "Trädgårdsgatan"sv,  "Nygatan"sv,
    "Västra vägen"sv,    "Östra Långgatan"sv, "Södra vägen"sv,     "Norra Allén"sv,
    "Prästgårdsvägen"sv, "Bruksgatan"sv,      "Hantverkargatan"sv, "Fabriksgatan"sv,
    "Smedjegatan"sv,     "Mejerivägen"sv,     "Lärkvägen"sv,       "Violvägen"sv,
    "Blåbärsvägen"sv,    "Lingonstigen"sv,    "Hagagatan"sv,       "Vasagatan"sv,
    "Fältvägen"sv,       "Bäckvägen"sv,       "Kvarnvägen"sv,      "Gärdesvägen"sv};

struct Postort {
  std::string_view name;
  int first;  // first three digits of the postnummer range
  int last;
};

// Three-digit postnummer prefixes roughly as the real ranges of each town.
constexpr std::array kPostorter = {
    Postort{"Stockholm", 111, 129},   Postort{"Göteborg", 411, 427},
    Postort{"Malmö", 211, 218},       Postort{"Uppsala", 751, 756},
    Postort{"Västerås", 721, 725},    Postort{"Örebro", 702, 705},
    Postort{"Linköping", 581, 589},   Postort{"Helsingborg", 252, 256},
    Postort{"Jönköping", 553, 556},   Postort{"Norrköping", 602, 605},
    Postort{"Lund", 222, 227},        Postort{"Umeå", 903, 907},
    Postort{"Gävle", 802, 806},       Postort{"Borås", 503, 507},
    Postort{"Eskilstuna", 632, 635},  Postort{"Södertälje", 151, 153},
    Postort{"Karlstad", 652, 656},    Postort{"Täby", 183, 187},
    Postort{"Växjö", 352, 355},       Postort{"Halmstad", 302, 305},
    Postort{"Sundsvall", 852, 857},   Postort{"Luleå", 972, 975},
    Postort{"Trollhättan", 461, 462}, Postort{"Östersund", 831, 832},
    Postort{"Kalmar", 392, 393},      Postort{"Falun", 791, 791},
    Postort{"Skövde", 541, 541},      Postort{"Kiruna", 981, 981},
    Postort{"Visby", 621, 621},       Postort{"Kristianstad", 291, 291},
    Postort{"Karlskrona", 371, 371},  Postort{"Nyköping", 611, 611},
    Postort{"Härnösand", 871, 871},   Postort{"Ystad", 271, 271},
    Postort{"Motala", 591, 591},      Postort{"Mora", 792, 792}};

}  // namespace

Name random_name(Rng& rng, domain::Kon kon) {
  const std::string_view first = kon == domain::Kon::kMan
                                     ? rng.pick(std::span<const std::string_view>(kMale))
                                     : rng.pick(std::span<const std::string_view>(kFemale));
  const std::string_view last = rng.pick(std::span<const std::string_view>(kSurnames));
  return Name{std::string(first), std::string(last)};
}

Address random_address(Rng& rng) {
  const std::string_view street = rng.pick(std::span<const std::string_view>(kStreets));
  const Postort& ort = rng.pick(std::span<const Postort>(kPostorter));
  const int number = rng.uniform_int(1, 120);
  std::string line = fmt::format("{} {}", street, number);
  // Some addresses have a letter (Storgatan 12 B) or a lägenhetsnummer, as real ones do.
  if (rng.chance(150)) {
    line += ' ';
    line += static_cast<char>('A' + rng.uniform_int(0, 3));
  } else if (rng.chance(250)) {
    line += fmt::format(" lgh {}", rng.uniform_int(10, 16) * 100 + rng.uniform_int(1, 4));
  }
  const int postnummer = rng.uniform_int(ort.first, ort.last) * 100 + rng.uniform_int(0, 99);
  return Address{std::move(line), fmt::format("{:05}", postnummer), std::string(ort.name)};
}

}  // namespace utbyte::store::synthetic
