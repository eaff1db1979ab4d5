#pragma once

// SSEK 2.0's message header (SSEK: "Säkra webbtjänster för affärskritisk kommunikation", the
// insurance industry's SOAP profile, which LEFI's SSEK address /ssek/FK.EXA.Lefi.Fraga speaks):
//
//   <ssek:SSEK soap:mustUnderstand="1" xmlns:ssek="http://schemas.ssek.org/ssek/2006-05-10/">
//     <ssek:SenderId ssek:Type="ORGNR">5561234567</ssek:SenderId>
//     <ssek:ReceiverId ssek:Type="ORGNR">2021005521</ssek:ReceiverId>
//     <ssek:TxId>9f1c…</ssek:TxId>
//   </ssek:SSEK>
//
// What is confirmed and what is assumed: contracts/xsd/ssek_2006_05_10.xsd and decisions R34.

#include <string>
#include <string_view>

#include <libxml/tree.h>

#include "core/result.h"
#include "platform/xml/xml_problem.h"

namespace utbyte::platform::soap {

inline constexpr std::string_view kSsekNamespace = "http://schemas.ssek.org/ssek/2006-05-10/";
// The identity type of an organisation number (SenderId/ReceiverId ssek:Type).
inline constexpr std::string_view kSsekOrgnr = "ORGNR";

// An identity and its type, e.g. {"ORGNR", "5561234567"}.
struct SsekPartId {
  std::string type;
  std::string id;
};

struct SsekHeader {
  SsekPartId sender;
  SsekPartId receiver;
  std::string tx_id;  // "" when the sender gave none
};

// True when `node` is {kSsekNamespace}SSEK.
bool is_ssek_header(const xmlNode* node);

// Reads an ssek:SSEK element: SenderId and ReceiverId (each with a non-empty ssek:Type and
// identity), then an optional TxId, in that order; elements of other namespaces may follow.
// Every problem is appended to `problems` with code kSsekHeaderInvalid and an error is returned
// when there was one.
Result<SsekHeader> parse_ssek_header(const xmlNode* node, xml::Problems* problems);

// The header of the answer: sender and receiver swapped, the TxId echoed (left out when the
// request had none), with soap:mustUnderstand="1". No XML declaration.
std::string write_ssek_reply_header(const SsekHeader& request);

// The header as a client writes it (the CLI, tests).
std::string write_ssek_header(const SsekHeader& header);

}  // namespace utbyte::platform::soap
