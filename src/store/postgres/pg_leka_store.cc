#include "store/postgres/pg_leka_store.h"

#include <chrono>
#include <map>

#include <fmt/format.h>

#include "store/record_codes.h"

namespace utbyte::store::postgres {
namespace {

constexpr std::string_view kSubscriptionColumns =
    "SELECT nummer, id, aktors_id, organisationsnummer, personnummer, informationstyper, "
    "from_datum, skapad, andring_seq FROM leka_prenumeration ";

// pg_advisory_xact_lock key of the daily run's high-water mark ("utbyte-l").
constexpr std::int64_t kMarkLock = 0x7574627974652d6c;

Error corrupt(std::string_view what, std::string_view value) {
  return make_error(ErrorCode::kStoreError,
                    fmt::format("LEKA-tabellerna innehåller ett ogiltigt värde i {}: '{}'", what,
                                value.substr(0, 40)));
}

Result<Subscription> read_subscription(const Rows& r, int i) {
  Subscription s;
  s.nummer = r.int64(i, 0);
  s.id = r.string(i, 1);
  s.aktors_id = r.string(i, 2);
  s.organisationsnummer = r.string(i, 3);
  s.personnummer = r.string(i, 4);
  auto types = decode_types(r.text(i, 5));
  if (!types) return corrupt("leka_prenumeration.informationstyper", r.text(i, 5));
  s.informationstyper = std::move(*types);
  auto from = domain::parse_date(r.text(i, 6));
  if (!from.ok()) return corrupt("leka_prenumeration.from_datum", r.text(i, 6));
  s.from_datum = *from;
  s.skapad_ms = r.int64(i, 7);
  s.andring_seq = r.int64(i, 8);
  return s;
}

Status read_subscriptions(const Rows& r, std::vector<Subscription>& out) {
  for (int i = 0; i < r.size(); ++i) {
    auto s = read_subscription(r, i);
    if (!s.ok()) return s.error();
    out.push_back(std::move(s).value());
  }
  return Status::ok_status();
}

Result<std::optional<Subscription>> first_subscription(Result<Rows> rows) {
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return std::optional<Subscription>{};
  auto s = read_subscription(*rows, 0);
  if (!s.ok()) return s.error();
  return std::optional<Subscription>{std::move(s).value()};
}

Params subscription_params(const Subscription& s, std::int64_t andring_seq) {
  Params p;
  p.add(s.id)
      .add(s.aktors_id)
      .add(s.organisationsnummer)
      .add(s.personnummer)
      .add(encode_types(s.informationstyper))
      .add(domain::format_date(s.from_datum))
      .add(s.skapad_ms)
      .add(andring_seq);
  return p;
}

constexpr std::string_view kInsertSubscription =
    "INSERT INTO leka_prenumeration (id, aktors_id, organisationsnummer, personnummer, "
    "informationstyper, from_datum, skapad, andring_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
    "ON CONFLICT DO NOTHING RETURNING nummer";

std::int64_t system_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Numbers and inserts the drafts inside the caller's transaction. Each actor's row is locked
// (in sorted order, the same in every instance) before its counter is read, so a concurrent
// writer of the same actor waits and then continues after our last number.
Status insert_drafts(Connection& c, std::span<const NotificationDraft> drafts,
                     std::int64_t now_ms) {
  std::map<std::string, std::int64_t, std::less<>> next;
  for (const NotificationDraft& d : drafts) next.emplace(d.aktors_id, 0);
  for (auto& [aktor, last] : next) {
    auto ensured = c.query("INSERT INTO leka_aktor (aktors_id) VALUES ($1) ON CONFLICT DO NOTHING",
                           Params().add(aktor));
    if (!ensured.ok()) return ensured.error();
    auto counter =
        c.query_int("SELECT senaste_sekvens FROM leka_aktor WHERE aktors_id = $1 FOR UPDATE",
                    Params().add(aktor));
    if (!counter.ok()) return counter.error();
    last = *counter;
  }
  for (const NotificationDraft& d : drafts) {
    const std::int64_t sekvens = ++next.find(d.aktors_id)->second;
    auto inserted = c.query(
        "INSERT INTO leka_avisering (aktors_id, sekvens, id, prenumeration_id, personnummer, "
        "informationstyp, handelse, skapad, innehall) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        Params()
            .add(d.aktors_id)
            .add(sekvens)
            .add(d.avisering_id)
            .add(d.prenumeration_id)
            .add(d.personnummer)
            .add(domain::to_string(d.informationstyp))
            .add(to_string(d.handelse))
            .add(now_ms)
            .add(d.innehall));
    if (!inserted.ok()) return inserted.error();
  }
  for (const auto& [aktor, last] : next) {
    auto set = c.query("UPDATE leka_aktor SET senaste_sekvens = $2 WHERE aktors_id = $1",
                       Params().add(aktor).add(last));
    if (!set.ok()) return set.error();
  }
  return Status::ok_status();
}

}  // namespace

Result<std::optional<Subscription>> PgLekaStore::find_same(const Subscription& wanted) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  return first_subscription(
      (*conn)->query(std::string(kSubscriptionColumns) +
                         "WHERE aktors_id = $1 AND personnummer = $2 AND informationstyper = $3",
                     Params()
                         .add(wanted.aktors_id)
                         .add(wanted.personnummer)
                         .add(encode_types(wanted.informationstyper))));
}

