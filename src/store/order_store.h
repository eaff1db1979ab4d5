#pragma once

// The persisted queue behind LEFI Asynkron v10 (Massfråga): orders (beställningar) of many
// persons, the per-person work items background workers claim, and the answers partners page
// through. Everything here survives kill -9: each call that changes state is one SQLite
// transaction, so a crash leaves either all or none of it.
//
// Life of an order:
//   create()   the Beställningsmottagare stores the order and every line of it (invalid lines as
//              OGILTIG rows, so they get an answer line too). Status MOTTAGEN.
//   claim()    a worker leases a batch of unanswered valid rows (oldest order first, then row).
//              A lease that runs out (the worker crashed) makes the rows claimable again.
//   complete() the worker stores the answers; a row is answered at most once, whoever finishes
//              first. Status PAGAR, then KLAR (with a klar time) when the last row is answered.
//   answers()  the Beställningsleverantör pages through the finished rows in row order;
//   acknowledge() the partner's receipt (rows stay until purge);
//   purge()    deletes orders finished before a cut-off (the retention time).
//
// Times are Unix milliseconds (UTC) chosen by the caller, so that tests and the worker's clock
// agree and leases compare as integers.

#include <cstddef>
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

// Wire names: MOTTAGEN (nothing answered yet), PAGAR (some answered), KLAR (every valid row
// answered), FEL (stopped by fail(); unanswered rows are AVBRUTEN).
enum class OrderStatus { kMottagen, kPagar, kKlar, kFel };
// Wire names: VANTAR (valid, not answered yet), BESVARAD, OGILTIG (rejected at submission),
// AVBRUTEN (never answered because the order failed).
enum class OrderRowStatus { kVantar, kBesvarad, kOgiltig, kAvbruten };
// Wire names: UTLAMNAT (information disclosed), PERSON_SAKNAS (no such person in the register).
// The same strings as AuditEvent::utfall.
enum class AnswerOutcome { kUtlamnat, kPersonSaknas };

namespace order_codes {
// Indexed by enum value; the database stores these strings so the file reads well in sqlite3.
inline constexpr std::string_view kOrderStatus[] = {"MOTTAGEN", "PAGAR", "KLAR", "FEL"};
inline constexpr std::string_view kRowStatus[] = {"VANTAR", "BESVARAD", "OGILTIG", "AVBRUTEN"};
inline constexpr std::string_view kOutcome[] = {"UTLAMNAT", "PERSON_SAKNAS"};

template <typename Enum, std::size_t N>
std::optional<Enum> parse(const std::string_view (&names)[N], std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}
}  // namespace order_codes

inline std::string_view to_string(OrderStatus status) {
  return order_codes::kOrderStatus[static_cast<std::size_t>(status)];
}
inline std::string_view to_string(OrderRowStatus status) {
  return order_codes::kRowStatus[static_cast<std::size_t>(status)];
}
inline std::string_view to_string(AnswerOutcome outcome) {
  return order_codes::kOutcome[static_cast<std::size_t>(outcome)];
}
inline std::optional<OrderStatus> parse_order_status(std::string_view text) {
  return order_codes::parse<OrderStatus>(order_codes::kOrderStatus, text);
}
inline std::optional<OrderRowStatus> parse_order_row_status(std::string_view text) {
  return order_codes::parse<OrderRowStatus>(order_codes::kRowStatus, text);
}
inline std::optional<AnswerOutcome> parse_answer_outcome(std::string_view text) {
  return order_codes::parse<AnswerOutcome>(order_codes::kOutcome, text);
}

// What the partner ordered, and who. Every person of the order is queried with these.
struct OrderRequest {
  std::string aktors_id;
  std::string organisationsnummer;  // from the client certificate
  // Idempotency key chosen by the partner; empty means none. Unique per aktors_id.
  std::string klientreferens;
  std::vector<domain::InformationType> informationstyper;
  domain::DateRange period{};
  std::string rattslig_grund;  // legal basis from the agreement ("TEST" in test mode)
  std::int64_t mottagen_ms = 0;
};

// One submitted line. The caller validates it; felkod empty means valid (then personnummer is the
// normalised 12-digit number). An invalid line keeps its raw text, truncated by the caller to a
// sane length, and the error it got (felkod as in the error body, e.g. OGILTIGT_PERSONNUMMER).
struct OrderLine {
  std::string personnummer;
  std::string felkod;
  std::string felmeddelande;
};

struct OrderCounts {
  std::int64_t total = 0;         // lines in the order
  std::int64_t valid = 0;         // lines to answer
  std::int64_t invalid = 0;       // OGILTIG lines
  std::int64_t answered = 0;      // valid lines answered so far
  std::int64_t remaining = 0;     // valid lines not answered yet (0 once KLAR or FEL)
  std::int64_t acknowledged = 0;  // lines (answered or invalid) the partner has acknowledged
};

