#include "store/postgres/pg_order_store.h"

#include <algorithm>
#include <array>
#include <map>

#include <fmt/format.h>

#include "store/audit_chain.h"
#include "store/column_codecs.h"

namespace utbyte::store::postgres {
namespace {

constexpr std::string_view kOrderColumns =
    "SELECT nummer, id, aktors_id, organisationsnummer, klientreferens, informationstyper, "
    "from_datum, tom_datum, rattslig_grund, mottagen, status, klar, felmeddelande, antal, "
    "giltiga, besvarade, kvitterade FROM bestallning ";

Error corrupt(std::string_view what, std::string_view value) {
  return make_error(ErrorCode::kStoreError,
                    fmt::format("Beställningskön innehåller ett ogiltigt värde i {}: '{}'", what,
                                value.substr(0, 40)));
}

Result<std::vector<domain::InformationType>> decode_types(std::string_view text) {
  auto types = decode_type_list(text);
  if (!types) return corrupt("bestallning.informationstyper", text);
  return std::move(*types);
}

Result<domain::DateRange> read_period(const Rows& r, int i, int from_column) {
  auto from = domain::parse_date(r.text(i, from_column));
  if (!from.ok()) return corrupt("bestallning.from_datum", r.text(i, from_column));
  auto tom = domain::parse_date(r.text(i, from_column + 1));
  if (!tom.ok()) return corrupt("bestallning.tom_datum", r.text(i, from_column + 1));
  return domain::DateRange{*from, *tom};
}

struct StoredOrder {
  std::int64_t nummer = 0;
  Order order;
};

Result<StoredOrder> read_order(const Rows& r, int i) {
  StoredOrder stored;
  stored.nummer = r.int64(i, 0);
  Order& o = stored.order;
  o.id = r.string(i, 1);
  o.request.aktors_id = r.string(i, 2);
  o.request.organisationsnummer = r.string(i, 3);
  o.request.klientreferens = r.string(i, 4);  // NULL reads as empty
  auto types = decode_types(r.text(i, 5));
  if (!types.ok()) return types.error();
  o.request.informationstyper = std::move(types).value();
  auto period = read_period(r, i, 6);
  if (!period.ok()) return period.error();
  o.request.period = *period;
  o.request.rattslig_grund = r.string(i, 8);
  o.request.mottagen_ms = r.int64(i, 9);
  auto status = parse_order_status(r.text(i, 10));
  if (!status) return corrupt("bestallning.status", r.text(i, 10));
  o.status = *status;
  o.klar_ms = r.optional_int64(i, 11);
  o.felmeddelande = r.string(i, 12);
  OrderCounts& c = o.counts;
  c.total = r.int64(i, 13);
  c.valid = r.int64(i, 14);
  c.invalid = c.total - c.valid;
  c.answered = r.int64(i, 15);
  c.remaining = o.status == OrderStatus::kFel ? 0 : c.valid - c.answered;
  c.acknowledged = r.int64(i, 16);
  return stored;
}

// The actor's order `id`; `lock` adds FOR UPDATE (writers that change its counters).
Result<std::optional<StoredOrder>> find_owned(Connection& c, std::string_view aktors_id,
                                              std::string_view id, bool lock) {
  const std::string sql =
      std::string(kOrderColumns) + "WHERE id = $1 AND aktors_id = $2" + (lock ? " FOR UPDATE" : "");
  auto rows = c.query(sql, Params().add(id).add(aktors_id));
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return std::optional<StoredOrder>{};
  auto order = read_order(*rows, 0);
  if (!order.ok()) return order.error();
  return std::optional<StoredOrder>{std::move(order).value()};
}

}  // namespace

Result<CreatedOrder> PgOrderStore::create(const OrderRequest& request,
                                          std::span<const OrderLine> lines) {
  if (request.aktors_id.empty()) {
    return make_error(ErrorCode::kInvalidRequest, "Beställningen saknar aktorsId");
  }
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  // A unique violation means another instance stored the same klientreferens first (the retry
  // then finds and returns its order) or, very rarely, a colliding random id (retry, new id).
  for (int attempt = 0;; ++attempt) {
    bool conflict = false;
    auto created = try_create(**conn, request, lines, conflict);
    if (created.ok() || !conflict || attempt == 2) return created;
  }
}

Result<CreatedOrder> PgOrderStore::try_create(Connection& c, const OrderRequest& request,
                                              std::span<const OrderLine> lines, bool& conflict) {
  auto tx = Transaction::begin(c);
  if (!tx.ok()) return tx.error();
  if (!request.klientreferens.empty()) {
    auto rows = c.query(std::string(kOrderColumns) + "WHERE aktors_id = $1 AND klientreferens = $2",
                        Params().add(request.aktors_id).add(request.klientreferens));
    if (!rows.ok()) return rows.error();
    if (!rows->empty()) {
      auto existing = read_order(*rows, 0);
      if (!existing.ok()) return existing.error();
      return CreatedOrder{std::move(existing->order), false};
    }
  }
  auto id = new_order_id();
  if (!id.ok()) return id.error();
  std::int64_t valid = 0;
  for (const auto& line : lines) valid += line.felkod.empty() ? 1 : 0;
  const bool done = valid == 0;
  Order order;
  order.id = *id;
  order.request = request;
  order.status = done ? OrderStatus::kKlar : OrderStatus::kMottagen;
  if (done) order.klar_ms = request.mottagen_ms;
  order.counts.total = static_cast<std::int64_t>(lines.size());
  order.counts.valid = valid;
  order.counts.invalid = order.counts.total - valid;
  order.counts.remaining = valid;

  Params params;
  params.add(order.id).add(request.aktors_id).add(request.organisationsnummer);
  if (request.klientreferens.empty()) {
    params.add_null();  // NULLs are distinct in the unique index: no reference, no idempotency
  } else {
    params.add(request.klientreferens);
  }
  params.add(encode_type_list(request.informationstyper))
      .add(domain::format_date(request.period.from))
      .add(domain::format_date(request.period.tom))
      .add(request.rattslig_grund)
      .add(request.mottagen_ms)
      .add(to_string(order.status))
      .add(order.klar_ms)
      .add(order.counts.total)
      .add(valid);
  auto nummer = c.query_int(
      "INSERT INTO bestallning (id, aktors_id, organisationsnummer, klientreferens, "
      "informationstyper, from_datum, tom_datum, rattslig_grund, mottagen, status, klar, antal, "
      "giltiga) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING nummer",
      params);
  if (!nummer.ok()) {
    conflict = c.last_sqlstate() == kUniqueViolation;
    return nummer.error();
  }
  // Up to 100 000 lines: one COPY instead of one INSERT per line.
  std::string data;
  data.reserve(lines.size() * 48);
  const std::string prefix = std::to_string(*nummer) + "\t";
  std::int64_t rad = 0;
  for (const auto& line : lines) {
    data += prefix;
    data += std::to_string(++rad);
    data.push_back('\t');
    append_copy_field(data, line.personnummer);
    data.push_back('\t');
    data += to_string(line.felkod.empty() ? OrderRowStatus::kVantar : OrderRowStatus::kOgiltig);
    data.push_back('\t');
    append_copy_field(data, line.felkod);
    data.push_back('\t');
    append_copy_field(data, line.felmeddelande);
    data.push_back('\n');
  }
  if (!data.empty()) {
    if (Status s = c.copy_in("COPY bestallning_rad (bestallning, rad, personnummer, status, "
                             "felkod, felmeddelande) FROM STDIN",
                             data);
        !s.ok()) {
      return s.error();
    }
  }
  if (Status s = tx->commit(); !s.ok()) {
    conflict = c.last_sqlstate() == kUniqueViolation;
    return s.error();
  }
  return CreatedOrder{std::move(order), true};
}

Result<std::optional<Order>> PgOrderStore::find(std::string_view aktors_id, std::string_view id) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  auto stored = find_owned(**conn, aktors_id, id, false);
  if (!stored.ok()) return stored.error();
  if (!*stored) return std::optional<Order>{};
  return std::optional<Order>{std::move((*stored)->order)};
}

