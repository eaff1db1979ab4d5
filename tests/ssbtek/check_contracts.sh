#!/bin/sh
# contract_ssbtek: the SSBTEK contracts are themselves valid. The XSD compiles, accepts its good
# samples and refuses the bad ones (so this test can fail); the WSDL is well-formed, its imports
# exist, and every element its messages name is declared. Run from the source root (ctest does);
# needs xmllint (libxml2-utils).
set -eu
xsd=contracts/xsd/ssbtek_ekonomiskt_bistand_v1.xsd
wsdl=contracts/wsdl/ssbtek_ekonomiskt_bistand_v1.wsdl
data=tests/ssbtek/testdata
fail() { echo "contract_ssbtek: $*" >&2; exit 1; }

accepts() { xmllint --noout --nonet --schema "$xsd" "$data/$1" 2>/dev/null || fail "XSD refuses $1"; }
refuses() { if xmllint --noout --nonet --schema "$xsd" "$data/$1" 2>/dev/null; then fail "XSD accepts $1"; fi; }

accepts fraga.xml
accepts svar.xml
refuses fraga_okand_kalla.xml
refuses svar_okand_status.xml

xmllint --noout --nonet "$wsdl" || fail "$wsdl is not well-formed"
for location in $(xmllint --nonet --xpath '//*[local-name()="import"]/@schemaLocation' "$wsdl" |
                  sed 's/ *schemaLocation="\([^"]*\)"/\1\n/g'); do
  [ -f "contracts/wsdl/$location" ] || fail "$wsdl imports missing $location"
done
for element in HamtaUppgifterEkonomisktBistand HamtaUppgifterEkonomisktBistandSvar; do
  grep -q "element name=\"$element\"" "$xsd" || fail "the XSD does not declare $element"
  grep -q ":$element\"" "$wsdl" || fail "$wsdl does not use $element"
done
grep -q 'element name="Fel"' contracts/xsd/soap_fel_v1.xsd || fail "soap_fel_v1.xsd lacks Fel"
echo "contract_ssbtek: ok"
