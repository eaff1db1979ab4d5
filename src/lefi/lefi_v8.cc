#include "lefi/lefi_v8.h"

#include "core/json_writer.h"
#include "lefi/answer_writer.h"

namespace utbyte::lefi {

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
