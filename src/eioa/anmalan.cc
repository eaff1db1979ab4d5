#include "eioa/anmalan.h"

#include "platform/xml/xml_document.h"

namespace utbyte::eioa {
namespace {

namespace xml = platform::xml;

std::string field(const xmlNode* parent, std::string_view name) {
  return xml::text_of(xml::find_child(parent, kAnmalanNamespace, name));
}

bool flag(const xmlNode* parent, std::string_view name) {
  const std::string value = field(parent, name);
  return value == "true" || value == "1";
}

}  // namespace

Anmalan read_anmalan(const xmlNode* root) {
  Anmalan a;
  a.id = field(root, "id");
  const xmlNode* person = xml::find_child(root, kAnmalanNamespace, "personSomHarAssistans");
  a.person_som_har_assistans = {field(person, "personnummer"), field(person, "fornamn"),
                                field(person, "efternamn")};
  const xmlNode* assistent = xml::find_child(root, kAnmalanNamespace, "assistent");
  a.assistent.personnummer = field(assistent, "personnummer");
  a.assistent.fornamn = field(assistent, "fornamn");
  a.assistent.efternamn = field(assistent, "efternamn");
  a.assistent.anstallningsdatum = field(assistent, "anstallningsdatum");
  a.assistent.narstaende = flag(assistent, "narstaende");
  a.assistent.bosatt_innanfor_ees = flag(assistent, "bosattInnanforEES");
  a.assistent.andring_galler_from = field(assistent, "andringGallerFrom");
  const xmlNode* anordnare = xml::find_child(root, kAnmalanNamespace, "assistansanordnare");
  a.assistansanordnare.anordnare_namn = field(anordnare, "anordnareNamn");
  a.assistansanordnare.organisationsnummer = field(anordnare, "organisationsnummer");
  a.assistansanordnare.kontaktperson = field(anordnare, "kontaktperson");
  a.assistansanordnare.telefonnummer = field(anordnare, "telefonnummer");
  a.assistansanordnare.assistent_anstalld_av_anordnare =
      flag(anordnare, "assistentAnstalldAvAnordnare");
  a.telefonnummer_anordnare = field(root, "telefonnummerAnordnare");
  return a;
}

std::string field_path(std::string_view module, std::string_view name) {
  std::string path = "/ase:AnmalanFranArbetsgivare/ase:";
  path += module;
  if (!name.empty()) {
    path += "/ase:";
    path += name;
  }
  return path;
}

}  // namespace utbyte::eioa
