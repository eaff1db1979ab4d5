#include "webui/form_data.h"

#include <gtest/gtest.h>

namespace utbyte::webui {
namespace {

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
