#include "platform/actors.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "domain/organisationsnummer.h"

namespace utbyte::platform {
namespace {

constexpr std::string_view kAllTjanster[] = {kTjanstLefi, kTjanstLeka, kTjanstEioa, kTjanstSsbtek};

Agreement test_agreement(const tls::PeerIdentity& peer, std::string_view aktors_id) {
  Agreement agreement;
  agreement.aktors_id = std::string(aktors_id);
  agreement.organisationsnummer = peer.organisationsnummer;
  agreement.namn = peer.organisation;
  for (const auto& t : domain::all_information_types()) agreement.informationstyper.insert(t.type);
  agreement.rattslig_grund = "TESTMILJO";
  agreement.tjanster.insert(std::begin(kAllTjanster), std::end(kAllTjanster));
  return agreement;
}

Error config_error(const std::string& path, const std::string& what) {
  return make_error(ErrorCode::kConfigError, fmt::format("aktörsfilen {}: {}", path, what));
}

}  // namespace

std::string_view to_string(Mode mode) { return mode == Mode::kTest ? "TEST" : "PRODUKTION"; }

bool is_valid_aktors_id(std::string_view id) {
  if (id.empty()) return false;
  int characters = 0;
  for (std::size_t i = 0; i < id.size(); ++characters) {
    const auto lead = static_cast<unsigned char>(id[i]);
    const int length = lead < 0x80           ? 1
                       : (lead >> 5) == 0x6  ? 2
                       : (lead >> 4) == 0xE  ? 3
                       : (lead >> 3) == 0x1E ? 4
                                             : 0;
    if (length == 0 || i + length > id.size()) return false;
    char32_t code = length == 1 ? lead : lead & (0x7F >> length);
    for (int k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(id[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8 (RFC 3629).
    static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[length] || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
      return false;
    }
    if (code < 0x20 || (code >= 0x7F && code <= 0x9F)) return false;  // C0, DEL, C1
    i += static_cast<std::size_t>(length);
  }
  return characters <= 64;
}

bool is_url_safe_aktors_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
  });
}

ActorRegistry ActorRegistry::test_mode() { return ActorRegistry(Mode::kTest); }

Result<ActorRegistry> ActorRegistry::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return config_error(path, "kan inte läsas");
  std::stringstream text;
  text << in.rdbuf();
  const auto doc = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("aktorer") ||
      !doc["aktorer"].is_array()) {
    return config_error(path, "ska vara JSON med en lista \"aktorer\"");
  }
  ActorRegistry registry(Mode::kProduction);
  for (const auto& item : doc["aktorer"]) {
    const auto string_field = [&](const char* name) -> std::string {
      auto it = item.find(name);
      return it != item.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    Agreement agreement;
    agreement.aktors_id = string_field("aktorsId");
    agreement.namn = string_field("namn");
    agreement.rattslig_grund = string_field("rattsligGrund");
    if (!is_url_safe_aktors_id(agreement.aktors_id)) {
      return config_error(path, fmt::format("ogiltigt aktorsId '{}'", agreement.aktors_id));
    }
    auto orgnr = domain::parse_organisationsnummer(string_field("organisationsnummer"));
    if (!orgnr.ok()) {
      return config_error(path,
                          fmt::format("aktör {}: {}", agreement.aktors_id, orgnr.error().message));
    }
    agreement.organisationsnummer = orgnr->digits();
    if (agreement.rattslig_grund.empty()) {
      return config_error(path, fmt::format("aktör {} saknar rattsligGrund", agreement.aktors_id));
    }
    const auto types = item.find("informationstyper");
    if (types == item.end() || !types->is_array()) {
      return config_error(path,
                          fmt::format("aktör {} saknar informationstyper", agreement.aktors_id));
    }
    for (const auto& code : *types) {
      auto type =
          code.is_string() ? domain::parse_information_type(code.get<std::string>()) : std::nullopt;
      if (!type) {
        return config_error(path, fmt::format("aktör {}: okänd informationstyp {}",
                                              agreement.aktors_id, code.dump()));
      }
      agreement.informationstyper.insert(*type);
    }
    if (const auto per = item.find("rattsligGrundPerTjanst"); per != item.end()) {
      if (!per->is_object()) {
        return config_error(path, fmt::format("aktör {}: rattsligGrundPerTjanst ska vara ett "
                                              "objekt {{\"TJANST\": \"grund\"}}",
                                              agreement.aktors_id));
      }
      for (const auto& [name, basis] : per->items()) {
        if (std::find(std::begin(kAllTjanster), std::end(kAllTjanster), name) ==
            std::end(kAllTjanster)) {
          return config_error(path, fmt::format("aktör {}: rattsligGrundPerTjanst: okänd tjänst {}",
                                                agreement.aktors_id, name));
        }
        if (!basis.is_string() || basis.get<std::string>().empty()) {
          return config_error(path, fmt::format("aktör {}: rattsligGrundPerTjanst.{} ska vara "
                                                "en icke-tom text",
                                                agreement.aktors_id, name));
        }
        agreement.rattslig_grund_per_tjanst[name] = basis.get<std::string>();
      }
    }
    if (const auto signed_only = item.find("ssekSignatur"); signed_only != item.end()) {
      if (!signed_only->is_boolean()) {
        return config_error(path, fmt::format("aktör {}: ssekSignatur ska vara true eller false",
                                              agreement.aktors_id));
      }
      agreement.ssek_signatur = signed_only->get<bool>();
    }
    const auto tjanster = item.find("tjanster");
    if (tjanster == item.end()) {
      agreement.tjanster = {std::string(kTjanstLefi), std::string(kTjanstLeka)};
    } else if (!tjanster->is_array()) {
      return config_error(path,
                          fmt::format("aktör {}: tjanster ska vara en lista", agreement.aktors_id));
    } else {
      for (const auto& name : *tjanster) {
        const auto known = std::find(std::begin(kAllTjanster), std::end(kAllTjanster),
                                     name.is_string() ? name.get<std::string>() : std::string());
        if (known == std::end(kAllTjanster)) {
          return config_error(
              path, fmt::format("aktör {}: okänd tjänst {}", agreement.aktors_id, name.dump()));
        }
        agreement.tjanster.insert(std::string(*known));
      }
    }
    // The URL's aktorsId names one agreement: a second one under it would never be reached (the
    // same organisation) or would make the actor's name ambiguous (another one).
    const auto same_id =
        std::find_if(registry.agreements_.begin(), registry.agreements_.end(),
                     [&](const Agreement& a) { return a.aktors_id == agreement.aktors_id; });
    if (same_id != registry.agreements_.end()) {
      return config_error(path, fmt::format("aktorsId {} förekommer två gånger (organisation {} "
                                            "och {}); varje aktör ska ha ett eget aktorsId",
                                            agreement.aktors_id, same_id->organisationsnummer,
                                            agreement.organisationsnummer));
    }
    registry.agreements_.push_back(std::move(agreement));
  }
  return registry;
}

