#include "leka/legacy/legacy_routes.h"

#include <fmt/format.h>

#include "platform/soap/soap_routes.h"
#include "platform/versions.h"

namespace utbyte::leka::legacy {
namespace {

namespace pipeline = platform::pipeline;
namespace soap = platform::soap;

// What every operation's handler needs; owned by the installation, borrowed by the handlers.
struct Context {
  LekaService& service;
  store::LekaStore& leka;
  std::function<std::int64_t()> now_ms;
  std::function<domain::Date()> today;
};

// Kontrollera lists one person's subscriptions: a handful, read in pages of this size.
constexpr int kListPage = 1000;

Caller caller_of(const soap::SoapCall& call, std::string_view tjanst) {
  return {call.request.transaktions_id,
          call.request.peer ? call.request.peer->organisationsnummer : "", std::string(tjanst)};
}

soap::SoapOutcome answer_operation(const Context& ctx, Operation operation,
                                   const LegacyLekaVersion& version, const soap::SoapCall& call) {
  const platform::Agreement& agreement = call.agreement;
  switch (operation) {
    case Operation::kRegistreraPrenumeration: {
      auto wanted = read_registrera(call.payload, version, ctx.today());
      if (!wanted.ok()) return soap::SoapOutcome::failed(wanted.error());
      auto created =
          ctx.service.subscribe(*wanted, agreement, caller_of(call, tjanst_of(operation, version)));
      if (!created.ok()) return soap::SoapOutcome::failed(created.error());
      return soap::SoapOutcome::answer(render_registrera(*created, version));
    }
    case Operation::kKontrolleraPrenumeration: {
      auto personnummer = read_kontrollera(call.payload, version);
      if (!personnummer.ok()) return soap::SoapOutcome::failed(personnummer.error());
      std::vector<store::Subscription> found;
      std::int64_t after = 0;
      for (;;) {
        auto page = ctx.leka.list(agreement.aktors_id, personnummer->digits(), after, kListPage);
        if (!page.ok()) return soap::SoapOutcome::failed(page.error());
        for (auto& s : page->items) found.push_back(std::move(s));
        if (!page->next_cursor) break;
        after = *page->next_cursor;
      }
      return soap::SoapOutcome::answer(render_kontrollera(found, version));
    }
    case Operation::kAvregistreraPrenumeration: {
      auto id = read_avregistrera(call.payload, version);
      if (!id.ok()) return soap::SoapOutcome::failed(id.error());
      auto removed = ctx.leka.remove(agreement.aktors_id, *id);
      if (!removed.ok()) return soap::SoapOutcome::failed(removed.error());
      // Another actor's subscription is unknown too, as in v9: its existence cannot be probed.
      if (!*removed) {
        return soap::SoapOutcome::failed(
            make_error(ErrorCode::kNotFound, "Prenumerationen finns inte"));
      }
      return soap::SoapOutcome::answer(render_avregistrera(*id, version));
    }
    case Operation::kHamtaAviseringar: {
      auto question = read_hamta(call.payload, version);
      if (!question.ok()) return soap::SoapOutcome::failed(question.error());
      auto page =
          ctx.service.deliver(agreement, question->from_sekvens, static_cast<int>(question->antal),
                              caller_of(call, tjanst_of(operation, version)), version.payments);
      if (!page.ok()) return soap::SoapOutcome::failed(page.error());
      auto rendered = render_hamta(*page, version);
      if (!rendered.ok()) return soap::SoapOutcome::failed(rendered.error());
      return soap::SoapOutcome::answer(std::move(rendered).value());
    }
    case Operation::kKvitteraAviseringar: {
      auto tom = read_kvittera(call.payload, version);
      if (!tom.ok()) return soap::SoapOutcome::failed(tom.error());
      // The store call v9's kvittens makes: one cursor for both bindings.
      auto acknowledged = ctx.leka.acknowledge(agreement.aktors_id, *tom, ctx.now_ms());
      if (!acknowledged.ok()) return soap::SoapOutcome::failed(acknowledged.error());
      return soap::SoapOutcome::answer(render_kvittera(*acknowledged, version));
    }
  }
  return soap::SoapOutcome::failed(make_error(ErrorCode::kInternal, "Okänd LEKA-operation"));
}

// The question read with v9's rules, for its errors only.
Status check_question(const Context& ctx, Operation operation, const LegacyLekaVersion& version,
                      const xmlNode* payload) {
  switch (operation) {
    case Operation::kRegistreraPrenumeration:
      return read_registrera(payload, version, ctx.today()).status();
    case Operation::kKontrolleraPrenumeration:
      return read_kontrollera(payload, version).status();
    case Operation::kAvregistreraPrenumeration:
      return read_avregistrera(payload, version).status();
    case Operation::kHamtaAviseringar:
      return read_hamta(payload, version).status();
    case Operation::kKvitteraAviseringar:
      return read_kvittera(payload, version).status();
  }
  return Status::ok_status();
}

// One operation's handler: v9's rules → schema (when there is one) → service → answer. The
// rules come first so that every mistake v9 knows (a missing personnummer, an unknown type) is
// answered with v9's code, which partners already handle; the schema then refuses whatever else
// does not follow the contract (SCHEMAFEL), before anything is stored.
soap::SoapHandler handler(std::shared_ptr<const Context> ctx, Operation operation,
                          const LegacyLekaVersion& version,
                          const platform::xml::XsdValidator* schema) {
  return [ctx = std::move(ctx), operation, &version, schema](const soap::SoapCall& call) {
    if (Status s = check_question(*ctx, operation, version, call.payload); !s.ok()) {
      return soap::SoapOutcome::failed(s.error());
    }
    if (schema != nullptr) {
      auto problems = schema->validate_element(call.payload);
      if (!problems.empty()) {
        return soap::SoapOutcome::failed(soap::SoapFault::from_problems(
            ErrorCode::kSchemaViolation, "Frågan följer inte schemat", std::move(problems)));
      }
    }
    return answer_operation(*ctx, operation, version, call);
  };
}

}  // namespace

std::string endpoint_path(bool shs2, int major, Operation operation) {
  return fmt::format("{}/v{}/{}", shs2 ? kShs2Path : kWsPath, major, operation_name(operation));
}

Result<std::unique_ptr<LegacyLeka>> LegacyLeka::install(
    pipeline::PartnerPipeline& pipeline, LekaService& service, store::Store& store,
    std::function<std::int64_t()> now_ms, std::function<domain::Date()> today,
    const std::filesystem::path& contracts_dir) {
  auto legacy = std::make_unique<LegacyLeka>();
  for (const LegacyLekaVersion& version : kLegacyLekaVersions) {
    const auto file = contracts_dir / "xsd" / version.xsd_file;
    std::error_code ec;
    if (contracts_dir.empty() || !std::filesystem::exists(file, ec)) {
      legacy->schemas_.emplace_back();
      legacy->summary_ += fmt::format("leka v{}: {} saknas; frågor kontrolleras utan schema\n",
                                      version.major, file.string());
      continue;
    }
    auto schema = platform::xml::XsdValidator::load(file);
    if (!schema.ok()) return schema.error();
    legacy->schemas_.emplace_back(std::move(schema).value());
  }
  // The WSDL imports each operation's schema; the version files (kLegacyLekaVersions' xsd_file)
  // only gather them for the server's validation.
  const soap::ServedContract served = soap::load_served_contract(
      contracts_dir, kWsdlFile,
      {"leka_registrera_prenumeration_v5.xsd", "leka_kontrollera_prenumeration_v5.xsd",
       "leka_avregistrera_prenumeration_v5.xsd", "leka_hamta_aviseringar_v5.xsd",
       "leka_kvittera_aviseringar_v5.xsd", "leka_registrera_prenumeration_v6.xsd",
       "leka_kontrollera_prenumeration_v6.xsd", "leka_avregistrera_prenumeration_v6.xsd",
       "leka_hamta_aviseringar_v6.xsd", "leka_kvittera_aviseringar_v6.xsd",
       "leka_registrera_prenumeration_v7.xsd", "leka_kontrollera_prenumeration_v7.xsd",
       "leka_avregistrera_prenumeration_v7.xsd", "leka_hamta_aviseringar_v7.xsd",
       "leka_kvittera_aviseringar_v7.xsd", "soap_fel_v1.xsd"});

  const auto ctx = std::make_shared<const Context>(
      Context{service, store.leka(), std::move(now_ms), std::move(today)});
  for (const bool shs2 : {false, true}) {
    std::vector<std::string> operations;
    for (std::size_t i = 0; i < std::size(kLegacyLekaVersions); ++i) {
      const LegacyLekaVersion& version = kLegacyLekaVersions[i];
      const auto& schema = legacy->schemas_[i];
      for (const Operation operation : kOperations) {
        soap::SoapEndpoint endpoint;
        endpoint.path = endpoint_path(shs2, version.major, operation);
        endpoint.tjanst = std::string(platform::kTjanstLeka);
        endpoint.gate = {std::string(platform::sla::kServiceLeka),
                         platform::sla::ServiceClass::kLeka,
                         std::string(platform::kApiLekaKundavisering), version.major};
        endpoint.soap_action = soap_action(operation, version.major);
        endpoint.payload_namespace = operation_namespace(operation, version.major);
        endpoint.limits.max_bytes = 64 << 10;
        endpoint.limits.drop_blanks = true;
        endpoint.shs2 = shs2;
        endpoint.shs_product = std::string(kProdukt);
        endpoint.shs_recipient = std::string(soap::kFkOrganisationsnummer);
        operations.push_back(endpoint.path);
        soap::add_soap_endpoint(pipeline, std::move(endpoint),
                                handler(ctx, operation, version, schema ? &*schema : nullptr));
      }
    }
    soap::add_soap_door(pipeline, std::string(shs2 ? kShs2Path : kWsPath), shs2,
                        std::move(operations));
  }
  legacy->summary_ +=
      fmt::format("LEKA v5–7 (SOAP): {} och {}; /ws och /shs2 tar emot varje SOAP-tjänst\n",
                  kWsPath, kShs2Path);
  if (!served.wsdl.empty()) soap::add_wsdl_routes(pipeline, std::string(kWsPath), served);
  return legacy;
}

}  // namespace utbyte::leka::legacy
