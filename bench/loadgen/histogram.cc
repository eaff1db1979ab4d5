#include "histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace loadgen {

// Values below 2^kSubBits get one bucket each. Above, a value v with bit width w is shifted right
// by s = w - kSubBits so that its mantissa v >> s lies in [kHalf, 2 * kHalf); bucket index is
// s * kHalf + mantissa, which continues seamlessly from the exact range.
Histogram::Histogram() : buckets_((64 - kSubBits + 2) * kHalf, 0) {}

size_t Histogram::index_of(uint64_t value) {
  const int width = std::bit_width(value);
  if (width <= kSubBits) return static_cast<size_t>(value);
  const int shift = width - kSubBits;
  return static_cast<size_t>(shift * kHalf + (value >> shift));
}

uint64_t Histogram::lowest_of(size_t index) {
  if (index < 2 * kHalf) return index;
  const uint64_t shift = index / kHalf - 1;
  return (index - shift * kHalf) << shift;
}

uint64_t Histogram::width_of(size_t index) {
  if (index < 2 * kHalf) return 1;
  return uint64_t{1} << (index / kHalf - 1);
}

void Histogram::record(uint64_t value_ns) {
  ++buckets_[index_of(value_ns)];
  ++count_;
  sum_ += value_ns;
  min_ = std::min(min_, value_ns);
  max_ = std::max(max_, value_ns);
}

void Histogram::merge(const Histogram& other) {
  for (size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

uint64_t Histogram::quantile(double q) const {
  if (count_ == 0) return 0;
  const auto rank = static_cast<uint64_t>(std::ceil(std::clamp(q, 0.0, 1.0) * count_));
  const uint64_t target = std::max<uint64_t>(rank, 1);
  uint64_t seen = 0;
  for (size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= target) {
      const uint64_t mid = lowest_of(i) + width_of(i) / 2;
      return std::clamp(mid, min(), max_);
    }
  }
  return max_;
}

}  // namespace loadgen
