// `utbyte lefi fraga`: the LEFI Online v9 client. One person prints the answer as pretty JSON;
// several (a list, or --fil) are asked one after another inside the SLA's Online limits and
// printed one JSON line each, so that a batch never earns a 429.

#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "client/https_client.h"
#include "client/lefi_client.h"
#include "client/pacer.h"
#include "client/retry.h"
#include "core/error_code.h"
#include "domain/date.h"
#include "server/commands.h"

namespace utbyte::cli {
namespace {

using nlohmann::json;

struct FragaOptions {
  std::string url = "https://127.0.0.1:8200";
  std::string certs;
  std::string aktor;
  std::vector<std::string> personnummer;
  std::string fil;
  std::vector<std::string> typer;
  std::string from;
  std::string tom;
  std::string format = "json";
  int max_forsok = 5;
  bool tyst = false;
};

void print_err(const std::string& text) {
  std::fprintf(stderr, "utbyte lefi fraga: %s\n", text.c_str());
}

// "19121212-1212" -> "191212121212"; surrounding blanks dropped. Anything else is passed on
// unchanged: the server is the one authority on what a valid personnummer is, and its error
// (OGILTIGT_PERSONNUMMER) is reported like any other.
std::string normalise_personnummer(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  text = text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
  if (text.size() == 13 && text[8] == '-') text.erase(8, 1);
  return text;
}

// One personnummer a line; blank lines and lines starting with # are skipped.
Result<std::vector<std::string>> read_person_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return make_error(ErrorCode::kIoError, fmt::format("kan inte läsa {}", path));
  std::vector<std::string> persons;
  std::string line;
  while (std::getline(in, line)) {
    std::string pnr = normalise_personnummer(line);
    if (pnr.empty() || pnr.front() == '#') continue;
    persons.push_back(std::move(pnr));
  }
  if (in.bad()) return make_error(ErrorCode::kIoError, fmt::format("kan inte läsa {}", path));
  return persons;
}

// "1,0": one decimal with a Swedish decimal comma.
std::string decimal(double value) {
  std::string s = fmt::format("{:.1f}", value);
  for (char& c : s) {
    if (c == '.') c = ',';
  }
  return s;
}

// The outcome of one person's query, for output and the summary.
struct Outcome {
  bool ok = false;
  json answer;          // the 200 answer
  json error;           // the error body (or one made up for a connection error)
  int status = 0;       // HTTP status, 0 for a connection error
  std::string message;  // for stderr
};

Outcome query_one(client::HttpsClient& http, client::Pacer& pacer,
                  const client::RetryPolicy& policy, const client::RetryHooks& hooks,
                  const std::string& path, client::LefiFraga fraga) {
  Outcome o;
  auto result = client::send_with_retry(http, pacer, policy, "POST", path,
                                        client::lefi_request_body(fraga).dump(), hooks);
  if (!result.ok()) {
    o.error = {{"felkod", felkod(result.error().code)}, {"felmeddelande", result.error().message}};
    o.message = result.error().message;
    return o;
  }
  o.status = result->status;
  auto body = json::parse(result->body, nullptr, false);
  if (result->status == 200) {
    if (body.is_discarded()) {
      o.error = {{"felkod", "OGILTIGT_SVAR"}, {"felmeddelande", "svaret är inte JSON"}};
      o.message = "svaret är inte JSON";
      return o;
    }
    o.ok = true;
    o.answer = std::move(body);
    return o;
  }
  const std::string txid = result->headers["x-transaktions-id"];
  if (body.is_object()) {
    o.error = std::move(body);
  } else {
    // Not a LEFI error body (e.g. a proxy's HTML page): keep what there is, so that the JSON
    // line still says what happened.
    o.error = {{"felkod", fmt::format("HTTP_{}", result->status)},
               {"felmeddelande", result->body.substr(0, 500)}};
  }
  if (!o.error.contains("transaktionsId") && !txid.empty()) o.error["transaktionsId"] = txid;
  const auto field = [&o](const char* key) {
    return o.error.contains(key) && o.error[key].is_string() ? o.error[key].get<std::string>()
                                                             : std::string();
  };
  o.message = fmt::format("HTTP {} {}: {} (transaktion {})", result->status, field("felkod"),
                          field("felmeddelande"), txid.empty() ? field("transaktionsId") : txid);
  return o;
}

int run_fraga(const FragaOptions& options) {
  auto url = client::parse_url(options.url);
  if (!url.ok()) {
    print_err(url.error().message);
    return 2;
  }
  std::vector<std::string> persons;
  for (const std::string& p : options.personnummer) {
    std::string pnr = normalise_personnummer(p);
    if (!pnr.empty()) persons.push_back(std::move(pnr));
  }
  if (!options.fil.empty()) {
    auto from_file = read_person_file(options.fil);
    if (!from_file.ok()) {
      print_err(from_file.error().message);
      return 2;
    }
    persons.insert(persons.end(), from_file->begin(), from_file->end());
  }
  if (persons.empty()) {
    print_err(options.fil.empty() ? "ange --personnummer eller --fil"
                                  : fmt::format("{} innehåller inga personnummer", options.fil));
    return 2;
  }
  // A file is a batch interface: its output is JSON lines even when it holds one person.
  const bool batch = persons.size() > 1 || !options.fil.empty();
  const bool progress = batch && isatty(fileno(stderr)) == 1;
  const bool table = options.format == "table";

  client::LefiFraga fraga{options.aktor, "", options.typer, options.from, options.tom};
  if (fraga.tom_datum.empty()) fraga.tom_datum = domain::format_date(domain::today_utc());
  if (fraga.from_datum.empty()) {
    fraga.from_datum = domain::format_date(domain::add_days(domain::today_utc(), -365));
  }

  // The progress line is redrawn in place; a message must first clear it.
  std::string progress_text;
  const auto say = [&progress_text, progress](const std::string& text) {
    if (progress && !progress_text.empty()) std::fputs("\r\033[K", stderr);
    std::fprintf(stderr, "utbyte lefi fraga: %s\n", text.c_str());
    if (progress && !progress_text.empty()) std::fputs(progress_text.c_str(), stderr);
  };

  client::PacerOptions pacer_options;
  if (!options.tyst) {
    pacer_options.on_wait = [&say, &progress_text, progress](const client::PaceWait& wait) {
      // A Retry-After wait was already announced by the retry loop; short waits are noise.
      if (wait.reason == client::PaceReason::kPenalty) return;
      if (wait.reason != client::PaceReason::kConcurrent &&
          wait.wait < std::chrono::milliseconds{200}) {
        return;
      }
      if (progress) {
        // On a terminal the wait belongs to the progress line: 19 lines saying "väntar 1 s"
        // in a 20-person batch would bury the errors.
        std::fprintf(stderr, "\r\033[K%s – %s", progress_text.c_str(), wait.text.c_str());
        return;
      }
      say(wait.text);
    };
  }
  client::Pacer pacer(platform::sla::SlaLimits::online(), std::move(pacer_options));
  client::RetryPolicy policy;
  policy.max_attempts = std::max(1, options.max_forsok);
  client::RetryHooks hooks;
  if (!options.tyst) hooks.on_retry = say;

  client::HttpsClient http(*url, platform::tls::CertPaths::client_in(options.certs));
  const std::string path = client::lefi_fraga_path(url->base_path, fraga.aktors_id);

  if (!batch) {
    fraga.personnummer = persons.front();
    Outcome o = query_one(http, pacer, policy, hooks, path, fraga);
    if (!o.ok) {
      print_err(o.message);
      return 1;
    }
    const std::string out = table ? client::render_lefi_table(o.answer) : o.answer.dump(2) + "\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
  }

  if (progress) {
    progress_text = fmt::format("0/{} frågor, 0 fel", persons.size());
    std::fputs(progress_text.c_str(), stderr);
  }
  const auto started = std::chrono::steady_clock::now();
  // Queries per second as ", 1,0 frågor/s", from the first answer on: n answers span n - 1
  // paced intervals, so n / elapsed would overstate the rate of a short batch (82/s after one).
  std::optional<std::chrono::steady_clock::time_point> first_answer;
  const auto rate = [&first_answer](std::size_t done) -> std::string {
    if (!first_answer || done < 2) return "";
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - *first_answer).count();
    return s > 0 ? fmt::format(", {} frågor/s", decimal(static_cast<double>(done - 1) / s)) : "";
  };
  std::size_t failed = 0;
  for (std::size_t i = 0; i < persons.size(); ++i) {
    fraga.personnummer = persons[i];
    Outcome o = query_one(http, pacer, policy, hooks, path, fraga);
    std::string out;
    if (o.ok) {
      out = table ? (i > 0 ? "\n" : "") + client::render_lefi_table(o.answer)
                  : o.answer.dump() + "\n";
    } else {
      ++failed;
      say(fmt::format("{}: {}", persons[i], o.message));
      if (!table) {
        // personnummer first, for a reader scanning the lines.
        nlohmann::ordered_json line = {{"personnummer", persons[i]}, {"fel", o.error}};
        if (o.status != 0) line["httpStatus"] = o.status;
        out = line.dump() + "\n";
      }
    }
    if (!first_answer) first_answer = std::chrono::steady_clock::now();
    std::fwrite(out.data(), 1, out.size(), stdout);
    // Each line is complete when written: a consumer (or a crash) never sees half a batch line.
    std::fflush(stdout);
    if (progress) {
      progress_text =
          fmt::format("{}/{} frågor, {} fel{}", i + 1, persons.size(), failed, rate(i + 1));
      std::fprintf(stderr, "\r\033[K%s", progress_text.c_str());
    }
  }
  if (progress) std::fputs("\r\033[K", stderr);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::fprintf(stderr, "utbyte lefi fraga: %zu frågor, %zu lyckades, %zu fel på %s s%s\n",
               persons.size(), persons.size() - failed, failed, decimal(seconds).c_str(),
               rate(persons.size()).c_str());
  return failed == 0 ? 0 : 1;
}

}  // namespace

