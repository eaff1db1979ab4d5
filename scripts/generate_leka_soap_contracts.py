#!/usr/bin/env python3
"""Writes the contracts of LEKA's SOAP generations 5, 6 and 7 (docs/leka.md, decisions R33):

  contracts/xsd/leka_<operation>_v<N>.xsd   one schema per operation and version (its namespace)
  contracts/xsd/leka_kundavisering_v<N>.xsd the version's five schemas together (the server's
                                            validation and the contract test use it)
  contracts/wsdl/EXALevereraKundavisering.wsdl

Each operation has a namespace of its own (urn:utbyte:leka:<operation lower-case>:<N>) so that
FK's shared doors /ws and /shs2 can tell the operations apart by the body's element, and an XML
schema document has one target namespace: hence one file per operation. The files are generated
so that the fifteen stay consistent; edit this script, run it from the source root, commit both.
"""
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
XSD = ROOT / 'contracts' / 'xsd'
WSDL = ROOT / 'contracts' / 'wsdl'

OPERATIONS = [
    ('RegistreraPrenumeration', 'registrera_prenumeration'),
    ('KontrolleraPrenumeration', 'kontrollera_prenumeration'),
    ('AvregistreraPrenumeration', 'avregistrera_prenumeration'),
    ('HamtaAviseringar', 'hamta_aviseringar'),
    ('KvitteraAviseringar', 'kvittera_aviseringar'),
]
VERSIONS = {5: '5.3.0', 6: '6.1.0', 7: '7.2.0'}

BENEFITS = ['AKTIVITETSSTOD', 'ARBETSSKADELIVRANTA', 'BARNBIDRAG', 'BOSTADSBIDRAG',
            'DAGPENNING_TOTALFORSVARSPLIKTIGA', 'FORALDRAPENNING', 'FORSAKRINGSTILLHORIGHET',
            'GRAVIDITETSPENNING', 'MERKOSTNADSERSATTNING', 'NARSTAENDEPENNING', 'OMVARDNADSBIDRAG',
            'REHABILITERINGSERSATTNING', 'SGI', 'SJUK_AKTIVITETSERSATTNING', 'SJUKPENNING',
            'SMITTBARARERSATTNING', 'TILLFALLIG_FORALDRAPENNING', 'UNDERHALLSSTOD',
            'YRKESSKADELIVRANTA', 'ALDERSPENSION', 'BOSTADSTILLAGG', 'EFTERLEVANDEPENSION',
            'INTJANANDE', 'LEVNADSINTYG', 'PENSIONSPROGNOS']
HANDELSER = ['FORSTA_LEVERANS', 'HELUPPDATERING', 'NYTT_BESLUT', 'ANDRAT_BESLUT', 'NY_UTBETALNING',
             'UTBETALNING_GENOMFORD', 'FORMAN_UPPHORD', 'FORMAN_SPARRAD', 'LEVNADSINTYG_INKOMMET',
             'AVLIDEN']

WHAT_SETS_APART = {
    5: 'Version 5 has no payments: UTBETALNING cannot be subscribed and notifications carry no\n'
       '  utbetalning.',
    6: 'Added to version 5: UTBETALNING may be subscribed (with at least one benefit), and the\n'
       '  tillstand of a notification carries the payments (utbetalning) as LEKA v9 does.',
    7: 'Added to version 6: each utbetalning also carries beloppstyp and status (PRELIMINAR or\n'
       '  UTBETALD), so a preliminary payment is told apart from a paid one (as in LEFI v7).',
}


def namespace(op, major):
    return f'urn:utbyte:leka:{op.lower()}:{major}'


def enum(name, values, doc=None):
    out = f'  <xs:simpleType name="{name}">\n'
    if doc:
        out += f'    <xs:annotation><xs:documentation>{doc}</xs:documentation></xs:annotation>\n'
    out += '    <xs:restriction base="xs:string">\n'
    out += ''.join(f'      <xs:enumeration value="{v}"/>\n' for v in values)
    return out + '    </xs:restriction>\n  </xs:simpleType>\n\n'


