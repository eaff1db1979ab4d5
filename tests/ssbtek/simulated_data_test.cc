#include "ssbtek/simulators/simulated_data.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace utbyte::ssbtek::simulators {
namespace {

using nlohmann::json;

domain::Personnummer pnr(std::string_view text) { return *domain::parse_personnummer(text); }

const domain::Date kToday{std::chrono::year{2026}, std::chrono::November, std::chrono::day{23}};
const domain::DateRange kLastYear{domain::add_days(kToday, -365), kToday};

TEST(SimulatedDataTest, CataloguePersonHasDataInEverySimulatedSource) {
  for (Kalla kalla : kExternaKallor) {
    const json data = simulated_uppgifter(kalla, pnr(kPersonAllaKallor), kLastYear, kToday);
    EXPECT_TRUE(data.is_object()) << to_string(kalla);
  }
  const json akassa =
      simulated_uppgifter(Kalla::kAkassa, pnr(kPersonAllaKallor), kLastYear, kToday);
  EXPECT_EQ(akassa["kassa"], "Unionens a-kassa");
  ASSERT_GE(akassa["utbetalningar"].size(), 8u);
  for (const auto& p : akassa["utbetalningar"]) {
    EXPECT_EQ(p["dagpenning"], 912);
    EXPECT_EQ(p["bruttobelopp"].get<int>(), 912 * p["ersattningsdagar"].get<int>());
    EXPECT_EQ(p["nettobelopp"].get<int>(),
              p["bruttobelopp"].get<int>() - p["skatteavdrag"].get<int>());
    EXPECT_LE(p["utbetalningsdatum"].get<std::string>(), "2026-11-23");
  }
  const json car =
      simulated_uppgifter(Kalla::kTransportstyrelsen, pnr(kPersonAllaKallor), kLastYear, kToday);
  EXPECT_EQ(car["fordon"][0]["registreringsnummer"], "MLB27K");
}

TEST(SimulatedDataTest, PersonWithoutDataHasNothingAnywhere) {
  for (Kalla kalla : kExternaKallor) {
    EXPECT_TRUE(simulated_uppgifter(kalla, pnr(kPersonIngaUppgifter), kLastYear, kToday).is_null());
  }
}

TEST(SimulatedDataTest, DeterministicAndPeriodBound) {
  const std::string digits = "19800101998";
  const auto person = pnr(digits + std::to_string(domain::luhn_check_digit(digits.substr(2))));
  for (Kalla kalla : kExternaKallor) {
    EXPECT_EQ(simulated_uppgifter(kalla, person, kLastYear, kToday),
              simulated_uppgifter(kalla, person, kLastYear, kToday));
  }
  // A period before anything happened holds no payments.
  const domain::DateRange old{domain::add_days(kToday, -9000), domain::add_days(kToday, -8000)};
  EXPECT_TRUE(simulated_uppgifter(Kalla::kAkassa, pnr(kPersonAllaKallor), old, kToday).is_null());
}

TEST(SimulatedDataTest, BulkPersonsGetPlausibleShares) {
  // Over many persons the derived shares are near their design values.
  int taxed = 0, akassa = 0, total = 0;
  for (int serial = 980; serial < 998; ++serial) {
    for (int day = 1; day <= 28; ++day) {
      const std::string digits = fmt::format("197503{:02}{:03}", day, serial);
      const int check = domain::luhn_check_digit(std::string_view(digits).substr(2));
      auto person = domain::parse_personnummer(digits + std::to_string(check));
      ASSERT_TRUE(person.ok()) << digits;
      ++total;
      taxed += simulated_uppgifter(Kalla::kSkatteverket, *person, kLastYear, kToday).is_object();
      akassa += simulated_uppgifter(Kalla::kAkassa, *person, kLastYear, kToday).is_object();
    }
  }
  EXPECT_GT(taxed, total * 70 / 100);
  EXPECT_LT(akassa, total * 30 / 100);
}

}  // namespace
}  // namespace utbyte::ssbtek::simulators
