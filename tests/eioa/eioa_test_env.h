#pragma once

// Shared fixture data for the E-IOA tests: a development PKI (with the signing CA and signer of
// `utbyte certs init`) and a second, untrusted one, created once per test binary.

#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "eioa/contracts.h"
#include "platform/tls/cert_authority.h"

namespace utbyte::eioa::testing {

class EioaPki {
 public:
  static const EioaPki& get() {
    static const EioaPki pki;
    return pki;
  }
  std::filesystem::path trusted;    // certs init: signing-ca.pem, signer.pem, signer.key
  std::filesystem::path untrusted;  // another certs init
  std::filesystem::path contracts;

 private:
  EioaPki() {
    const auto base =
        std::filesystem::temp_directory_path() / ("utbyte-eioa-test-" + std::to_string(::getpid()));
    trusted = base / "trusted";
    untrusted = base / "untrusted";
    platform::tls::DevCertOptions options;
    options.overwrite = true;
    EXPECT_TRUE(platform::tls::init_dev_certs(trusted, options).ok());
    EXPECT_TRUE(platform::tls::init_dev_certs(untrusted, options).ok());
    auto dir = find_contracts_dir();
    EXPECT_TRUE(dir.ok()) << (dir.ok() ? "" : dir.error().message);
    if (dir.ok()) contracts = *dir;
  }
};

}  // namespace utbyte::eioa::testing