struct Order {
  std::string id;  // "B-" + 16 lower-case hex digits
  OrderRequest request;
  OrderStatus status = OrderStatus::kMottagen;
  OrderCounts counts;
  std::optional<std::int64_t> klar_ms;  // when it became KLAR or FEL
  std::string felmeddelande;            // why it is FEL
};

struct CreatedOrder {
  Order order;
  // False when an order with the same (aktors_id, klientreferens) already existed: `order` is
  // that order, and the submitted lines were not stored.
  bool created = true;
};

// One person for a worker to answer, with everything needed to answer and audit it.
struct WorkItem {
  std::string order_id;
  std::int64_t rad = 0;  // 1-based line number within the order
  std::string personnummer;
  std::string aktors_id;
  std::string organisationsnummer;
  std::vector<domain::InformationType> informationstyper;
  domain::DateRange period{};
  std::string rattslig_grund;
};

// A worker's answer to one WorkItem.
struct CompletedItem {
  std::string order_id;
  std::int64_t rad = 0;
  AnswerOutcome utfall = AnswerOutcome::kUtlamnat;
  std::string svar;  // the JSON text of one answer in the v9 format
};

// One line of the order as the partner downloads it.
struct OrderAnswer {
  std::int64_t rad = 0;
  std::string personnummer;  // as submitted (raw text for an invalid line)
  OrderRowStatus status = OrderRowStatus::kBesvarad;
  std::optional<AnswerOutcome> utfall;  // BESVARAD only
  std::string svar;                     // BESVARAD only: v9 answer JSON
  std::string felkod;                   // OGILTIG (the validation error) or AVBRUTEN
  std::string felmeddelande;
  bool acknowledged = false;
};

struct AnswerPage {
  std::vector<OrderAnswer> answers;
  // Pass as after_row to get the next page (the last row returned, or the after_row given when
  // the page is empty).
  std::int64_t next_after_row = 0;
  // True when no row after next_after_row exists: the partner has everything.
  bool end = false;
};

// The persisted order queue. Implementations are safe to call from many threads, and several
// processes may share one database (every change takes the database write lock).
class OrderStore {
 public:
  virtual ~OrderStore() = default;

  // Stores the order and its lines (line i of `lines` becomes rad i+1) in one transaction and
  // returns it with a new id. An order whose lines are all invalid is KLAR at once. With a
  // non-empty klientreferens already used by this aktors_id, stores nothing and returns the
  // existing order with created=false (race-free across threads and processes). Errors:
  // kInvalidRequest for an empty aktors_id; kStoreError.
  virtual Result<CreatedOrder> create(const OrderRequest& request,
                                      std::span<const OrderLine> lines) = 0;

  // The order with its counts, or nullopt when `aktors_id` has no order with that id (another
  // actor's order is not found, so ids reveal nothing).
  virtual Result<std::optional<Order>> find(std::string_view aktors_id, std::string_view id) = 0;

  // Leases up to max_items VANTAR rows whose lease is absent or ended (lease end <= now_ms),
  // oldest order first, then by row, until lease_until_ms. A worker that crashes leaves its
  // rows to be claimed again once the lease ends; choose a lease well above the time a batch
  // takes. Empty when there is nothing to do.
  virtual Result<std::vector<WorkItem>> claim(int max_items, std::string_view worker_id,
                                              std::int64_t now_ms, std::int64_t lease_until_ms) = 0;

  // Stores the answers in one transaction. A row already answered (by a worker whose lease ran
  // out, or a retry) or no longer VANTAR keeps its first answer; returns how many rows were newly
  // answered. Orders whose last row is answered become KLAR with klar_ms = now_ms.
  virtual Result<std::int64_t> complete(std::span<const CompletedItem> items,
                                        std::int64_t now_ms) = 0;

  // Up to `limit` lines with rad > after_row in row order: answered, invalid or aborted ones.
  // The page stops before the first line still being processed, so paging with next_after_row
  // never skips a line. nullopt when the order is not this actor's (see find).
  virtual Result<std::optional<AnswerPage>> answers(std::string_view aktors_id, std::string_view id,
                                                    std::int64_t after_row, int limit) = 0;

  // Marks the finished lines with rad <= up_to_row as retrieved by the partner. Returns how many
  // were newly acknowledged, or nullopt when the order is not this actor's.
  virtual Result<std::optional<std::int64_t>> acknowledge(std::string_view aktors_id,
                                                          std::string_view id,
                                                          std::int64_t up_to_row,
                                                          std::int64_t now_ms) = 0;

  // Stops an order that cannot be processed: status FEL with the reason, unanswered rows become
  // AVBRUTEN (no longer claimable). Answered rows stay. False when no such order exists or it is
  // already KLAR or FEL.
  virtual Result<bool> fail(std::string_view id, std::string_view felmeddelande,
                            std::int64_t now_ms) = 0;

  // Deletes every order that became KLAR or FEL before older_than_ms, with its lines and answers.
  // Returns how many orders were deleted.
  virtual Result<std::int64_t> purge(std::int64_t older_than_ms) = 0;
};

}  // namespace utbyte::store
