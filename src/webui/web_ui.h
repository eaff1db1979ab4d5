#pragma once

// The LEFI web interface (issue 9, docs/webui.md): login with the organisation's client
// certificate plus a personal user, the pages Hämta and Visa förmånsinformation, served under
// /webb/ on the same mutual-TLS listener as the API. A query made here goes through the same
// LefiService, agreement, SLA gate and audit log as an API v9 query, audited under the user.

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "domain/date.h"
#include "lefi/lefi_service.h"
#include "platform/actors.h"
#include "platform/pipeline/partner_pipeline.h"
#include "store/user_store.h"
#include "webui/login_throttle.h"
#include "webui/pages.h"
#include "webui/sessions.h"

namespace utbyte::webui {

struct WebUiOptions {
  std::chrono::seconds session_timeout{15 * 60};
  LoginThrottle::Limits login_limits{};
};

struct WebUiDeps {
  lefi::LefiService& lefi;
  store::UserStore& users;
  std::function<domain::Date()> today;
  std::function<std::chrono::system_clock::time_point()> now;
};

class WebUi {
 public:
  WebUi(WebUiDeps deps, WebUiOptions options);

  // Installs every /webb route: the pages on the partner pipeline (service LEFI, binding WEBB;
  // the query in class ONLINE as v9, logins in class WEBBINLOGGNING), the assets and the bare
  // /webb redirect as public routes. The WebUi must outlive the router.
  void add_routes(platform::pipeline::PartnerPipeline& pipeline);

 private:
  // A logged-in request: the certificate's agreement, the live session and its user.
  struct Context {
    platform::Agreement agreement;
    store::WebSessionRecord session;
    store::WebUserRecord user;
    std::set<domain::InformationType> allowed;  // behorighet ∩ agreement
    PageUser page_user;
  };

  using Agreement = platform::Agreement;
  platform::http::Response start_page(platform::http::Request& request, const Agreement& agreement);
  platform::http::Response login(platform::http::Request& request, const Agreement& agreement);
  platform::http::Response logout(platform::http::Request& request, const Agreement& agreement);
  platform::http::Response hamta_form(platform::http::Request& request, const Agreement& agreement);
  platform::http::Response hamta_submit(platform::http::Request& request,
                                        const Agreement& agreement);

  Result<Context> authenticate(const platform::http::Request& request, const Agreement& agreement);
  platform::http::Response login_form(const platform::Agreement& agreement,
                                      const platform::http::Request& request, int status,
                                      std::string error, std::string info,
                                      std::string anvandarnamn);
  platform::http::Response run_query(platform::http::Request& request, const Context& context,
                                     const lefi::LefiQuery& query, const QueryFormInput& input);
  void purge_sessions_now_and_then();

  WebUiDeps deps_;
  SessionManager sessions_;
  LoginThrottle throttle_;
  std::mutex purge_mutex_;
  std::chrono::steady_clock::time_point last_purge_{};  // guarded by purge_mutex_
};

}  // namespace utbyte::webui
