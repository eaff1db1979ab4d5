#include "platform/transaction_id.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <random>

#include <fmt/format.h>

namespace utbyte::platform {
namespace {

// Seeded once per thread from OpenSSL's CSPRNG; ids need uniqueness, not secrecy, and this keeps
// the hot path free of system calls.
std::mt19937_64& generator() {
  thread_local std::mt19937_64 gen = [] {
    std::array<std::uint64_t, 4> seed{};
    RAND_bytes(reinterpret_cast<unsigned char*>(seed.data()), sizeof(seed));
    std::seed_seq seq(reinterpret_cast<std::uint32_t*>(seed.begin()),
                      reinterpret_cast<std::uint32_t*>(seed.end()));
    return std::mt19937_64(seq);
  }();
  return gen;
}

}  // namespace

std::string new_transaction_id() {
  auto& gen = generator();
  std::uint64_t hi = gen();
  std::uint64_t lo = gen();
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xffff,
                     hi & 0xffff, lo >> 48, lo & 0xffffffffffffULL);
}

std::string derived_transaction_id(std::string_view key) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(key.data(), key.size(), digest, &length, EVP_sha256(), nullptr);
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
  for (int i = 0; i < 8; ++i) hi = (hi << 8) | digest[i];
  for (int i = 8; i < 16; ++i) lo = (lo << 8) | digest[i];
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000008000ULL;  // version 8
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // RFC 9562 variant
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xffff,
                     hi & 0xffff, lo >> 48, lo & 0xffffffffffffULL);
}

}  // namespace utbyte::platform
