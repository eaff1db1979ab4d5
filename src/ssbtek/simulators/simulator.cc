#include "ssbtek/simulators/simulator.h"

#include <random>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "domain/date.h"
#include "domain/personnummer.h"
#include "platform/http/error_response.h"
#include "ssbtek/simulators/simulated_data.h"

namespace utbyte::ssbtek::simulators {
namespace {

using platform::http::Request;
using platform::http::Response;
using json = nlohmann::json;

double random_unit() {
  // Failures and jitter need not be reproducible; each I/O thread draws from its own engine.
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

Response json_response(json body) {
  Response response;
  response.body = body.dump();
  response.headers.emplace_back("X-Simulator", "true");
  return response;
}

Response error(ErrorCode code, std::string message, const Request& request) {
  Response response =
      platform::http::error_response(make_error(code, std::move(message)), request.transaktions_id);
  response.headers.emplace_back("X-Simulator", "true");
  return response;
}

// {"personnummer","fromDatum","tomDatum"}: the whole request of every simulated base service.
struct Fraga {
  domain::Personnummer person;
  domain::DateRange period;
};

Result<Fraga> parse_fraga(const std::string& body) {
  const json doc = json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return make_error(ErrorCode::kMalformedJson, "Anropet är inte ett JSON-objekt");
  }
  for (const char* field : {"personnummer", "fromDatum", "tomDatum"}) {
    if (!doc.contains(field) || !doc[field].is_string()) {
      return make_error(ErrorCode::kInvalidRequest, fmt::format("Fältet {} saknas", field));
    }
  }
  auto person = domain::parse_personnummer(doc["personnummer"].get<std::string>());
  if (!person.ok()) return person.error();
  auto from = domain::parse_date(doc["fromDatum"].get<std::string>());
  if (!from.ok()) return from.error();
  auto tom = domain::parse_date(doc["tomDatum"].get<std::string>());
  if (!tom.ok()) return tom.error();
  if (*tom < *from) {
    return make_error(ErrorCode::kInvalidDateRange, "tomDatum är tidigare än fromDatum");
  }
  return Fraga{std::move(person).value(), {*from, *tom}};
}

}  // namespace

Result<FailureKind> parse_failure_kind(std::string_view text) {
  if (text == "503") return FailureKind::kHttp503;
  if (text == "hang") return FailureKind::kHang;
  if (text == "blandat") return FailureKind::kMixed;
  return make_error(ErrorCode::kConfigError,
                    fmt::format("okänt felsätt '{}' (503, hang eller blandat)", text));
}

Result<std::unique_ptr<Simulator>> Simulator::start(const platform::tls::CertPaths& server_certs,
                                                    SimulatorOptions options) {
  if (options.kalla == Kalla::kFkPm) {
    return make_error(ErrorCode::kConfigError, "FK_PM besvaras av LEFI och har ingen simulator");
  }
  if (!(options.failure_rate >= 0.0 && options.failure_rate <= 1.0)) {
    return make_error(ErrorCode::kConfigError, "felfrekvensen ska ligga mellan 0 och 1");
  }
  auto tls = platform::tls::make_server_context(server_certs);
  if (!tls.ok()) return tls.error();
  auto sim = std::make_unique<Simulator>(std::move(options));
  platform::http::ServerOptions server_options;
  server_options.host = sim->options_.host;
  server_options.port = sim->options_.port;
  server_options.threads = std::max(1, sim->options_.threads);
  server_options.max_body_bytes = 16 << 10;
  Simulator* self = sim.get();
  sim->server_ = std::make_unique<platform::http::HttpsServer>(
      std::move(tls).value(), server_options,
      [self](platform::http::Request& request) { return self->handle(request); });
  if (auto started = sim->server_->start(); !started.ok()) return started.error();
  sim->runner_ = std::thread([self] { self->server_->run(); });
  return sim;
}

Simulator::~Simulator() { stop(); }

std::string Simulator::base_url() const {
  return fmt::format("https://{}:{}/simulator/{}/v1", options_.host, port(),
                     short_name(options_.kalla));
}

void Simulator::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stopped_cv_.notify_all();
  if (server_) server_->stop();
  if (runner_.joinable()) runner_.join();
}

void Simulator::pause(std::chrono::milliseconds duration) {
  if (duration <= std::chrono::milliseconds::zero()) return;
  std::unique_lock lock(mutex_);
  stopped_cv_.wait_for(lock, duration, [this] { return stopping_; });
}

Response Simulator::handle(Request& request) {
  const std::string base = fmt::format("/simulator/{}/v1", short_name(options_.kalla));
  if (request.path == base + "/status" && request.method == "GET") {
    return json_response({{"simulator", true},
                          {"kalla", to_string(options_.kalla)},
                          {"kallnamn", display_name(options_.kalla)},
                          {"latensMs", options_.latency.count()},
                          {"jitterMs", options_.jitter.count()},
                          {"felfrekvens", options_.failure_rate}});
  }
  if (request.path != base + "/uppgifter") {
    return error(ErrorCode::kNotFound, "Simulatorn har ingen sådan resurs", request);
  }
  if (request.method != "POST") {
    return error(ErrorCode::kMethodNotAllowed, "Använd POST", request);
  }
  const auto jitter = options_.jitter.count() > 0
                          ? std::chrono::milliseconds(static_cast<std::int64_t>(
                                random_unit() * static_cast<double>(options_.jitter.count())))
                          : std::chrono::milliseconds::zero();
  pause(options_.latency + jitter);
  if (options_.failure_rate > 0.0 && random_unit() < options_.failure_rate) {
    const bool hang = options_.failure == FailureKind::kHang ||
                      (options_.failure == FailureKind::kMixed && random_unit() < 0.5);
    if (hang) pause(options_.hang);
    return error(ErrorCode::kServiceUnavailable,
                 fmt::format("Simulerat fel i {} (simulator)", display_name(options_.kalla)),
                 request);
  }
  if (!request.header("content-type").starts_with("application/json")) {
    return error(ErrorCode::kUnsupportedMediaType, "Content-Type ska vara application/json",
                 request);
  }
  auto fraga = parse_fraga(request.body);
  if (!fraga.ok()) return error(fraga.error().code, fraga.error().message, request);
  return json_response({{"simulator", true},
                        {"kalla", to_string(options_.kalla)},
                        {"kallnamn", display_name(options_.kalla)},
                        {"personnummer", fraga->person.digits()},
                        {"fromDatum", domain::format_date(fraga->period.from)},
                        {"tomDatum", domain::format_date(fraga->period.tom)},
                        {"uppgifter", simulated_uppgifter(options_.kalla, fraga->person,
                                                          fraga->period, domain::today_utc())}});
}

}  // namespace utbyte::ssbtek::simulators
