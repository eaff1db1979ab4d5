#include "leka/leka_routes.h"

#include <optional>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/json_limits.h"
#include "core/json_writer.h"
#include "leka/delivery_filter.h"
#include "platform/http/error_response.h"
#include "platform/http/query_params.h"
#include "platform/http/timestamp.h"
#include "platform/versions.h"

namespace utbyte::leka {
namespace {

namespace http = platform::http;
namespace pipeline = platform::pipeline;

// Every LEKA route: service LEKA, class LEKA (1 request/s, one at a time, per actor), major 9,
// REST's one Content-Type rule.
pipeline::RouteProfile leka_profile(std::string_view api) {
  pipeline::RouteProfile profile;
  profile.tjanst = std::string(platform::kTjanstLeka);
  profile.gate = {std::string(platform::sla::kServiceLeka), platform::sla::ServiceClass::kLeka,
                  std::string(api), 9};
  profile.body = pipeline::BodyRule::kJson;
  return profile;
}

constexpr std::int64_t kDefaultPageSize = 100;
constexpr std::int64_t kMaxPageSize = 1000;

http::Response fail(const Error& error, const http::Request& request) {
  return http::error_response(error, request.transaktions_id);
}

Error not_found() { return make_error(ErrorCode::kNotFound, "Prenumerationen finns inte"); }

void write_subscription(JsonWriter& w, const store::Subscription& s) {
  w.begin_object()
      .member("prenumerationsId", std::string_view(s.id))
      .member("personnummer", std::string_view(s.personnummer));
  w.key("informationstyper").begin_array();
  for (auto t : s.informationstyper) w.value(domain::to_string(t));
  w.end_array()
      .member("fromDatum", std::string_view(domain::format_date(s.from_datum)))
      .member("registrerad", std::string_view(http::format_ms_iso8601(s.skapad_ms)))
      .end_object();
}

http::Response json_response(int status, std::string body) {
  http::Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

std::string location_of(std::string_view aktors_id, std::string_view id) {
  std::string path = kPrenumerationPath;
  path.replace(path.find("{aktorsId}"), std::string_view("{aktorsId}").size(),
               http::percent_encode_segment(aktors_id));
  path.replace(path.find("{prenumerationsId}"), std::string_view("{prenumerationsId}").size(), id);
  return path;
}

Result<std::int64_t> parse_kvittens(std::string_view body) {
  auto parsed = parse_request_json(body, "Kvittensen");
  if (!parsed.ok()) return parsed.error();
  const nlohmann::json& doc = *parsed;
  if (!doc.is_object()) {
    return make_error(ErrorCode::kMalformedJson, "Kvittensen ska vara ett JSON-objekt");
  }
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() != "tomSekvens") {
      return make_error(ErrorCode::kInvalidRequest,
                        fmt::format("Okänt fält '{}'", it.key().substr(0, 64)));
    }
  }
  const auto tom = doc.find("tomSekvens");
  if (tom == doc.end()) {
    return make_error(ErrorCode::kInvalidRequest, "Fältet 'tomSekvens' saknas");
  }
  if (!tom->is_number_integer() || tom->get<std::int64_t>() < 0) {
    return make_error(ErrorCode::kInvalidRequest, "Fältet 'tomSekvens' ska vara ett heltal ≥ 0");
  }
  return tom->get<std::int64_t>();
}

// A page of the feed. Stored notifications are JSON objects this server wrote without their
// sequence number, which is put first here: "{" + "sekvensnummer":N, + the rest. Withheld
// notifications are named in meddelanden, which is left out when nothing was withheld.
std::string feed_body(const FeedPage& page) {
  const DeliverablePage& delivery = page.delivery;
  std::string out;
  std::size_t size = 256;
  for (const auto& n : delivery.delivered) size += n.innehall.size() + 32;
  out.reserve(size);
  out += "{\"aviseringar\":[";
  for (std::size_t i = 0; i < delivery.delivered.size(); ++i) {
    const auto& n = delivery.delivered[i];
    if (i > 0) out += ',';
    out += fmt::format("{{\"sekvensnummer\":{},", n.sekvens);
    out.append(n.innehall, 1, std::string::npos);
  }
  out += fmt::format("],\"kvitteradTomSekvens\":{},\"senasteSekvens\":{},\"nastaFromSekvens\":{}",
                     page.kvitterad_tom, page.senaste_sekvens, page.nasta_from_sekvens);
  if (!delivery.withheld.empty()) {
    out += ",\"meddelanden\":";
    JsonWriter w(out);  // writes the array value only: the members before are written by hand
    w.begin_array();
    for (const auto& withheld : delivery.withheld) {
      w.begin_object()
          .member("kod", std::string_view("AVISERINGAR_UNDANHALLNA"))
          .member("text", std::string_view(withheld_text(withheld)))
          .member("informationstyp", domain::to_string(withheld.informationstyp))
          .member("antal", static_cast<std::int64_t>(withheld.sekvensnummer.size()));
      w.key("sekvensnummer").begin_array();
      for (std::int64_t n : withheld.sekvensnummer) w.value(n);
      w.end_array().end_object();
    }
    w.end_array();
  }
  out += '}';
  return out;
}

// The answer to a refresh order; meddelanden name the subscribed types left out because the
// agreement no longer allows them (absent when none were).
std::string refresh_body(const RefreshResult& result) {
  std::string body;
  JsonWriter w(body);
  w.begin_object()
      .member("prenumerationer", result.prenumerationer)
      .member("aviseringar", result.aviseringar);
  if (!result.ej_tillatna.empty()) {
    w.key("meddelanden").begin_array();
    for (const auto& [type, subscriptions] : result.ej_tillatna) {
      const std::string_view code = domain::to_string(type);
      w.begin_object()
          .member("kod", std::string_view("INFORMATIONSTYP_EJ_TILLATEN"))
          .member("text", std::string_view(fmt::format(
                              "Informationstyp {} ingår inte i heluppdateringen ({} {}): avtalet "
                              "medger inte längre typen",
                              code, subscriptions,
                              subscriptions == 1 ? "prenumeration" : "prenumerationer")))
          .member("informationstyp", code)
          .member("antal", subscriptions)
          .end_object();
    }
    w.end_array();
  }
  w.end_object();
  return body;
}

}  // namespace

