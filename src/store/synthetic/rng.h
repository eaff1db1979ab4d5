#pragma once

#include <cstdint>
#include <span>

namespace utbyte::store::synthetic {

// The splitmix64 finaliser: a bijection on 64-bit values with good avalanche. Used to derive
// independent seeds and opaque record ids; being a bijection, distinct inputs never collide.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// xoshiro256** seeded through splitmix64. The register must be reproducible from
// (persons, seed, as_of) on every platform, so no std:: distribution (their output is
// implementation-defined) and no std::random_device.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    std::uint64_t x = seed;
    for (auto& word : state_) {
      x += 0x9e3779b97f4a7c15ULL;
      word = mix64(x);
    }
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform integer in [lo, hi] (inclusive), by Lemire's multiply-shift (bias < 2^-32).
  std::int64_t uniform(std::int64_t lo, std::int64_t hi) {
    const auto range = static_cast<std::uint64_t>(hi - lo) + 1;
    const std::uint64_t r = next() >> 32;
    return lo + static_cast<std::int64_t>((r * range) >> 32);
  }
  int uniform_int(int lo, int hi) { return static_cast<int>(uniform(lo, hi)); }

  // True with probability per_mille / 1000. Integer-only so results never depend on FP rounding.
  bool chance(int per_mille) { return uniform(0, 999) < per_mille; }

  template <typename T>
  const T& pick(std::span<const T> items) {
    return items[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(items.size()) - 1))];
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t state_[4];
};

}  // namespace utbyte::store::synthetic
