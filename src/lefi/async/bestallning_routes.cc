#include "lefi/async/bestallning_routes.h"

#include <chrono>
#include <optional>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/json_writer.h"
#include "lefi/async/order_request.h"
#include "platform/http/error_response.h"
#include "platform/http/query_params.h"
#include "platform/http/timestamp.h"
#include "platform/versions.h"

namespace utbyte::lefi::async {
namespace {

namespace http = platform::http;
namespace pipeline = platform::pipeline;

// Every route of the Beställningsmottagare (`api`) or the Beställningsleverantör: service LEFI,
// class MASSFRAGA (its opening hours and windows), major 10, REST's one Content-Type rule.
pipeline::RouteProfile massfraga_profile(std::string_view api, std::size_t max_body = 0) {
  pipeline::RouteProfile profile;
  profile.tjanst = std::string(platform::kTjanstLefi);
  profile.gate = {std::string(platform::sla::kServiceMassfraga),
                  platform::sla::ServiceClass::kMassfraga, std::string(api), 10};
  profile.body = pipeline::BodyRule::kJson;
  profile.max_body = max_body;
  return profile;
}

constexpr std::int64_t kDefaultPageSize = 100;
constexpr std::int64_t kMaxPageSize = 1000;

http::Response fail(const Error& error, const http::Request& request) {
  return http::error_response(error, request.transaktions_id);
}

Error not_found() { return make_error(ErrorCode::kNotFound, "Beställningen finns inte"); }

std::string location_of(std::string_view aktors_id, std::string_view id) {
  std::string base = kLeverantorBasePath;
  base.replace(base.find("{aktorsId}"), std::string_view("{aktorsId}").size(),
               http::percent_encode_segment(aktors_id));
  return fmt::format("{}/bestallningar/{}", base, id);
}

struct PageQuery {
  std::int64_t after_row = 0;
  std::int64_t limit = kDefaultPageSize;
};

// efterRad and antal from the query string of request.target (the router matches the path
// only); each at most once, other parameters ignored (platform/http/query_params.h).
Result<PageQuery> parse_page_query(std::string_view target) {
  auto params = http::QueryParams::parse(target, {"efterRad", "antal"});
  if (!params.ok()) return params.error();
  PageQuery page;
  auto limit = http::page_size(*params, kDefaultPageSize, kMaxPageSize);
  if (!limit.ok()) return limit.error();
  page.limit = *limit;
  if (const std::string* text = params->find("efterRad")) {
    const auto parsed = http::parse_count(*text);
    if (!parsed) {
      return make_error(ErrorCode::kInvalidRequest,
                        "Parametern 'efterRad' ska vara ett heltal ≥ 0");
    }
    page.after_row = *parsed;
  }
  return page;
}

Result<std::int64_t> parse_kvittens(std::string_view body) {
  const auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded())
    return make_error(ErrorCode::kMalformedJson, "Kvittensen är inte giltig JSON");
  if (!doc.is_object()) {
    return make_error(ErrorCode::kMalformedJson, "Kvittensen ska vara ett JSON-objekt");
  }
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() != "tomRad") {
      return make_error(ErrorCode::kInvalidRequest,
                        fmt::format("Okänt fält '{}'", it.key().substr(0, 64)));
    }
  }
  const auto tom = doc.find("tomRad");
  if (tom == doc.end()) return make_error(ErrorCode::kInvalidRequest, "Fältet 'tomRad' saknas");
  if (!tom->is_number_integer() || tom->get<std::int64_t>() < 0) {
    return make_error(ErrorCode::kInvalidRequest, "Fältet 'tomRad' ska vara ett heltal ≥ 0");
  }
  return tom->get<std::int64_t>();
}

// The members every order document starts with: id, status, klientreferens, times.
void write_order_head(JsonWriter& w, const store::Order& order) {
  w.member("bestallningsId", std::string_view(order.id))
      .member("status", store::to_string(order.status));
  if (!order.request.klientreferens.empty()) {
    w.member("klientreferens", std::string_view(order.request.klientreferens));
  }
  w.member("mottagen", std::string_view(http::format_ms_iso8601(order.request.mottagen_ms)));
}

