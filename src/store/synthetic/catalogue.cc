#include "store/synthetic/catalogue.h"

#include <algorithm>
#include <cassert>

#include "domain/personnummer.h"
#include "store/synthetic/names.h"

namespace utbyte::store::synthetic {
namespace {

using IT = domain::InformationType;

// Catalogue history is longer than the bulk persons' so that "the last two years" finds data.
constexpr int kCatalogueMonthsBack = 23;
// How long before as_of the deceased catalogue person died.
constexpr int kDaysSinceDeath = 120;

bool provar(const CatalogueEntry& e, std::string_view what) {
  return std::find(e.provar.begin(), e.provar.end(), what) != e.provar.end();
}

std::vector<CatalogueEntry> build_catalogue() {
  // Only 201701012393 is a confirmed Skatteverket test personnummer (published in its open test
  // data set). Every other number below was constructed here: a Luhn-valid number whose
  // födelsenummer is 998 or 999, inside the 980-999 series that test-data generators use as a
  // test series (domain.md §9; not confirmed by Skatteverket). The bulk persons use 980-997, so
  // catalogue numbers can never collide with them. 998 = kvinna, 999 = man.
  return {
      {"201701012393",
       "Elias Lindqvist",
       "Barn med barnpension efter en avliden förälder",
       {"EFTERLEVANDEPENSION", "BARNPENSION"},
       {IT::kEfterlevandepension}},
      {"198503129986",
       "Anna Bergström",
       "Sjukskriven anställd: sjukpenning med karensersättning, SGI och försäkringstillhörighet",
       {"SJUKPENNING", "KARENSERSATTNING", "SGI", "FORSAKRINGSTILLHORIGHET"},
       {IT::kSjukpenning, IT::kSgi, IT::kForsakringstillhorighet}},
      {"199007059984",
       "Emma Nyberg",
       "Nybliven mamma: graviditetspenning före förlossningen, sedan föräldrapenning och "
       "barnbidrag",
       {"GRAVIDITETSPENNING", "FORALDRAPENNING", "BARNBIDRAG", "SGI"},
       {IT::kGraviditetspenning, IT::kForaldrapenning, IT::kBarnbidrag, IT::kSgi}},
      {"198802149990",
       "Johan Eklund",
       "Pappa som vabbar och vårdar en närstående: tillfällig föräldrapenning och "
       "närståendepenning",
       {"TILLFALLIG_FORALDRAPENNING", "NARSTAENDEPENNING", "SGI"},
       {IT::kTillfalligForaldrapenning, IT::kNarstaendepenning, IT::kSgi}},
      {"198209239980",
       "Sara Holm",
       "Ensamstående förälder: bostadsbidrag, underhållsstöd, barnbidrag och omvårdnadsbidrag",
       {"BOSTADSBIDRAG", "UNDERHALLSSTOD", "BARNBIDRAG", "OMVARDNADSBIDRAG"},
       {IT::kBostadsbidrag, IT::kUnderhallsstod, IT::kBarnbidrag, IT::kOmvardnadsbidrag}},
      {"199405309999",
       "Oskar Lund",
       "Arbetssökande i program: aktivitetsstöd och bostadsbidrag",
       {"AKTIVITETSSTOD", "BOSTADSBIDRAG"},
       {IT::kAktivitetsstod, IT::kBostadsbidrag}},
      {"200508119997",
       "Viktor Ek",
       "Värnpliktig: dagersättning till totalförsvarspliktiga",
       {"DAGPENNING_TOTALFORSVARSPLIKTIGA"},
       {IT::kDagpenningTotalforsvarspliktiga}},
      {"197501189984",
       "Maria Sandberg",
       "Sjukersättning och merkostnadsersättning",
       {"SJUK_AKTIVITETSERSATTNING", "MERKOSTNADSERSATTNING"},
       {IT::kSjukAktivitetsersattning, IT::kMerkostnadsersattning}},
      {"196804279997",
       "Lars Engström",
       "Rehabilitering efter arbetsskada: rehabiliteringsersättning, smittbärarersättning och "
       "arbetsskadelivränta",
       {"REHABILITERINGSERSATTNING", "SMITTBARARERSATTNING", "ARBETSSKADELIVRANTA", "SGI"},
       {IT::kRehabiliteringsersattning, IT::kSmittbararersattning, IT::kArbetsskadelivranta,
        IT::kSgi}},
      {"194806039998",
       "Bengt Öberg",
       "Pensionär med yrkesskadelivränta och bostadstillägg",
       {"ALDERSPENSION", "YRKESSKADELIVRANTA", "BOSTADSTILLAGG"},
       {IT::kAlderspension, IT::kYrkesskadelivranta, IT::kBostadstillagg}},
      {"195509299987",
       "Margareta Sjöberg",
       "Änka med garantipension, bostadstillägg och änkepension",
       {"ALDERSPENSION", "GARANTIPENSION", "BOSTADSTILLAGG", "EFTERLEVANDEPENSION"},
       {IT::kAlderspension, IT::kBostadstillagg, IT::kEfterlevandepension}},
      {"196507209994",
       "Per Andersson",
       "Nära pension: intjänad pensionsrätt, pensionsprognos, SGI och försäkringstillhörighet",
       {"INTJANANDE", "PENSIONSPROGNOS", "SGI", "FORSAKRINGSTILLHORIGHET"},
       {IT::kIntjanande, IT::kPensionsprognos, IT::kSgi, IT::kForsakringstillhorighet}},
      {"194002149997",
       "Gunnar Lindahl",
       "Avliden pensionär: utbetalningarna upphör efter dödsmånaden",
       {"AVLIDEN", "ALDERSPENSION"},
       {IT::kAlderspension}},
      {"197903089980",
       "Lena Dahl",
       "Skyddad identitet: förmåner lämnas ut men aldrig adressen",
       {"SKYDDAD_IDENTITET", "FORALDRAPENNING", "BARNBIDRAG"},
       {IT::kForaldrapenning, IT::kBarnbidrag}},
      {"199204779996",
       "Jari Virtanen",
       "Samordningsnummer: arbetar i Sverige utan att vara folkbokförd, sjukpenning",
       {"SAMORDNINGSNUMMER", "FORSAKRINGSTILLHORIGHET", "SGI", "SJUKPENNING"},
       {IT::kForsakringstillhorighet, IT::kSgi, IT::kSjukpenning}},
      {"198706119982", "Karin Johansson", "Person utan förmåner", {"INGA_FORMANER"}, {}},
      {"194411059985",
       "Ingrid Wallin",
       "Pensionär bosatt utomlands: ålderspensionen är spärrad eftersom levnadsintyget saknas",
       {"FORMAN_SPARRAD", "ALDERSPENSION", "LEVNADSINTYG"},
       {IT::kAlderspension, IT::kLevnadsintyg}},
  };
}

}  // namespace

const std::vector<CatalogueEntry>& catalogue() {
  static const std::vector<CatalogueEntry> entries = build_catalogue();
  return entries;
}

PersonData build_catalogue_person(const CatalogueEntry& entry, domain::Date as_of) {
  auto pnr = domain::parse_personnummer(entry.personnummer);
  // The catalogue is a compile-time constant checked by tests; a bad number is a programming
  // error, not a runtime condition.
  assert(pnr.ok());
  PersonData data;
  PersonRecord& p = data.person;
  p.personnummer = entry.personnummer;
  const auto space = entry.namn.rfind(' ');
  p.fornamn = entry.namn.substr(0, space);
  p.efternamn = space == std::string::npos ? std::string() : entry.namn.substr(space + 1);
  p.fodelsedatum = pnr->birth_date();
  p.kon = pnr->kon();
  p.samordningsnummer = pnr->samordningsnummer();
  p.skyddad_identitet = provar(entry, "SKYDDAD_IDENTITET");
  if (provar(entry, "AVLIDEN")) p.avliden = domain::add_days(as_of, -kDaysSinceDeath);

  // Seeded from the number alone: the catalogue looks the same in every register.
  Rng rng(mix64(std::stoull(entry.personnummer) ^ 0xca7a1095eULL));
  p.adress = random_address(rng);

  BenefitPlan plan;
  plan.types = entry.informationstyper;
  plan.yearly_income = 300000 + rng.uniform(0, 40) * 5000;
  plan.karensersattning = provar(entry, "KARENSERSATTNING");
  plan.garantipension = provar(entry, "GARANTIPENSION");
  plan.pension_blocked = provar(entry, "FORMAN_SPARRAD");
  plan.min_episode_lead_days = 120;
  add_benefits(plan, make_window(as_of, kCatalogueMonthsBack), rng, data);
  return data;
}

}  // namespace utbyte::store::synthetic
