#include "leka/delivery_filter.h"

#include <map>
#include <optional>
#include <string_view>

#include <fmt/format.h>

namespace utbyte::leka {
namespace {

using domain::InformationType;

// Notifications are JSON this server rendered (notification_renderer.cc), whose only member
// named "utbetalningar" is tillstand's list of payments. The quoted name followed by a colon
// cannot occur inside a string value, where the writer escapes every '"', so finding it is
// exact and spares parsing every notification of a page.
bool carries_payments(const store::StoredNotification& notification) {
  return notification.innehall.find("\"utbetalningar\":") != std::string::npos;
}

// The first type `notification` discloses that `agreement` does not allow, if any.
std::optional<InformationType> first_not_allowed(const store::StoredNotification& notification,
                                                 const platform::Agreement& agreement) {
  for (InformationType type : disclosed_types(notification)) {
    if (!agreement.informationstyper.contains(type)) return type;
  }
  return std::nullopt;
}

}  // namespace

std::vector<InformationType> disclosed_types(const store::StoredNotification& notification) {
  std::vector<InformationType> types = {notification.informationstyp};
  if (notification.informationstyp != InformationType::kUtbetalning &&
      carries_payments(notification)) {
    types.push_back(InformationType::kUtbetalning);
  }
  return types;
}

DeliverablePage withhold_not_allowed(std::vector<store::StoredNotification> items,
                                     const platform::Agreement& agreement) {
  DeliverablePage page;
  page.delivered.reserve(items.size());
  std::map<InformationType, std::vector<std::int64_t>> withheld;
  for (auto& notification : items) {
    if (const auto type = first_not_allowed(notification, agreement)) {
      withheld[*type].push_back(notification.sekvens);
    } else {
      page.delivered.push_back(std::move(notification));
    }
  }
  for (auto& [type, sekvens] : withheld) page.withheld.push_back({type, std::move(sekvens)});
  return page;
}

std::string withheld_text(const WithheldType& withheld) {
  const std::size_t n = withheld.sekvensnummer.size();
  const std::string_view code = domain::to_string(withheld.informationstyp);
  const std::string_view what = n == 1 ? "avisering" : "aviseringar";
  if (withheld.informationstyp == InformationType::kUtbetalning) {
    return fmt::format(
        "{} {} med utbetalningar (informationstyp {}) undanhålls: avtalet medger inte längre "
        "typen",
        n, what, code);
  }
  return fmt::format("{} {} av informationstyp {} undanhålls: avtalet medger inte längre typen", n,
                     what, code);
}

}  // namespace utbyte::leka
