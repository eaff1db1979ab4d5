#include "eioa/anmalan_validator.h"

#include <fmt/format.h>

#include "eioa/anmalan_rules.h"
#include "eioa/contracts.h"

namespace utbyte::eioa {

namespace xml = platform::xml;

platform::soap::SoapFault AnmalanCheck::fault() const {
  if (problems.empty()) {
    return platform::soap::SoapFault::from_error(
        make_error(ErrorCode::kInternal, "Anmälan avvisades utan angivet fel"));
  }
  const std::string summary = problems.size() == 1
                                  ? fmt::format("Anmälan avvisades: {}", problems.front().message)
                                  : fmt::format("Anmälan avvisades: {} fel, det första: {}",
                                                problems.size(), problems.front().message);
  return platform::soap::SoapFault::from_problems(problems.front().code, summary, problems);
}

Result<AnmalanValidator> AnmalanValidator::load(const std::filesystem::path& contracts_dir,
                                                const std::filesystem::path& signing_ca_pem) {
  auto xsd = xml::XsdValidator::load(contracts_dir / "xsd" / kAnmalanXsdFile);
  if (!xsd.ok()) return xsd.error();
  auto signatures = SignatureVerifier::load(signing_ca_pem);
  if (!signatures.ok()) return signatures.error();
  return AnmalanValidator(std::move(xsd).value(), std::move(signatures).value());
}

AnmalanCheck AnmalanValidator::check_element(const xmlNode* payload, domain::Date today) const {
  auto copy = xml::XmlDocument::copy_of(payload);
  if (!copy.ok()) {
    AnmalanCheck failed;
    failed.problems.push_back({copy.error().code, copy.error().message, ""});
    return failed;
  }
  return check(std::move(copy).value(), today);
}

xml::XmlLimits anmalan_xml_limits() {
  xml::XmlLimits limits;
  limits.max_bytes = kMaxAnmalanBytes;
  limits.max_attributes = kMaxAnmalanAttributes;
  limits.max_children = kMaxAnmalanChildren;
  limits.max_text_bytes = kMaxAnmalanTextBytes;
  return limits;
}

AnmalanCheck AnmalanValidator::check_text(std::string_view text, domain::Date today) const {
  auto doc = xml::parse_xml(text, anmalan_xml_limits());
  if (!doc.ok()) {
    AnmalanCheck failed;
    failed.problems.push_back({doc.error().code, doc.error().message, ""});
    return failed;
  }
  return check(std::move(doc).value(), today);
}

AnmalanCheck AnmalanValidator::check(xml::XmlDocument document, domain::Date today) const {
  AnmalanCheck result;
  result.problems = xsd_.validate(document);
  const bool schema_valid = result.problems.empty();
  std::optional<Anmalan> anmalan;
  if (schema_valid) {
    anmalan = read_anmalan(document.root());
    auto rule_problems = check_rules(*anmalan, today);
    result.problems.insert(result.problems.end(), rule_problems.begin(), rule_problems.end());
  }
  std::optional<Signer> signer;
  if (xml::is_element(document.root(), kAnmalanNamespace, "AnmalanFranArbetsgivare")) {
    signer = signatures_.verify(document, &result.problems);
  }
  if (result.problems.empty() && anmalan && signer) {
    result.accepted.emplace(
        AcceptedAnmalan{std::move(document), std::move(*anmalan), std::move(*signer)});
  }
  return result;
}

}  // namespace utbyte::eioa
