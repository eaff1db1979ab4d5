#include "client/leka_client.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "platform/http/query_params.h"

namespace utbyte::client {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

std::string rest_prefix(const std::string& base_path) { return base_path.empty() ? "/rest" : ""; }

std::string prenumeration_base(const std::string& base_path, const std::string& aktors_id) {
  return rest_prefix(base_path) +
         "/FK.EXI.LevereraKundAvisering.Prenumeration.V9/leka-extern-prenumeration/v9/aktorer/" +
         platform::http::percent_encode_segment(aktors_id);
}

std::string avisering_base(const std::string& base_path, const std::string& aktors_id) {
  return rest_prefix(base_path) +
         "/FK.EXI.LevereraKundAvisering.Avisering.V9/leka-extern-avisering/v9/aktorer/" +
         platform::http::percent_encode_segment(aktors_id);
}

Error io_error(std::string_view what, const std::string& path) {
  return make_error(ErrorCode::kIoError,
                    fmt::format("{} '{}': {}", what, path, std::strerror(errno)));
}

// A file descriptor closed on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // Closes now, reporting the error close() may give (the last chance to see a failed write).
  bool close() {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }

 private:
  int fd_;
};

bool write_all(int fd, std::string_view text) {
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    written += static_cast<std::size_t>(n);
  }
  return true;
}

Status fsync_directory_of(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  Fd dfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dfd.get() < 0) return io_error("kan inte öppna katalogen", dir);
  if (::fsync(dfd.get()) != 0) return io_error("fsync", dir);
  return Status::ok_status();
}

}  // namespace

std::string leka_prenumerationer_path(const std::string& base_path, const std::string& aktors_id) {
  return prenumeration_base(base_path, aktors_id) + "/prenumerationer";
}

std::string leka_prenumeration_path(const std::string& base_path, const std::string& aktors_id,
                                    const std::string& prenumerations_id) {
  return leka_prenumerationer_path(base_path, aktors_id) + "/" + prenumerations_id;
}

std::string leka_prenumerationer_query_path(const std::string& base_path,
                                            const std::string& aktors_id,
                                            const std::string& personnummer,
                                            const std::string& cursor, int antal) {
  std::string path =
      leka_prenumerationer_path(base_path, aktors_id) + fmt::format("?antal={}", antal);
  if (!personnummer.empty()) path += "&personnummer=" + personnummer;
  if (!cursor.empty()) path += "&cursor=" + cursor;
  return path;
}

std::string leka_aviseringar_path(const std::string& base_path, const std::string& aktors_id,
                                  std::int64_t from_sekvens, int antal) {
  return avisering_base(base_path, aktors_id) +
         fmt::format("/aviseringar?fromSekvens={}&antal={}", from_sekvens, antal);
}

std::string leka_kvittens_path(const std::string& base_path, const std::string& aktors_id) {
  return avisering_base(base_path, aktors_id) + "/aviseringar/kvittens";
}

ordered_json leka_registration_body(const std::string& personnummer,
                                    const std::vector<std::string>& informationstyper,
                                    const std::string& from_datum) {
  return ordered_json{{"personnummer", personnummer},
                      {"informationstyper", informationstyper},
                      {"fromDatum", from_datum}};
}

json folj_state_to_json(const FoljState& state) {
  return json{
      {"aktorsId", state.aktors_id}, {"sistaSekvens", state.sista_sekvens}, {"bytes", state.bytes}};
}

Result<FoljState> folj_state_from_json(const std::string& text) {
  const auto doc = json::parse(text, nullptr, false);
  const Error bad = make_error(ErrorCode::kConfigError, "tillståndsfilen är inte en folj-fil");
  if (!doc.is_object()) return bad;
  const auto aktor = doc.find("aktorsId");
  const auto sista = doc.find("sistaSekvens");
  const auto bytes = doc.find("bytes");
  if (aktor == doc.end() || !aktor->is_string() || sista == doc.end() ||
      !sista->is_number_integer() || bytes == doc.end() || !bytes->is_number_unsigned()) {
    return bad;
  }
  FoljState state;
  state.aktors_id = aktor->get<std::string>();
  state.sista_sekvens = sista->get<std::int64_t>();
  state.bytes = bytes->get<std::uint64_t>();
  if (state.sista_sekvens < 0) return bad;
  return state;
}