def simple_types(major):
    types = BENEFITS + (['UTBETALNING'] if major >= 6 else [])
    out = '''  <!-- ===== Simple types ===== -->

  <xs:simpleType name="Personnummer">
    <xs:annotation><xs:documentation>12 digits (personnummer or samordningsnummer).</xs:documentation></xs:annotation>
    <xs:restriction base="xs:string"><xs:pattern value="[0-9]{12}"/></xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="Datum">
    <xs:restriction base="xs:date"><xs:pattern value="[0-9]{4}-[0-9]{2}-[0-9]{2}"/></xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="PrenumerationsId">
    <xs:restriction base="xs:string"><xs:minLength value="1"/><xs:maxLength value="64"/></xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="Sekvensnummer">
    <xs:annotation><xs:documentation>The actor's notifications are numbered 1, 2, 3 …</xs:documentation></xs:annotation>
    <xs:restriction base="xs:long"><xs:minInclusive value="1"/></xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="SekvensEllerNoll">
    <xs:annotation><xs:documentation>A sequence number, or 0 for none yet.</xs:documentation></xs:annotation>
    <xs:restriction base="xs:long"><xs:minInclusive value="0"/></xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="Antal">
    <xs:restriction base="xs:int"><xs:minInclusive value="1"/><xs:maxInclusive value="1000"/></xs:restriction>
  </xs:simpleType>

  <!-- Whole SEK. -->
  <xs:simpleType name="Belopp"><xs:restriction base="xs:long"/></xs:simpleType>

'''
    out += enum('Informationstyp', types,
                f'The information types a subscription of version {major} may name'
                + (' (no UTBETALNING before version 6).' if major < 6 else '.'))
    out += enum('Handelse', HANDELSER)
    out += enum('Myndighet', ['FK', 'PM'], 'FK: Försäkringskassan, PM: Pensionsmyndigheten.')
    out += enum('Beslutsstatus', ['BEVILJAD', 'AVSLAG', 'UPPHORD', 'SPARRAD'])
    out += enum('Omfattning', ['HEL', 'TRE_FJARDEDELAR', 'HALV', 'EN_FJARDEDEL'])
    out += enum('Beloppsperiod', ['DAG', 'MANAD', 'AR'])
    out += enum('Meddelandekod', ['AVISERINGAR_UNDANHALLNA'])
    if major >= 7:
        out += enum('Utbetalningsstatus', ['PRELIMINAR', 'UTBETALD'],
                    'PRELIMINAR: decided but not yet paid out (new in version 7).')
    return out


PRENUMERATION = '''  <xs:complexType name="Prenumeration">
    <xs:sequence>
      <xs:element name="prenumerationsId" type="lk:PrenumerationsId"/>
      <xs:element name="personnummer" type="lk:Personnummer"/>
      <xs:element name="informationstyp" type="lk:Informationstyp" maxOccurs="unbounded"/>
      <xs:element name="fromDatum" type="lk:Datum"/>
      <xs:element name="registrerad" type="xs:dateTime"/>
    </xs:sequence>
  </xs:complexType>

'''


