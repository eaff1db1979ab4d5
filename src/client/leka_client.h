#pragma once

// The client side of LEKA v9 (docs/leka.md): paths, the registration body, and the state of
// `utbyte leka folj`, which follows the notification feed into a JSON-lines file without loss or
// duplicates across crashes. Free of network I/O, so that it can be unit tested.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace utbyte::client {

// --- Paths (below the REST base; `/rest` is added when the URL has no base path) ------------

std::string leka_prenumerationer_path(const std::string& base_path, const std::string& aktors_id);
std::string leka_prenumeration_path(const std::string& base_path, const std::string& aktors_id,
                                    const std::string& prenumerations_id);
// …/prenumerationer?personnummer=&cursor=&antal= (empty values are left out)
std::string leka_prenumerationer_query_path(const std::string& base_path,
                                            const std::string& aktors_id,
                                            const std::string& personnummer,
                                            const std::string& cursor, int antal);
std::string leka_aviseringar_path(const std::string& base_path, const std::string& aktors_id,
                                  std::int64_t from_sekvens, int antal);
std::string leka_kvittens_path(const std::string& base_path, const std::string& aktors_id);

nlohmann::ordered_json leka_registration_body(const std::string& personnummer,
                                              const std::vector<std::string>& informationstyper,
                                              const std::string& from_datum);

// --- The state of `folj` --------------------------------------------------------------------

// What has been written, fsynced and (perhaps not yet) acknowledged.
struct FoljState {
  std::string aktors_id;
  // The last sequence number dealt with: written to the output, or withheld by the server (its
  // agreement no longer allows the notification; docs/leka.md) and so passed over.
  std::int64_t sista_sekvens = 0;
  std::uint64_t bytes = 0;  // the output's size just after the last line written
};

nlohmann::json folj_state_to_json(const FoljState& state);
// Errors: kConfigError for anything but what folj_state_to_json() writes.
Result<FoljState> folj_state_from_json(const std::string& text);
// A default state (no aktor) when the file does not exist. Errors: kIoError, kConfigError.
Result<FoljState> load_folj_state(const std::string& path);
// Writes `path`.tmp, fsyncs it, renames it over `path`, fsyncs the directory. Errors: kIoError.
Status save_folj_state(const std::string& path, const FoljState& state);

// The notifications of a page that are new to `state` (sekvensnummer above sista_sekvens), in
// order, each as its JSON line (no newline), and how far the page got: past its last line, and
// past notifications the server withheld, as its `nastaFromSekvens` says (a page of withheld
// notifications only has no lines but still moves on). Errors: kConfigError when the page has no
// `aviseringar` array or an item lacks an integer sekvensnummer, or sequence numbers do not
// increase.
struct NewLines {
  std::vector<std::string> lines;
  std::int64_t sista_sekvens = 0;  // the page's position (see FoljState); state's when none
};
Result<NewLines> leka_new_lines(const nlohmann::ordered_json& page, const FoljState& state);

// Appends `lines` (each + "\n") to `path` and fsyncs it; returns the file's new size.
// Errors: kIoError.
Result<std::uint64_t> append_lines_durably(const std::string& path,
                                           const std::vector<std::string>& lines);

// Prepares the output before following: a longer file than the state says (written before a
// crash, not yet in the state) is cut back to the state's size; a shorter one is an error
// (changed behind our back). Errors: kIoError, kConfigError.
Status prepare_folj_output(const std::string& path, const FoljState& state);

}  // namespace utbyte::client
