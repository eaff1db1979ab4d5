#pragma once

// The one road of every partner request, whatever its binding (REST, SOAP, SHS2, web):
//   TLS identity → version (410 for anyone; deprecation headers on every answer)
//   → authorisation (organisation → agreement → aktorsId → service covered)
//   → gate (service window → opening hours → capacity) → Content-Type → handler
// and every refusal on the way is rendered in the route's own error model. Services declare
// their routes with a RouteProfile and install them here; nothing else may add a partner route
// (Router::add is the pipeline's; Router::add_public is for what discloses nothing).

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "platform/actors.h"
#include "platform/http/router.h"
#include "platform/sla/service_gate.h"

namespace utbyte::platform::pipeline {

// How a route speaks, and so how its refusals look.
enum class Binding { kRest, kSoap, kShs2, kSsek, kWeb };
std::string_view to_string(Binding binding);

// What the Content-Type of a request must be (415 otherwise). kJson is the one rule of every
// REST route (install() gives it to every REST route): POST, PUT and PATCH must say
// `application/json`; any other method may say nothing when it sends no body, and must say
// `application/json` when it names a media type or sends a body (seeds 000/001: without
// 'Content-Type: application/json' a call fails "redan i integrationen").
enum class BodyRule { kNone, kJson, kSoapXml, kForm };

// A refusal rendered in a route's own error model (the web UI's HTML pages, say).
using ErrorRenderer = std::function<http::Response(const Error&, const http::Request&)>;

// Everything the platform needs to know about a partner route.
struct RouteProfile {
  std::string tjanst;  // the service an agreement must cover: platform::kTjanst*
  Binding binding = Binding::kRest;
  sla::GateProfile gate;     // service window, SLA class, version entry
  std::size_t max_body = 0;  // 0: the server's --max-body
  BodyRule body = BodyRule::kNone;
  // Only for Binding::kWeb: how its refusals look. REST answers the JSON error body, SOAP and
  // SHS2 a SOAP fault.
  ErrorRenderer render_error;
  // Only for SOAP and SHS2: what names the operation at an address shared by several (a door):
  // its SOAPAction, and the namespace of its body's element.
  std::string soap_action;
  std::string payload_namespace;
};

// A handler behind the pipeline: it gets the agreement authorised for the route's service, with
// the legal basis that agreement gives for that service in rattslig_grund.
using PartnerHandler = std::function<http::Response(http::Request&, const Agreement&)>;

struct PartnerRoute {
  std::string method;
  std::string pattern;  // "{aktorsId}" in it is authorised against the agreement
  RouteProfile profile;
  PartnerHandler handler;
};

// A route as installed, for documentation and the test that every partner route has a profile.
struct InstalledRoute {
  std::string method;
  std::string pattern;
  RouteProfile profile;
  std::shared_ptr<const PartnerRoute> route;
};

// For one request at a door: the pattern of the route (one of the door's targets) that serves
// it. Errors are refusals in the door's binding.
using DoorSelector = std::function<Result<std::string>(const http::Request&)>;

// One address in front of several routes, as FK's /ws and /shs2 serve every SOAP product.
struct Door {
  std::string method;
  std::string pattern;
  Binding binding = Binding::kSoap;
  std::vector<std::string> targets;
};

// Installs partner routes on a router, each behind authorisation and the gate. Must outlive
// the router; thread-safe once installation is over.
class PartnerPipeline {
 public:
  // `gate` null: no version, window or capacity checks (unit tests of a service's handlers).
  PartnerPipeline(http::Router& router, const ActorRegistry& actors, sla::ServiceGate* gate);

  void install(PartnerRoute route);
  // A route that discloses nothing (WSDLs, assets, redirects): no authorisation, no gate.
  void install_public(std::string method, const std::string& pattern, http::Handler handler);

  // `method` `pattern` in front of `targets` (routes installed before, with the same method):
  // each request goes to the target `select` names and then takes that route's whole road
  // (version, authorisation for its service, gate, Content-Type, handler), as if it had been
  // sent to the target's own address. A request `select` cannot place is refused in
  // `binding`'s error model, before any agreement is looked at. The body limit is the largest
  // of the targets' (the server's --max-body when any target uses it).
  void install_door(std::string method, std::string pattern, Binding binding,
                    std::vector<std::string> targets, DoorSelector select);

  const std::vector<InstalledRoute>& routes() const { return installed_; }
  const std::vector<Door>& doors() const { return doors_; }
  // The installed profile of `method` `pattern`, or null.
  const RouteProfile* profile_of(std::string_view method, std::string_view pattern) const;

  http::Router& router() { return router_; }
  const ActorRegistry& actors() const { return actors_; }
  // The gate every route passes, for a service whose budget needs the parsed request (E-IOA's
  // identical resends, keyed on the notification's id); null when there is none (unit tests).
  sla::ServiceGate* gate() const { return gate_; }

 private:
  http::Response handle(const PartnerRoute& route, http::Request& request) const;

  http::Router& router_;
  const ActorRegistry& actors_;
  sla::ServiceGate* gate_;
  std::vector<InstalledRoute> installed_;
  std::vector<Door> doors_;
};

// A refusal in the binding's error model: the JSON error body (REST), a SOAP fault (SOAP,
// SHS2; with the error's HTTP status, since the request never reached the service), or the
// route's own renderer (web).
http::Response render_refusal(const RouteProfile& profile, const Error& error,
                              const http::Request& request);

// True when the request's Content-Type (and whether it has a body) satisfies `rule`.
bool content_type_allowed(BodyRule rule, const http::Request& request);

}  // namespace utbyte::platform::pipeline
