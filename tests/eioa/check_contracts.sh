#!/bin/sh
# contract_eioa: the E-IOA contracts are themselves valid. Each XSD compiles and accepts its
# good sample and refuses its bad one (so this test can fail); the WSDL is well-formed, every
# schema it imports exists, and every element its messages name is declared by those schemas.
# Run from the source root (ctest does); needs xmllint (libxml2-utils).
set -eu
xsd=contracts/xsd
wsdl=contracts/wsdl/anmalan_fran_arbetsgivare_v1.wsdl
data=tests/eioa/testdata
fail() { echo "contract_eioa: $*" >&2; exit 1; }

accepts() { xmllint --noout --nonet --schema "$xsd/$1" "$data/$2" 2>/dev/null || fail "$1 refuses $2"; }
refuses() { if xmllint --noout --nonet --schema "$xsd/$1" "$data/$2" 2>/dev/null; then fail "$1 accepts $2"; fi; }

accepts anmalan_fran_arbetsgivare_extern_v1.xsd anmalan_seed_exempel.xml
refuses anmalan_fran_arbetsgivare_extern_v1.xsd anmalan_tva_assistenter.xml
accepts skicka_anmalan_svar_v1.xsd svar.xml
refuses skicka_anmalan_svar_v1.xsd svar_fel_namnrymd.xml
accepts soap_fel_v1.xsd fel.xml
refuses soap_fel_v1.xsd svar.xml

xmllint --noout --nonet "$wsdl" || fail "$wsdl is not well-formed"
for location in $(xmllint --nonet --xpath '//*[local-name()="import"]/@schemaLocation' "$wsdl" |
                  sed 's/ *schemaLocation="\([^"]*\)"/\1\n/g'); do
  [ -f "contracts/wsdl/$location" ] || fail "$wsdl imports missing $location"
done
for element in AnmalanFranArbetsgivare SkickaAnmalanFranArbetsgivareResponse Fel; do
  grep -q "element name=\"$element\"" "$xsd"/*.xsd || fail "no schema declares $element"
  grep -q ":$element\"" "$wsdl" || fail "$wsdl does not use $element"
done
echo "contract_eioa: 3 schemas and the WSDL are consistent"
