#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "client/https_client.h"
#include "core/result.h"
#include "platform/xml/xml_problem.h"

namespace utbyte::client {

// How a notification travels (docs/eioa.md): the SOAP web service, or SHS2 (the same envelope
// with an SHS label in soap:Header).
enum class EioaKanal { kSoap, kShs2 };

struct EioaSendOptions {
  EioaKanal kanal = EioaKanal::kSoap;
  std::string path;  // the service address path (kWsPath or kShs2Path)
  // SHS2 only: the label's parties and product.
  std::string from_orgnr;  // the sending node: the vendor's organisation number
  std::string to_orgnr;    // FK
  std::string product;
  std::string status = "test";  // test | production
  std::string corr_id;          // defaults to a new UUID
};

// What the service answered.
struct EioaSendResult {
  int http_status = 0;
  std::string tx_id;   // set when the notification was accepted
  std::string felkod;  // set for a fault
  std::string faultstring;
  platform::xml::Problems problems;        // every problem of a fault (kod read back as text below)
  std::vector<std::string> problem_codes;  // the fault's kod values, in order
  std::string body;                        // the whole answer, for logs
};

// The request envelope for a notification file's text (its XML declaration dropped).
std::string eioa_request_envelope(std::string_view anmalan_xml, const EioaSendOptions& options);

// Sends one notification and reads the answer: a tx-id, or the fault with every problem.
// Errors: transport (kIoError, kCryptoError) and answers that are neither (kInvalidRequest
// with the HTTP status).
Result<EioaSendResult> send_anmalan(HttpsClient& http, std::string_view anmalan_xml,
                                    const EioaSendOptions& options);

}  // namespace utbyte::client