void add_leka_routes(pipeline::PartnerPipeline& pipeline, LekaService& service, store::Store& store,
                     const std::function<std::int64_t()>& now_ms,
                     std::function<domain::Date()> today) {
  store::LekaStore& leka = store.leka();

  pipeline.install({"POST", kPrenumerationerPath, leka_profile(platform::kApiLekaPrenumeration),
                    [&service, today = std::move(today)](http::Request& request,
                                                         const platform::Agreement& agreement) {
                      auto parsed = parse_subscription_request(request.body, today());
                      if (!parsed.ok()) return fail(parsed.error(), request);
                      auto created = service.subscribe(
                          *parsed, agreement,
                          {request.transaktions_id, request.peer->organisationsnummer});
                      if (!created.ok()) {
                        if (created.error().code == ErrorCode::kStoreError) {
                          return fail(created.error(), request);
                        }
                        return fail(created.error(), request);
                      }
                      std::string body;
                      JsonWriter w(body);
                      write_subscription(w, created->subscription);
                      auto response = json_response(created->created ? 201 : 200, std::move(body));
                      response.headers.emplace_back(
                          "Location", location_of(agreement.aktors_id, created->subscription.id));
                      return response;
                    }});

  pipeline.install(
      {"GET", kPrenumerationerPath, leka_profile(platform::kApiLekaPrenumeration),
       [&leka](http::Request& request, const platform::Agreement& agreement) {
         auto params =
             http::QueryParams::parse(request.target, {"personnummer", "cursor", "antal"});
         if (!params.ok()) return fail(params.error(), request);
         auto limit = http::page_size(*params, kDefaultPageSize, kMaxPageSize);
         if (!limit.ok()) return fail(limit.error(), request);
         std::optional<std::string> personnummer;
         if (const std::string* text = params->find("personnummer")) {
           auto pnr = domain::parse_personnummer(*text);
           if (!pnr.ok()) return fail(pnr.error(), request);
           personnummer = pnr->digits();
         }
         std::int64_t after = 0;
         if (const std::string* text = params->find("cursor")) {
           const auto parsed = http::parse_count(*text);
           if (!parsed) {
             return fail(make_error(ErrorCode::kInvalidRequest,
                                    "Parametern 'cursor' ska vara värdet av 'nastaCursor' från "
                                    "föregående sida"),
                         request);
           }
           after = *parsed;
         }
         auto page = leka.list(agreement.aktors_id, personnummer, after, static_cast<int>(*limit));
         if (!page.ok()) return fail(page.error(), request);
         std::string body;
         JsonWriter w(body);
         w.begin_object().key("prenumerationer").begin_array();
         for (const auto& s : page->items) write_subscription(w, s);
         w.end_array();
         if (page->next_cursor)
           w.member("nastaCursor", std::string_view(std::to_string(*page->next_cursor)));
         w.end_object();
         return json_response(200, std::move(body));
       }});

  pipeline.install({"GET", kPrenumerationPath, leka_profile(platform::kApiLekaPrenumeration),
                    [&leka](http::Request& request, const platform::Agreement& agreement) {
                      auto found =
                          leka.find(agreement.aktors_id, request.path_params["prenumerationsId"]);
                      if (!found.ok()) return fail(found.error(), request);
                      if (!*found) return fail(not_found(), request);
                      std::string body;
                      JsonWriter w(body);
                      write_subscription(w, **found);
                      return json_response(200, std::move(body));
                    }});

  pipeline.install({"DELETE", kPrenumerationPath, leka_profile(platform::kApiLekaPrenumeration),
                    [&leka](http::Request& request, const platform::Agreement& agreement) {
                      auto removed =
                          leka.remove(agreement.aktors_id, request.path_params["prenumerationsId"]);
                      if (!removed.ok()) return fail(removed.error(), request);
                      if (!*removed) return fail(not_found(), request);
                      http::Response response;
                      response.status = 204;
                      return response;
                    }});

  pipeline.install(
      {"GET", kAviseringarPath, leka_profile(platform::kApiLekaAvisering),
       [&service](http::Request& request, const platform::Agreement& agreement) {
         auto params = http::QueryParams::parse(request.target, {"fromSekvens", "antal"});
         if (!params.ok()) return fail(params.error(), request);
         auto limit = http::page_size(*params, kDefaultPageSize, kMaxPageSize);
         if (!limit.ok()) return fail(limit.error(), request);
         std::optional<std::int64_t> from;
         if (const std::string* text = params->find("fromSekvens")) {
           from = http::parse_count(*text);
           if (!from || *from < 1) {
             return fail(make_error(ErrorCode::kInvalidRequest,
                                    "Parametern 'fromSekvens' ska vara ett heltal ≥ 1"),
                         request);
           }
         }
         auto page = service.deliver(agreement, from, static_cast<int>(*limit),
                                     {request.transaktions_id, request.peer->organisationsnummer});
         if (!page.ok()) return fail(page.error(), request);
         return json_response(200, feed_body(*page));
       }});

  pipeline.install({"POST", kKvittensPath, leka_profile(platform::kApiLekaAvisering),
                    [&leka, now_ms](http::Request& request, const platform::Agreement& agreement) {
                      auto tom = parse_kvittens(request.body);
                      if (!tom.ok()) return fail(tom.error(), request);
                      auto acknowledged = leka.acknowledge(agreement.aktors_id, *tom, now_ms());
                      if (!acknowledged.ok()) {
                        if (acknowledged.error().code == ErrorCode::kAcknowledgementAhead) {
                          return fail(acknowledged.error(), request);
                        }
                        return fail(acknowledged.error(), request);
                      }
                      std::string body;
                      JsonWriter w(body);
                      w.begin_object().member("kvitteradTomSekvens", *acknowledged).end_object();
                      return json_response(200, std::move(body));
                    }});

  pipeline.install({"POST", kHeluppdateringPath, leka_profile(platform::kApiLekaAvisering),
                    [&service](http::Request& request, const platform::Agreement& agreement) {
                      // The body is optional; when given it must be an empty JSON object.
                      if (!request.body.empty()) {
                        auto parsed = parse_request_json(request.body, "Anropet");
                        if (!parsed.ok()) return fail(parsed.error(), request);
                        const nlohmann::json& doc = *parsed;
                        if (!doc.is_object() || !doc.empty()) {
                          return fail(make_error(ErrorCode::kInvalidRequest,
                                                 "Anropet ska vara ett tomt JSON-objekt"),
                                      request);
                        }
                      }
                      auto result = service.full_refresh(agreement);
                      if (!result.ok()) return fail(result.error(), request);
                      return json_response(202, refresh_body(*result));
                    }});
}

}  // namespace utbyte::leka
