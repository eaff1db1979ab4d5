#pragma once

// LEKA v9's durable state (docs/leka.md): subscriptions (prenumerationer), the per-actor
// notification feed (aviseringar) with its acknowledgement cursor, and the daily run's
// high-water mark in the register's change log. The register's change log itself is written by
// `register advance` (store/synthetic/register_advance.h) in the transaction of each change.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/date.h"
#include "domain/information_type.h"

namespace utbyte::store {

// Events of the register's change log and of notifications. Wire names in to_string().
enum class Handelse {
  kNyttBeslut,            // NYTT_BESLUT: a decision was made
  kAndratBeslut,          // ANDRAT_BESLUT: a decision was changed (e.g. extended)
  kNyUtbetalning,         // NY_UTBETALNING: a payment entered the register (preliminary)
  kUtbetalningGenomford,  // UTBETALNING_GENOMFORD: a preliminary payment was paid out
  kFormanUpphord,         // FORMAN_UPPHORD: a decision's period ended
  kFormanSparrad,         // FORMAN_SPARRAD: a benefit was blocked
  kLevnadsintygInkommet,  // LEVNADSINTYG_INKOMMET: a blocked pension was released
  kAvliden,               // AVLIDEN: the person died (one event per benefit type they had)
  kForstaLeverans,        // FORSTA_LEVERANS: state at registration (notifications only)
  kHeluppdatering,        // HELUPPDATERING: state on a full refresh (notifications only)
};

std::string_view to_string(Handelse handelse);
std::optional<Handelse> parse_handelse(std::string_view text);

// One row of the register's change log (register_andring).
struct RegisterChange {
  std::int64_t seq = 0;  // assigned by the database, gap-free within one writer
  std::string personnummer;
  domain::InformationType informationstyp = domain::InformationType::kSjukpenning;
  domain::Myndighet myndighet = domain::Myndighet::kFK;
  Handelse handelse = Handelse::kNyttBeslut;
  domain::Date handelsedatum{};
  std::string referens;  // beslut_id or utbetalnings_id the change concerns
};

// A subscription. Types are kept sorted and unique: "same actor, person and types" identifies it.
struct Subscription {
  std::string id;  // prenumerationsId, "P-" + 32 hex digits
  std::string aktors_id;
  std::string organisationsnummer;
  std::string personnummer;
  std::vector<domain::InformationType> informationstyper;
  domain::Date from_datum{};
  std::int64_t skapad_ms = 0;
  // The change-log seq the first delivery already covers: the daily run skips changes up to it.
  std::int64_t andring_seq = 0;
  std::int64_t nummer = 0;  // assigned by the store; the paging cursor
};

// A notification ready to be stored: everything but its sequence number, which the store assigns
// per actor when it inserts. `innehall` is the JSON object without "sekvensnummer" (the store's
// reader puts it first).
struct NotificationDraft {
  std::string aktors_id;
  std::string avisering_id;
  std::string prenumeration_id;
  std::string personnummer;
  domain::InformationType informationstyp = domain::InformationType::kSjukpenning;
  Handelse handelse = Handelse::kNyttBeslut;
  std::string innehall;
};

struct StoredNotification {
  std::int64_t sekvens = 0;
  std::string personnummer;
  domain::InformationType informationstyp = domain::InformationType::kSjukpenning;
  std::string innehall;  // as in NotificationDraft
};

struct NotificationPage {
  std::vector<StoredNotification> items;
  std::int64_t kvitterad_tom = 0;    // the actor's acknowledged-up-to sequence
  std::int64_t senaste_sekvens = 0;  // the actor's last sequence number
};

struct CreatedSubscription {
  Subscription subscription;
  bool created = false;  // false: the same subscription existed (idempotent registration)
  int forsta_leverans = 0;
};

struct SubscriptionPage {
  std::vector<Subscription> items;
  std::optional<std::int64_t> next_cursor;  // nummer to continue after; absent at the end
};

class LekaStore {
 public:
  virtual ~LekaStore() = default;

  // The actor's subscription with the same person and types, if any.
  virtual Result<std::optional<Subscription>> find_same(const Subscription& wanted) = 0;

  // Stores `subscription` and its first-delivery notifications in one transaction. When the same
  // subscription exists already (a concurrent registration won), nothing is written and that one
  // is returned with created=false. andring_seq is set to the change log's last seq.
  virtual Result<CreatedSubscription> create(const Subscription& subscription,
                                             std::span<const NotificationDraft> first_delivery) = 0;

  // Inserts subscriptions without first delivery, in one transaction (benchmarks, bulk loads);
  // existing ones are skipped. Returns how many were inserted.
  virtual Result<std::int64_t> create_bulk(std::span<const Subscription> subscriptions) = 0;

  // The actor's subscription `id`; nullopt for unknown ids and other actors' subscriptions.
  virtual Result<std::optional<Subscription>> find(std::string_view aktors_id,
                                                   std::string_view id) = 0;

  // The actor's subscriptions after `after_nummer` in nummer order, optionally one person's.
  virtual Result<SubscriptionPage> list(std::string_view aktors_id,
                                        std::optional<std::string> personnummer,
                                        std::int64_t after_nummer, int limit) = 0;

  // False when the actor has no subscription `id`.
  virtual Result<bool> remove(std::string_view aktors_id, std::string_view id) = 0;

  // Every subscription of the actor, in nummer order (full refresh).
  virtual Result<std::vector<Subscription>> all_of(std::string_view aktors_id) = 0;

  // Subscriptions of the given persons (sorted, unique), ordered by personnummer: the daily
  // run's lookup by the person index.
  virtual Result<std::vector<Subscription>> for_persons(std::span<const std::string> persons) = 0;

  // Notifications from `from_sekvens` (default: acknowledged + 1), at most `limit`, in order.
  // Records the highest sequence handed out, which bounds acknowledge().
  virtual Result<NotificationPage> notifications(std::string_view aktors_id,
                                                 std::optional<std::int64_t> from_sekvens,
                                                 int limit) = 0;

  // Acknowledges up to `tom_sekvens` (idempotent; never moves back). Returns the acknowledged-
  // up-to sequence afterwards. Errors: kAcknowledgementAhead when tom_sekvens is beyond the last
  // sequence handed out.
  virtual Result<std::int64_t> acknowledge(std::string_view aktors_id, std::int64_t tom_sekvens,
                                           std::int64_t now_ms) = 0;

  // Appends notifications (sequence per actor) in one transaction. With `expected_mark`, also
  // moves the daily run's high-water mark from *expected_mark to `new_mark` in that transaction;
  // when the stored mark is not *expected_mark (another run got there first) nothing is written
  // and the result is false.
  virtual Result<bool> append(std::span<const NotificationDraft> drafts,
                              std::optional<std::int64_t> expected_mark, std::int64_t new_mark) = 0;

  virtual Result<std::int64_t> high_water_mark() = 0;
  // Change-log rows after `after_seq`, at most `limit`, in seq order.
  virtual Result<std::vector<RegisterChange>> changes_after(std::int64_t after_seq, int limit) = 0;

  // Deletes notifications acknowledged before `older_than_ms`. Returns how many.
  virtual Result<std::int64_t> purge(std::int64_t older_than_ms) = 0;
};

// Types as stored: codes sorted by enum order, comma-joined.
std::string encode_types(std::span<const domain::InformationType> types);
std::optional<std::vector<domain::InformationType>> decode_types(std::string_view text);

}  // namespace utbyte::store