def avisering_types(major):
    out = '''  <xs:complexType name="Avisering">
    <xs:sequence>
      <xs:element name="sekvensnummer" type="lk:Sekvensnummer"/>
      <xs:element name="aviseringsId" type="xs:string"/>
      <xs:element name="prenumerationsId" type="lk:PrenumerationsId"/>
      <xs:element name="personnummer" type="lk:Personnummer"/>
      <xs:element name="informationstyp" type="lk:Informationstyp"/>
      <xs:element name="myndighet" type="lk:Myndighet"/>
      <xs:element name="handelse" type="lk:Handelse"/>
      <xs:element name="handelsedatum" type="lk:Datum"/>
      <!-- beslutsId, utbetalningsId or personnummer of what changed, when there is one. -->
      <xs:element name="referens" type="xs:string" minOccurs="0"/>
      <xs:element name="skapad" type="xs:dateTime"/>
      <!-- true: the notification comes from a synthetic register, not from real persons. -->
      <xs:element name="syntetiskaUppgifter" type="xs:boolean"/>
      <xs:element name="tillstand" type="lk:Tillstand"/>
    </xs:sequence>
  </xs:complexType>

  <!-- The benefit's state as a LEFI question from the subscription's fromDatum shows it. -->
  <xs:complexType name="Tillstand">
    <xs:sequence>
      <xs:element name="informationstyp" type="lk:Informationstyp"/>
      <xs:element name="benamning" type="xs:string"/>
      <xs:element name="myndighet" type="lk:Myndighet"/>
      <xs:element name="fromDatum" type="lk:Datum"/>
      <xs:element name="beslut" type="lk:Beslut" minOccurs="0" maxOccurs="unbounded"/>
'''
    if major >= 6:
        out += '''      <!-- With UTBETALNING subscribed: first delivery, full refresh and payment events. -->
      <xs:element name="utbetalning" type="lk:Utbetalning" minOccurs="0" maxOccurs="unbounded"/>
'''
    out += '''    </xs:sequence>
  </xs:complexType>

  <xs:complexType name="Beslut">
    <xs:sequence>
      <xs:element name="beslutsId" type="xs:string"/>
      <xs:element name="beslutsdatum" type="lk:Datum"/>
      <xs:element name="fromDatum" type="lk:Datum"/>
      <xs:element name="tomDatum" type="lk:Datum" minOccurs="0"/>
      <xs:element name="status" type="lk:Beslutsstatus"/>
      <xs:element name="omfattning" type="lk:Omfattning" minOccurs="0"/>
      <xs:element name="belopp" type="lk:Belopp" minOccurs="0"/>
      <xs:element name="beloppsperiod" type="lk:Beloppsperiod" minOccurs="0"/>
      <xs:element name="beskrivning" type="xs:string" minOccurs="0"/>
    </xs:sequence>
  </xs:complexType>

'''
    if major >= 6:
        out += '''  <xs:complexType name="Utbetalning">
    <xs:sequence>
      <xs:element name="utbetalningsId" type="xs:string"/>
      <xs:element name="utbetalningsdatum" type="lk:Datum"/>
      <!-- The paying authority's name, e.g. Försäkringskassan. -->
      <xs:element name="foretag" type="xs:string"/>
      <xs:element name="myndighet" type="lk:Myndighet"/>
      <xs:element name="informationstyp" type="lk:Informationstyp"/>
      <xs:element name="periodFrom" type="lk:Datum"/>
      <xs:element name="periodTom" type="lk:Datum"/>
      <xs:element name="bruttobelopp" type="lk:Belopp"/>
      <xs:element name="skatteavdrag" type="lk:Belopp"/>
      <xs:element name="nettobelopp" type="lk:Belopp"/>
'''
        if major >= 7:
            out += '''      <!-- New in version 7: what the amount is (e.g. DAGERSATTNING) and whether it is paid. -->
      <xs:element name="beloppstyp" type="xs:string"/>
      <xs:element name="status" type="lk:Utbetalningsstatus"/>
'''
        out += '''    </xs:sequence>
  </xs:complexType>

'''
    out += '''  <!-- Notifications left off the page because the agreement no longer allows their type. -->
  <xs:complexType name="Meddelande">
    <xs:sequence>
      <xs:element name="kod" type="lk:Meddelandekod"/>
      <xs:element name="text" type="xs:string"/>
      <xs:element name="informationstyp" type="lk:Informationstyp"/>
      <xs:element name="antal" type="xs:long"/>
      <xs:element name="sekvensnummer" type="lk:Sekvensnummer" maxOccurs="unbounded"/>
    </xs:sequence>
  </xs:complexType>

'''
    return out


def seq(*elements):
    return ('    <xs:complexType>\n      <xs:sequence>\n' + ''.join(f'        {e}\n' for e in elements)
            + '      </xs:sequence>\n    </xs:complexType>\n')


def messages(op, major):
    if op == 'RegistreraPrenumeration':
        question = seq('<xs:element name="personnummer" type="lk:Personnummer"/>',
                       '<xs:element name="informationstyp" type="lk:Informationstyp" maxOccurs="unbounded"/>',
                       '<xs:element name="fromDatum" type="lk:Datum"/>')
        answer = seq('<xs:element name="prenumeration" type="lk:Prenumeration"/>',
                     '<!-- false: the same person and types were registered before (the same id). -->',
                     '<xs:element name="nyRegistrerad" type="xs:boolean"/>')
        return question, answer, PRENUMERATION
    if op == 'KontrolleraPrenumeration':
        question = seq('<xs:element name="personnummer" type="lk:Personnummer"/>')
        answer = seq('<xs:element name="prenumeration" type="lk:Prenumeration" minOccurs="0" maxOccurs="unbounded"/>')
        return question, answer, PRENUMERATION
    if op == 'AvregistreraPrenumeration':
        question = seq('<xs:element name="prenumerationsId" type="lk:PrenumerationsId"/>')
        answer = seq('<xs:element name="prenumerationsId" type="lk:PrenumerationsId"/>')
        return question, answer, ''
    if op == 'HamtaAviseringar':
        question = seq('<!-- Default: the last acknowledged + 1. -->',
                       '<xs:element name="fromSekvens" type="lk:Sekvensnummer" minOccurs="0"/>',
                       '<!-- Default 100. -->',
                       '<xs:element name="antal" type="lk:Antal" minOccurs="0"/>')
        answer = seq('<xs:element name="avisering" type="lk:Avisering" minOccurs="0" maxOccurs="unbounded"/>',
                     '<xs:element name="kvitteradTomSekvens" type="lk:SekvensEllerNoll"/>',
                     '<xs:element name="senasteSekvens" type="lk:SekvensEllerNoll"/>',
                     '<!-- Where the next page starts: follow it, withheld notifications are skipped. -->',
                     '<xs:element name="nastaFromSekvens" type="lk:Sekvensnummer"/>',
                     '<xs:element name="meddelande" type="lk:Meddelande" minOccurs="0" maxOccurs="unbounded"/>')
        return question, answer, avisering_types(major)
    question = seq('<xs:element name="tomSekvens" type="lk:SekvensEllerNoll"/>')
    answer = seq('<xs:element name="kvitteradTomSekvens" type="lk:SekvensEllerNoll"/>')
    return question, answer, ''


