#include "report.h"

#include <cstdio>

namespace loadgen {
namespace {

double ms(uint64_t ns) { return static_cast<double>(ns) / 1e6; }

std::string url_text(const Url& url) {
  return std::string(url.tls ? "https://" : "http://") + url.host + ":" + url.port + url.target;
}

std::string human_bytes(double bytes) {
  const char* units[] = {"B", "KB", "MB", "GB"};
  int unit = 0;
  while (bytes >= 1024 && unit < 3) {
    bytes /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.2f %s", bytes, units[unit]);
  return text;
}

}  // namespace

nlohmann::json to_json(const Options& options, const Stats& stats, const RunInfo& info) {
  const double seconds = info.measured_s > 0 ? info.measured_s : 1;
  nlohmann::json status = nlohmann::json::object();
  for (size_t code = 0; code < stats.status.size(); ++code) {
    if (stats.status[code] != 0)
      status[code == 0 ? "other" : std::to_string(code)] = stats.status[code];
  }
  nlohmann::json errors = nlohmann::json::object();
  nlohmann::json first_errors = nlohmann::json::object();
  for (size_t i = 0; i < stats.errors.size(); ++i) {
    const char* name = error_name(static_cast<ErrorKind>(i));
    errors[name] = stats.errors[i];
    if (stats.errors[i] != 0) first_errors[name] = stats.first_error[i];
  }
  const Histogram& h = stats.latency;
  return {
      {"url", url_text(options.url)},
      {"method", options.method},
      {"connections", options.connections},
      {"threads", options.threads},
      {"keepalive", options.keepalive},
      {"client_certificate", !options.cert_file.empty()},
      {"tls", stats.tls},
      {"warmup_s", options.warmup_s},
      {"duration_s", info.measured_s},
      {"requests", stats.requests},
      {"requests_per_s", static_cast<double>(stats.requests) / seconds},
      {"bytes", stats.bytes},
      {"bytes_per_s", static_cast<double>(stats.bytes) / seconds},
      {"connections_opened", stats.handshakes},
      {"status", status},
      {"non_2xx", stats.non_2xx()},
      {"errors", errors},
      {"first_errors", first_errors},
      {"latency_ms",
       {{"min", ms(h.min())},
        {"mean", h.mean() / 1e6},
        {"p50", ms(h.quantile(0.50))},
        {"p90", ms(h.quantile(0.90))},
        {"p99", ms(h.quantile(0.99))},
        {"p999", ms(h.quantile(0.999))},
        {"max", ms(h.max())}}},
      {"loadgen_cpu_s", {{"user", info.cpu_user_s}, {"system", info.cpu_system_s}}},
  };
}

void print_report(const Options& options, const Stats& stats, const RunInfo& info) {
  const double seconds = info.measured_s > 0 ? info.measured_s : 1;
  const Histogram& h = stats.latency;
  std::printf("%s %s, %d connections, %d threads, %s%s, %.1f s measured after %.1f s warmup\n",
              options.method.c_str(), url_text(options.url).c_str(), options.connections,
              options.threads, options.keepalive ? "keep-alive" : "new connection per request",
              options.cert_file.empty() ? "" : ", client certificate", info.measured_s,
              options.warmup_s);
  if (!stats.tls.empty()) std::printf("  tls           %s\n", stats.tls.c_str());
  std::printf("  requests      %llu (%.1f req/s)\n",
              static_cast<unsigned long long>(stats.requests),
              static_cast<double>(stats.requests) / seconds);
  std::printf("  transfer      %s (%s/s)\n", human_bytes(static_cast<double>(stats.bytes)).c_str(),
              human_bytes(static_cast<double>(stats.bytes) / seconds).c_str());
  std::printf("  connections   %llu opened (%.1f/s)\n",
              static_cast<unsigned long long>(stats.handshakes),
              static_cast<double>(stats.handshakes) / seconds);
  std::printf(
      "  latency ms    min %.3f  mean %.3f  p50 %.3f  p90 %.3f  p99 %.3f  p999 %.3f  max %.3f\n",
      ms(h.min()), h.mean() / 1e6, ms(h.quantile(0.5)), ms(h.quantile(0.9)), ms(h.quantile(0.99)),
      ms(h.quantile(0.999)), ms(h.max()));
  std::printf("  status       ");
  for (size_t code = 0; code < stats.status.size(); ++code) {
    if (stats.status[code] != 0) {
      std::printf(" %s:%llu", code == 0 ? "other" : std::to_string(code).c_str(),
                  static_cast<unsigned long long>(stats.status[code]));
    }
  }
  std::printf("  (non-2xx: %llu)\n", static_cast<unsigned long long>(stats.non_2xx()));
  std::printf("  errors        %llu", static_cast<unsigned long long>(stats.total_errors()));
  for (size_t i = 0; i < stats.errors.size(); ++i) {
    if (stats.errors[i] != 0) {
      std::printf("  %s:%llu (first: %s)", error_name(static_cast<ErrorKind>(i)),
                  static_cast<unsigned long long>(stats.errors[i]), stats.first_error[i].c_str());
    }
  }
  std::printf("\n  loadgen CPU   %.2f s user, %.2f s system\n", info.cpu_user_s, info.cpu_system_s);
}

}  // namespace loadgen
