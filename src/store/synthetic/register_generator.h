#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/result.h"
#include "domain/date.h"

namespace utbyte::store::synthetic {

struct GenerateOptions {
  std::int64_t persons = 0;  // bulk persons, in addition to the fixed catalogue persons
  std::uint64_t seed = 0;
  domain::Date as_of{};  // the register's today
};

struct GenerateStats {
  std::int64_t persons = 0;  // catalogue + bulk
  std::int64_t decisions = 0;
  std::int64_t payments = 0;
};

// The most bulk persons one register can hold: födelsenummer 980-997 × every birth date
// 1935-2024, as personnummer and as samordningsnummer.
std::int64_t max_bulk_persons();

// The personnummer of bulk person `index` (0-based) of a register with `persons` bulk persons.
// Distinct indexes give distinct numbers by construction (a bijection onto the number space);
// about 5 % are samordningsnummer, more when `persons` exceeds the personnummer space.
std::string bulk_personnummer(std::int64_t index, std::int64_t persons);

// Creates the register in the database `db_path` names (a --db spec as open_store() takes: a
// SQLite file, created with its schema if needed, or a postgresql:// URL, loaded with COPY) or
// replaces the register it holds; the audit log and other tables are kept. Content is a pure
// function of (options): same options, same rows. Everything is written in one transaction, so
// a failure leaves the previous register intact. `progress(done, total)` is called from this
// thread about every percent. Errors: kInvalidRequest for bad options, kStoreError.
Status generate_register(const std::string& db_path, const GenerateOptions& options,
                         const std::function<void(std::int64_t done, std::int64_t total)>& progress,
                         GenerateStats* stats = nullptr);

}  // namespace utbyte::store::synthetic