Result<CreatedSubscription> PgLekaStore::create(const Subscription& subscription,
                                                std::span<const NotificationDraft> first_delivery) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  Connection& c = **conn;
  auto tx = Transaction::begin(c);
  if (!tx.ok()) return tx.error();
  auto last_change = c.query_int("SELECT coalesce(max(seq), 0) FROM register_andring");
  if (!last_change.ok()) return last_change.error();
  CreatedSubscription out;
  out.subscription = subscription;
  out.subscription.andring_seq = *last_change;
  // ON CONFLICT DO NOTHING waits for a concurrent insert of the same key to commit, then skips.
  auto inserted = c.query(kInsertSubscription, subscription_params(subscription, *last_change));
  if (!inserted.ok()) return inserted.error();
  out.created = !inserted->empty();
  if (!out.created) {
    auto existing = first_subscription(
        c.query(std::string(kSubscriptionColumns) +
                    "WHERE aktors_id = $1 AND personnummer = $2 AND informationstyper = $3",
                Params()
                    .add(subscription.aktors_id)
                    .add(subscription.personnummer)
                    .add(encode_types(subscription.informationstyper))));
    if (!existing.ok()) return existing.error();
    if (!*existing) {
      return make_error(ErrorCode::kStoreError, "Prenumerationens id är redan upptaget");
    }
    out.subscription = std::move(**existing);
    return out;
  }
  out.subscription.nummer = inserted->int64(0, 0);
  if (Status s = insert_drafts(c, first_delivery, subscription.skapad_ms); !s.ok()) {
    return s.error();
  }
  if (Status s = tx->commit(); !s.ok()) return s.error();
  out.forsta_leverans = static_cast<int>(first_delivery.size());
  return out;
}

Result<std::int64_t> PgLekaStore::create_bulk(std::span<const Subscription> subscriptions) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  Connection& c = **conn;
  auto tx = Transaction::begin(c);
  if (!tx.ok()) return tx.error();
  std::int64_t inserted = 0;
  for (const Subscription& s : subscriptions) {
    auto rows = c.query(kInsertSubscription, subscription_params(s, s.andring_seq));
    if (!rows.ok()) return rows.error();
    inserted += rows->size();
  }
  if (Status s = tx->commit(); !s.ok()) return s.error();
  return inserted;
}

Result<std::optional<Subscription>> PgLekaStore::find(std::string_view aktors_id,
                                                      std::string_view id) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  return first_subscription(
      (*conn)->query(std::string(kSubscriptionColumns) + "WHERE id = $1 AND aktors_id = $2",
                     Params().add(id).add(aktors_id)));
}

Result<SubscriptionPage> PgLekaStore::list(std::string_view aktors_id,
                                           std::optional<std::string> personnummer,
                                           std::int64_t after_nummer, int limit) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  Params params;
  params.add(aktors_id).add(after_nummer);
  if (personnummer) {
    params.add(*personnummer);
  } else {
    params.add_null();
  }
  params.add(std::int64_t{limit} + 1);  // one more than asked tells whether there is more
  auto rows = (*conn)->query(std::string(kSubscriptionColumns) +
                                 "WHERE aktors_id = $1 AND nummer > $2 AND "
                                 "($3::text IS NULL OR personnummer = $3) ORDER BY nummer LIMIT $4",
                             params);
  if (!rows.ok()) return rows.error();
  SubscriptionPage page;
  if (Status s = read_subscriptions(*rows, page.items); !s.ok()) return s.error();
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_cursor = page.items.back().nummer;
  }
  return page;
}