Result<FoljState> load_folj_state(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return FoljState{};
  std::ifstream in(path);
  if (!in) return io_error("kan inte läsa", path);
  std::stringstream text;
  text << in.rdbuf();
  return folj_state_from_json(text.str());
}

Status save_folj_state(const std::string& path, const FoljState& state) {
  const std::string tmp = path + ".tmp";
  const std::string text = folj_state_to_json(state).dump() + "\n";
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (fd.get() < 0) return io_error("kan inte skriva", tmp);
  if (!write_all(fd.get(), text)) return io_error("kan inte skriva", tmp);
  if (::fsync(fd.get()) != 0) return io_error("fsync", tmp);
  if (!fd.close()) return io_error("kan inte stänga", tmp);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return io_error("kan inte byta namn till", path);
  return fsync_directory_of(path);
}

Result<NewLines> leka_new_lines(const ordered_json& page, const FoljState& state) {
  const auto items = page.find("aviseringar");
  if (items == page.end() || !items->is_array()) {
    return make_error(ErrorCode::kConfigError, "svaret saknar listan 'aviseringar'");
  }
  NewLines out;
  out.sista_sekvens = state.sista_sekvens;
  std::int64_t previous = 0;
  for (const auto& item : *items) {
    const auto seq = item.find("sekvensnummer");
    if (!item.is_object() || seq == item.end() || !seq->is_number_integer()) {
      return make_error(ErrorCode::kConfigError, "en avisering saknar heltalet 'sekvensnummer'");
    }
    const std::int64_t n = seq->get<std::int64_t>();
    if (n <= previous) {
      return make_error(ErrorCode::kConfigError,
                        fmt::format("sekvensnumren ökar inte ({} efter {})", n, previous));
    }
    previous = n;
    if (n <= state.sista_sekvens) continue;  // already written before a restart
    out.lines.push_back(item.dump());
    out.sista_sekvens = n;
  }
  // Withheld notifications are not on the page, but the server's cursor has moved past them.
  const auto next = page.find("nastaFromSekvens");
  if (next != page.end() && next->is_number_integer()) {
    out.sista_sekvens = std::max(out.sista_sekvens, next->get<std::int64_t>() - 1);
  }
  return out;
}

Result<std::uint64_t> append_lines_durably(const std::string& path,
                                           const std::vector<std::string>& lines) {
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  if (fd.get() < 0) return io_error("kan inte öppna", path);
  std::string text;
  for (const auto& line : lines) {
    text += line;
    text += '\n';
  }
  if (!write_all(fd.get(), text)) return io_error("kan inte skriva", path);
  if (::fsync(fd.get()) != 0) return io_error("fsync", path);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return io_error("fstat", path);
  if (!fd.close()) return io_error("kan inte stänga", path);
  return static_cast<std::uint64_t>(st.st_size);
}

Status prepare_folj_output(const std::string& path, const FoljState& state) {
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  const std::uint64_t size = exists ? std::filesystem::file_size(path, ec) : 0;
  if (ec) return make_error(ErrorCode::kIoError, fmt::format("kan inte läsa '{}'", path));
  if (size < state.bytes) {
    return make_error(
        ErrorCode::kConfigError,
        fmt::format("utfilen '{}' är kortare ({} byte) än tillståndsfilen anger ({}); "
                    "den har ändrats utanför utbyte",
                    path, size, state.bytes));
  }
  if (size > state.bytes) {
    // Lines written before a crash but not yet in the state: they are fetched again (they were
    // not acknowledged), so cutting them off gives neither a gap nor a duplicate.
    if (::truncate(path.c_str(), static_cast<off_t>(state.bytes)) != 0) {
      return io_error("kan inte korta", path);
    }
    Fd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
    if (fd.get() < 0 || ::fsync(fd.get()) != 0) return io_error("fsync", path);
  }
  return Status::ok_status();
}

}  // namespace utbyte::client