std::string status_body(const store::Order& order) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  write_order_head(w, order);
  if (order.klar_ms) w.member("klar", std::string_view(http::format_ms_iso8601(*order.klar_ms)));
  if (order.status == store::OrderStatus::kFel) {
    w.member("felmeddelande", std::string_view(order.felmeddelande));
  }
  w.key("antal")
      .begin_object()
      .member("totalt", order.counts.total)
      .member("giltiga", order.counts.valid)
      .member("ogiltiga", order.counts.invalid)
      .member("besvarade", order.counts.answered)
      .member("aterstar", order.counts.remaining)
      .member("kvitterade", order.counts.acknowledged)
      .end_object()
      .end_object();
  return out;
}

// `lines` are the submitted lines when the order was created now, empty for an existing order
// (its invalid lines are then read as OGILTIG answers).
std::string created_body(const store::Order& order, const std::vector<store::OrderLine>& lines) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  write_order_head(w, order);
  w.key("antal")
      .begin_object()
      .member("totalt", order.counts.total)
      .member("giltiga", order.counts.valid)
      .member("ogiltiga", order.counts.invalid)
      .end_object();
  w.key("ogiltiga").begin_array();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].felkod.empty()) continue;
    w.begin_object()
        .member("rad", static_cast<std::int64_t>(i + 1))
        .member("personnummer", std::string_view(lines[i].personnummer))
        .member("felkod", std::string_view(lines[i].felkod))
        .member("felmeddelande", std::string_view(lines[i].felmeddelande))
        .end_object();
  }
  w.end_array().end_object();
  return out;
}

// One answer line. The stored v9 answer is JSON text this server wrote, so it is spliced in as
// is rather than parsed and written again (a page holds up to 1000 of them): `svar` comes last,
// after which the object is closed by hand.
void write_answer_line(std::string& out, const store::OrderAnswer& answer) {
  JsonWriter w(out);
  w.begin_object()
      .member("rad", answer.rad)
      .member("personnummer", std::string_view(answer.personnummer))
      .member("status", store::to_string(answer.status));
  if (answer.status == store::OrderRowStatus::kBesvarad) {
    w.member("utfall", store::to_string(answer.utfall.value_or(store::AnswerOutcome::kUtlamnat)));
    w.key("svar");
    out += answer.svar;
    out += '}';
    return;
  }
  w.key("fel")
      .begin_object()
      .member("felkod", std::string_view(answer.felkod))
      .member("felmeddelande", std::string_view(answer.felmeddelande))
      .end_object()
      .end_object();
}

std::string page_body(const store::Order& order, const store::AnswerPage& page) {
  std::string out;
  std::size_t size = 256;
  for (const auto& a : page.answers) size += a.svar.size() + 160;
  out.reserve(size);
  JsonWriter w(out);
  w.begin_object()
      .member("bestallningsId", std::string_view(order.id))
      .member("status", store::to_string(order.status));
  // The lines are written by their own writers (see write_answer_line), so the commas between
  // them are placed here; the outer writer only opens and closes the array.
  w.key("svar").begin_array();
  for (std::size_t i = 0; i < page.answers.size(); ++i) {
    if (i > 0) out += ',';
    write_answer_line(out, page.answers[i]);
  }
  // Status was read before the page: when it was final then, no line can still change, so
  // the store's end-of-rows means the partner has everything.
  const bool finished =
      order.status == store::OrderStatus::kKlar || order.status == store::OrderStatus::kFel;
  w.end_array()
      .member("nastaEfterRad", page.next_after_row)
      .member("slut", finished && page.end)
      .end_object();
  return out;
}

// An order was accepted only with types its agreement allowed; the agreement may have been
// narrowed since. Its answers are complete v9 documents, stored as such, which are not edited
// afterwards: an order with a type the agreement no longer allows hands out no answer at all.
std::optional<Error> refusal_for_withdrawn_types(const store::Order& order,
                                                 const platform::Agreement& agreement) {
  std::string names;
  int withdrawn = 0;
  for (const auto type : order.request.informationstyper) {
    if (agreement.informationstyper.contains(type)) continue;
    if (withdrawn++ > 0) names += ", ";
    names += domain::to_string(type);
  }
  if (withdrawn == 0) return std::nullopt;
  return make_error(
      ErrorCode::kInformationTypeNotPermitted,
      fmt::format("Avtalet medger inte längre {} {} som beställningen omfattar; "
                  "svaren lämnas inte ut",
                  withdrawn == 1 ? "informationstypen" : "informationstyperna", names));
}

http::Response json_response(int status, std::string body) {
  http::Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

}  // namespace

