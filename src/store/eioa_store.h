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
  int antal_versioner = 0;
  // Set when the same id was sent again: FK then handles the notification by hand (seed 002).
  bool manuell_hantering = false;
  std::int64_t forst_mottagen_ms = 0;
};

// Received E-IOA notifications. Safe from many threads.
class EioaStore {
 public:
  virtual ~EioaStore() = default;

  // Appends `version` to the id's history and makes it the current one (latest wins), in one
  // committed transaction: when this returns, the notification survives a crash. The second and
  // later versions set manuell_hantering. Returns the new current state. Errors: kStoreError.
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