Result<bool> PgLekaStore::remove(std::string_view aktors_id, std::string_view id) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto rows = (*conn)->query("DELETE FROM leka_prenumeration WHERE aktors_id = $1 AND id = $2",
                             Params().add(aktors_id).add(id));
  if (!rows.ok()) return rows.error();
  return rows->affected() > 0;
}

Result<std::vector<Subscription>> PgLekaStore::all_of(std::string_view aktors_id) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto rows =
      (*conn)->query(std::string(kSubscriptionColumns) + "WHERE aktors_id = $1 ORDER BY nummer",
                     Params().add(aktors_id));
  if (!rows.ok()) return rows.error();
  std::vector<Subscription> out;
  if (Status s = read_subscriptions(*rows, out); !s.ok()) return s.error();
  return out;
}

Result<std::vector<Subscription>> PgLekaStore::for_persons(std::span<const std::string> persons) {
  std::vector<Subscription> out;
  if (persons.empty()) return out;
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  // One statement for the whole lookup: the persons travel as one array parameter.
  auto rows =
      (*conn)->query(std::string(kSubscriptionColumns) +
                         "WHERE personnummer = ANY($1::text[]) ORDER BY personnummer, nummer",
                     Params().add(text_array({persons.begin(), persons.end()})));
  if (!rows.ok()) return rows.error();
  if (Status s = read_subscriptions(*rows, out); !s.ok()) return s.error();
  return out;
}

Result<bool> PgLekaStore::append(std::span<const NotificationDraft> drafts,
                                 std::optional<std::int64_t> expected_mark, std::int64_t new_mark) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  Connection& c = **conn;
  auto tx = Transaction::begin(c);
  if (!tx.ok()) return tx.error();
  if (expected_mark) {
    // A second daily run (another instance) that read the same mark waits here, then finds it
    // moved and writes nothing, so no change is notified twice.
    auto locked = c.query("SELECT pg_advisory_xact_lock($1)", Params().add(kMarkLock));
    if (!locked.ok()) return locked.error();
    auto mark = c.query("SELECT value FROM leka_meta WHERE key = 'hogvattenmarke'");
    if (!mark.ok()) return mark.error();
    const std::int64_t current =
        mark->empty() ? 0 : std::strtoll(mark->string(0, 0).c_str(), nullptr, 10);
    if (current != *expected_mark) return false;
  }
  if (Status s = insert_drafts(c, drafts, system_now_ms()); !s.ok()) return s.error();
  if (expected_mark) {
    auto set = c.query(
        "INSERT INTO leka_meta (key, value) VALUES ('hogvattenmarke', $1) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        Params().add(std::to_string(new_mark)));
    if (!set.ok()) return set.error();
  }
  if (Status s = tx->commit(); !s.ok()) return s.error();
  return true;
}

Result<std::int64_t> PgLekaStore::high_water_mark() {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto mark = (*conn)->query("SELECT value FROM leka_meta WHERE key = 'hogvattenmarke'");
  if (!mark.ok()) return mark.error();
  if (mark->empty()) return std::int64_t{0};
  return std::strtoll(mark->string(0, 0).c_str(), nullptr, 10);
}

Result<std::vector<RegisterChange>> PgLekaStore::changes_after(std::int64_t after_seq, int limit) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto rows = (*conn)->query(
      "SELECT seq, personnummer, informationstyp, myndighet, handelse, handelsedatum, referens "
      "FROM register_andring WHERE seq > $1 ORDER BY seq LIMIT $2",
      Params().add(after_seq).add(std::int64_t{limit}));
  if (!rows.ok()) return rows.error();
  const Rows& r = *rows;
  std::vector<RegisterChange> out;
  for (int i = 0; i < r.size(); ++i) {
    RegisterChange c;
    c.seq = r.int64(i, 0);
    c.personnummer = r.string(i, 1);
    auto type = domain::parse_information_type(r.text(i, 2));
    if (!type) return corrupt("register_andring.informationstyp", r.text(i, 2));
    c.informationstyp = *type;
    auto myndighet = parse_myndighet(r.text(i, 3));
    if (!myndighet) return corrupt("register_andring.myndighet", r.text(i, 3));
    c.myndighet = *myndighet;
    auto handelse = parse_handelse(r.text(i, 4));
    if (!handelse) return corrupt("register_andring.handelse", r.text(i, 4));
    c.handelse = *handelse;
    auto date = domain::parse_date(r.text(i, 5));
    if (!date.ok()) return corrupt("register_andring.handelsedatum", r.text(i, 5));
    c.handelsedatum = *date;
    c.referens = r.string(i, 6);
    out.push_back(std::move(c));
  }
  return out;
}

