#include "lefi/async/order_request.h"

#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace utbyte::lefi::async {
namespace {

const domain::Date kToday = *domain::parse_date("2026-11-23");

std::string body(std::string personer, std::string extra = "") {
  return fmt::format(
      R"({{"informationstyper":["SJUKPENNING","UTBETALNING"],"fromDatum":"2025-11-01",)"
      R"("tomDatum":"2026-10-31","personer":{}{}}})",
      personer, extra);
}

TEST(OrderRequestTest, ParsesScopeAndNormalisesLines) {
  auto order = parse_order_request(
      body(R"(["198503129986","19850312-9986","20170101239"])", R"(,"klientreferens":"K-1")"),
      kToday);
  ASSERT_TRUE(order.ok()) << order.error().message;
  EXPECT_EQ(order->klientreferens, "K-1");
  ASSERT_EQ(order->informationstyper.size(), 2u);
  EXPECT_EQ(order->informationstyper[0], domain::InformationType::kSjukpenning);
  EXPECT_EQ(domain::format_date(order->period.from), "2025-11-01");
  EXPECT_EQ(domain::format_date(order->period.tom), "2026-10-31");
  ASSERT_EQ(order->lines.size(), 3u);
  EXPECT_EQ(order->lines[0].personnummer, "198503129986");
  EXPECT_TRUE(order->lines[0].felkod.empty());
  EXPECT_EQ(order->lines[1].personnummer, "198503129986");
  EXPECT_TRUE(order->lines[1].felkod.empty());
  EXPECT_EQ(order->lines[2].personnummer, "20170101239");
  EXPECT_EQ(order->lines[2].felkod, "OGILTIGT_PERSONNUMMER");
  EXPECT_FALSE(order->lines[2].felmeddelande.empty());
  EXPECT_EQ(order->invalid, 1);
}

TEST(OrderRequestTest, InvalidLinesKeepTruncatedRawTextAtCharacterBoundary) {
  // Luhn error, bad date, other hyphen positions, 32+ bytes with multi-byte characters.
  for (const char* bad : {"198503129987", "19851332-9986", "850312-9986", "1985-03129986", ""}) {
    const auto line = validate_order_line(bad);
    EXPECT_EQ(line.felkod, "OGILTIGT_PERSONNUMMER") << bad;
    EXPECT_EQ(line.personnummer, bad);
  }
  const std::string long_text = std::string(31, 'x') + "ööö";
  const auto line = validate_order_line(long_text);
  EXPECT_EQ(line.personnummer, std::string(31, 'x'));  // "ö" is two bytes: it would not fit
  EXPECT_EQ(validate_order_line(std::string(40, '1')).personnummer.size(), kMaxRawLineBytes);
}

TEST(OrderRequestTest, ScopeErrorsRejectTheOrderWithV9Codes) {
  const auto code = [](const std::string& text) {
    auto order = parse_order_request(text, kToday);
    return order.ok() ? std::string("OK") : std::string(felkod(order.error().code));
  };
  EXPECT_EQ(code("{"), "FELAKTIG_JSON");
  EXPECT_EQ(code("[]"), "FELAKTIG_JSON");
  EXPECT_EQ(code(body(R"(["198503129986"])", R"(,"okant":1)")), "OGILTIG_FRAGA");
  EXPECT_EQ(code(R"({"informationstyper":["FOO"],"fromDatum":"2025-11-01","tomDatum":"2026-10-31",)"
                 R"("personer":["198503129986"]})"),
            "OKAND_INFORMATIONSTYP");
  EXPECT_EQ(code(R"({"informationstyper":[],"fromDatum":"2025-11-01","tomDatum":"2026-10-31",)"
                 R"("personer":["198503129986"]})"),
            "INFORMATIONSTYP_SAKNAS");
  EXPECT_EQ(code(R"({"informationstyper":["SJUKPENNING"],"fromDatum":"2025-13-01",)"
                 R"("tomDatum":"2026-10-31","personer":["198503129986"]})"),
            "OGILTIGT_DATUM");
  EXPECT_EQ(code(R"({"informationstyper":["SJUKPENNING"],"fromDatum":"2026-11-01",)"
                 R"("tomDatum":"2025-10-31","personer":["198503129986"]})"),
            "OGILTIGT_DATUMINTERVALL");
}

TEST(OrderRequestTest, PersonerAndKlientreferensRules) {
  const auto code = [](const std::string& text) {
    auto order = parse_order_request(text, kToday);
    return order.ok() ? std::string("OK") : std::string(felkod(order.error().code));
  };
  EXPECT_EQ(code(body("[]")), "OGILTIG_FRAGA");
  EXPECT_EQ(code(body(R"("198503129986")")), "OGILTIG_FRAGA");
  EXPECT_EQ(code(body("[198503129986]")), "OGILTIG_FRAGA");
  EXPECT_EQ(code(R"({"informationstyper":["SJUKPENNING"],"fromDatum":"2025-11-01",)"
                 R"("tomDatum":"2026-10-31"})"),
            "OGILTIG_FRAGA");
  EXPECT_EQ(code(body(R"(["198503129986"])", R"(,"klientreferens":"")")), "OGILTIG_FRAGA");
  EXPECT_EQ(code(body(R"(["198503129986"])", R"(,"klientreferens":"a b")")), "OGILTIG_FRAGA");
  EXPECT_EQ(code(body(R"(["198503129986"])", R"(,"klientreferens":7)")), "OGILTIG_FRAGA");
  EXPECT_EQ(
      code(body(R"(["198503129986"])", ",\"klientreferens\":\"" + std::string(65, 'a') + "\"")),
      "OGILTIG_FRAGA");
  EXPECT_EQ(
      code(body(R"(["198503129986"])", ",\"klientreferens\":\"" + std::string(64, 'a') + "\"")),
      "OK");
}

TEST(OrderRequestTest, LineLimit) {
  const auto list = [](std::size_t n) {
    std::string out = "[";
    for (std::size_t i = 0; i < n; ++i) out += i ? ",\"198503129986\"" : "\"198503129986\"";
    return out + "]";
  };
  auto at_limit = parse_order_request(body(list(kMaxOrderLines)), kToday);
  ASSERT_TRUE(at_limit.ok()) << at_limit.error().message;
  EXPECT_EQ(at_limit->lines.size(), kMaxOrderLines);
  auto over = parse_order_request(body(list(kMaxOrderLines + 1)), kToday);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, ErrorCode::kPayloadTooLarge);
}

}  // namespace
}  // namespace utbyte::lefi::async
