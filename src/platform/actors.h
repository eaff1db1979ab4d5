#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/information_type.h"
#include "platform/tls/peer_identity.h"

namespace utbyte::platform {

// How a server treats aktorsId: as FK's test environment does (any URL-safe id, every
// information type), or as production does (certificate → actor → agreement).
enum class Mode { kTest, kProduction };

std::string_view to_string(Mode mode);

// What one actor may see: its agreement with FK.
struct Agreement {
  std::string aktors_id;
  std::string organisationsnummer;
  std::string namn;
  std::set<domain::InformationType> informationstyper;
  // Legal basis, written to the audit log with every disclosure. After authorisation for a
  // service (ActorRegistry), it is the basis the agreement gives for that service.
  std::string rattslig_grund;
  // The services the agreement covers (kTjanst* below). An actors file entry without
  // "tjanster" covers LEFI and LEKA only, as agreements did before E-IOA and SSBTEK existed.
  std::set<std::string, std::less<>> tjanster;
  // A legal basis per service ("rattsligGrundPerTjanst"), where it differs from rattslig_grund:
  // an agreement may cover LEFI under 110 kap. SFB and SSBTEK under 4 kap. SoL.
  std::map<std::string, std::string, std::less<>> rattslig_grund_per_tjanst;
  // SSEK ("ssekSignatur": true): every message on the SSEK address must be signed (WS-Security).
  // Without it a signature is verified when one is sent.
  bool ssek_signatur = false;

  bool covers(std::string_view tjanst) const { return tjanster.contains(tjanst); }

  // The legal basis for disclosures through `tjanst`.
  const std::string& rattslig_grund_for(std::string_view tjanst) const {
    const auto it = rattslig_grund_per_tjanst.find(tjanst);
    return it == rattslig_grund_per_tjanst.end() ? rattslig_grund : it->second;
  }
};

// Service names an agreement can cover ("tjanster" in the actors file).
inline constexpr std::string_view kTjanstLefi = "LEFI";
inline constexpr std::string_view kTjanstLeka = "LEKA";
inline constexpr std::string_view kTjanstEioa = "EIOA";
// SSBTEK requires the legal basis of 4 kap. SoL: only the unit deciding on ekonomiskt bistånd.
inline constexpr std::string_view kTjanstSsbtek = "SSBTEK";

// Maps a verified client certificate and the aktorsId of the URL to an agreement.
// Immutable after construction; safe from many threads.
class ActorRegistry {
 public:
  // Test mode: any URL-safe aktorsId, every information type, legal basis "TESTMILJO".
  static ActorRegistry test_mode();

  // Production mode from an actors file:
  // {"aktorer":[{"aktorsId","organisationsnummer","namn","informationstyper":[...],
  //              "rattsligGrund"}]}. Errors: kConfigError naming the file and the problem.
  static Result<ActorRegistry> load(const std::string& path);

  Mode mode() const { return mode_; }

  // The agreement of `aktors_id` for the certificate's organisation, whatever its services.
  // Errors: kInvalidAktorsId (not 1–64 URL-safe characters), kActorNotPermitted (production:
  // the certificate's organisation has no agreement, or the agreement names another aktorsId).
  Result<Agreement> authorize(const tls::PeerIdentity& peer, std::string_view aktors_id) const;

  // The one check of every partner route (platform/pipeline): organisation → agreement →
  // aktorsId (when the address names one; empty `aktors_id` = the organisation's agreement
  // that covers `tjanst`) → `tjanst` covered. The agreement returned carries the legal basis it
  // gives for `tjanst` in rattslig_grund. Test mode: an agreement for the certificate's
  // organisation covering every service and type (aktorsId: the one in the address, else the
  // organisation number). Errors: those of authorize(), kActorNotPermitted (no agreement of the
  // organisation), kServiceNotCovered (the agreement, or every agreement of the organisation,
  // leaves `tjanst` out).
  Result<Agreement> authorize_for(const tls::PeerIdentity& peer, std::string_view aktors_id,
                                  std::string_view tjanst) const;

  // authorize_for() for an address without aktorsId (SOAP/SHS2 services, the web interface).
  Result<Agreement> authorize_service(const tls::PeerIdentity& peer,
                                      std::string_view tjanst) const {
    return authorize_for(peer, {}, tjanst);
  }

 private:
  explicit ActorRegistry(Mode mode) : mode_(mode) {}

  Mode mode_;
  std::vector<Agreement> agreements_;
};

// True for 1–64 characters of [A-Za-z0-9._~-] (RFC 3986 unreserved): the aktorsIds an operator
// assigns in the actors file and to web users.
bool is_url_safe_aktors_id(std::string_view id);

// True for an aktorsId a request may carry, percent-decoded: 1–64 characters of valid UTF-8 and
// no control characters. Seeds 000/001: in the test environment "godtycklig sträng (som är
// tillåten i en URL) kan användas som aktörs-id"; the bounds keep it safe to store and log.
bool is_valid_aktors_id(std::string_view id);

}  // namespace utbyte::platform