Result<std::vector<WorkItem>> PgOrderStore::claim(int max_items, std::string_view worker_id,
                                                  std::int64_t now_ms,
                                                  std::int64_t lease_until_ms) {
  std::vector<WorkItem> items;
  if (max_items <= 0) return items;
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  // One statement, one transaction: lines another instance is leasing right now are skipped
  // rather than waited for, and the lease is written before any row lock is released.
  auto rows = (*conn)->query(
      "WITH picked AS ("
      "  SELECT bestallning, rad FROM bestallning_rad"
      "  WHERE status = 'VANTAR' AND (lease_slut IS NULL OR lease_slut <= $1)"
      "  ORDER BY bestallning, rad LIMIT $2 FOR UPDATE SKIP LOCKED) "
      "UPDATE bestallning_rad r SET lease_slut = $3, arbetare = $4 "
      "FROM picked JOIN bestallning b ON b.nummer = picked.bestallning "
      "WHERE r.bestallning = picked.bestallning AND r.rad = picked.rad "
      "RETURNING r.bestallning, r.rad, r.personnummer, b.id, b.aktors_id, "
      "b.organisationsnummer, b.informationstyper, b.from_datum, b.tom_datum, b.rattslig_grund",
      Params().add(now_ms).add(std::int64_t{max_items}).add(lease_until_ms).add(worker_id));
  if (!rows.ok()) return rows.error();
  const Rows& r = *rows;
  // RETURNING has no order: sort as the SQLite store returns them (oldest order, then row).
  std::vector<int> order(static_cast<std::size_t>(r.size()));
  for (int i = 0; i < r.size(); ++i) order[static_cast<std::size_t>(i)] = i;
  std::sort(order.begin(), order.end(), [&r](int a, int b) {
    const auto na = r.int64(a, 0), nb = r.int64(b, 0);
    return na != nb ? na < nb : r.int64(a, 1) < r.int64(b, 1);
  });
  items.reserve(order.size());
  for (int i : order) {
    WorkItem item;
    item.rad = r.int64(i, 1);
    item.personnummer = r.string(i, 2);
    item.order_id = r.string(i, 3);
    item.aktors_id = r.string(i, 4);
    item.organisationsnummer = r.string(i, 5);
    auto types = decode_types(r.text(i, 6));
    if (!types.ok()) return types.error();
    item.informationstyper = std::move(types).value();
    auto period = read_period(r, i, 7);
    if (!period.ok()) return period.error();
    item.period = *period;
    item.rattslig_grund = r.string(i, 9);
    items.push_back(std::move(item));
  }
  return items;
}

