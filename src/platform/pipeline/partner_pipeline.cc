#include "platform/pipeline/partner_pipeline.h"

#include <algorithm>
#include <map>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "platform/http/content_type.h"
#include "platform/http/error_response.h"
#include "platform/http/query_params.h"
#include "platform/soap/soap_envelope.h"

namespace utbyte::platform::pipeline {
namespace {

bool has_aktors_id(std::string_view pattern) {
  return pattern.find("{aktorsId}") != std::string_view::npos;
}

Error wrong_content_type(BodyRule rule) {
  switch (rule) {
    case BodyRule::kJson:
      return make_error(ErrorCode::kUnsupportedMediaType,
                        "Headern 'Content-Type: application/json' krävs");
    case BodyRule::kSoapXml:
      return make_error(ErrorCode::kUnsupportedMediaType,
                        "Content-Type ska vara text/xml; charset=utf-8 (SOAP 1.1)");
    case BodyRule::kForm:
      return make_error(ErrorCode::kUnsupportedMediaType,
                        "Formuläret ska skickas som application/x-www-form-urlencoded");
    case BodyRule::kNone:
      break;
  }
  return make_error(ErrorCode::kUnsupportedMediaType, "Fel Content-Type");
}

}  // namespace

std::string_view to_string(Binding binding) {
  switch (binding) {
    case Binding::kRest:
      return "REST";
    case Binding::kSoap:
      return "SOAP";
    case Binding::kShs2:
      return "SHS2";
    case Binding::kSsek:
      return "SSEK";
    case Binding::kWeb:
      return "WEBB";
  }
  return "OKAND";
}

bool content_type_allowed(BodyRule rule, const http::Request& request) {
  const std::string_view content_type = request.header("content-type");
  switch (rule) {
    case BodyRule::kNone:
      return true;
    case BodyRule::kJson: {
      const std::string_view method = request.method;
      const bool sends_json = method == "POST" || method == "PUT" || method == "PATCH" ||
                              !content_type.empty() || !request.body.empty();
      return !sends_json || http::is_json_content_type(content_type);
    }
    case BodyRule::kSoapXml:
      return http::is_soap_content_type(content_type);
    case BodyRule::kForm:
      return http::is_form_content_type(content_type);
  }
  return false;
}

http::Response render_refusal(const RouteProfile& profile, const Error& error,
                              const http::Request& request) {
  switch (profile.binding) {
    case Binding::kSoap:
    case Binding::kShs2:
    case Binding::kSsek: {
      soap::SoapFault fault = soap::SoapFault::from_error(error);
      fault.transaktions_id = request.transaktions_id;
      http::Response response = soap::soap_fault_response(fault);
      // The request never reached the service: HTTP infrastructure and clients see why (403,
      // 429, 503 with Retry-After) as with REST; faults of the service itself stay 500.
      response.status = http_status(error.code);
      return response;
    }
    case Binding::kWeb:
      if (profile.render_error) return profile.render_error(error, request);
      break;
    case Binding::kRest:
      break;
  }
  return http::error_response(error, request.transaktions_id);
}

PartnerPipeline::PartnerPipeline(http::Router& router, const ActorRegistry& actors,
                                 sla::ServiceGate* gate)
    : router_(router), actors_(actors), gate_(gate) {}

void PartnerPipeline::install(PartnerRoute route) {
  // One Content-Type rule for every REST call of every service (BodyRule::kJson).
  if (route.profile.binding == Binding::kRest) route.profile.body = BodyRule::kJson;
  auto shared = std::make_shared<const PartnerRoute>(std::move(route));
  installed_.push_back({shared->method, shared->pattern, shared->profile, shared});
  router_.add(
      shared->method, shared->pattern,
      [this, shared](http::Request& request) { return handle(*shared, request); },
      shared->profile.max_body);
}

void PartnerPipeline::install_door(std::string method, std::string pattern, Binding binding,
                                   std::vector<std::string> targets, DoorSelector select) {
  std::map<std::string, std::shared_ptr<const PartnerRoute>, std::less<>> behind;
  std::size_t max_body = 0;
  bool server_limit = false;
  for (const std::string& target : targets) {
    const auto installed =
        std::find_if(installed_.begin(), installed_.end(), [&](const InstalledRoute& route) {
          return route.method == method && route.pattern == target;
        });
    if (installed == installed_.end()) continue;  // a programming error; nothing to reach
    behind.emplace(target, installed->route);
    server_limit = server_limit || installed->profile.max_body == 0;
    max_body = std::max(max_body, installed->profile.max_body);
  }
  doors_.push_back({method, pattern, binding, std::move(targets)});
  RouteProfile door_profile;
  door_profile.binding = binding;
  router_.add(
      std::move(method), pattern,
      [this, behind = std::move(behind), select = std::move(select),
       door_profile = std::move(door_profile)](http::Request& request) {
        auto target = select(request);
        if (!target.ok()) {
          http::Response refused = render_refusal(door_profile, target.error(), request);
          // Choosing read the request itself (its SOAPAction or envelope): a fault about it
          // is SOAP 1.1's HTTP 500, as the service's own faults are.
          const bool soap =
              door_profile.binding != Binding::kRest && door_profile.binding != Binding::kWeb;
          if (soap) refused.status = 500;
          return refused;
        }
        const auto route = behind.find(*target);
        if (route == behind.end()) {
          return render_refusal(
              door_profile, make_error(ErrorCode::kInternal, "Dörren saknar målvägen"), request);
        }
        return handle(*route->second, request);
      },
      server_limit ? 0 : max_body);
}

void PartnerPipeline::install_public(std::string method, const std::string& pattern,
                                     http::Handler handler) {
  router_.add_public(std::move(method), pattern, std::move(handler));
}

const RouteProfile* PartnerPipeline::profile_of(std::string_view method,
                                                std::string_view pattern) const {
  for (const InstalledRoute& route : installed_) {
    if (route.method == method && route.pattern == pattern) return &route.profile;
  }
  return nullptr;
}

http::Response PartnerPipeline::handle(const PartnerRoute& route, http::Request& request) const {
  const RouteProfile& profile = route.profile;
  // 1. The version: a retired API is gone for everyone, and a deprecated one says so in every
  // answer, refusals included.
  sla::GateDecision version;
  if (gate_ != nullptr) version = gate_->check_version(profile.gate);
  const auto refuse = [&](const Error& error) {
    http::Response response = render_refusal(profile, error, request);
    for (const auto& header : version.headers) response.headers.push_back(header);
    return response;
  };
  if (!version.admitted()) return refuse(*version.refusal);
  if (request.peer == nullptr) {
    return refuse(make_error(ErrorCode::kClientCertificateMissing, "Klientcertifikat saknas"));
  }
  // 2. Authorisation, before anything of the request but its address is looked at.
  // The address carries the aktorsId percent-encoded (RFC 3986); everything after this sees it
  // decoded, as the partner meant it.
  const bool names_actor = has_aktors_id(route.pattern);
  if (names_actor) {
    std::string& raw = request.path_params["aktorsId"];
    raw = http::percent_decode(raw, http::PlusSign::kPlus);
  }
  const std::string_view aktors_id =
      names_actor ? std::string_view(request.path_params["aktorsId"]) : std::string_view();
  if (names_actor && aktors_id.empty()) {
    return refuse(make_error(ErrorCode::kInvalidAktorsId, "aktorsId saknas i adressen"));
  }
  auto agreement = actors_.authorize_for(*request.peer, aktors_id, profile.tjanst);
  if (!agreement.ok()) return refuse(agreement.error());

  // 3. Windows, hours and capacity, with the budget of the authorised actor.
  sla::GateDecision gate;
  if (gate_ != nullptr) {
    gate =
        gate_->admit(profile.gate, agreement->aktors_id + "|" + request.peer->organisationsnummer);
  }
  // Copies, not references: a deferred answer is finished after this frame has gone.
  const auto finish = [headers = version.headers, ticket = gate.ticket,
                       gate_ = gate_](http::Response response) {
    for (const auto& header : headers) response.headers.push_back(header);
    if (ticket) {
      // The minimum gap to the next request counts from the end of this answer.
      response.on_sent = [ticket, gate_] { ticket->finish(gate_->clock().steady_now()); };
    }
    return response;
  };
  if (!gate.admitted()) {
    http::Response refused = refuse(*gate.refusal);
    if (gate.retry_after) {
      refused.headers.emplace_back("Retry-After", sla::retry_after_header(*gate.retry_after));
    }
    return refused;
  }

  // 4. The media type, then the service.
  if (!content_type_allowed(profile.body, request)) {
    http::Response refused = refuse(wrong_content_type(profile.body));
    if (gate.ticket) {
      refused.on_sent = [ticket = gate.ticket, gate_ = gate_] {
        ticket->finish(gate_->clock().steady_now());
      };
    }
    return refused;
  }
  http::Response response = route.handler(request, *agreement);
  if (response.deferred) {
    // The headers and the ticket's end belong to the answer that is finally written.
    auto inner = std::move(response.deferred);
    response.deferred = [inner = std::move(inner), finish](http::Responder respond) {
      inner([respond = std::move(respond), finish](http::Response final_answer) {
        respond(finish(std::move(final_answer)));
      });
    };
    return response;
  }
  return finish(std::move(response));
}

}  // namespace utbyte::platform::pipeline
