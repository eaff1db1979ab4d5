#include <gtest/gtest.h>

#include "webui/html.h"
#include "webui/pages.h"
#include "webui/payment_chart.h"

namespace utbyte::webui {
namespace {

using domain::InformationType;

// Every string field of every model gets this; none may reach the page unescaped.
const std::string kEvil = R"(<script>alert("x")</script>'&)";

void expect_no_raw(const std::string& html) {
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("\"x\")"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;"),
            std::string::npos);
}

TEST(HtmlTest, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(escape(R"(<a href="x">&'</a>)"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(escape("Åsa Öberg"), "Åsa Öberg");
  EXPECT_EQ(escape(""), "");
}

TEST(HtmlTest, FormatsKronorWithGrouping) {
  EXPECT_EQ(format_kronor(0), "0\u00a0kr");
  EXPECT_EQ(format_kronor(999), "999\u00a0kr");
  EXPECT_EQ(format_kronor(1000), "1\u00a0000\u00a0kr");
  EXPECT_EQ(format_kronor(1234567), "1\u00a0234\u00a0567\u00a0kr");
  EXPECT_EQ(format_kronor(-4500), "\u22124\u00a0500\u00a0kr");
  EXPECT_FALSE(format_kronor(INT64_MIN).empty());
}

TEST(HtmlTest, PageIsSwedishAndLoadsOnlyOwnAssets) {
  const std::string html = page("Titel", {}, "<p>x</p>");
  EXPECT_NE(html.find(R"(<html lang="sv">)"), std::string::npos);
  EXPECT_NE(html.find(R"(href="/webb/resurser/webb.css")"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("Logga ut"), std::string::npos);  // nobody logged in
}

TEST(HtmlTest, LoginPageEscapesEveryValue) {
  expect_no_raw(login_page({kEvil, kEvil, kEvil, kEvil, kEvil, kEvil}));
}

TEST(HtmlTest, MessagePageEscapesEveryValue) {
  expect_no_raw(message_page({kEvil, kEvil, kEvil}, kEvil, kEvil));
}

TEST(HtmlTest, HamtaPageEscapesEveryValue) {
  HamtaPageModel model;
  model.user = {kEvil, kEvil, kEvil};
  model.allowed = {InformationType::kSjukpenning, InformationType::kUtbetalning};
  model.input = {kEvil, {kEvil, "SJUKPENNING"}, kEvil, kEvil};
  model.errors = {
      {"personnummer", kEvil}, {"typer", kEvil}, {"fromDatum", kEvil}, {"tomDatum", kEvil}};
  model.notice = kEvil;
  const std::string html = hamta_page(model);
  expect_no_raw(html);
  // The checked box stays checked; a type outside the user's behorighet is not offered.
  EXPECT_NE(html.find(R"(value="SJUKPENNING" checked)"), std::string::npos);
  EXPECT_EQ(html.find("BARNBIDRAG"), std::string::npos);
  EXPECT_NE(html.find("<legend>Försäkringskassan (FK)</legend>"), std::string::npos);
  EXPECT_EQ(html.find("Pensionsmyndigheten (PM)"), std::string::npos);  // no PM type allowed
  EXPECT_NE(html.find(R"(aria-invalid="true")"), std::string::npos);
  EXPECT_NE(html.find(R"(<a href="#personnummer">)"), std::string::npos);
}

TEST(HtmlTest, VisaPageEscapesEveryValue) {
  // Every string of the answer model; codes, dates and amounts are typed and cannot carry markup.
  lefi::LefiAnswer a;
  a.transaktions_id = a.tidpunkt = kEvil;
  a.fraga = {*domain::parse_personnummer("191212121212"),
             {InformationType::kSjukpenning, InformationType::kPersonuppgifter},
             {*domain::parse_date("2026-01-01"), *domain::parse_date("2026-03-31")}};
  store::PersonRecord person;
  person.personnummer = person.fornamn = person.efternamn = kEvil;
  person.adress = {kEvil, kEvil, kEvil};
  a.personuppgifter = person;
  store::DecisionRecord decision;
  decision.beslut_id = decision.omfattning = decision.beskrivning = kEvil;
  decision.belopp = 5;
  a.formaner = {{InformationType::kSjukpenning, domain::Myndighet::kFK, {decision}}};
  store::PaymentRecord payment;
  payment.utbetalnings_id = payment.foretag = payment.beloppstyp = kEvil;
  a.utbetalningar = std::vector<store::PaymentRecord>{payment};
  a.meddelanden = {{lefi::MeddelandeKod::kSyntetiskaUppgifter, kEvil, std::nullopt},
                   {lefi::MeddelandeKod::kAvliden, kEvil, std::nullopt}};
  const std::string html = visa_page({{kEvil, kEvil, kEvil}, a});
  expect_no_raw(html);
  EXPECT_NE(html.find(R"(role="alert")"), std::string::npos);  // AVLIDEN is prominent
  EXPECT_NE(html.find(R"(<li data-kod="AVLIDEN">)"), std::string::npos);
}

TEST(HtmlTest, VisaPageNeverShowsTheAddressOfAProtectedPerson) {
  lefi::LefiAnswer a;
  a.fraga = {*domain::parse_personnummer("191212121212"),
             {InformationType::kPersonuppgifter},
             {*domain::parse_date("2026-01-01"), *domain::parse_date("2026-03-31")}};
  store::PersonRecord person;
  person.skyddad_identitet = true;
  person.adress = {"Hemliga gatan 1", "11111", "Gömda"};  // must not reach the page
  a.personuppgifter = person;
  const std::string html = visa_page({{"o", "u", "c"}, a});
  EXPECT_EQ(html.find("Hemliga gatan"), std::string::npos);
  EXPECT_NE(html.find("Lämnas inte ut (skyddade personuppgifter)"), std::string::npos);
}

TEST(HtmlTest, ChartHasATextAlternativeAndOneBarPerMonth) {
  const std::vector<MonthTotal> months = {
      {"2026-01", 1, 1000, 300, 700}, {"2026-02", 0, 0, 0, 0}, {"2026-03", 2, 2000, 600, 1400}};
  const std::string svg = payment_chart_svg(months);
  EXPECT_TRUE(svg.starts_with("<svg"));
  EXPECT_NE(svg.find(R"(role="img")"), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"diagram-titel\">"), std::string::npos);
  std::size_t bars = 0;
  for (auto pos = svg.find("class=\"stapel\""); pos != std::string::npos;
       pos = svg.find("class=\"stapel\"", pos + 1)) {
    ++bars;
  }
  EXPECT_EQ(bars, 3u);
  EXPECT_NE(svg.find("2026-03: 1\u00a0400\u00a0kr"), std::string::npos);
  EXPECT_NE(svg.find("2\u00a0100\u00a0kr"), std::string::npos);  // total in the description
}

}  // namespace
}  // namespace utbyte::webui