Result<std::int64_t> PgOrderStore::complete(std::span<const CompletedItem> items,
                                            std::int64_t now_ms) {
  if (items.empty()) return std::int64_t{0};
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  Connection& c = **conn;
  // Rows are locked in (order id, rad) order by every instance, so two overlapping batches
  // cannot deadlock.
  std::vector<const CompletedItem*> sorted;
  sorted.reserve(items.size());
  for (const auto& item : items) sorted.push_back(&item);
  std::sort(sorted.begin(), sorted.end(), [](const CompletedItem* a, const CompletedItem* b) {
    return a->order_id != b->order_id ? a->order_id < b->order_id : a->rad < b->rad;
  });
  auto tx = Transaction::begin(c);
  if (!tx.ok()) return tx.error();
  std::map<std::string, std::pair<std::int64_t, std::int64_t>, std::less<>> orders;
  std::int64_t stored = 0;
  for (const CompletedItem* item : sorted) {
    auto it = orders.find(item->order_id);
    if (it == orders.end()) {
      auto rows =
          c.query("SELECT nummer FROM bestallning WHERE id = $1", Params().add(item->order_id));
      if (!rows.ok()) return rows.error();
      const std::int64_t nummer = rows->empty() ? -1 : rows->int64(0, 0);  // -1: purged
      it = orders.emplace(item->order_id, std::make_pair(nummer, std::int64_t{0})).first;
    }
    if (it->second.first < 0) continue;
    // The status condition is the once-only guarantee: a second answer changes no row.
    auto answered = c.query(
        "UPDATE bestallning_rad SET status = 'BESVARAD', utfall = $3, svar = $4, besvarad = $5, "
        "lease_slut = NULL, arbetare = NULL "
        "WHERE bestallning = $1 AND rad = $2 AND status = 'VANTAR'",
        Params()
            .add(it->second.first)
            .add(item->rad)
            .add(to_string(item->utfall))
            .add(item->svar)
            .add(now_ms));
    if (!answered.ok()) return answered.error();
    if (answered->affected() > 0) {
      ++it->second.second;
      ++stored;
    }
  }
  for (const auto& [id, counts] : orders) {
    const auto& [nummer, answered] = counts;
    if (answered == 0) continue;
    auto updated = c.query(
        "UPDATE bestallning SET besvarade = besvarade + $2, "
        "status = CASE WHEN besvarade + $2 >= giltiga THEN 'KLAR' ELSE 'PAGAR' END, "
        "klar = CASE WHEN besvarade + $2 >= giltiga THEN $3 ELSE klar END "
        "WHERE nummer = $1 AND status IN ('MOTTAGEN', 'PAGAR')",
        Params().add(nummer).add(answered).add(now_ms));
    if (!updated.ok()) return updated.error();
  }
  if (Status s = tx->commit(); !s.ok()) return s.error();
  return stored;
}

