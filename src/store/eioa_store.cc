#include "store/eioa_store.h"

#include <fmt/format.h>

namespace utbyte::store {

Status check_resend(const EioaIdentity& stored, const EioaVersion& resend) {
  // Never name the owner or the stored persons: the message goes to whoever sent the resend.
  if (resend.leverantor_orgnr != stored.agare_orgnr) {
    return make_error(ErrorCode::kEioaIdOwnedByOtherVendor,
                      fmt::format("Anmälan med id {} har redan skickats av en annan "
                                  "systemleverantör; ett id tillhör den som först skickade det. "
                                  "Skicka anmälan med ett nytt id",
                                  resend.id));
  }
  const bool person_changed = resend.personnummer != stored.personnummer;
  const bool assistant_changed = resend.assistent_personnummer != stored.assistent_personnummer;
  if (person_changed || assistant_changed) {
    return make_error(
        ErrorCode::kEioaPersonChanged,
        fmt::format("Anmälan med id {} gäller {} än den som redan har tagits emot; en inskickad "
                    "anmälan kan inte ändras, skicka en ny med ett nytt id",
                    resend.id,
                    person_changed && assistant_changed ? "en annan person med assistans och "
                                                          "en annan assistent"
                    : person_changed                    ? "en annan person med assistans"
                                                        : "en annan assistent"));
  }
  return Status::ok_status();
}

}  // namespace utbyte::store
