#include "lefi/lefi_routes.h"

#include <algorithm>
#include <cctype>

#include "lefi/answer_writer.h"
#include "platform/http/error_response.h"

namespace utbyte::lefi {
namespace {

namespace http = platform::http;

// The query handler of one major: the same checks and the same LefiService answer, audited as
// `tjanst`, and mapped to the major's shape by `transform` (none for v9).
http::Handler fraga_handler(LefiService& service, const platform::ActorRegistry& actors,
                            std::function<domain::Date()> today, std::string_view tjanst,
                            std::string (*transform)(const LefiAnswer&)) {
  return [&service, &actors, today = std::move(today), tjanst, transform](http::Request& request) {
    const auto fail = [&](const Error& error) {
      return http::error_response(error, request.transaktions_id);
    };
    if (!is_json_content_type(request.header("content-type"))) {
      return fail(make_error(ErrorCode::kUnsupportedMediaType,
                             "Headern 'Content-Type: application/json' krävs"));
    }
    auto agreement = actors.authorize(*request.peer, request.path_params["aktorsId"]);
    if (!agreement.ok()) return fail(agreement.error());
    auto query = parse_lefi_query(request.body, today());
    if (!query.ok()) return fail(query.error());

    const Requester requester{request.transaktions_id, request.peer->organisationsnummer, "",
                              tjanst};
    auto answer = service.answer(*query, *agreement, requester);
    if (!answer.ok()) return fail(answer.error());
    http::Response response;
    response.body = transform ? transform(*answer) : render_v9_json(*answer);
    return response;
  };
}

}  // namespace

bool is_json_content_type(std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  while (!media.empty() && media.front() == ' ') media.remove_prefix(1);
  constexpr std::string_view kJson = "application/json";
  return media.size() == kJson.size() &&
         std::equal(media.begin(), media.end(), kJson.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

void add_lefi_routes(http::Router& router, LefiService& service,
                     const platform::ActorRegistry& actors, std::function<domain::Date()> today) {
  router.add(
      "POST", kFragaPathV9,
      fraga_handler(service, actors, std::move(today), "LEFI.FORMANSINFORMATION.V9", nullptr));
}

void add_lefi_v8_route(http::Router& router, LefiService& service,
                       const platform::ActorRegistry& actors, std::function<domain::Date()> today) {
  router.add("POST", kFragaPathV8,
             fraga_handler(service, actors, std::move(today), kTjanstV8, render_v8_json));
}

}  // namespace utbyte::lefi