Result<std::optional<AnswerPage>> PgOrderStore::answers(std::string_view aktors_id,
                                                        std::string_view id, std::int64_t after_row,
                                                        int limit) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  Connection& c = **conn;
  // The order and its lines from one snapshot.
  auto tx = Transaction::begin(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  if (!tx.ok()) return tx.error();
  auto stored = find_owned(c, aktors_id, id, false);
  if (!stored.ok()) return stored.error();
  if (!*stored) return std::optional<AnswerPage>{};
  AnswerPage page;
  page.next_after_row = std::max<std::int64_t>(after_row, 0);
  if (limit > 0) {
    auto rows = c.query(
        "SELECT rad, personnummer, status, utfall, svar, felkod, felmeddelande, kvitterad "
        "FROM bestallning_rad WHERE bestallning = $1 AND rad > $2 ORDER BY rad LIMIT $3",
        Params().add((*stored)->nummer).add(page.next_after_row).add(std::int64_t{limit}));
    if (!rows.ok()) return rows.error();
    const Rows& r = *rows;
    for (int i = 0; i < r.size(); ++i) {
      auto status = parse_order_row_status(r.text(i, 2));
      if (!status) return corrupt("bestallning_rad.status", r.text(i, 2));
      // Stop at the first open line: everything up to next_after_row is then final.
      if (*status == OrderRowStatus::kVantar) break;
      OrderAnswer a;
      a.rad = r.int64(i, 0);
      a.personnummer = r.string(i, 1);
      a.status = *status;
      if (!r.is_null(i, 3)) {
        auto utfall = parse_answer_outcome(r.text(i, 3));
        if (!utfall) return corrupt("bestallning_rad.utfall", r.text(i, 3));
        a.utfall = *utfall;
      }
      a.svar = r.string(i, 4);
      a.felkod = r.string(i, 5);
      a.felmeddelande = r.string(i, 6);
      a.acknowledged = !r.is_null(i, 7);
      page.next_after_row = a.rad;
      page.answers.push_back(std::move(a));
    }
  }
  page.end = page.next_after_row >= (*stored)->order.counts.total;
  if (Status s = tx->commit(); !s.ok()) return s.error();
  return std::optional<AnswerPage>{std::move(page)};
}

Result<std::optional<std::int64_t>> PgOrderStore::acknowledge(std::string_view aktors_id,
                                                              std::string_view id,
                                                              std::int64_t up_to_row,
                                                              std::int64_t now_ms) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  Connection& c = **conn;
  auto tx = Transaction::begin(c);
  if (!tx.ok()) return tx.error();
  auto stored = find_owned(c, aktors_id, id, true);
  if (!stored.ok()) return stored.error();
  if (!*stored) return std::optional<std::int64_t>{};
  const std::int64_t nummer = (*stored)->nummer;
  auto marked = c.query(
      "UPDATE bestallning_rad SET kvitterad = $3 "
      "WHERE bestallning = $1 AND rad <= $2 AND kvitterad IS NULL AND status <> 'VANTAR'",
      Params().add(nummer).add(up_to_row).add(now_ms));
  if (!marked.ok()) return marked.error();
  const std::int64_t count = marked->affected();
  if (count > 0) {
    auto updated = c.query("UPDATE bestallning SET kvitterade = kvitterade + $2 WHERE nummer = $1",
                           Params().add(nummer).add(count));
    if (!updated.ok()) return updated.error();
  }
  if (Status s = tx->commit(); !s.ok()) return s.error();
  return std::optional<std::int64_t>{count};
}

Result<bool> PgOrderStore::fail(std::string_view id, std::string_view felmeddelande,
                                std::int64_t now_ms) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  Connection& c = **conn;
  auto tx = Transaction::begin(c);
  if (!tx.ok()) return tx.error();
  auto failed = c.query(
      "UPDATE bestallning SET status = 'FEL', klar = $2, felmeddelande = $3 "
      "WHERE id = $1 AND status IN ('MOTTAGEN', 'PAGAR') RETURNING nummer",
      Params().add(id).add(now_ms).add(felmeddelande));
  if (!failed.ok()) return failed.error();
  if (failed->empty()) return false;
  auto aborted = c.query(
      "UPDATE bestallning_rad SET status = 'AVBRUTEN', felkod = 'BESTALLNING_AVBRUTEN', "
      "felmeddelande = $2, lease_slut = NULL, arbetare = NULL "
      "WHERE bestallning = $1 AND status = 'VANTAR'",
      Params().add(failed->int64(0, 0)).add(felmeddelande));
  if (!aborted.ok()) return aborted.error();
  if (Status s = tx->commit(); !s.ok()) return s.error();
  return true;
}

Result<std::int64_t> PgOrderStore::purge(std::int64_t older_than_ms) {
  auto conn = pool_.acquire();
  if (!conn.ok()) return conn.error();
  // Lines go with their order (ON DELETE CASCADE), in the same statement.
  auto deleted =
      (*conn)->query("DELETE FROM bestallning WHERE klar < $1", Params().add(older_than_ms));
  if (!deleted.ok()) return deleted.error();
  return deleted->affected();
}

}  // namespace utbyte::store::postgres
