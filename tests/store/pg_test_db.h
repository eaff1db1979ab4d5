#pragma once

// PostgreSQL for store tests: a throw-away server started once per test binary with
// scripts/postgres-temp.sh (or the server UTBYTE_TEST_POSTGRES_URL names), and a fresh schema
// per test, so tests never see each other's rows.

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "store/postgres/pg_connection.h"
#include "test_db.h"

namespace utbyte::store::testing {

class PostgresServer {
 public:
  // The shared server, started on first use; empty url() when PostgreSQL is not installed.
  static PostgresServer& instance() {
    static PostgresServer server;
    return server;
  }
  const std::string& url() const { return url_; }
  const std::string& why_missing() const { return why_missing_; }

  ~PostgresServer() {
    if (!dir_.empty()) {
      (void)std::system(fmt::format("'{}' stop '{}' >/dev/null 2>&1", script(), dir_).c_str());
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }

 private:
  PostgresServer() {
    if (const char* env = std::getenv("UTBYTE_TEST_POSTGRES_URL"); env && *env) {
      url_ = env;
      return;
    }
    bool installed = false;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
      installed = installed || std::filesystem::exists(entry.path() / "bin" / "initdb");
    }
    if (!installed) {
      why_missing_ =
          "PostgreSQL saknas (/usr/lib/postgresql/*/bin/initdb); installera 'postgresql'";
      return;
    }
    dir_ = (std::filesystem::temp_directory_path() / fmt::format("utbyte-pgtest-{}", ::getpid()))
               .string();
    const std::string out = dir_ + ".url";
    const int rc =
        std::system(fmt::format("'{}' start '{}' > '{}' 2>&1", script(), dir_, out).c_str());
    std::string text;
    if (FILE* f = std::fopen(out.c_str(), "r")) {
      char buffer[512];
      while (std::fgets(buffer, sizeof buffer, f)) text += buffer;
      std::fclose(f);
    }
    std::filesystem::remove(out, ec);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    if (rc != 0 || !text.starts_with("postgresql://")) {
      ADD_FAILURE() << "postgres-temp.sh start misslyckades: " << text;
      return;
    }
    url_ = text;
  }
  static std::string script() {
    return (std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "scripts" /
            "postgres-temp.sh")
        .lexically_normal()
        .string();
  }

  std::string dir_;
  std::string url_;
  std::string why_missing_;
};

// A fresh schema on the shared server; spec() is a --db URL whose search_path is that schema.
// Dropped with everything in it at scope exit.
class PostgresTestDatabase {
 public:
  PostgresTestDatabase() {
    static std::atomic<int> counter{0};
    const std::string& base = PostgresServer::instance().url();
    if (base.empty()) return;
    schema_ = fmt::format("t_{}_{}", ::getpid(), counter++);
    auto conn = postgres::Connection::open(base);
    if (!conn.ok()) {
      ADD_FAILURE() << conn.error().message;
      return;
    }
    if (Status s = (*conn)->exec(fmt::format("CREATE SCHEMA {}", schema_)); !s.ok()) {
      ADD_FAILURE() << s.error().message;
      return;
    }
    spec_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
            schema_;
  }
  ~PostgresTestDatabase() {
    if (spec_.empty()) return;
    if (auto conn = postgres::Connection::open(PostgresServer::instance().url()); conn.ok()) {
      (void)(*conn)->exec(fmt::format("DROP SCHEMA {} CASCADE", schema_));
    }
  }
  PostgresTestDatabase(const PostgresTestDatabase&) = delete;
  PostgresTestDatabase& operator=(const PostgresTestDatabase&) = delete;

  // Empty when no server is available (the test should GTEST_SKIP with skip_reason()).
  const std::string& spec() const { return spec_; }
  static std::string skip_reason() { return PostgresServer::instance().why_missing(); }

 private:
  std::string schema_;
  std::string spec_;
};

// A fixture that runs each test on both stores: parameter "sqlite" (a file in a temp dir) or
// "postgresql" (a fresh schema on the test server). spec() is the --db value.
class BothStoresTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() != "postgresql") return;
    pg_.emplace();
    if (pg_->spec().empty()) {
      const std::string why = PostgresTestDatabase::skip_reason();
      if (!why.empty()) GTEST_SKIP() << why;
      FAIL() << "ingen PostgreSQL-databas för testet";
    }
  }
  bool postgres() const { return pg_.has_value(); }
  std::string spec() const { return pg_ ? pg_->spec() : dir_.file("store.db"); }

  TempDir dir_;
  std::optional<PostgresTestDatabase> pg_;
};

#define UTBYTE_BOTH_STORES(Suite)                                                    \
  INSTANTIATE_TEST_SUITE_P(Stores, Suite, ::testing::Values("sqlite", "postgresql"), \
                           [](const auto& info) { return info.param; })

}  // namespace utbyte::store::testing