void add_bestallning_routes(pipeline::PartnerPipeline& pipeline, store::OrderStore& orders,
                            const std::function<std::int64_t()>& now_ms,
                            std::function<domain::Date()> today) {
  const std::string_view mottagare = platform::kApiLefiBestallningsmottagare;
  const std::string_view leverantor = platform::kApiLefiBestallningsleverantor;
  pipeline.install(
      {"POST", kBestallningarPath, massfraga_profile(mottagare, kMaxBestallningBodyBytes),
       [&orders, now_ms, today = std::move(today)](http::Request& request,
                                                   const platform::Agreement& agreement) {
         auto parsed = parse_order_request(request.body, today());
         if (!parsed.ok()) return fail(parsed.error(), request);
         for (const auto type : parsed->informationstyper) {
           if (!agreement.informationstyper.contains(type)) {
             return fail(make_error(ErrorCode::kInformationTypeNotPermitted,
                                    fmt::format("Avtalet medger inte informationstypen {}",
                                                domain::info(type).name)),
                         request);
           }
         }
         store::OrderRequest order_request;
         order_request.aktors_id = agreement.aktors_id;
         order_request.organisationsnummer = request.peer->organisationsnummer;
         order_request.klientreferens = parsed->klientreferens;
         order_request.informationstyper = parsed->informationstyper;
         order_request.period = parsed->period;
         order_request.rattslig_grund = agreement.rattslig_grund;
         order_request.mottagen_ms = now_ms();
         auto created = orders.create(order_request, parsed->lines);
         if (!created.ok()) return fail(created.error(), request);
         const store::Order& order = created->order;
         auto response =
             json_response(created->created ? 202 : 200,
                           created_body(order, created->created ? parsed->lines
                                                                : std::vector<store::OrderLine>{}));
         response.headers.emplace_back("Location", location_of(order.request.aktors_id, order.id));
         return response;
       }});

  pipeline.install({"GET", kBestallningPath, massfraga_profile(leverantor),
                    [&orders](http::Request& request, const platform::Agreement& agreement) {
                      auto order =
                          orders.find(agreement.aktors_id, request.path_params["bestallningsId"]);
                      if (!order.ok()) return fail(order.error(), request);
                      if (!order->has_value()) return fail(not_found(), request);
                      return json_response(200, status_body(**order));
                    }});

  pipeline.install({"GET", kSvarPath, massfraga_profile(leverantor),
                    [&orders](http::Request& request, const platform::Agreement& agreement) {
                      auto page_query = parse_page_query(request.target);
                      if (!page_query.ok()) return fail(page_query.error(), request);
                      const std::string& id = request.path_params["bestallningsId"];
                      auto order = orders.find(agreement.aktors_id, id);
                      if (!order.ok()) return fail(order.error(), request);
                      if (!order->has_value()) return fail(not_found(), request);
                      // Checked at every download: the agreement holds when answers are handed
                      // out, not only when the order was accepted.
                      if (auto refused = refusal_for_withdrawn_types(**order, agreement)) {
                        return fail(*refused, request);
                      }
                      auto page = orders.answers(agreement.aktors_id, id, page_query->after_row,
                                                 static_cast<int>(page_query->limit));
                      if (!page.ok()) return fail(page.error(), request);
                      if (!page->has_value())
                        return fail(not_found(), request);  // purged in between
                      return json_response(200, page_body(**order, **page));
                    }});

  pipeline.install(
      {"POST", kKvittensPath, massfraga_profile(leverantor),
       [&orders, now_ms](http::Request& request, const platform::Agreement& agreement) {
         auto up_to = parse_kvittens(request.body);
         if (!up_to.ok()) return fail(up_to.error(), request);
         const std::string& id = request.path_params["bestallningsId"];
         auto acknowledged = orders.acknowledge(agreement.aktors_id, id, *up_to, now_ms());
         if (!acknowledged.ok()) return fail(acknowledged.error(), request);
         if (!acknowledged->has_value()) return fail(not_found(), request);
         auto order = orders.find(agreement.aktors_id, id);
         if (!order.ok()) return fail(order.error(), request);
         if (!order->has_value()) return fail(not_found(), request);
         std::string body;
         JsonWriter w(body);
         w.begin_object()
             .member("bestallningsId", std::string_view(id))
             .member("kvitteradeNu", **acknowledged)
             .member("kvitterade", (*order)->counts.acknowledged)
             .end_object();
         return json_response(200, std::move(body));
       }});
}

}  // namespace utbyte::lefi::async
