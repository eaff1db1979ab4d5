#include "webui/password_hash.h"

#include <array>
#include <charconv>
#include <memory>
#include <optional>
#include <vector>

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "webui/tokens.h"

namespace utbyte::webui {
namespace {

constexpr std::string_view kAlgorithm = "pbkdf2-sha256";
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
// Bounds on a stored work factor, so a tampered row cannot make a login spin for minutes.
constexpr int kMinIterations = 1'000;
constexpr int kMaxIterations = 10'000'000;

std::string base64(const std::vector<unsigned char>& data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data.data(),
                                static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(std::max(n, 0)));
  return out;
}

std::optional<std::vector<unsigned char>> unbase64(std::string_view text, std::size_t expected) {
  if (text.empty() || text.size() % 4 != 0 || text.size() > 256) return std::nullopt;
  std::vector<unsigned char> out(text.size() / 4 * 3);
  const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock keeps the padding bytes as zeros; cut to the size the format fixes.
  if (static_cast<std::size_t>(n) < expected) return std::nullopt;
  out.resize(expected);
  return out;
}

std::optional<std::vector<unsigned char>> derive(std::string_view password,
                                                 const std::vector<unsigned char>& salt,
                                                 int iterations) {
  std::vector<unsigned char> out(kHashBytes);
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                        static_cast<int>(salt.size()), iterations, EVP_sha256(),
                        static_cast<int>(out.size()), out.data()) != 1) {
    return std::nullopt;
  }
  return out;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const auto end = text.find(sep, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

}  // namespace

Result<std::string> hash_password(std::string_view password, int iterations) {
  std::vector<unsigned char> salt(kSaltBytes);
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    return make_error(ErrorCode::kCryptoError, "RAND_bytes misslyckades");
  }
  auto hash = derive(password, salt, iterations);
  if (!hash) return make_error(ErrorCode::kCryptoError, "PBKDF2 misslyckades");
  return fmt::format("{}${}${}${}", kAlgorithm, iterations, base64(salt), base64(*hash));
}

bool verify_password(std::string_view password, std::string_view stored) {
  const auto parts = split(stored, '$');
  if (parts.size() != 4 || parts[0] != kAlgorithm) return false;
  int iterations = 0;
  const auto [end, ec] =
      std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), iterations);
  if (ec != std::errc() || end != parts[1].data() + parts[1].size() ||
      iterations < kMinIterations || iterations > kMaxIterations) {
    return false;
  }
  const auto salt = unbase64(parts[2], kSaltBytes);
  const auto expected = unbase64(parts[3], kHashBytes);
  if (!salt || !expected) return false;
  const auto actual = derive(password, *salt, iterations);
  if (!actual) return false;
  return constant_time_equals(
      std::string_view(reinterpret_cast<const char*>(actual->data()), actual->size()),
      std::string_view(reinterpret_cast<const char*>(expected->data()), expected->size()));
}

const std::string& dummy_password_hash() {
  static const std::string hash = [] {
    auto secret = random_hex(16);
    auto hashed = hash_password(secret.ok() ? *secret : "utbyte-dummy");
    return hashed.ok() ? *hashed : std::string();
  }();
  return hash;
}

}  // namespace utbyte::webui
