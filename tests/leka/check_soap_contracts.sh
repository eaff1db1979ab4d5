#!/bin/sh
# contract_leka_soap: the contracts of LEKA's SOAP generations 5, 6 and 7 are themselves valid
# (docs/leka.md, "LEKA v5–7 (SOAP)"). Every XSD compiles; each version's schema accepts the sample
# questions and the real answers (captured from `utbyte serve`) and refuses the bad ones (so this
# test can fail); the WSDL is well-formed, its imports exist and declare the namespace they are
# imported for, every element its messages name is declared in that schema, and each of the
# fifteen operations has its SOAPAction. The generated files are what the generator writes.
# Run from the source root (ctest does); needs xmllint (libxml2-utils) and python3.
set -eu
xsd=contracts/xsd
wsdl=contracts/wsdl/EXALevereraKundavisering.wsdl
data=tests/leka/testdata/soap
fail() { echo "contract_leka_soap: $*" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

operations="registrera_prenumeration kontrollera_prenumeration avregistrera_prenumeration hamta_aviseringar kvittera_aviseringar"

# Compiles: validating the schema file against itself fails (its root is xs:schema, which it
# does not declare) with status 3, but a schema that does not compile gives status 5.
for v in 5 6 7; do
  for schema in leka_kundavisering_v$v.xsd $(for op in $operations; do echo "leka_${op}_v$v.xsd"; done); do
    [ -f "$xsd/$schema" ] || fail "$xsd/$schema is missing"
    status=0
    xmllint --noout --nonet --schema "$xsd/$schema" "$xsd/$schema" >/dev/null 2>&1 || status=$?
    [ "$status" -eq 3 ] || [ "$status" -eq 0 ] || fail "$schema does not compile (xmllint status $status)"
  done
done

# The files are the generator's: an edit by hand would be lost at the next generation.
if command -v python3 >/dev/null 2>&1; then
  mkdir -p "$tmp/gen/scripts" "$tmp/gen/contracts/xsd" "$tmp/gen/contracts/wsdl"
  cp scripts/generate_leka_soap_contracts.py "$tmp/gen/scripts/"
  python3 "$tmp/gen/scripts/generate_leka_soap_contracts.py"
  for f in "$tmp"/gen/contracts/xsd/*.xsd "$tmp"/gen/contracts/wsdl/*.wsdl; do
    rel=${f#"$tmp"/gen/}
    cmp -s "$f" "$rel" || fail "$rel is not what scripts/generate_leka_soap_contracts.py writes"
  done
fi

accepts() { xmllint --noout --nonet --schema "$xsd/$1" "$2" 2>/dev/null || fail "$1 refuses $2"; }
refuses() { if xmllint --noout --nonet --schema "$xsd/$1" "$2" 2>/dev/null; then fail "$1 accepts $2"; fi; }

for v in 5 6 7; do accepts "leka_kundavisering_v$v.xsd" "$data/fraga_registrera_v$v.xml"; done
for q in kontrollera avregistrera hamta kvittera; do
  accepts leka_kundavisering_v7.xsd "$data/fraga_${q}_v7.xml"
done
for a in registrera kontrollera avregistrera hamta kvittera; do
  accepts leka_kundavisering_v7.xsd "$data/svar_${a}_v7.xml"
done
# v5's and v6's pages of the feed were captured from a server in 2019 (--fake-time).
accepts leka_kundavisering_v5.xsd "$data/svar_hamta_v5.xml"
accepts leka_kundavisering_v6.xsd "$data/svar_hamta_v6.xml"
refuses leka_kundavisering_v5.xsd "$data/fraga_registrera_v5_utbetalning.xml"
refuses leka_kundavisering_v7.xsd "$data/fraga_hamta_v7_antal_for_stort.xml"
# v7's answer is not v6's: v6 payments have no beloppstyp and status.
grep -q '<lk:beloppstyp>' "$data/svar_hamta_v7.xml" || fail "svar_hamta_v7.xml has no payment"
sed 's/hamtaaviseringar:7/hamtaaviseringar:6/' "$data/svar_hamta_v7.xml" >"$tmp/svar_hamta_som_v6.xml"
refuses leka_kundavisering_v6.xsd "$tmp/svar_hamta_som_v6.xml"
# … nor v6's v5's: v5 has no payments.
grep -q '<lk:utbetalning>' "$data/svar_hamta_v6.xml" || fail "svar_hamta_v6.xml has no payment"
sed 's/hamtaaviseringar:6/hamtaaviseringar:5/' "$data/svar_hamta_v6.xml" >"$tmp/svar_hamta_som_v5.xml"
refuses leka_kundavisering_v5.xsd "$tmp/svar_hamta_som_v5.xml"
# Nor is a question of one operation valid as another's.
sed 's/registreraprenumeration/kontrolleraprenumeration/' "$data/fraga_registrera_v7.xml" >"$tmp/fel_operation.xml"
refuses leka_kundavisering_v7.xsd "$tmp/fel_operation.xml"

# The envelope example: a well-formed SOAP 1.1 envelope whose body is a valid v7 registration.
body='/*[local-name()="Envelope"]/*[local-name()="Body"]/*'
xmllint --noout --nonet "$data/envelope_ws_registrera_v7.xml" || fail "the envelope is not well-formed"
xmllint --nonet --xpath "$body" "$data/envelope_ws_registrera_v7.xml" >"$tmp/body.xml" || fail "no body"
accepts leka_kundavisering_v7.xsd "$tmp/body.xml"

# The WSDL.
xmllint --noout --nonet "$wsdl" || fail "$wsdl is not well-formed"
imports='//*[local-name()="types"]//*[local-name()="import"]'
count=$(xmllint --nonet --xpath "count($imports)" "$wsdl")
[ "$count" -eq 16 ] || fail "$wsdl imports $count schemas, not 15 operations' and the fault's"
i=1
while [ "$i" -le "$count" ]; do
  namespace=$(xmllint --nonet --xpath "string(($imports)[$i]/@namespace)" "$wsdl")
  location=$(xmllint --nonet --xpath "string(($imports)[$i]/@schemaLocation)" "$wsdl")
  [ -f "contracts/wsdl/$location" ] || fail "$wsdl imports missing $location"
  declared=$(xmllint --nonet --xpath 'string(/*/@targetNamespace)' "contracts/wsdl/$location")
  [ "$declared" = "$namespace" ] ||
    fail "$wsdl imports $location for $namespace, but its targetNamespace is $declared"
  i=$((i + 1))
