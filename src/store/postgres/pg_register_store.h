#pragma once

#include "store/postgres/pg_pool.h"
#include "store/store.h"

namespace utbyte::store::postgres {

// RegisterStore on PostgreSQL: the same tables and answers as the SQLite register.
class PgRegisterStore final : public RegisterStore {
 public:
  explicit PgRegisterStore(ConnectionPool& pool) : pool_(pool) {}

  Result<std::optional<PersonRecord>> find_person(const std::string& personnummer) override;
  Result<std::vector<DecisionRecord>> find_decisions(const std::string& personnummer,
                                                     std::span<const InformationType> types,
                                                     domain::DateRange range) override;
  Result<std::vector<PaymentRecord>> find_payments(const std::string& personnummer,
                                                   std::span<const InformationType> types,
                                                   domain::DateRange range) override;
  Result<RegisterInfo> register_info() override;

 private:
  ConnectionPool& pool_;
};

}  // namespace utbyte::store::postgres
