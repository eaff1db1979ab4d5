#!/bin/sh
# contract_lefi_soap: the contracts of LEFI Online's SOAP generations 5, 6 and 7 are themselves
# valid (docs/lefi-soap.md). Every XSD compiles; each version's XSD accepts its good samples and
# refuses the bad ones (so this test can fail); the SSEK header of the envelope example is valid
# against ssek_2006_05_10.xsd; both WSDLs are well-formed, their imports exist and declare the
# namespace they are imported for, and every element their messages name is declared globally
# in the XSD imported for that element's namespace. Run from the source root (ctest does);
# needs xmllint (libxml2-utils).
set -eu
xsd=contracts/xsd
wsdl_dir=contracts/wsdl
data=tests/lefi/testdata/soap
fail() { echo "contract_lefi_soap: $*" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Compiles: validating the schema file against itself fails (its root is xs:schema, which it
# does not declare) with status 3, but a schema that does not compile gives status 5.
for schema in lefi_hamta_formansinformation_v5.xsd lefi_hamta_formansinformation_v6.xsd \
              lefi_hamta_formansinformation_v7.xsd ssek_2006_05_10.xsd soap_fel_v1.xsd; do
  [ -f "$xsd/$schema" ] || fail "$xsd/$schema is missing"
  status=0
  xmllint --noout --nonet --schema "$xsd/$schema" "$xsd/$schema" >/dev/null 2>&1 || status=$?
  [ "$status" -eq 3 ] || [ "$status" -eq 0 ] || fail "$schema does not compile (xmllint status $status)"
done

accepts() { xmllint --noout --nonet --schema "$xsd/$1" "$data/$2" 2>/dev/null || fail "$1 refuses $2"; }
refuses() { if xmllint --noout --nonet --schema "$xsd/$1" "$data/$2" 2>/dev/null; then fail "$1 accepts $2"; fi; }

for v in 5 6 7; do
  accepts "lefi_hamta_formansinformation_v$v.xsd" "fraga_v$v.xml"
  accepts "lefi_hamta_formansinformation_v$v.xsd" "svar_v$v.xml"
done
refuses lefi_hamta_formansinformation_v5.xsd fraga_v5_utbetalning.xml
refuses lefi_hamta_formansinformation_v6.xsd svar_v6_beloppstyp.xml
refuses lefi_hamta_formansinformation_v7.xsd fraga_v7_okand_typ.xml
refuses lefi_hamta_formansinformation_v7.xsd svar_v7_fel_version.xml

# The envelope examples: well-formed SOAP 1.1 envelopes whose body is the v7 question.
body='/*[local-name()="Envelope"]/*[local-name()="Body"]/*'
for envelope in envelope_ws_v7.xml envelope_ssek_v7.xml; do
  xmllint --noout --nonet "$data/$envelope" || fail "$envelope is not well-formed"
  [ "$(xmllint --nonet --xpath "namespace-uri($body)" "$data/$envelope")" = \
    "urn:utbyte:lefi:hamtaformansinformation:7" ] || fail "$envelope: the body is not a v7 request"
  xmllint --nonet --xpath "$body" "$data/$envelope" >"$tmp/body.xml" ||
    fail "$envelope: no body element"
  xmllint --noout --nonet --schema "$xsd/lefi_hamta_formansinformation_v7.xsd" "$tmp/body.xml" \
    2>/dev/null || fail "$envelope: the body is not a valid v7 request"
done
# The SSEK header block, cut out of the envelope (it declares its own namespaces for this).
header='/*[local-name()="Envelope"]/*[local-name()="Header"]/*[local-name()="SSEK"]'
xmllint --nonet --xpath "$header" "$data/envelope_ssek_v7.xml" >"$tmp/ssek.xml" ||
  fail "envelope_ssek_v7.xml has no ssek:SSEK header"
xmllint --noout --nonet --schema "$xsd/ssek_2006_05_10.xsd" "$tmp/ssek.xml" 2>/dev/null ||
  fail "the SSEK header of envelope_ssek_v7.xml is not valid against ssek_2006_05_10.xsd"

# The WSDLs.
check_wsdl() {
  wsdl=$1
  xmllint --noout --nonet "$wsdl" || fail "$wsdl is not well-formed"
  imports='//*[local-name()="types"]//*[local-name()="import"]'
  count=$(xmllint --nonet --xpath "count($imports)" "$wsdl")
  [ "$count" -gt 0 ] || fail "$wsdl imports nothing"
  i=1
  while [ "$i" -le "$count" ]; do
    namespace=$(xmllint --nonet --xpath "string(($imports)[$i]/@namespace)" "$wsdl")
    location=$(xmllint --nonet --xpath "string(($imports)[$i]/@schemaLocation)" "$wsdl")
    [ -f "$wsdl_dir/$location" ] || fail "$wsdl imports missing $location"
    declared=$(xmllint --nonet --xpath 'string(/*/@targetNamespace)' "$wsdl_dir/$location")
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
      "count(/*[local-name()='schema']/*[local-name()='element'][@name='$name'])" "$wsdl_dir/$location")
    [ "$found" -eq 1 ] || fail "$wsdl names $element, which $location does not declare"
  done
  for v in 5 6 7; do
    grep -q "soapAction=\"urn:utbyte:lefi:hamtaformansinformation:$v#HamtaFormansinformation\"" "$wsdl" ||
      fail "$wsdl has no binding with the SOAPAction of version $v"
  done
  [ "$(xmllint --nonet --xpath 'count(//*[local-name()="address"][@location="{{ADRESS}}"])' "$wsdl")" -eq 3 ] ||
    fail "$wsdl: not three ports at {{ADRESS}}"
}
check_wsdl "$wsdl_dir/EXAHamtaFormansinformation.wsdl"
check_wsdl "$wsdl_dir/fkExaLefiHamtaFormansinformation_v4.wsdl"
# The SSEK binding declares the SSEK header on input and output of each of its three operations.
[ "$(xmllint --nonet --xpath 'count(//*[local-name()="binding"]//*[local-name()="header"][@part="SSEK"])' \
     "$wsdl_dir/fkExaLefiHamtaFormansinformation_v4.wsdl")" -eq 6 ] ||
  fail "fkExaLefiHamtaFormansinformation_v4.wsdl: the SSEK header is not on every input and output"
echo "contract_lefi_soap: ok"
