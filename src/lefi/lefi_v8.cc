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
  if (a.personuppgifter) {
    w.key("personuppgifter");
    write_person(w, *a.personuppgifter);
  }
  w.key("formaner").begin_array();
  for (const auto& f : a.formaner) write_forman(w, f);
  w.end_array();
  if (a.utbetalningar) {
    w.key("utbetalningar").begin_array();
    for (const auto& p : *a.utbetalningar) write_payment_v8(w, p);
    w.end_array();
  }
  w.key("meddelanden").begin_array();
  for (const auto& m : a.meddelanden) write_meddelande(w, m);
  w.end_array().end_object();
  return out;
}

}  // namespace utbyte::lefi
