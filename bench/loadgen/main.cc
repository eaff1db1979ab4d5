// loadgen: keep-alive HTTPS/1.1 load generator that presents a client certificate.
// See bench/README.md. Usage: loadgen --help.

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <netdb.h>
#include <sys/resource.h>

#include "options.h"
#include "report.h"
#include "stats.h"
#include "worker.h"

namespace {

struct AddrinfoDeleter {
  void operator()(addrinfo* info) const { freeaddrinfo(info); }
};

bool resolve(const loadgen::Url& url, loadgen::Plan* plan) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* raw = nullptr;
  const int rc = getaddrinfo(url.host.c_str(), url.port.c_str(), &hints, &raw);
  if (rc != 0) {
    std::fprintf(stderr, "loadgen: cannot resolve %s: %s\n", url.host.c_str(), gai_strerror(rc));
    return false;
  }
  std::unique_ptr<addrinfo, AddrinfoDeleter> info(raw);
  std::memcpy(&plan->address, info->ai_addr, info->ai_addrlen);
  plan->address_size = info->ai_addrlen;
  return true;
}

double seconds(const timeval& tv) { return static_cast<double>(tv.tv_sec) + tv.tv_usec / 1e6; }

}  // namespace

int main(int argc, char** argv) {
  int exit_code = 0;
  const auto options = loadgen::parse_options(argc, argv, &exit_code);
  if (!options) return exit_code;
  std::signal(SIGPIPE, SIG_IGN);

  loadgen::Plan plan;
  plan.options = &*options;
  plan.request = loadgen::build_request(*options);
  if (!resolve(options->url, &plan)) return 1;

  const auto to_duration = [](double s) {
    return std::chrono::duration_cast<loadgen::Clock::duration>(std::chrono::duration<double>(s));
  };
  const auto start = loadgen::Clock::now();
  plan.measure_start = start + to_duration(options->warmup_s);
  plan.end = plan.measure_start + to_duration(options->duration_s);

  std::vector<std::unique_ptr<loadgen::Worker>> workers;
  std::vector<std::string> errors(static_cast<size_t>(options->threads));
  std::vector<char> ok(static_cast<size_t>(options->threads), 0);
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < options->threads; ++t) {
      const int share =
          options->connections / options->threads + (t < options->connections % options->threads);
      workers.push_back(std::make_unique<loadgen::Worker>(plan, share));
    }
    for (size_t t = 0; t < workers.size(); ++t) {
      threads.emplace_back([&, t] { ok[t] = workers[t]->run(&errors[t]); });
    }
  }  // joins

  loadgen::Stats total;
  for (size_t t = 0; t < workers.size(); ++t) {
    if (!ok[t]) {
      std::fprintf(stderr, "loadgen: %s\n", errors[t].c_str());
      return 1;
    }
    total.merge(workers[t]->stats());
  }
  const auto finished = std::min(loadgen::Clock::now(), plan.end);
  loadgen::RunInfo info;
  info.measured_s = std::chrono::duration<double>(finished - plan.measure_start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  info.cpu_user_s = seconds(usage.ru_utime);
  info.cpu_system_s = seconds(usage.ru_stime);

  if (!options->quiet) loadgen::print_report(*options, total, info);
  if (!options->json_file.empty()) {
    std::ofstream out(options->json_file);
    out << loadgen::to_json(*options, total, info).dump(2) << "\n";
    if (!out) {
      std::fprintf(stderr, "loadgen: cannot write %s\n", options->json_file.c_str());
      return 1;
    }
  }
  return total.requests > 0 ? 0 : 1;
}
