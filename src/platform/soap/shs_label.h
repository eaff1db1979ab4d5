#pragma once

#include <string>
#include <string_view>

#include <libxml/tree.h>

#include "core/result.h"
#include "platform/xml/xml_problem.h"

namespace utbyte::platform::soap {

// SHS2 on the wire (docs/decisions.md E3): a SOAP 1.1 envelope whose soap:Header carries the SHS
// label as <shs:shs.label> in this namespace, and whose soap:Body carries the message content.
// The reply is an envelope of the same form with the reply label.
inline constexpr std::string_view kShsLabelNamespace = "urn:shs:label:1.2";
// The receiving node of every FK product: Försäkringskassan, 202100-5521.
inline constexpr std::string_view kFkOrganisationsnummer = "2021005521";

// The SHS label (reference §7, after Inera Axel's model of shs-label 1.2): the attributes and
// the elements a synchronous request/reply needs.
struct ShsLabel {
  std::string version = "1.2";
  std::string tx_id;                    // UUID, required
  std::string corr_id;                  // required
  std::string shs_agreement;            // optional
  std::string transfer_type = "synch";  // synch | asynch
  std::string message_type = "simple";
  std::string sequence_type;          // event | request | reply | adm, required
  std::string status = "production";  // test | production
  std::string originator;             // organisation number, optional
  std::string from;                   // organisation number, optional (originator or from required)
  std::string to;                     // organisation number, optional
  std::string end_recipient;          // optional
  std::string product;                // required: the produkttyp, e.g. FK.EIOA.AnmalanArbetsgivare
  std::string subject;                // optional
  std::string datetime;               // required, ISO 8601
  std::string content_id;             // required (content/@content-id)
  std::string datapart_type = "xml";  // content/data/@datapart-type

  // The sender: from, or originator when from is absent.
  const std::string& sender() const { return from.empty() ? originator : from; }
};

// Reads and checks a <shs:shs.label> element. Every problem is reported (code kShsLabelInvalid,
// with the attribute or element it concerns): missing or malformed tx.id (a UUID), corr.id,
// sequence-type, transfer-type, status, product, datetime, content-id, and organisation numbers
// that fail the Luhn check. Errors: the whole list.
Result<ShsLabel> parse_shs_label(const xmlNode* element, xml::Problems* problems);

// The label of the reply to `request` (reference §7): from/to and originator/end-recipient
// swapped, corr.id copied, sequence-type "reply", a new content-id; a synchronous reply reuses
// the request's tx.id, an asynchronous one gets `new_tx_id`.
ShsLabel make_reply_label(const ShsLabel& request, std::string datetime, std::string content_id,
                          std::string new_tx_id);

// The label as an <shs:shs.label> element (no XML declaration), for a SOAP header.
std::string write_shs_label(const ShsLabel& label);

// True for a UUID in the 8-4-4-4-12 hexadecimal form.
bool is_uuid(std::string_view text);

}  // namespace utbyte::platform::soap