HEADER_NOTE = '''  FK does not publish the XSD and WSDL files of these generations, so this is utbyte's own
  rendering of the contract, not FK's file (docs/leka.md, "LEKA v5–7 (SOAP)"). The server
  validates requests against whatever contracts/xsd holds, so an operator may put FK's official
  files in its place. Generated by scripts/generate_leka_soap_contracts.py: edit that, not this.'''


def operation_schema(op, snake, major):
    ns = namespace(op, major)
    question, answer, complex_types = messages(op, major)
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<!--
  LEKA (Leverera kundavisering), {op}, version {major} ({VERSIONS[major]}).
  {WHAT_SETS_APART[major]}

{HEADER_NOTE}

  Namespace: {ns} (prefix lk). Imported by
  contracts/wsdl/EXALevereraKundavisering.wsdl and leka_kundavisering_v{major}.xsd.
  Self-contained: the shared types are repeated in each operation's file.
-->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:lk="{ns}"
           targetNamespace="{ns}"
           elementFormDefault="qualified"
           attributeFormDefault="unqualified"
           version="{VERSIONS[major]}">

{simple_types(major)}  <!-- ===== Question ===== -->

  <xs:element name="{op}">
{question}  </xs:element>

  <!-- ===== Answer ===== -->

  <xs:element name="{op}Svar">
{answer}  </xs:element>

{complex_types}</xs:schema>
'''


def version_schema(major):
    imports = ''.join(
        f'  <xs:import namespace="{namespace(op, major)}" schemaLocation="leka_{snake}_v{major}.xsd"/>\n'
        for op, snake in OPERATIONS)
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<!--
  LEKA (Leverera kundavisering), version {major} ({VERSIONS[major]}): the five operations' schemas
  together, so that one file validates any question or answer of the version (the server, the
  contract test). Each operation has a namespace of its own, and a schema document one target
  namespace, hence one file per operation.

{HEADER_NOTE}
-->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" version="{VERSIONS[major]}">
{imports}</xs:schema>
'''


