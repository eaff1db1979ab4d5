#pragma once

// The agreement holds when LEKA delivers, not only when a notification was produced
// (docs/leka.md, "Agreements at delivery time"): a notification produced while the agreement
// allowed its types is withheld from a page once the agreement no longer does. Withheld
// notifications keep their place in the feed: the page's nastaFromSekvens moves past them, so the
// partner acknowledges past them and is never stuck.

#include <cstdint>
#include <string>
#include <vector>

#include "domain/information_type.h"
#include "platform/actors.h"
#include "store/leka_store.h"

namespace utbyte::leka {

// The information types a stored notification discloses: its own type, and UTBETALNING when its
// tillstand carries payments (subscriptions with UTBETALNING, on payment events, first delivery
// and refresh).
std::vector<domain::InformationType> disclosed_types(const store::StoredNotification& notification);

// The notifications of a page withheld for one type the agreement no longer allows.
struct WithheldType {
  domain::InformationType informationstyp = domain::InformationType::kSjukpenning;
  std::vector<std::int64_t> sekvensnummer;  // ascending
};

struct DeliverablePage {
  std::vector<store::StoredNotification> delivered;  // in sequence order
  // One entry per type no longer allowed, in type order. A notification that discloses several
  // such types is counted once, under its own type first.
  std::vector<WithheldType> withheld;
};

// Splits a page's notifications into those `agreement` allows now and those it no longer does.
DeliverablePage withhold_not_allowed(std::vector<store::StoredNotification> items,
                                     const platform::Agreement& agreement);

// The partner's explanation of `withheld` (the text of meddelande AVISERINGAR_UNDANHALLNA).
std::string withheld_text(const WithheldType& withheld);

}  // namespace utbyte::leka
