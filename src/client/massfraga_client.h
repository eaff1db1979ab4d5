#pragma once

// The client side of LEFI Asynkron v10 (docs/specs/lefi-async-v10-wire.md): paths, the order
// body, the person file, the answer lines of `utbyte lefi massfraga hamta` and its progress file.
// Everything here is free of network I/O, so that it can be unit tested.

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace utbyte::client {

// --- Paths (below the REST base; `/rest` is added when the URL has no base path) ------------

// {mottagare}/bestallningar
std::string massfraga_bestallningar_path(const std::string& base_path,
                                         const std::string& aktors_id);
// {leverantor}/bestallningar/{id}
std::string massfraga_status_path(const std::string& base_path, const std::string& aktors_id,
                                  const std::string& bestallnings_id);
// {leverantor}/bestallningar/{id}/svar?efterRad=N&antal=M
std::string massfraga_svar_path(const std::string& base_path, const std::string& aktors_id,
                                const std::string& bestallnings_id, std::int64_t efter_rad,
                                int antal);
// {leverantor}/bestallningar/{id}/kvittens
std::string massfraga_kvittens_path(const std::string& base_path, const std::string& aktors_id,
                                    const std::string& bestallnings_id);

// --- The person file ------------------------------------------------------------------------

// One person of the file and the line it came from (1-based), so that the server's `rad`
// (the position in `personer`) can be traced back to the file.
struct PersonLine {
  std::size_t line = 0;
  std::string personnummer;  // as written, blanks and CSV quotes removed
};

// One personnummer a line, or the first column of a CSV (`,`, `;` or tab separated, the field
// optionally in double quotes). Blank lines and lines starting with `#` are skipped, and so is
// the first remaining line when its first column holds no digit (a header). Every other line is
// kept as it is: the server validates each one and reports the invalid ones per line.
std::vector<PersonLine> parse_person_lines(std::istream& in);
// Errors: kIoError when the file cannot be read.
Result<std::vector<PersonLine>> read_person_file(const std::string& path);

// --- The order ------------------------------------------------------------------------------

struct MassfragaBestallning {
  std::string klientreferens;  // empty: none
  std::vector<std::string> informationstyper;
  std::string from_datum;
  std::string tom_datum;
  std::vector<std::string> personer;
};

nlohmann::json massfraga_request_body(const MassfragaBestallning& bestallning);

// A klientreferens for an order the user gave none: it makes a retried submit idempotent (the
// server returns the existing order for a repeated klientreferens). "utbyte-" + 16 hex digits.
std::string generate_klientreferens();

// --- Status ---------------------------------------------------------------------------------

// The status object rendered for a terminal (several lines, ending in a newline).
std::string render_massfraga_status(const nlohmann::json& status);

// "[#####-----] 4 812/10 000 besvarade, 1 203/s" (`width` cells in the bar; the rate is left
// out when negative; `noun` names what is counted).
std::string render_progress_bar(std::int64_t done, std::int64_t total, double per_second,
                                const std::string& noun = "besvarade", int width = 10);

// 10000 -> "10 000": a Swedish thousands separator.
std::string group_thousands(std::int64_t value);

// --- Answer lines ---------------------------------------------------------------------------

// One line of svar.jsonl for one item of a page's `svar` array, without the newline:
// {"rad":…,"personnummer":…,"status":…,"utfall"?:…,"svar"?:…,"fel"?:…} in that key order.
// Errors: kConfigError when the item has no integer `rad` >= 1 or no string `status`.
Result<std::string> massfraga_answer_line(const nlohmann::json& item);

// --- The progress file of `hamta` -----------------------------------------------------------

// `svar.jsonl.progress`: the state of the output file as of the last fully written page.
struct HamtaProgress {
  std::string bestallnings_id;
  std::int64_t sista_rad = 0;  // the last row fully written (and fsynced) to the output
  std::uint64_t bytes = 0;     // the output file's size at that point
  bool slut = false;           // the whole order has been written
};

std::string progress_path_for(const std::string& output_path);

nlohmann::json progress_to_json(const HamtaProgress& progress);
// Errors: kConfigError for anything but the object progress_to_json() writes.
Result<HamtaProgress> progress_from_json(const std::string& text);

// Reads the progress file; a default HamtaProgress (empty id) when it does not exist. Errors:
// kIoError (unreadable), kConfigError (not a progress file).
Result<HamtaProgress> load_progress(const std::string& path);
// Writes `path`.tmp, fsyncs it, renames it over `path` and fsyncs the directory, so that the
// file is always either the old or the new state. Errors: kIoError.
Status save_progress(const std::string& path, const HamtaProgress& progress);

// Where `hamta` starts: decided from the progress file (if any) and the output file's size.
struct ResumePlan {
  std::int64_t efter_rad = 0;     // the first page is asked with this efterRad
  std::uint64_t truncate_to = 0;  // the output is cut to this size first (drops a partial page)
  bool already_complete = false;
};

// `progress`: what load_progress() gave (empty id: no progress file). `output_size`: the output
// file's size, or -1 when it does not exist. Errors (kConfigError): the progress file belongs to
// another order; the output is shorter than the progress file says (it was changed behind our
// back); an output file with content but no progress file (not ours: never overwritten).
Result<ResumePlan> plan_resume(const HamtaProgress& progress, const std::string& bestallnings_id,
                               std::int64_t output_size);

}  // namespace utbyte::client
