#pragma once

#include <string>
#include <string_view>

#include <libxml/tree.h>

#include "platform/xml/xml_problem.h"

namespace utbyte::eioa {

// The namespace of AnmalanFranArbetsgivare (seed 002).
inline constexpr std::string_view kAnmalanNamespace =
    "http://schema.forsakringskassan.se/integration/isassistansersattning/ioa/"
    "anmalanfranarbetsgivare/1";
// The namespace and element of the answer (seed 002, without the example's stray space).
inline constexpr std::string_view kSvarNamespace =
    "urn:shs:emottagning:SkickaAnmalanFranArbetsgivare:1";
inline constexpr std::string_view kSvarElement = "SkickaAnmalanFranArbetsgivareResponse";

// Form 3066 module 1: the person who has (or has applied for) personal assistance.
struct PersonSomHarAssistans {
  std::string personnummer;
  std::string fornamn;
  std::string efternamn;
};

// Module 2: the personal assistant.
struct Assistent {
  std::string personnummer;
  std::string fornamn;
  std::string efternamn;
  std::string anstallningsdatum;  // YYYY-MM-DD as sent; checked by the rules
  bool narstaende = false;
  bool bosatt_innanfor_ees = false;
  std::string andring_galler_from;
};

// Module 3: the organiser.
struct Assistansanordnare {
  std::string anordnare_namn;
  std::string organisationsnummer;
  std::string kontaktperson;
  std::string telefonnummer;
  bool assistent_anstalld_av_anordnare = false;
};

// One notification, as read from a schema-valid document. Plain value type.
struct Anmalan {
  std::string id;
  PersonSomHarAssistans person_som_har_assistans;
  Assistent assistent;
  Assistansanordnare assistansanordnare;
  std::string telefonnummer_anordnare;
};

// Reads the notification from its root element. The document must have passed the XSD (every
// element present, in order); anything still missing is read as empty and caught by the rules.
Anmalan read_anmalan(const xmlNode* root);

// The element path of a field for problem reports, e.g.
// "/ase:AnmalanFranArbetsgivare/ase:assistent/ase:personnummer".
std::string field_path(std::string_view module, std::string_view field = {});

}  // namespace utbyte::eioa
