#pragma once

// The pages of the web interface, rendered to complete HTML documents. Each takes a plain model;
// everything in a model is escaped on the way out.

#include <set>
#include <string>
#include <vector>

#include "domain/information_type.h"
#include "lefi/lefi_answer.h"
#include "webui/html.h"
#include "webui/query_form.h"

namespace utbyte::webui {

struct LoginPageModel {
  std::string organisation;  // from the client certificate's agreement
  std::string aktors_id;
  std::string csrf_token;    // the pre-login token, also in the login cookie
  std::string anvandarnamn;  // kept after a failed attempt
  std::string error;         // the one generic message after a failure
  std::string info;          // e.g. "Du är utloggad."
};

struct HamtaPageModel {
  PageUser user;
  std::set<domain::InformationType> allowed;  // the user's behorighet within the agreement
  QueryFormInput input;
  std::vector<FieldError> errors;
  std::string notice;  // a refusal of the whole query (e.g. service window), shown on top
};

struct VisaPageModel {
  PageUser user;
  // The audited answer itself, not a reading of its JSON: the page cannot show other data than
  // the API would disclose.
  lefi::LefiAnswer answer;
};

std::string login_page(const LoginPageModel& model);
std::string hamta_page(const HamtaPageModel& model);
std::string visa_page(const VisaPageModel& model);
// A short page for refusals that have no form to return to (403, 400 of a forged request).
std::string message_page(const PageUser& user, std::string_view title, std::string_view message);

}  // namespace utbyte::webui
