#include "webui/web_ui.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "platform/http/error_response.h"
#include "platform/http/query_params.h"
#include "platform/logging.h"
#include "platform/versions.h"
#include "webui/assets.h"
#include "webui/form_data.h"
#include "webui/password_hash.h"
#include "webui/tokens.h"

namespace utbyte::webui {
namespace {

namespace http = platform::http;

// The pre-login CSRF token travels in this cookie and in the login form (double submit): a
// login form posted from another site has neither.
constexpr std::string_view kLoginCookie = "webb_inloggning";
constexpr std::string_view kLoginFailed =
    "Fel användarnamn eller lösenord, eller så är användaren spärrad. Efter flera misslyckade "
    "försök spärras inloggningen en stund.";
constexpr std::string_view kSessionGone = "Din session har gått ut eller så är du inte inloggad.";

// Every page: no framing, no foreign scripts or styles, nothing cached (answers hold personal
// data), no referrer leaving the site.
void add_page_headers(http::Response& response) {
  response.headers.emplace_back(
      "Content-Security-Policy",
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
      "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  response.headers.emplace_back("Cache-Control", "no-store");
}

http::Response html(int status, std::string body) {
  http::Response response;
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  response.body = std::move(body);
  add_page_headers(response);
  return response;
}

http::Response redirect(std::string location) {
  http::Response response = html(303, "");
  response.headers.emplace_back("Location", std::move(location));
  return response;
}

namespace pipeline = platform::pipeline;

// A refusal before the page's own code ran (no agreement, service window, capacity, wrong
// form encoding): a plain page saying why, with the API's status.
http::Response refusal_page(const Error& error, const http::Request& request) {
  const int status = http_status(error.code);
  const std::string_view title = status == 403   ? "Ingen behörighet"
                                 : status == 415 ? "Fel format"
                                 : status == 429 || status == 503
                                     ? "Tjänsten kan inte ta emot frågan just nu"
                                     : "Sidan kan inte visas";
  return html(status, message_page({}, std::string(title),
                                   http::public_error_message(error, request.transaktions_id)));
}

// A fault inside the server (a store that fails, randomness that does not come): a page that
// names the transaction id, the details in the log only.
http::Response technical_error_page(const Error& error, const http::Request& request) {
  return html(500, message_page({}, "Tekniskt fel",
                                http::public_error_message(error, request.transaktions_id)));
}

// Every page is LEFI Online's web interface: its windows, its version, the organisation's
// agreement covering LEFI; `sla_class` is the budget the page spends, if any.
pipeline::RouteProfile web_profile(std::optional<platform::sla::ServiceClass> sla_class,
                                   pipeline::BodyRule body) {
  pipeline::RouteProfile profile;
  profile.tjanst = std::string(platform::kTjanstLefi);
  profile.binding = pipeline::Binding::kWeb;
  profile.gate = {std::string(platform::sla::kServiceLefiOnline), sla_class,
                  std::string(platform::kApiLefiFormansinformation), 9};
  profile.body = body;
  profile.render_error = refusal_page;
  return profile;
}

bool is_hex64(std::string_view s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::string login_cookie_header(std::string_view token) {
  return fmt::format("{}={}; Path=/webb; Secure; HttpOnly; SameSite=Strict; Max-Age=3600",
                     kLoginCookie, token);
}

}  // namespace

WebUi::WebUi(WebUiDeps deps, WebUiOptions options)
    : deps_(std::move(deps)),
      sessions_(deps_.users, options.session_timeout, deps_.now),
      throttle_(options.login_limits) {}

void WebUi::add_routes(pipeline::PartnerPipeline& pipeline) {
  using Page = http::Response (WebUi::*)(http::Request&, const Agreement&);
  const auto page = [this](Page method) {
    return [this, method](http::Request& r, const Agreement& a) { return (this->*method)(r, a); };
  };
  pipeline.install_public("GET", "/webb", [](http::Request&) { return redirect("/webb/"); });
  pipeline.install({"GET", "/webb/", web_profile(std::nullopt, pipeline::BodyRule::kNone),
                    page(&WebUi::start_page)});
  pipeline.install(
      {"POST", "/webb/logga-in",
       web_profile(platform::sla::ServiceClass::kWebbInloggning, pipeline::BodyRule::kForm),
       page(&WebUi::login)});
  pipeline.install({"POST", "/webb/logga-ut", web_profile(std::nullopt, pipeline::BodyRule::kNone),
                    page(&WebUi::logout)});
  pipeline.install({"GET", "/webb/hamta", web_profile(std::nullopt, pipeline::BodyRule::kNone),
                    page(&WebUi::hamta_form)});
  // The query itself spends the ONLINE budget of the organisation's actor, as a v9 call does.
  pipeline.install({"POST", "/webb/hamta",
                    web_profile(platform::sla::ServiceClass::kOnline, pipeline::BodyRule::kForm),
                    page(&WebUi::hamta_submit)});
  const auto asset = [](std::string_view content_type, std::string_view body) {
    return [content_type, body](http::Request&) {
      http::Response response;
      response.content_type = std::string(content_type);
      response.body = std::string(body);
      response.headers.emplace_back("Cache-Control", "private, max-age=3600");
      response.headers.emplace_back("X-Content-Type-Options", "nosniff");
      return response;
    };
  };
  pipeline.install_public("GET", std::string(kStylesheetPath),
                          asset("text/css; charset=utf-8", stylesheet()));
  pipeline.install_public("GET", std::string(kScriptPath),
                          asset("text/javascript; charset=utf-8", script()));
}

Result<WebUi::Context> WebUi::authenticate(const http::Request& request,
                                           const Agreement& agreement) {
  auto session =
      sessions_.resume(cookie_value(request.header("cookie"), kSessionCookie), agreement.aktors_id);
  if (!session.ok()) return session.error();
  auto user = deps_.users.find_user(session->aktors_id, session->anvandarnamn);
  if (!user.ok()) return user.error();
  // A user removed or deactivated since logging in is logged out at the next click.
  if (!*user || !(*user)->aktiv) {
    if (Status s = deps_.users.remove_session(session->id_hash); !s.ok()) return s.error();
    return make_error(ErrorCode::kSessionMissing, std::string(kSessionGone));
  }
  Context context{agreement, std::move(session).value(), std::move(**user), {}, {}};
  for (auto t : context.user.behorighet) {
    if (context.agreement.informationstyper.contains(t)) context.allowed.insert(t);
  }
  context.page_user = {
      context.agreement.namn.empty() ? context.agreement.aktors_id : context.agreement.namn,
      context.user.namn, context.session.csrf_token};
  return context;
}

http::Response WebUi::login_form(const platform::Agreement& agreement, const http::Request& request,
                                 int status, std::string error, std::string info,
                                 std::string anvandarnamn) {
  std::string token = cookie_value(request.header("cookie"), kLoginCookie);
  if (!is_hex64(token)) {
    auto fresh = random_hex(32);
    if (!fresh.ok()) return technical_error_page(fresh.error(), request);
    token = *fresh;
  }
  LoginPageModel model{agreement.namn.empty() ? agreement.organisationsnummer : agreement.namn,
                       agreement.aktors_id,
                       token,
                       std::move(anvandarnamn),
                       std::move(error),
                       std::move(info)};
  http::Response response = html(status, login_page(model));
  response.headers.emplace_back("Set-Cookie", login_cookie_header(token));
  return response;
}

http::Response WebUi::start_page(http::Request& request, const Agreement& agreement) {
  const std::string cookie = cookie_value(request.header("cookie"), kSessionCookie);
  if (!cookie.empty() && sessions_.resume(cookie, agreement.aktors_id).ok()) {
    return redirect("/webb/hamta");
  }
  // The notice of the redirects after logout and an expired session. A query that cannot be read
  // (a parameter twice) only loses the notice: the login page itself must always show.
  std::string info;
  if (auto query = http::QueryParams::parse(request.target, {"utloggad", "utgangen"}); query.ok()) {
    const auto is_set = [&query](std::string_view name) {
      const std::string* value = query->find(name);
      return value != nullptr && *value == "1";
    };
    if (is_set("utloggad")) info = "Du är utloggad.";
    if (is_set("utgangen")) info = std::string(kSessionGone) + " Logga in igen.";
  }
  return login_form(agreement, request, 200, "", info, "");
}

http::Response WebUi::login(http::Request& request, const Agreement& agreement) {
  const FormData form = FormData::parse(request.body);
  const std::string expected = cookie_value(request.header("cookie"), kLoginCookie);
  if (!is_hex64(expected) || !constant_time_equals(expected, form.value("csrf"))) {
    return html(403, message_page({}, "Formuläret kan inte tas emot",
                                  "Formuläret har gått ut eller kom inte från den här sidan. "
                                  "Ladda om sidan och försök igen."));
  }
  const std::string anvandarnamn = form.value("anvandarnamn").substr(0, 128);
  const std::string losenord = form.value("losenord").substr(0, 1024);
  const std::string key = agreement.aktors_id + '\n' + anvandarnamn;
  const auto now = std::chrono::steady_clock::now();

  auto user = deps_.users.find_user(agreement.aktors_id, anvandarnamn);
  if (!user.ok()) return technical_error_page(user.error(), request);
  // Every path hashes once, so the time taken does not tell whether the name exists or is locked.
  const bool password_ok =
      verify_password(losenord, *user ? (*user)->losenord_hash : dummy_password_hash());
  const bool locked = throttle_.locked(key, now);
  if (!password_ok || !*user || !(*user)->aktiv || locked) {
    if (!locked) throttle_.record_failure(key, now);
    platform::log_info("webb_inloggning_misslyckad", {{"aktorsId", agreement.aktors_id},
                                                      {"anvandare", anvandarnamn},
                                                      {"sparrad", locked},
                                                      {"transaktionsId", request.transaktions_id}});
    return login_form(agreement, request, 401, std::string(kLoginFailed), "", anvandarnamn);
  }
  throttle_.record_success(key);
  purge_sessions_now_and_then();
  auto started = sessions_.start(agreement.aktors_id, anvandarnamn);
  if (!started.ok()) return technical_error_page(started.error(), request);
  platform::log_info("webb_inloggning", {{"aktorsId", agreement.aktors_id},
                                         {"anvandare", anvandarnamn},
                                         {"transaktionsId", request.transaktions_id}});
  http::Response response = redirect("/webb/hamta");
  response.headers.emplace_back("Set-Cookie",
                                SessionManager::set_cookie_header(started->cookie_value));
  return response;
}

http::Response WebUi::logout(http::Request& request, const Agreement& agreement) {
  auto context = authenticate(request, agreement);
  if (!context.ok()) {
    http::Response response = redirect("/webb/?utloggad=1");
    response.headers.emplace_back("Set-Cookie", SessionManager::clear_cookie_header());
    return response;
  }
  const FormData form = FormData::parse(request.body);
  if (!csrf_matches(context->session, form.value("csrf"))) {
    return html(403, message_page(context->page_user, "Formuläret kan inte tas emot",
                                  "Formuläret kom inte från den här sidan. Ladda om sidan."));
  }
  if (Status s = sessions_.end(cookie_value(request.header("cookie"), kSessionCookie)); !s.ok()) {
    return technical_error_page(s.error(), request);
  }
  platform::log_info("webb_utloggning", {{"aktorsId", context->agreement.aktors_id},
                                         {"anvandare", context->user.anvandarnamn}});
  http::Response response = redirect("/webb/?utloggad=1");
  response.headers.emplace_back("Set-Cookie", SessionManager::clear_cookie_header());
  return response;
}

http::Response WebUi::hamta_form(http::Request& request, const Agreement& agreement) {
  auto context = authenticate(request, agreement);
  if (!context.ok()) {
    if (context.error().code != ErrorCode::kSessionMissing) {
      return html(
          http_status(context.error().code) == 403 ? 403 : 500,
          message_page({}, "Ingen åtkomst",
                       http::public_error_message(context.error(), request.transaktions_id)));
    }
    const bool had_cookie = !cookie_value(request.header("cookie"), kSessionCookie).empty();
    return redirect(had_cookie ? "/webb/?utgangen=1" : "/webb/");
  }
  HamtaPageModel model{
      context->page_user, context->allowed, default_query_form(deps_.today()), {}, ""};
  return html(200, hamta_page(model));
}

http::Response WebUi::hamta_submit(http::Request& request, const Agreement& agreement) {
  auto context = authenticate(request, agreement);
  if (!context.ok()) {
    const bool missing = context.error().code == ErrorCode::kSessionMissing;
    http::Response response =
        html(missing ? 401 : 403,
             message_page(
                 {}, missing ? "Inte inloggad" : "Ingen åtkomst",
                 missing ? std::string(kSessionGone) + " Logga in igen på /webb/."
                         : http::public_error_message(context.error(), request.transaktions_id)));
    if (missing) response.headers.emplace_back("Set-Cookie", SessionManager::clear_cookie_header());
    return response;
  }
  const FormData form = FormData::parse(request.body);
  if (!csrf_matches(context->session, form.value("csrf"))) {
    platform::log_info("webb_csrf_avvisad", {{"aktorsId", context->agreement.aktors_id},
                                             {"anvandare", context->user.anvandarnamn},
                                             {"transaktionsId", request.transaktions_id}});
    return html(403, message_page(context->page_user, "Formuläret kan inte tas emot",
                                  "Formuläret kom inte från den här sidan eller har gått ut. "
                                  "Ladda om sidan och försök igen."));
  }
  const QueryFormInput input{form.value("personnummer").substr(0, 64), form.values("typer"),
                             form.value("fromDatum").substr(0, 32),
                             form.value("tomDatum").substr(0, 32)};
  auto check = check_query_form(input, context->allowed, deps_.today());
  if (!check.ok()) {
    // Only a forged or stale form can name a type the page did not offer.
    const int status = check.error().code == ErrorCode::kInformationTypeNotPermitted ? 403 : 400;
    return html(status,
                message_page(context->page_user, "Frågan kan inte ställas", check.error().message));
  }
  if (!check->errors.empty()) {
    HamtaPageModel model{context->page_user, context->allowed, input, check->errors, ""};
    return html(400, hamta_page(model));
  }
  return run_query(request, *context, *check->query, input);
}

http::Response WebUi::run_query(http::Request& request, const Context& context,
                                const lefi::LefiQuery& query, const QueryFormInput& input) {
  const lefi::Requester requester{request.transaktions_id, request.peer->organisationsnummer,
                                  context.user.anvandarnamn, "LEFI.FORMANSINFORMATION.V9"};
  const auto back_to_form = [&](const Error& error) {
    // A refusal by the service: back to the form, saying why.
    HamtaPageModel model{context.page_user,
                         context.allowed,
                         input,
                         {},
                         http::public_error_message(error, request.transaktions_id)};
    return html(http_status(error.code), hamta_page(model));
  };
  auto disclosed = deps_.lefi.answer(query, context.agreement, requester);
  if (!disclosed.ok()) return back_to_form(disclosed.error());
  return html(200, visa_page({context.page_user, std::move(disclosed).value()}));
}

void WebUi::purge_sessions_now_and_then() {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(purge_mutex_);
    if (now - last_purge_ < std::chrono::minutes(1)) return;
    last_purge_ = now;
  }
  auto purged = sessions_.purge_expired();
  if (!purged.ok()) {
    platform::log_error("webb_sessionsrensning_misslyckades", {{"fel", purged.error().message}});
  }
}

}  // namespace utbyte::webui
