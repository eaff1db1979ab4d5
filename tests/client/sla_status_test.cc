#include "client/sla_status.h"

#include <gtest/gtest.h>

namespace utbyte::client {
namespace {

using nlohmann::json;

json status_json() {
  return json::parse(R"({
    "tid": "2026-05-23T10:15:42+02:00",
    "klasser": {
      "ONLINE": {"perSekund":1,"perMinut":60,"perTimme":3600,"mellanrumMs":300,"samtidiga":1},
      "LEKA": {"perSekund":1,"perMinut":60,"perTimme":3600,"mellanrumMs":300,"samtidiga":1},
      "MASSFRAGA": {"perSekund":2,"perMinut":120,"perTimme":7200,"mellanrumMs":300,"samtidiga":5}
    },
    "massfraga": {"oppen": true, "stanger": "2026-05-23T16:00:00+02:00"},
    "servicefonster": {
      "aktivt": {"id":"SF-7","start":"2026-05-23T09:00:00+02:00","slut":"2026-05-23T11:00:00+02:00",
                 "orsak":"Akut åtgärd","tjanster":["LEKA"]},
      "kommande": [{"id":"SF-8","start":"2026-05-23T16:00:00+02:00",
                    "slut":"2026-05-24T13:00:00+02:00","orsak":"Planerat underhåll","tjanster":[]}]
    },
    "sla": "PA"
  })");
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(SlaStatusTest, RendersLimitsInTheSlaOrder) {
  const std::string text = render_sla_status(status_json());
  EXPECT_TRUE(has(text, "SLA-status 2026-05-23 10:15 (svensk tid)")) << text;
  EXPECT_TRUE(has(text, "avvisas med HTTP 429")) << text;
  EXPECT_TRUE(has(text, "  ONLINE           1       60     3600     300 ms          1\n")) << text;
  EXPECT_TRUE(has(text, "  MASSFRAGA        2      120     7200     300 ms          5\n")) << text;
  EXPECT_LT(text.find("ONLINE"), text.find("LEKA"));
  EXPECT_LT(text.find("LEKA"), text.find("MASSFRAGA"));
}

TEST(SlaStatusTest, RendersMassfragaAndServiceWindows) {
  std::string text = render_sla_status(status_json());
  EXPECT_TRUE(has(text, "Massfråga: öppen, stänger 2026-05-23 16:00\n")) << text;
  EXPECT_TRUE(has(text,
                  "Pågår nu: SF-7  2026-05-23 09:00 – 2026-05-23 11:00  Akut åtgärd  "
                  "(tjänster: LEKA)\n"))
      << text;
  EXPECT_TRUE(has(text,
                  "    SF-8  2026-05-23 16:00 – 2026-05-24 13:00  Planerat underhåll  "
                  "(alla tjänster)\n"))
      << text;

  json closed = status_json();
  closed["massfraga"] = {{"oppen", false}, {"oppnar", "2026-05-24T13:00:00+02:00"}};
  closed["servicefonster"] = {{"kommande", json::array()}};
  closed["sla"] = "AV";
  text = render_sla_status(closed);
  EXPECT_TRUE(has(text, "Massfråga: stängd, öppnar 2026-05-24 13:00\n")) << text;
  EXPECT_TRUE(has(text, "Inget pågår nu")) << text;
  EXPECT_TRUE(has(text, "Inga kommande")) << text;
  EXPECT_TRUE(has(text, "upprätthålls inte")) << text;
}

TEST(SlaStatusTest, SwitchedOffLimitsAndUnknownClasses) {
  json s = status_json();
  s["klasser"]["ONLINE"]["perTimme"] = 0;
  s["klasser"]["NY_KLASS"] = {{"perSekund", 9}};
  const std::string text = render_sla_status(s);
  EXPECT_TRUE(has(text, "  ONLINE           1       60       av     300 ms          1\n")) << text;
  EXPECT_TRUE(has(text, "  NY_KLASS         9        –        –          –          –\n")) << text;
}

TEST(SlaStatusTest, ToleratesOddDocuments) {
  for (const char* doc : {"{}", "[]", "null", R"({"klasser": 3, "massfraga": {"oppen": "ja"}})",
                          R"({"servicefonster": {"aktivt": 1, "kommande": {}}})"}) {
    const std::string text = render_sla_status(json::parse(doc));
    EXPECT_TRUE(has(text, "SLA-status")) << doc;
  }
}

TEST(SlaStatusTest, FormatStatusTime) {
  EXPECT_EQ(format_status_time("2026-05-23T16:00:00+02:00"), "2026-05-23 16:00");
  EXPECT_EQ(format_status_time("2026-12-24T07:30:00.000+01:00"), "2026-12-24 07:30");
  EXPECT_EQ(format_status_time("i morgon"), "i morgon");
}

}  // namespace
}  // namespace utbyte::client