Result<NotificationPage> PgLekaStore::notifications(std::string_view aktors_id,
                                                    std::optional<std::int64_t> from_sekvens,
                                                    int limit) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  Connection& c = **conn;
  auto tx = Transaction::begin(c);
  if (!tx.ok()) return tx.error();
  NotificationPage page;
  auto state = c.query(
      "SELECT senaste_sekvens, kvitterad_tom FROM leka_aktor WHERE aktors_id = $1 FOR UPDATE",
      Params().add(aktors_id));
  if (!state.ok()) return state.error();
  if (state->empty()) return page;  // nothing was ever queued for this actor
  page.senaste_sekvens = state->int64(0, 0);
  page.kvitterad_tom = state->int64(0, 1);
  auto rows = c.query(
      "SELECT sekvens, personnummer, informationstyp, innehall FROM leka_avisering "
      "WHERE aktors_id = $1 AND sekvens >= $2 ORDER BY sekvens LIMIT $3",
      Params()
          .add(aktors_id)
          .add(from_sekvens.value_or(page.kvitterad_tom + 1))
          .add(std::int64_t{limit}));
  if (!rows.ok()) return rows.error();
  for (int i = 0; i < rows->size(); ++i) {
    StoredNotification n;
    n.sekvens = rows->int64(i, 0);
    n.personnummer = rows->string(i, 1);
    auto type = domain::parse_information_type(rows->text(i, 2));
    if (!type) return corrupt("leka_avisering.informationstyp", rows->text(i, 2));
    n.informationstyp = *type;
    n.innehall = rows->string(i, 3);
    page.items.push_back(std::move(n));
  }
  if (!page.items.empty()) {
    auto set = c.query(
        "UPDATE leka_aktor SET levererad_tom = greatest(levererad_tom, $2) WHERE aktors_id = $1",
        Params().add(aktors_id).add(page.items.back().sekvens));
    if (!set.ok()) return set.error();
  }
  if (Status s = tx->commit(); !s.ok()) return s.error();
  return page;
}

Result<std::int64_t> PgLekaStore::acknowledge(std::string_view aktors_id, std::int64_t tom_sekvens,
                                              std::int64_t now_ms) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  Connection& c = **conn;
  auto tx = Transaction::begin(c);
  if (!tx.ok()) return tx.error();
  auto state =
      c.query("SELECT levererad_tom, kvitterad_tom FROM leka_aktor WHERE aktors_id = $1 FOR UPDATE",
              Params().add(aktors_id));
  if (!state.ok()) return state.error();
  const std::int64_t delivered = state->empty() ? 0 : state->int64(0, 0);
  const std::int64_t acknowledged = state->empty() ? 0 : state->int64(0, 1);
  if (tom_sekvens > delivered) {
    return make_error(ErrorCode::kAcknowledgementAhead,
                      fmt::format("tomSekvens {} är större än den senast levererade aviseringen "
                                  "({}); kvittera bara aviseringar som hämtats",
                                  tom_sekvens, delivered));
  }
  if (tom_sekvens <= acknowledged) return acknowledged;  // already acknowledged: idempotent
  auto mark = c.query(
      "UPDATE leka_avisering SET kvitterad = $4 WHERE aktors_id = $1 AND sekvens > $2 AND "
      "sekvens <= $3",
      Params().add(aktors_id).add(acknowledged).add(tom_sekvens).add(now_ms));
  if (!mark.ok()) return mark.error();
  auto set = c.query("UPDATE leka_aktor SET kvitterad_tom = $2 WHERE aktors_id = $1",
                     Params().add(aktors_id).add(tom_sekvens));
  if (!set.ok()) return set.error();
  if (Status s = tx->commit(); !s.ok()) return s.error();
  return tom_sekvens;
}

Result<std::int64_t> PgLekaStore::purge(std::int64_t older_than_ms) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto rows =
      (*conn)->query("DELETE FROM leka_avisering WHERE kvitterad IS NOT NULL AND kvitterad < $1",
                     Params().add(older_than_ms));
  if (!rows.ok()) return rows.error();
  return rows->affected();
}

}  // namespace utbyte::store::postgres