def wsdl():
    prefixes = {(op, m): f'{op[:1].lower()}{"".join(c for c in op[1:] if c.isupper()).lower()}{m}'
                for op, _ in OPERATIONS for m in VERSIONS}
    xmlns = ''.join(f'                  xmlns:{prefixes[(op, m)]}="{namespace(op, m)}"\n'
                    for m in VERSIONS for op, _ in OPERATIONS)
    imports = ''.join(f'      <xs:import namespace="{namespace(op, m)}"\n'
                      f'                 schemaLocation="../xsd/leka_{snake}_v{m}.xsd"/>\n'
                      for m in VERSIONS for op, snake in OPERATIONS)
    msgs = ''
    for m in VERSIONS:
        for op, _ in OPERATIONS:
            p = prefixes[(op, m)]
            msgs += (f'  <wsdl:message name="{op}V{m}Request">\n'
                     f'    <wsdl:part name="fraga" element="{p}:{op}"/>\n  </wsdl:message>\n'
                     f'  <wsdl:message name="{op}V{m}Response">\n'
                     f'    <wsdl:part name="svar" element="{p}:{op}Svar"/>\n  </wsdl:message>\n')
    port_types = ''
    bindings = ''
    ports = ''
    for m in VERSIONS:
        port_types += f'  <wsdl:portType name="LevereraKundaviseringV{m}PortType">\n'
        bindings += (f'  <wsdl:binding name="LevereraKundaviseringV{m}Binding" '
                     f'type="tns:LevereraKundaviseringV{m}PortType">\n'
                     '    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>\n')
        for op, _ in OPERATIONS:
            port_types += (f'    <wsdl:operation name="{op}">\n'
                           f'      <wsdl:input message="tns:{op}V{m}Request"/>\n'
                           f'      <wsdl:output message="tns:{op}V{m}Response"/>\n'
                           '      <wsdl:fault name="Fel" message="tns:Fel"/>\n    </wsdl:operation>\n')
            bindings += (f'    <wsdl:operation name="{op}">\n'
                         f'      <soap:operation soapAction="{namespace(op, m)}#{op}" style="document"/>\n'
                         '      <wsdl:input><soap:body use="literal"/></wsdl:input>\n'
                         '      <wsdl:output><soap:body use="literal"/></wsdl:output>\n'
                         '      <wsdl:fault name="Fel"><soap:fault name="Fel" use="literal"/></wsdl:fault>\n'
                         '    </wsdl:operation>\n')
        port_types += '  </wsdl:portType>\n'
        bindings += '  </wsdl:binding>\n'
        ports += (f'    <wsdl:port name="LevereraKundaviseringV{m}Port" binding="tns:LevereraKundaviseringV{m}Binding">\n'
                  '      <soap:address location="{{ADRESS}}"/>\n    </wsdl:port>\n')
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<!--
  LEKA (Leverera kundavisering) over WS and SHS2: Prenumeration and Avisering in versions 5, 6
  and 7, SOAP 1.1 document/literal over HTTPS with client certificates. FK's LEKA page gives,
  for "versionerna 5, 6 och 7", the addresses https://shsext.forsakringskassan.se:8200/ws and
  …/shs2 (seed 000). utbyte serves the same port types at
    /ws   and /ws/FK.EXA.Leka     (SOAP, the bindings below)
    /shs2 and /shs2/FK.EXA.Leka   (SHS2: the same body, an optional SHS label in soap:Header,
                                   product FK.EXA.Leka)
  and each operation at /ws/FK.EXA.Leka/v<version>/<operation> (and /shs2/…).

  One port type, binding and port per version, five operations each. Every operation of every
  version has a namespace of its own, urn:utbyte:leka:<operation in lower case>:<version>, and the
  SOAPAction <namespace>#<operation>: the front door picks the operation by the SOAPAction, and
  when that is absent or empty by the namespace of the body's root element.

  FK does not publish these WSDL and XSD files, so this is utbyte's own rendering of the contract,
  not FK's file (docs/leka.md); an operator may replace the files in contracts/ with FK's. Faults:
  soap:Client / soap:Server with fel:Fel in the detail, as on every utbyte SOAP service
  (contracts/xsd/soap_fel_v1.xsd). The server serves this file on /ws/FK.EXA.Leka?wsdl with its
  own address. Generated by scripts/generate_leka_soap_contracts.py: edit that, not this.
-->
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
                  xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
                  xmlns:xs="http://www.w3.org/2001/XMLSchema"
{xmlns}                  xmlns:fel="urn:utbyte:soap:fel:1"
                  xmlns:tns="urn:utbyte:leka:kundavisering:wsdl"
                  targetNamespace="urn:utbyte:leka:kundavisering:wsdl"
                  name="EXALevereraKundavisering">

  <wsdl:types>
    <xs:schema targetNamespace="urn:utbyte:leka:wsdl-typer:1">
{imports}      <xs:import namespace="urn:utbyte:soap:fel:1"
                 schemaLocation="../xsd/soap_fel_v1.xsd"/>
    </xs:schema>
  </wsdl:types>

{msgs}  <wsdl:message name="Fel">
    <wsdl:part name="fel" element="fel:Fel"/>
  </wsdl:message>

{port_types}
{bindings}
  <wsdl:service name="EXALevereraKundavisering">
{ports}  </wsdl:service>

</wsdl:definitions>
'''


def main():
    for major in VERSIONS:
        for op, snake in OPERATIONS:
            (XSD / f'leka_{snake}_v{major}.xsd').write_text(operation_schema(op, snake, major))
        (XSD / f'leka_kundavisering_v{major}.xsd').write_text(version_schema(major))
    (WSDL / 'EXALevereraKundavisering.wsdl').write_text(wsdl())


if __name__ == '__main__':
    main()
