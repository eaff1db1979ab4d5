#include "lefi/lefi_routes.h"

#include "lefi/answer_writer.h"
#include "platform/http/error_response.h"
#include "platform/versions.h"

namespace utbyte::lefi {
namespace {

namespace http = platform::http;
namespace pipeline = platform::pipeline;

// The query handler of one major: the same checks and the same LefiService answer, audited as
// `tjanst`, and mapped to the major's shape by `transform` (none for v9).
pipeline::PartnerHandler fraga_handler(LefiService& service, std::function<domain::Date()> today,
                                       std::string_view tjanst,
                                       std::string (*transform)(const LefiAnswer&)) {
  return [&service, today = std::move(today), tjanst, transform](
             http::Request& request, const platform::Agreement& agreement) {
    const auto fail = [&](const Error& error) {
      return http::error_response(error, request.transaktions_id);
    };
    auto query = parse_lefi_query(request.body, today());
    if (!query.ok()) return fail(query.error());

    const Requester requester{request.transaktions_id, request.peer->organisationsnummer, "",
                              tjanst};
    auto answer = service.answer(*query, agreement, requester);
    if (!answer.ok()) return fail(answer.error());
    http::Response response;
    response.body = transform ? transform(*answer) : render_v9_json(*answer);
    return response;
  };
}

}  // namespace

pipeline::RouteProfile lefi_online_profile(int major) {
  pipeline::RouteProfile profile;
  profile.tjanst = std::string(platform::kTjanstLefi);
  profile.binding = pipeline::Binding::kRest;
  profile.gate = {std::string(platform::sla::kServiceLefiOnline),
                  platform::sla::ServiceClass::kOnline,
                  std::string(platform::kApiLefiFormansinformation), major};
  profile.body = pipeline::BodyRule::kJson;
  return profile;
}

void add_lefi_routes(pipeline::PartnerPipeline& pipeline, LefiService& service,
                     std::function<domain::Date()> today) {
  pipeline.install(
      {"POST", kFragaPathV9, lefi_online_profile(9),
       fraga_handler(service, std::move(today), "LEFI.FORMANSINFORMATION.V9", nullptr)});
}

void add_lefi_v8_route(pipeline::PartnerPipeline& pipeline, LefiService& service,
                       std::function<domain::Date()> today) {
  pipeline.install({"POST", kFragaPathV8, lefi_online_profile(8),
                    fraga_handler(service, std::move(today), kTjanstV8, render_v8_json)});
}

}  // namespace utbyte::lefi
