// `utbyte lefi massfraga skicka|status|hamta`: the LEFI Asynkron v10 client
// (docs/specs/lefi-async-v10-wire.md, docs/lefi-async.md). Every call goes through one Pacer at
// the SLA's Massfråga limits (2/s, 120/min, 7200/h, 300 ms from answer to next call, 5 at a
// time) and send_with_retry (Retry-After of a 429/503 is honoured), so that the client never
// earns a 429.
//
// `hamta` fetches pages one after another: the answers are paged by a cursor (efterRad =
// the previous page's nastaEfterRad, and a page stops before the first row still being
// processed), so pages cannot be fetched in parallel by row ranges, and with 2 calls/s and 300 ms
// measured from the END of the latest answer, overlapping calls would buy almost nothing.
// --tradar therefore only caps how many calls may be in flight (the pacer's slot count); it is
// kept so that scripts need not change if the server ever offers ranged pages.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "client/https_client.h"
#include "client/lefi_client.h"
#include "client/massfraga_client.h"
#include "client/pacer.h"
#include "client/retry.h"
#include "core/error_code.h"
#include "domain/date.h"
#include "server/commands.h"

namespace utbyte::cli {

// Also declared in server/commands.h; called from add_lefi_commands (lefi_command.cc).
void add_massfraga_commands(CLI::App& lefi_app, CommandAction& action);

namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

struct CommonOptions {
  std::string url = "https://127.0.0.1:8200";
  std::string certs;
  std::string aktor;
  int max_forsok = 8;
  bool tyst = false;
};

struct SkickaOptions {
  CommonOptions common;
  std::string fil;
  std::vector<std::string> typer;
  std::string from;
  std::string tom;
  std::string klientreferens;
  bool vanta = false;
};

struct StatusOptions {
  CommonOptions common;
  std::string id;
  std::string format = "text";
};

struct HamtaOptions {
  CommonOptions common;
  std::string id;
  std::string ut;
  int tradar = 5;
  int sida = 1000;
};

// A terminal line that is redrawn in place (a progress bar), or plain lines when stderr is not
// a terminal. Messages clear the bar first and redraw it after.
class Progress {
 public:
  explicit Progress(std::string prefix)
      : prefix_(std::move(prefix)), tty_(isatty(fileno(stderr)) == 1) {}
  ~Progress() { clear(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  bool tty() const { return tty_; }

  void say(const std::string& text) {
    if (tty_ && !bar_.empty()) std::fputs("\r\033[K", stderr);
    std::fprintf(stderr, "%s: %s\n", prefix_.c_str(), text.c_str());
    if (tty_ && !bar_.empty()) std::fputs(bar_.c_str(), stderr);
  }

  // On a terminal: redraws the bar. Otherwise: a plain line, at most every 5 s (or `force`).
  void update(const std::string& text, bool force = false) {
    if (tty_) {
      bar_ = text;
      std::fprintf(stderr, "\r\033[K%s", bar_.c_str());
      return;
    }
    const auto now = steady_clock::now();
    if (!force && last_plain_ && now - *last_plain_ < std::chrono::seconds{5}) return;
    last_plain_ = now;
    std::fprintf(stderr, "%s: %s\n", prefix_.c_str(), text.c_str());
  }

  void clear() {
    if (tty_ && !bar_.empty()) std::fputs("\r\033[K", stderr);
    bar_.clear();
  }

 private:
  const std::string prefix_;
  const bool tty_;
  std::string bar_;
  std::optional<steady_clock::time_point> last_plain_;
};

// One client session: the HTTPS connection, the pacer and the retry policy.
class Session {
 public:
  Session(const client::Url& url, const CommonOptions& options, Progress& progress,
          int max_concurrent = 5)
      : url_(url),
        aktor_(options.aktor),
        http_(url, platform::tls::CertPaths::client_in(options.certs)),
        pacer_(limits(max_concurrent), pacer_options(options, progress)) {
    policy_.max_attempts = std::max(1, options.max_forsok);
    if (!options.tyst) hooks_.on_retry = [&progress](const std::string& t) { progress.say(t); };
  }

  const std::string& base() const { return url_.base_path; }
  const std::string& aktor() const { return aktor_; }
  client::Pacer& pacer() { return pacer_; }

  // Sends one request. Returns the parsed body for an expected status; otherwise an error
  // whose message names the status, felkod and felmeddelande.
  Result<json> call(const std::string& method, const std::string& path, const std::string& body,
                    std::initializer_list<int> expected, int* status = nullptr) {
    auto result = client::send_with_retry(http_, pacer_, policy_, method, path, body, hooks_);
    if (!result.ok()) return result.error();
    if (status != nullptr) *status = result->status;
    json parsed = json::parse(result->body, nullptr, false);
    if (std::find(expected.begin(), expected.end(), result->status) != expected.end()) {
      if (!parsed.is_object()) {
        return make_error(ErrorCode::kInternal,
                          fmt::format("HTTP {}: svaret är inte ett JSON-objekt", result->status));
      }
      return parsed;
    }
    std::string felkod_text = fmt::format("HTTP_{}", result->status);
    std::string message = result->body.substr(0, 300);
    if (parsed.is_object()) {
      felkod_text = parsed.value("felkod", felkod_text);
      message = parsed.value("felmeddelande", message);
    }
    const ErrorCode code = result->status == 404 ? ErrorCode::kNotFound : ErrorCode::kInternal;
    std::string txid = result->headers["x-transaktions-id"];
    if (txid.empty() && parsed.is_object()) txid = parsed.value("transaktionsId", "");
    return make_error(code, fmt::format("HTTP {} {}: {}{}", result->status, felkod_text, message,
                                        txid.empty() ? "" : " (transaktion " + txid + ")"));
  }

  // Waits `wait` in the pacer's clock (polling an order that is still being processed).
  void pause(milliseconds wait) { pacer_.time().sleep_until(pacer_.time().now() + wait); }

 private:
  static platform::sla::SlaLimits limits(int max_concurrent) {
    auto l = platform::sla::SlaLimits::massfraga();
    l.max_concurrent = std::clamp(max_concurrent, 1, l.max_concurrent);
    return l;
  }
  static client::PacerOptions pacer_options(const CommonOptions& options, Progress& progress) {
    client::PacerOptions p;
    if (!options.tyst) {
      p.on_wait = [&progress](const client::PaceWait& wait) {
        // A Retry-After wait was announced by the retry loop; the regular 0,5 s pacing is noise.
        if (wait.reason == client::PaceReason::kPenalty ||
            wait.reason == client::PaceReason::kConcurrent || wait.wait < std::chrono::seconds{2}) {
          return;
        }
        progress.say(wait.text);
      };
    }
    return p;
  }

  const client::Url url_;
  const std::string aktor_;
  client::HttpsClient http_;
  client::Pacer pacer_;
  client::RetryPolicy policy_;
  client::RetryHooks hooks_;
};

std::int64_t count(const json& status, const char* key) {
  const json antal = status.value("antal", json::object());
  auto it = antal.find(key);
  return it != antal.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

// Polls the order's status (paced) until KLAR or FEL, showing progress. 0 on KLAR.
int wait_for_order(Session& session, Progress& progress, const std::string& id) {
  const std::string path = client::massfraga_status_path(session.base(), session.aktor(), id);
  std::optional<std::pair<steady_clock::time_point, std::int64_t>> first;
  for (;;) {
    auto status = session.call("GET", path, "", {200});
    if (!status.ok()) {
      progress.clear();
      progress.say(status.error().message);
      return 1;
    }
    const std::string state = status->value("status", "");
    const std::int64_t besvarade = count(*status, "besvarade");
    const std::int64_t giltiga = count(*status, "giltiga");
    const auto now = steady_clock::now();
    double rate = -1;
    if (!first) {
      first = {now, besvarade};
    } else {
      const double s = std::chrono::duration<double>(now - first->first).count();
      if (s > 0) rate = static_cast<double>(besvarade - first->second) / s;
    }
    const std::string bar = client::render_progress_bar(besvarade, giltiga, rate);
    if (state == "KLAR" || state == "FEL") {
      progress.clear();
      progress.say(fmt::format("{} {}: {}", id, state, bar));
      if (state == "FEL") progress.say(status->value("felmeddelande", "okänt fel"));
      return state == "KLAR" ? 0 : 1;
    }
    progress.update(fmt::format("{} {}", bar, state));
    session.pause(milliseconds{1000});
  }
}

client::Url must_url(const std::string& text, const char* prefix, bool& ok) {
  auto url = client::parse_url(text);
  ok = url.ok();
  if (!ok) {
    std::fprintf(stderr, "%s: %s\n", prefix, url.error().message.c_str());
    return {};
  }
  return *url;
}

int run_skicka(const SkickaOptions& options) {
  constexpr const char* kPrefix = "utbyte lefi massfraga skicka";
  bool ok = false;
  const client::Url url = must_url(options.common.url, kPrefix, ok);
  if (!ok) return 2;
  auto persons = client::read_person_file(options.fil);
  if (!persons.ok()) {
    std::fprintf(stderr, "%s: %s\n", kPrefix, persons.error().message.c_str());
    return 2;
  }
  if (persons->empty()) {
    std::fprintf(stderr, "%s: %s innehåller inga personnummer\n", kPrefix, options.fil.c_str());
    return 2;
  }
  client::MassfragaBestallning order;
  // Without a klientreferens a retried submit (a lost answer) could create a second order; with
  // one the server returns the first.
  order.klientreferens =
      options.klientreferens.empty() ? client::generate_klientreferens() : options.klientreferens;
  order.informationstyper = options.typer;
  order.tom_datum = options.tom.empty() ? domain::format_date(domain::today_utc()) : options.tom;
  order.from_datum = options.from.empty()
                         ? domain::format_date(domain::add_days(domain::today_utc(), -365))
                         : options.from;
  order.personer.reserve(persons->size());
  for (const auto& p : *persons) order.personer.push_back(p.personnummer);

  Progress progress(kPrefix);
  Session session(url, options.common, progress);
  progress.say(fmt::format("skickar {} personer (klientreferens {})",
                           client::group_thousands(static_cast<std::int64_t>(persons->size())),
                           order.klientreferens));
  int http_status = 0;
  auto answer = session.call(
      "POST", client::massfraga_bestallningar_path(url.base_path, options.common.aktor),
      client::massfraga_request_body(order).dump(), {200, 202}, &http_status);
  if (!answer.ok()) {
    progress.say(answer.error().message);
    return 1;
  }
  const std::string id = answer->value("bestallningsId", "");
  if (id.empty()) {
    progress.say("svaret saknar bestallningsId");
    return 1;
  }
  // stdout: the id alone on the first line (for scripts), then one line per invalid entry.
  std::printf("%s\n", id.c_str());
  const json ogiltiga = answer->value("ogiltiga", json::array());
  for (const json& o : ogiltiga) {
    const std::int64_t rad = o.value("rad", std::int64_t{0});
    const std::size_t line = rad >= 1 && static_cast<std::size_t>(rad) <= persons->size()
                                 ? (*persons)[static_cast<std::size_t>(rad - 1)].line
                                 : 0;
    std::printf("ogiltig rad %lld (filrad %zu): %s %s: %s\n", static_cast<long long>(rad), line,
                o.value("personnummer", "").c_str(), o.value("felkod", "").c_str(),
                o.value("felmeddelande", "").c_str());
  }
  std::fflush(stdout);
  progress.say(fmt::format(
      "{} {} ({}): {} giltiga, {} ogiltiga", id, http_status == 200 ? "fanns redan" : "mottagen",
      answer->value("status", ""), client::group_thousands(count(*answer, "giltiga")),
      client::group_thousands(count(*answer, "ogiltiga"))));
  if (!options.vanta) return 0;
  return wait_for_order(session, progress, id);
}

int run_status(const StatusOptions& options) {
  constexpr const char* kPrefix = "utbyte lefi massfraga status";
  bool ok = false;
  const client::Url url = must_url(options.common.url, kPrefix, ok);
  if (!ok) return 2;
  Progress progress(kPrefix);
  Session session(url, options.common, progress);
  auto status = session.call(
      "GET", client::massfraga_status_path(url.base_path, options.common.aktor, options.id), "",
      {200});
  if (!status.ok()) {
    progress.say(status.error().message);
    return 1;
  }
  const std::string out =
      options.format == "json" ? status->dump(2) + "\n" : client::render_massfraga_status(*status);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

// The output file, appended to and fsynced page by page.
class OutputFile {
 public:
  ~OutputFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  OutputFile() = default;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  Status open(const std::string& path, std::uint64_t truncate_to) {
    path_ = path;
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) return fail("kan inte öppna");
    if (::ftruncate(fd_, static_cast<off_t>(truncate_to)) != 0) return fail("kan inte korta");
    if (::lseek(fd_, 0, SEEK_END) < 0) return fail("lseek");
    size_ = truncate_to;
    return Status::ok_status();
  }

  Status append_and_sync(const std::string& data) {
    std::size_t written = 0;
    while (written < data.size()) {
      const ssize_t n = ::write(fd_, data.data() + written, data.size() - written);
      if (n < 0) {
        if (errno == EINTR) continue;
        return fail("kan inte skriva");
      }
      written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd_) != 0) return fail("fsync");
    size_ += data.size();
    return Status::ok_status();
  }

  std::uint64_t size() const { return size_; }

 private:
  Error fail(const char* what) const {
    return make_error(ErrorCode::kIoError,
                      fmt::format("{} {}: {}", what, path_, std::strerror(errno)));
  }

  std::string path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

int run_hamta(const HamtaOptions& options) {
  constexpr const char* kPrefix = "utbyte lefi massfraga hamta";
  bool ok = false;
  const client::Url url = must_url(options.common.url, kPrefix, ok);
  if (!ok) return 2;
  Progress progress(kPrefix);
  const auto local_error = [&progress](const std::string& message) {
    progress.say(message);
    return 2;
  };

  const std::string progress_path = client::progress_path_for(options.ut);
  auto saved = client::load_progress(progress_path);
  if (!saved.ok()) return local_error(saved.error().message);
  struct stat st {};
  const std::int64_t output_size =
      ::stat(options.ut.c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_size) : -1;
  auto plan = client::plan_resume(*saved, options.id, output_size);
  if (!plan.ok()) return local_error(fmt::format("{}: {}", options.ut, plan.error().message));
  if (plan->already_complete) {
    progress.say(fmt::format("{} är redan helt hämtad till {}", options.id, options.ut));
    return 0;
  }

  client::HamtaProgress state;
  state.bestallnings_id = options.id;
  state.sista_rad = plan->efter_rad;
  state.bytes = plan->truncate_to;
  if (saved->bestallnings_id.empty()) {
    // The progress file exists before the first byte of output, so that an output file without
    // one is never ours.
    Status s = client::save_progress(progress_path, state);
    if (!s.ok()) return local_error(s.error().message);
  }
  OutputFile out;
  if (Status s = out.open(options.ut, plan->truncate_to); !s.ok()) {
    return local_error(s.error().message);
  }
  if (plan->efter_rad > 0) {
    progress.say(fmt::format("fortsätter efter rad {}", client::group_thousands(plan->efter_rad)));
  }

  Session session(url, options.common, progress, options.tradar);
  const std::string status_path =
      client::massfraga_status_path(url.base_path, options.common.aktor, options.id);
  const std::string kvittens_path =
      client::massfraga_kvittens_path(url.base_path, options.common.aktor, options.id);
  auto status = session.call("GET", status_path, "", {200});
  if (!status.ok()) {
    progress.say(status.error().message);
    return 1;
  }
  const std::int64_t totalt = count(*status, "totalt");
  const auto started = steady_clock::now();
  const std::int64_t start_row = state.sista_rad;

  for (;;) {
    auto page = session.call("GET",
                             client::massfraga_svar_path(url.base_path, options.common.aktor,
                                                         options.id, state.sista_rad, options.sida),
                             "", {200});
    if (!page.ok()) {
      progress.clear();
      progress.say(page.error().message);
      return 1;
    }
    const json items = page->value("svar", json::array());
    std::string data;
    std::int64_t last = state.sista_rad;
    for (const json& item : items) {
      auto line = client::massfraga_answer_line(item);
      if (!line.ok()) {
        progress.clear();
        progress.say(line.error().message);
        return 1;
      }
      const std::int64_t rad = item["rad"].get<std::int64_t>();
      if (rad <= last) continue;  // never a row twice, whatever the server sends
      last = rad;
      data += *line;
      data += '\n';
    }
    std::int64_t next = last;
    if (page->contains("nastaEfterRad") && (*page)["nastaEfterRad"].is_number_integer()) {
      next = std::max(last, (*page)["nastaEfterRad"].get<std::int64_t>());
    }
    const bool slut = page->value("slut", false);
    if (!data.empty() || next != state.sista_rad || slut) {
      // Rows first (fsynced), then the progress file (fsync + rename), then the acknowledgement:
      // a crash anywhere leaves a state that the next run continues from without a duplicate.
      if (Status s = out.append_and_sync(data); !s.ok()) return local_error(s.error().message);
      state.sista_rad = next;
      state.bytes = out.size();
      state.slut = slut;
      if (Status s = client::save_progress(progress_path, state); !s.ok()) {
        return local_error(s.error().message);
      }
      if (!items.empty()) {
        auto ack =
            session.call("POST", kvittens_path, json{{"tomRad", state.sista_rad}}.dump(), {200});
        // Not fatal: the next acknowledgement (tomRad is cumulative) covers this page too.
        if (!ack.ok()) progress.say(fmt::format("kvittens misslyckades: {}", ack.error().message));
      }
    }
    const double s = std::chrono::duration<double>(steady_clock::now() - started).count();
    const double rate = s > 0 ? static_cast<double>(state.sista_rad - start_row) / s : -1;
    progress.update(fmt::format(
        "{} {}", client::render_progress_bar(state.sista_rad, totalt, rate, "rader hämtade"),
        page->value("status", "")));
    if (slut) {
      progress.clear();
      progress.say(fmt::format("{}: {} rader hämtade till {}", options.id,
                               client::group_thousands(state.sista_rad), options.ut));
      return 0;
    }
    // Still being processed and nothing new: wait (paced) before asking again.
    if (items.empty()) session.pause(milliseconds{1000});
  }
}

void add_common(CLI::App* app, CommonOptions& o) {
  app->add_option("--url", o.url, "Serverns bas-URL")->capture_default_str();
  app->add_option("--certs", o.certs, "Katalog med ca.pem, client.pem, client.key")->required();
  app->add_option("--aktor", o.aktor, "aktorsId")->required();
  app->add_option("--max-forsok", o.max_forsok,
                  "Högst så många försök per anrop (vid 429, 503, 502, 504 och anslutningsfel)")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  app->add_flag("--tyst", o.tyst, "Skriv inte ut väntemeddelanden");
}

}  // namespace

void add_massfraga_commands(CLI::App& lefi_app, CommandAction& action) {
  auto* mf = lefi_app.add_subcommand(
      "massfraga", "LEFI Asynkron v10: beställningar med många personer (Massfråga-SLA)");
  mf->require_subcommand(1);

  auto skicka_opts = std::make_shared<SkickaOptions>();
  auto* skicka = mf->add_subcommand("skicka", "Skicka en beställning (skriver ut bestallningsId)");
  add_common(skicka, skicka_opts->common);
  skicka
      ->add_option("--fil", skicka_opts->fil,
                   "Ett personnummer per rad, eller CSV med personnumret i första kolumnen "
                   "(tomma rader, #-rader och en rubrikrad utan siffror hoppas över)")
      ->check(CLI::ExistingFile)
      ->required();
  skicka->add_option("--typer", skicka_opts->typer, "Informationstyper, kommaseparerade")
      ->delimiter(',')
      ->required();
  skicka->add_option("--from", skicka_opts->from, "fromDatum ÅÅÅÅ-MM-DD (standard: ett år bakåt)");
  skicka->add_option("--tom", skicka_opts->tom, "tomDatum ÅÅÅÅ-MM-DD (standard: i dag)");
  skicka->add_option("--klientreferens", skicka_opts->klientreferens,
                     "Egen referens (1–64 tecken A-Za-z0-9._~-); samma referens igen ger samma "
                     "beställning. Standard: en slumpad");
  skicka->add_flag("--vanta", skicka_opts->vanta, "Vänta tills beställningen är KLAR eller FEL");
  skicka->callback(
      [&action, skicka_opts] { action = [skicka_opts] { return run_skicka(*skicka_opts); }; });

  auto status_opts = std::make_shared<StatusOptions>();
  auto* status = mf->add_subcommand("status", "Visa en beställnings status");
  status->add_option("id", status_opts->id, "bestallningsId")->required();
  add_common(status, status_opts->common);
  status->add_option("--format", status_opts->format, "text eller json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  status->callback(
      [&action, status_opts] { action = [status_opts] { return run_status(*status_opts); }; });

  auto hamta_opts = std::make_shared<HamtaOptions>();
  auto* hamta = mf->add_subcommand(
      "hamta", "Hämta svaren som JSON-rader (återupptas där den slutade; kvitterar varje sida)");
  hamta->add_option("id", hamta_opts->id, "bestallningsId")->required();
  add_common(hamta, hamta_opts->common);
  hamta->add_option("--ut", hamta_opts->ut, "Utfil (JSON-rader); förloppet i <ut>.progress")
      ->required();
  hamta
      ->add_option("--tradar", hamta_opts->tradar,
                   "Högst så många anrop samtidigt (≤ 5). Sidorna följer en markör och hämtas "
                   "därför en i taget")
      ->check(CLI::Range(1, 5))
      ->capture_default_str();
  hamta->add_option("--sida", hamta_opts->sida, "Rader per sida (1–1000)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  hamta->callback(
      [&action, hamta_opts] { action = [hamta_opts] { return run_hamta(*hamta_opts); }; });
}

}  // namespace utbyte::cli
