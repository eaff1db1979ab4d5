#include "lefi/lefi_v8.h"

#include "core/json_writer.h"
#include "domain/date.h"
#include "lefi/answer_writer.h"
#include "store/record_codes.h"

namespace utbyte::lefi {
namespace {

using domain::format_date;

// write_payment without what v9 added (utbetalningsId, myndighet).
void write_payment_v8(JsonWriter& w, const store::PaymentRecord& p) {
  w.begin_object()
      .member("utbetalningsdatum", std::string_view(format_date(p.utbetalningsdatum)))
      .member("foretag", std::string_view(p.foretag))
      .member("informationstyp", domain::to_string(p.type))
      .member("periodFrom", std::string_view(format_date(p.period_from)))
      .member("periodTom", std::string_view(format_date(p.period_tom)))
      .member("bruttobelopp", p.bruttobelopp)
      .member("skatteavdrag", p.skatteavdrag)
      .member("nettobelopp", p.nettobelopp)
      .member("beloppstyp", std::string_view(p.beloppstyp))
      .member("status", store::to_string(p.status))
      .end_object();
}

}  // namespace

std::string render_v8_json(const LefiAnswer& a) {
  std::string out;
  out.reserve(4096);
  JsonWriter w(out, JsonWriter::ControlEscapes::kShort);
  w.begin_object()
      .member("transaktionsId", std::string_view(a.transaktions_id))
      .member("version", kLefiVersionV8)
      .member("tidpunkt", std::string_view(a.tidpunkt));
  write_answer_tail(w, a, write_payment_v8);
  return out;
}

}  // namespace utbyte::lefi
