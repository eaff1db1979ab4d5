#pragma once

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
  std::string rattslig_grund;  // legal basis, written to the audit log with every disclosure
};

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

  // Errors: kInvalidAktorsId (not 1–64 URL-safe characters), kActorNotPermitted (production:
  // the certificate's organisation has no agreement, or the agreement names another aktorsId).
  Result<Agreement> authorize(const tls::PeerIdentity& peer, std::string_view aktors_id) const;

 private:
  explicit ActorRegistry(Mode mode) : mode_(mode) {}

  Mode mode_;
  std::vector<Agreement> agreements_;
};

// True for 1–64 characters of [A-Za-z0-9._~-] (RFC 3986 unreserved).
bool is_url_safe_aktors_id(std::string_view id);

}  // namespace utbyte::platform