void add_lefi_commands(CLI::App& app, CommandAction& action) {
  auto* lefi = app.add_subcommand("lefi", "Klient för LEFI Online");
  lefi->require_subcommand(1);
  add_massfraga_commands(*lefi, action);
  auto opts = std::make_shared<FragaOptions>();
  auto* fraga = lefi->add_subcommand(
      "fraga",
      "Hämta förmånsinformation om en eller flera personer (v9), inom SLA:ns gränser för Online");
  fraga->add_option("--url", opts->url, "Serverns bas-URL")->capture_default_str();
  fraga->add_option("--certs", opts->certs, "Katalog med ca.pem, client.pem, client.key")
      ->required();
  fraga->add_option("--aktor", opts->aktor, "aktorsId")->required();
  fraga
      ->add_option("--personnummer", opts->personnummer,
                   "12 siffror (ÅÅÅÅMMDD-NNNN går också), flera kommaseparerade")
      ->delimiter(',');
  fraga
      ->add_option("--fil", opts->fil,
                   "Fil med ett personnummer per rad (tomma rader och #-rader hoppas över); "
                   "svaren skrivs som en JSON-rad per person")
      ->check(CLI::ExistingFile);
  fraga->add_option("--typer", opts->typer, "Informationstyper, kommaseparerade")
      ->delimiter(',')
      ->required();
  fraga->add_option("--from", opts->from, "fromDatum ÅÅÅÅ-MM-DD (standard: ett år bakåt)");
  fraga->add_option("--tom", opts->tom, "tomDatum ÅÅÅÅ-MM-DD (standard: i dag)");
  fraga->add_option("--format", opts->format, "json eller table")
      ->check(CLI::IsMember({"json", "table"}))
      ->capture_default_str();
  fraga
      ->add_option("--max-forsok", opts->max_forsok,
                   "Högst så många försök per fråga (vid 429, 503, 502, 504 och anslutningsfel)")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  fraga->add_flag("--tyst", opts->tyst, "Skriv inte ut väntemeddelanden");
  fraga->callback([&action, opts] { action = [opts] { return run_fraga(*opts); }; });
}

}  // namespace utbyte::cli
