#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace utbyte::store {

// One received version of an E-IOA notification (AnmalanFranArbetsgivare), exactly as it
// arrived (signed XML), with who sent it and when.
struct EioaVersion {
  std::string id;                // the notification's uuid (ase:id)
  std::string tx_id;             // our answer's tx-id
  std::string leverantor_orgnr;  // the system vendor: organisation of the client certificate
  std::string anordnare_orgnr;   // ase:assistansanordnare/ase:organisationsnummer
  std::string personnummer;      // ase:personSomHarAssistans/ase:personnummer
  std::string assistent_personnummer;
  std::string signerare;         // the signer certificate's subject
  std::string kanal;             // "SOAP" or "SHS2"
  std::int64_t mottagen_ms = 0;  // received, Unix milliseconds
  std::string xml;               // the notification document as verified
  int version = 0;               // 1 for the first version of this id; set by the store
};

// The current state of one notification id: its latest version and how many there were.
struct EioaCurrent {
  EioaVersion senaste;
  // The vendor whose version 1 this is: the id's owner, the only vendor that may send it again
  // (docs/decisions.md E13). Equal to senaste.leverantor_orgnr except for versions stored
  // before ownership was enforced.
  std::string agare_orgnr;
  int antal_versioner = 0;
  // Set when the same id was sent again: FK then handles the notification by hand (seed 002).
  bool manuell_hantering = false;
  std::int64_t forst_mottagen_ms = 0;
};

// What a stored id is about, as far as a resend must agree with it: its owner (the vendor of
// version 1) and the two persons of its current version.
struct EioaIdentity {
  std::string agare_orgnr;
  std::string personnummer;
  std::string assistent_personnummer;
};

// Ok when `resend` may become a new version of the id whose stored identity is `stored`:
//   kEioaIdOwnedByOtherVendor  another vendor sent the id first (checked first, so that vendor
//                              learns nothing about the stored notification's persons);
//   kEioaPersonChanged         another person with assistance or assistant (seed 002: a changed
//                              notification needs a new uuid).
// The stores call it inside save()'s transaction; the E-IOA service calls it before, to refuse
// without spending the resend budget (docs/decisions.md E13–E15).
Status check_resend(const EioaIdentity& stored, const EioaVersion& resend);

// Received E-IOA notifications. Safe from many threads.
class EioaStore {
 public:
  virtual ~EioaStore() = default;

  // Appends `version` to the id's history and makes it the current one (latest wins), in one
  // committed transaction: when this returns, the notification survives a crash. The second and
  // later versions set manuell_hantering. A version for an id already stored is first checked
  // with check_resend() against the id's owner and current version **in the same transaction**,
  // so of two vendors sending a new id at once exactly one owns it; a refused version writes
  // nothing. Returns the new current state.
  // Errors: kEioaIdOwnedByOtherVendor, kEioaPersonChanged (nothing written), kStoreError.
  virtual Result<EioaCurrent> save(const EioaVersion& version) = 0;

  // The current notification with this id, or nullopt.
  virtual Result<std::optional<EioaCurrent>> find(const std::string& id) = 0;

  // Every received version of the id, oldest first.
  virtual Result<std::vector<EioaVersion>> history(const std::string& id) = 0;

  // Current notifications, most recently received first, at most `limit`.
  virtual Result<std::vector<EioaCurrent>> list(int limit) = 0;

  // Number of received versions (every id, every version): a test and benchmark probe.
  virtual Result<std::int64_t> count_versions() = 0;
};

}  // namespace utbyte::store
