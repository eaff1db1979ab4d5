#include "client/massfraga_client.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <fmt/format.h>

#include "platform/http/query_params.h"

namespace utbyte::client {
namespace {

using nlohmann::json;

std::string rest_prefix(const std::string& base_path) { return base_path.empty() ? "/rest" : ""; }

std::string mottagare(const std::string& base_path, const std::string& aktors_id) {
  return rest_prefix(base_path) +
         "/FK.EXI.LevereraFormansinformation.Bestallningsmottagare.V10/"
         "lefi-extern-bestallningsmottagare/v10/aktorer/" +
         platform::http::percent_encode_segment(aktors_id);
}

std::string leverantor(const std::string& base_path, const std::string& aktors_id) {
  return rest_prefix(base_path) +
         "/FK.EXI.LevereraFormansinformation.Bestallningsleverantor.V10/"
         "lefi-extern-bestallningsleverantor/v10/aktorer/" +
         platform::http::percent_encode_segment(aktors_id);
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// The first column of a CSV line: up to the first `,`, `;` or tab outside double quotes, with
// the quotes removed.
std::string first_column(const std::string& line) {
  std::string out;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
      continue;
    }
    if (!quoted && (c == ',' || c == ';' || c == '\t')) break;
    out += c;
  }
  return trim(out);
}

std::string str(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

std::int64_t num(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

Error io_error(const std::string& what, const std::string& path) {
  return make_error(ErrorCode::kIoError,
                    fmt::format("{} {}: {}", what, path, std::strerror(errno)));
}

}  // namespace

std::string massfraga_bestallningar_path(const std::string& base_path,
                                         const std::string& aktors_id) {
  return mottagare(base_path, aktors_id) + "/bestallningar";
}

std::string massfraga_status_path(const std::string& base_path, const std::string& aktors_id,
                                  const std::string& bestallnings_id) {
  return leverantor(base_path, aktors_id) + "/bestallningar/" + bestallnings_id;
}

std::string massfraga_svar_path(const std::string& base_path, const std::string& aktors_id,
                                const std::string& bestallnings_id, std::int64_t efter_rad,
                                int antal) {
  return fmt::format("{}/svar?efterRad={}&antal={}",
                     massfraga_status_path(base_path, aktors_id, bestallnings_id), efter_rad,
                     antal);
}

std::string massfraga_kvittens_path(const std::string& base_path, const std::string& aktors_id,
                                    const std::string& bestallnings_id) {
  return massfraga_status_path(base_path, aktors_id, bestallnings_id) + "/kvittens";
}

std::vector<PersonLine> parse_person_lines(std::istream& in) {
  std::vector<PersonLine> persons;
  std::string line;
  std::size_t number = 0;
  bool first = true;
  while (std::getline(in, line)) {
    ++number;
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // a BOM
    const std::string trimmed = trim(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    std::string value = first_column(trimmed);
    const bool has_digit =
        std::any_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (first && !has_digit) {
      first = false;
      continue;  // a header such as "personnummer;namn"
    }
    first = false;
    persons.push_back(PersonLine{number, std::move(value)});
  }
  return persons;
}

Result<std::vector<PersonLine>> read_person_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return make_error(ErrorCode::kIoError, fmt::format("kan inte läsa {}", path));
  auto persons = parse_person_lines(in);
  if (in.bad()) return make_error(ErrorCode::kIoError, fmt::format("kan inte läsa {}", path));
  return persons;
}

json massfraga_request_body(const MassfragaBestallning& b) {
  json body = {{"informationstyper", b.informationstyper},
               {"fromDatum", b.from_datum},
               {"tomDatum", b.tom_datum},
               {"personer", b.personer}};
  if (!b.klientreferens.empty()) body["klientreferens"] = b.klientreferens;
  return body;
}

std::string generate_klientreferens() {
  std::random_device device;
  const std::uint64_t value = (static_cast<std::uint64_t>(device()) << 32) ^ device();
  return fmt::format("utbyte-{:016x}", value);
}

std::string group_thousands(std::int64_t value) {
  const std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
  return (value < 0 ? "-" : "") + out;
}

std::string render_progress_bar(std::int64_t done, std::int64_t total, double per_second,
                                const std::string& noun, int width) {
  width = std::max(1, width);
  int filled = 0;
  if (total > 0) {
    filled = static_cast<int>(std::clamp<std::int64_t>(done * width / total, 0, width));
  } else {
    filled = width;
  }
  std::string out = "[" + std::string(static_cast<std::size_t>(filled), '#') +
                    std::string(static_cast<std::size_t>(width - filled), '-') + "] ";
  out += fmt::format("{}/{} {}", group_thousands(done), group_thousands(total), noun);
  if (per_second >= 0) {
    out += fmt::format(", {}/s", group_thousands(std::llround(per_second)));
  }
  return out;
}

std::string render_massfraga_status(const json& s) {
  const json antal = s.value("antal", json::object());
  std::string out =
      fmt::format("Beställning {}  status {}\n", str(s, "bestallningsId"), str(s, "status"));
  if (!str(s, "klientreferens").empty()) {
    out += fmt::format("Klientreferens {}\n", str(s, "klientreferens"));
  }
  out += fmt::format("Mottagen {}\n", str(s, "mottagen"));
  if (!str(s, "klar").empty()) out += fmt::format("Klar {}\n", str(s, "klar"));
  if (!str(s, "felmeddelande").empty()) {
    out += fmt::format("Fel: {}\n", str(s, "felmeddelande"));
  }
  out += fmt::format(
      "Personer: {} totalt, {} giltiga, {} ogiltiga; {} besvarade, {} återstår, {} kvitterade\n",
      group_thousands(num(antal, "totalt")), group_thousands(num(antal, "giltiga")),
      group_thousands(num(antal, "ogiltiga")), group_thousands(num(antal, "besvarade")),
      group_thousands(num(antal, "aterstar")), group_thousands(num(antal, "kvitterade")));
  return out;
}

Result<std::string> massfraga_answer_line(const json& item) {
  if (!item.is_object() || !item.contains("rad") || !item["rad"].is_number_integer() ||
      item["rad"].get<std::int64_t>() < 1) {
    return make_error(ErrorCode::kConfigError, "svarsraden saknar ett giltigt \"rad\"");
  }
  if (!item.contains("status") || !item["status"].is_string()) {
    return make_error(ErrorCode::kConfigError,
                      fmt::format("svarsrad {} saknar \"status\"", item["rad"].dump()));
  }
  nlohmann::ordered_json line;
  line["rad"] = item["rad"];
  line["personnummer"] = item.value("personnummer", json());
  line["status"] = item["status"];
  for (const char* key : {"utfall", "svar", "fel"}) {
    if (item.contains(key)) line[key] = item[key];
  }
  return line.dump();
}

std::string progress_path_for(const std::string& output_path) { return output_path + ".progress"; }

json progress_to_json(const HamtaProgress& p) {
  return {{"bestallningsId", p.bestallnings_id},
          {"sistaRad", p.sista_rad},
          {"byte", p.bytes},
          {"slut", p.slut}};
}

Result<HamtaProgress> progress_from_json(const std::string& text) {
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("bestallningsId") || !j["bestallningsId"].is_string() ||
      !j.contains("sistaRad") || !j["sistaRad"].is_number_integer() || !j.contains("byte") ||
      !j["byte"].is_number_unsigned() || !j.contains("slut") || !j["slut"].is_boolean() ||
      j["sistaRad"].get<std::int64_t>() < 0) {
    return make_error(ErrorCode::kConfigError, "ingen förloppsfil från utbyte lefi massfraga");
  }
  HamtaProgress p;
  p.bestallnings_id = j["bestallningsId"].get<std::string>();
  p.sista_rad = j["sistaRad"].get<std::int64_t>();
  p.bytes = j["byte"].get<std::uint64_t>();
  p.slut = j["slut"].get<bool>();
  return p;
}

Result<HamtaProgress> load_progress(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return HamtaProgress{};
  std::ifstream in(path);
  if (!in) return make_error(ErrorCode::kIoError, fmt::format("kan inte läsa {}", path));
  std::stringstream text;
  text << in.rdbuf();
  auto p = progress_from_json(text.str());
  if (!p.ok()) {
    return make_error(ErrorCode::kConfigError, fmt::format("{}: {}", path, p.error().message));
  }
  return p;
}

Status save_progress(const std::string& path, const HamtaProgress& progress) {
  const std::string tmp = path + ".tmp";
  const std::string text = progress_to_json(progress).dump() + "\n";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return io_error("kan inte skriva", tmp);
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      Error e = io_error("kan inte skriva", tmp);
      ::close(fd);
      return e;
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    Error e = io_error("fsync", tmp);
    ::close(fd);
    return e;
  }
  if (::close(fd) != 0) return io_error("kan inte stänga", tmp);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return io_error("kan inte byta namn till", path);
  // The rename itself must reach the disk: fsync the directory.
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return io_error("kan inte öppna katalogen", dir);
  const int rc = ::fsync(dfd);
  ::close(dfd);
  if (rc != 0) return io_error("fsync", dir);
  return Status::ok_status();
}

Result<ResumePlan> plan_resume(const HamtaProgress& progress, const std::string& bestallnings_id,
                               std::int64_t output_size) {
  ResumePlan plan;
  if (progress.bestallnings_id.empty()) {
    if (output_size > 0) {
      return make_error(ErrorCode::kConfigError,
                        "utfilen finns redan men har ingen förloppsfil; ta bort den eller välj "
                        "en annan --ut");
    }
    return plan;
  }
  if (progress.bestallnings_id != bestallnings_id) {
    return make_error(ErrorCode::kConfigError,
                      fmt::format("förloppsfilen gäller beställning {}, inte {}",
                                  progress.bestallnings_id, bestallnings_id));
  }
  const std::uint64_t size = output_size < 0 ? 0 : static_cast<std::uint64_t>(output_size);
  if (size < progress.bytes) {
    return make_error(ErrorCode::kConfigError,
                      fmt::format("utfilen är kortare ({} byte) än förloppsfilen anger ({} byte); "
                                  "den har ändrats utanför utbyte",
                                  size, progress.bytes));
  }
  plan.efter_rad = progress.sista_rad;
  plan.truncate_to = progress.bytes;
  plan.already_complete = progress.slut;
  return plan;
}

}  // namespace utbyte::client
