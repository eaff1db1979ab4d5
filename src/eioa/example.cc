#include "eioa/example.h"

#include <fmt/format.h>

namespace utbyte::eioa {

std::string example_anmalan(std::string_view id) {
  return fmt::format(R"(<?xml version="1.0" encoding="UTF-8"?>
<!-- Exempel: Personen anlitar en assistansanordnare och anordnaren är arbetsgivare åt assistenten. Assistenten är bosatt inom EES och är inte närstående. Syntetiska testpersoner. -->
<ase:AnmalanFranArbetsgivare xmlns:ase="http://schema.forsakringskassan.se/integration/isassistansersattning/ioa/anmalanfranarbetsgivare/1">
  <ase:id>{}</ase:id>
  <!-- Modul 1 i blankett 3066. Personen som har ansökt om eller har personlig assistans. -->
  <ase:personSomHarAssistans>
    <ase:personnummer>197501189984</ase:personnummer>
    <ase:fornamn>Maria</ase:fornamn>
    <ase:efternamn>Sandberg</ase:efternamn>
  </ase:personSomHarAssistans>
  <!-- Modul 2 i blankett 3066. Den personliga assistenten. -->
  <ase:assistent>
    <ase:personnummer>198802149990</ase:personnummer>
    <ase:fornamn>Johan</ase:fornamn>
    <ase:efternamn>Eklund</ase:efternamn>
    <ase:anstallningsdatum>2025-01-01</ase:anstallningsdatum>
    <ase:narstaende>false</ase:narstaende>
    <ase:bosattInnanforEES>true</ase:bosattInnanforEES>
    <ase:andringGallerFrom>2025-01-01</ase:andringGallerFrom>
  </ase:assistent>
  <!-- Modul 3 i blankett 3066. Anordnaren av personlig assistans. -->
  <ase:assistansanordnare>
    <ase:anordnareNamn>Assistans i Test AB</ase:anordnareNamn>
    <ase:organisationsnummer>5560000001</ase:organisationsnummer>
    <ase:kontaktperson>Ole Olsson</ase:kontaktperson>
    <ase:telefonnummer>0123456789</ase:telefonnummer>
    <ase:assistentAnstalldAvAnordnare>true</ase:assistentAnstalldAvAnordnare>
  </ase:assistansanordnare>
  <ase:telefonnummerAnordnare>0123412345</ase:telefonnummerAnordnare>
</ase:AnmalanFranArbetsgivare>
)",
                     id);
}

}  // namespace utbyte::eioa
