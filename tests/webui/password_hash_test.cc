#include "webui/password_hash.h"

#include <gtest/gtest.h>

#include "webui/tokens.h"

namespace utbyte::webui {
namespace {

TEST(PasswordHashTest, VerifiesTheRightPasswordOnly) {
  auto hash = hash_password("rätt häst batteri", 1000);
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(hash->starts_with("pbkdf2-sha256$1000$"));
  EXPECT_TRUE(verify_password("rätt häst batteri", *hash));
  EXPECT_FALSE(verify_password("rätt häst batteri ", *hash));
  EXPECT_FALSE(verify_password("", *hash));
}

TEST(PasswordHashTest, SaltsEveryHash) {
  auto a = hash_password("samma lösenord", 1000);
  auto b = hash_password("samma lösenord", 1000);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(verify_password("samma lösenord", *a));
  EXPECT_TRUE(verify_password("samma lösenord", *b));
}

TEST(PasswordHashTest, DefaultWorkFactorIsOwasps) {
  auto hash = hash_password("x");
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(hash->starts_with("pbkdf2-sha256$600000$")) << *hash;
}

TEST(PasswordHashTest, MalformedOrTamperedHashesNeverMatch) {
  auto hash = hash_password("lösenord", 1000);
  ASSERT_TRUE(hash.ok());
  std::string tampered = *hash;
  tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
  for (const std::string& stored :
       {tampered, std::string(""), std::string("lösenord"), std::string("md5$1000$a$b"),
        std::string("pbkdf2-sha256$10$AAAAAAAAAAAAAAAAAAAAAA==$AAAA"),
        std::string("pbkdf2-sha256$99999999999$x$y"), std::string("pbkdf2-sha256$1000$$"),
        std::string("pbkdf2-sha256$1000$!!!!$!!!!")}) {
    EXPECT_FALSE(verify_password("lösenord", stored)) << stored;
  }
  // Changing the iteration count changes the result.
  std::string other_count = *hash;
  other_count.replace(other_count.find("$1000$"), 6, "$1001$");
  EXPECT_FALSE(verify_password("lösenord", other_count));
}

TEST(TokensTest, RandomHexHasTheLengthAndDiffers) {
  auto a = random_hex(32);
  auto b = random_hex(32);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 64u);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(a->find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(TokensTest, Sha256AndConstantTimeEquals) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(constant_time_equals("abc", "abc"));
  EXPECT_FALSE(constant_time_equals("abc", "abd"));
  EXPECT_FALSE(constant_time_equals("abc", "abcd"));
  EXPECT_TRUE(constant_time_equals("", ""));
}

}  // namespace
}  // namespace utbyte::webui
