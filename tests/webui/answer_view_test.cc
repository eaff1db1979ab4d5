#include "webui/answer_view.h"

#include <gtest/gtest.h>

#include "webui/form_data.h"

namespace utbyte::webui {
namespace {

constexpr std::string_view kAnswer = R"({
  "transaktionsId": "t-1", "version": "9.0.2", "tidpunkt": "2026-11-23T10:00:00.000Z",
  "syntetiskaUppgifter": true,
  "fraga": {"personnummer": "191212121212", "informationstyper": ["SJUKPENNING", "UTBETALNING"],
            "fromDatum": "2026-01-01", "tomDatum": "2026-04-30"},
  "personuppgifter": {"personnummer": "191212121212", "fornamn": "Tolvan", "efternamn": "Tolvansson",
                      "fodelsedatum": "1912-12-12", "kon": "MAN", "samordningsnummer": false,
                      "skyddadIdentitet": false, "avliden": true, "avlidenDatum": "2026-03-01",
                      "adress": {"utdelningsadress": "Gatan 1", "postnummer": "12345", "postort": "Byn"}},
  "formaner": [{"informationstyp": "SJUKPENNING", "benamning": "Sjukpenning", "myndighet": "FK",
                "beslut": [{"beslutsId": "B1", "beslutsdatum": "2026-01-02", "fromDatum": "2026-01-01",
                            "status": "BEVILJAD", "belopp": 800, "beloppsperiod": "DAG"}]}],
  "utbetalningar": [
    {"utbetalningsdatum": "2026-01-25", "informationstyp": "SJUKPENNING", "myndighet": "FK",
     "bruttobelopp": 1000, "skatteavdrag": 300, "nettobelopp": 700, "status": "UTBETALD"},
    {"utbetalningsdatum": "2026-03-25", "informationstyp": "SJUKPENNING", "myndighet": "FK",
     "bruttobelopp": 500, "skatteavdrag": 150, "nettobelopp": 350, "status": "UTBETALD"},
    {"utbetalningsdatum": "2026-03-26", "informationstyp": "SJUKPENNING", "myndighet": "FK",
     "bruttobelopp": 200, "skatteavdrag": 0, "nettobelopp": 200, "status": "UTBETALD"}],
  "meddelanden": [{"kod": "AVLIDEN", "text": "Personen avled 2026-03-01"}]
})";

TEST(AnswerViewTest, ReadsTheV9Answer) {
  auto view = read_answer(kAnswer);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->personnummer, "191212121212");
  EXPECT_EQ(view->from, "2026-01-01");
  ASSERT_TRUE(view->person.has_value());
  EXPECT_EQ(view->person->avliden_datum, "2026-03-01");
  EXPECT_EQ(view->person->adress, "Gatan 1, 12345 Byn");
  ASSERT_EQ(view->formaner.size(), 1u);
  EXPECT_EQ(view->formaner[0].beslut[0].belopp, 800);
  ASSERT_TRUE(view->utbetalningar.has_value());
  EXPECT_EQ(view->utbetalningar->size(), 3u);
  EXPECT_EQ((*view->utbetalningar)[0].benamning, "Sjukpenning");
  EXPECT_TRUE(view->has_notice("AVLIDEN"));
  EXPECT_FALSE(view->has_notice("PERSON_SAKNAS"));
}

TEST(AnswerViewTest, NoPaymentsMemberMeansNotAskedFor) {
  auto view = read_answer(R"({"fraga": {}, "formaner": [], "meddelanden": []})");
  ASSERT_TRUE(view.ok());
  EXPECT_FALSE(view->utbetalningar.has_value());
  EXPECT_FALSE(read_answer("not json").ok());
}

TEST(AnswerViewTest, TotalsPerMonth) {
  auto view = read_answer(kAnswer);
  ASSERT_TRUE(view.ok());
  const auto totals = totals_per_month(*view->utbetalningar);
  ASSERT_EQ(totals.size(), 2u);
  EXPECT_EQ(totals[0].month, "2026-01");
  EXPECT_EQ(totals[0].netto, 700);
  EXPECT_EQ(totals[1].month, "2026-03");
  EXPECT_EQ(totals[1].antal, 2);
  EXPECT_EQ(totals[1].brutto, 700);
  EXPECT_EQ(totals[1].skatt, 150);
  EXPECT_EQ(totals[1].netto, 550);

  const auto months = months_between("2026-01-01", "2026-04-30", totals);
  ASSERT_EQ(months.size(), 4u);
  EXPECT_EQ(months[1].month, "2026-02");
  EXPECT_EQ(months[1].netto, 0);
  EXPECT_EQ(months[2].netto, 550);
  EXPECT_EQ(months_between("2025-11-15", "2026-02-01", {}).size(), 4u);  // over a year end
}

TEST(FormDataTest, DecodesFieldsRepeatsAndEscapes) {
  const auto form = FormData::parse("a=1&typer=X&typer=Y&n=%C3%85sa+%3Cb%3E&bad=%ZZ&empty=&flag");
  EXPECT_EQ(form.value("a"), "1");
  EXPECT_EQ(form.values("typer"), (std::vector<std::string>{"X", "Y"}));
  EXPECT_EQ(form.value("n"), "Åsa <b>");
  EXPECT_EQ(form.value("bad"), "%ZZ");
  EXPECT_TRUE(form.has("empty"));
  EXPECT_TRUE(form.has("flag"));
  EXPECT_FALSE(form.has("none"));
  EXPECT_EQ(form.value("none"), "");
  EXPECT_EQ(FormData::parse("x=%4").value("x"), "%4");
}

TEST(FormDataTest, Cookies) {
  EXPECT_EQ(cookie_value("a=1; webb_session=abc; b=2", "webb_session"), "abc");
  EXPECT_EQ(cookie_value("xwebb_session=abc", "webb_session"), "");
  EXPECT_EQ(cookie_value("", "webb_session"), "");
}

}  // namespace
}  // namespace utbyte::webui