done
for element in $(xmllint --nonet --xpath '//*[local-name()="message"]/*[local-name()="part"]/@element' "$wsdl" |
                 sed 's/ *element="\([^"]*\)"/\1\n/g'); do
  prefix=${element%%:*}
  name=${element#*:}
  namespace=$(xmllint --nonet --xpath "string(/*/namespace::*[name()='$prefix'])" "$wsdl")
  [ -n "$namespace" ] || fail "$wsdl: prefix $prefix of $element is not declared"
  location=$(xmllint --nonet --xpath "string(($imports)[@namespace='$namespace']/@schemaLocation)" "$wsdl")
  [ -n "$location" ] || fail "$wsdl names $element but imports no schema for $namespace"
  found=$(xmllint --nonet --xpath \
    "count(/*[local-name()='schema']/*[local-name()='element'][@name='$name'])" "contracts/wsdl/$location")
  [ "$found" -eq 1 ] || fail "$wsdl names $element, which $location does not declare"
done
for v in 5 6 7; do
  for op in RegistreraPrenumeration KontrolleraPrenumeration AvregistreraPrenumeration HamtaAviseringar KvitteraAviseringar; do
    lower=$(echo "$op" | tr 'A-Z' 'a-z')
    grep -q "soapAction=\"urn:utbyte:leka:$lower:$v#$op\"" "$wsdl" ||
      fail "$wsdl has no binding with the SOAPAction of $op version $v"
  done
done
[ "$(xmllint --nonet --xpath 'count(//*[local-name()="address"][@location="{{ADRESS}}"])' "$wsdl")" -eq 3 ] ||
  fail "$wsdl: not three ports at {{ADRESS}}"
echo "contract_leka_soap: ok"