Result<Agreement> ActorRegistry::authorize(const tls::PeerIdentity& peer,
                                           std::string_view aktors_id) const {
  if (!is_valid_aktors_id(aktors_id)) {
    return make_error(ErrorCode::kInvalidAktorsId,
                      "aktorsId ska vara 1–64 tecken (UTF-8, procentkodade i adressen vid behov) "
                      "utan styrtecken");
  }
  if (mode_ == Mode::kTest) return test_agreement(peer, aktors_id);
  bool organisation_known = false;
  for (const Agreement& agreement : agreements_) {
    if (peer.organisationsnummer.empty() ||
        agreement.organisationsnummer != peer.organisationsnummer) {
      continue;
    }
    if (agreement.aktors_id == aktors_id) return agreement;
    organisation_known = true;
  }
  if (!organisation_known) {
    return make_error(ErrorCode::kActorNotPermitted,
                      "Klientcertifikatets organisation har inget avtal om informationsutbyte");
  }
  return make_error(ErrorCode::kActorNotPermitted,
                    "aktorsId i adressen hör inte till klientcertifikatets organisation");
}

Result<Agreement> ActorRegistry::authorize_for(const tls::PeerIdentity& peer,
                                               std::string_view aktors_id,
                                               std::string_view tjanst) const {
  const auto for_service = [tjanst](Agreement agreement) {
    agreement.rattslig_grund = agreement.rattslig_grund_for(tjanst);
    return agreement;
  };
  if (!aktors_id.empty()) {
    auto agreement = authorize(peer, aktors_id);
    if (!agreement.ok()) return agreement;
    if (!agreement->covers(tjanst)) {
      return make_error(
          ErrorCode::kServiceNotCovered,
          fmt::format("Avtalet för aktorsId {} omfattar inte tjänsten {}", aktors_id, tjanst));
    }
    return for_service(std::move(agreement).value());
  }
  if (mode_ == Mode::kTest) return test_agreement(peer, peer.organisationsnummer);
  bool organisation_known = false;
  for (const Agreement& agreement : agreements_) {
    if (peer.organisationsnummer.empty() ||
        agreement.organisationsnummer != peer.organisationsnummer) {
      continue;
    }
    if (agreement.covers(tjanst)) return for_service(agreement);
    organisation_known = true;
  }
  if (!organisation_known) {
    return make_error(ErrorCode::kActorNotPermitted,
                      "Klientcertifikatets organisation har inget avtal om informationsutbyte");
  }
  return make_error(
      ErrorCode::kServiceNotCovered,
      fmt::format("Klientcertifikatets organisation har inget avtal som omfattar {}", tjanst));
}

}  // namespace utbyte::platform
