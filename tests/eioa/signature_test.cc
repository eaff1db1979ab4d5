#include "eioa/signature.h"

#include <gtest/gtest.h>

#include "eioa/example.h"
#include "eioa_test_env.h"
#include "platform/tls/cert_authority.h"

namespace utbyte::eioa {
namespace {

namespace xml = platform::xml;
namespace tls = platform::tls;
using testing::EioaPki;

std::string signed_example(const std::filesystem::path& certs = EioaPki::get().trusted) {
  auto doc = xml::parse_xml(example_anmalan("0e0cbf54-ca82-48f0-a478-0be00bf8b2be"));
  EXPECT_TRUE(doc.ok());
  const Status s = sign_anmalan(*doc, certs / tls::kSignerKeyFile, certs / tls::kSignerCertFile);
  EXPECT_TRUE(s.ok()) << s.message();
  return doc->to_string();
}

xml::Problems verify_text(const std::string& text, std::optional<Signer>* signer = nullptr) {
  auto verifier = SignatureVerifier::load(EioaPki::get().trusted / tls::kSigningCaCertFile);
  EXPECT_TRUE(verifier.ok());
  auto doc = xml::parse_xml(text);
  EXPECT_TRUE(doc.ok()) << text;
  xml::Problems problems;
  auto who = verifier->verify(*doc, &problems);
  if (signer) *signer = who;
  EXPECT_EQ(who.has_value(), problems.empty());
  return problems;
}

ErrorCode first_code(const std::string& text) {
  const auto problems = verify_text(text);
  return problems.empty() ? ErrorCode::kOk : problems.front().code;
}

void replace(std::string& text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  ASSERT_NE(pos, std::string::npos) << from;
  text.replace(pos, from.size(), to);
}

TEST(SignatureTest, SignedExampleVerifiesAndNamesTheSigner) {
  const std::string text = signed_example();
  EXPECT_NE(text.find("ds:Signature"), std::string::npos);
  EXPECT_NE(text.find(std::string(kSigneringstext)), std::string::npos);
  std::optional<Signer> signer;
  EXPECT_TRUE(verify_text(text, &signer).empty());
  ASSERT_TRUE(signer.has_value());
  EXPECT_EQ(signer->personnummer, tls::kDevSignerPersonnummer);
  EXPECT_EQ(signer->common_name, tls::kDevSignerName);
}

TEST(SignatureTest, UnsignedIsMissing) {
  EXPECT_EQ(first_code(example_anmalan("0e0cbf54-ca82-48f0-a478-0be00bf8b2be")),
            ErrorCode::kSignatureMissing);
}

TEST(SignatureTest, AlteredAfterSigningIsInvalid) {
  std::string text = signed_example();
  replace(text, "<ase:fornamn>Johan</ase:fornamn>", "<ase:fornamn>Jonas</ase:fornamn>");
  EXPECT_EQ(first_code(text), ErrorCode::kSignatureInvalid);
}

TEST(SignatureTest, WhitespaceAndCommentsOutsideElementsDoNotMatterButTextDoes) {
  std::string text = signed_example();
  // A comment is not part of exclusive c14n without comments.
  replace(text, "<ase:personSomHarAssistans>", "<!-- tillagd --><ase:personSomHarAssistans>");
  EXPECT_EQ(first_code(text), ErrorCode::kOk);
  replace(text, "<ase:efternamn>Eklund</ase:efternamn>", "<ase:efternamn>Eklund </ase:efternamn>");
  EXPECT_EQ(first_code(text), ErrorCode::kSignatureInvalid);
}

TEST(SignatureTest, UntrustedSignerIsRefused) {
  const auto problems = verify_text(signed_example(EioaPki::get().untrusted));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code, ErrorCode::kSignerNotTrusted);
}

TEST(SignatureTest, TrustedCertificateWithAnotherKeyIsInvalid) {
  // Signed with the untrusted signer's key but carrying the trusted signer's certificate.
  auto doc = xml::parse_xml(example_anmalan("0e0cbf54-ca82-48f0-a478-0be00bf8b2be"));
  ASSERT_TRUE(doc.ok());
  const Status s = sign_anmalan(*doc, EioaPki::get().untrusted / tls::kSignerKeyFile,
                                EioaPki::get().trusted / tls::kSignerCertFile);
  if (!s.ok())
    GTEST_SKIP() << "xmlsec refuses a key/certificate mismatch at signing: " << s.message();
  EXPECT_EQ(first_code(doc->to_string()), ErrorCode::kSignatureInvalid);
}

TEST(SignatureTest, ChangedSigningTextIsRefused) {
  std::string text = signed_example();
  replace(text, "riktiga och fullständiga", "ungefär riktiga");
  const auto problems = verify_text(text);
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems.front().code, ErrorCode::kSigningTextMismatch);
}

TEST(SignatureTest, WrappingAttacksAreRefused) {
  const std::string original = signed_example();
  // A reference to something else than the whole document.
  std::string text = original;
  replace(text, "URI=\"\"", "URI=\"#x\"");
  EXPECT_EQ(first_code(text), ErrorCode::kSignatureInvalid);
  // The enveloped transform removed (the digest would then have to cover the signature).
  text = original;
  replace(text,
          "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>",
          "");
  EXPECT_EQ(first_code(text), ErrorCode::kSignatureInvalid);
  // A second signature.
  text = original;
  const auto start = text.find("<ds:Signature");
  const auto end = text.find("</ds:Signature>") + std::string("</ds:Signature>").size();
  const std::string signature = text.substr(start, end - start);
  text.insert(end, signature);
  EXPECT_EQ(first_code(text), ErrorCode::kSignatureInvalid);
  // The signature not directly under the root.
  text = original;
  text.erase(start, end - start);
  replace(text, "</ase:assistent>", signature + "</ase:assistent>");
  EXPECT_EQ(first_code(text), ErrorCode::kSignatureInvalid);
}

TEST(SignatureTest, SigningTwiceIsRefused) {
  auto doc = xml::parse_xml(signed_example());
  ASSERT_TRUE(doc.ok());
  const auto& pki = EioaPki::get();
  EXPECT_EQ(
      sign_anmalan(*doc, pki.trusted / tls::kSignerKeyFile, pki.trusted / tls::kSignerCertFile)
          .code(),
      ErrorCode::kSignatureInvalid);
}

}  // namespace
}  // namespace utbyte::eioa
