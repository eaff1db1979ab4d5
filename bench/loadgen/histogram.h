// A log-linear latency histogram in the spirit of HdrHistogram: constant memory, mergeable,
// every bucket narrower than 1/128 of its value (< 0.8 % relative error).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace loadgen {

class Histogram {
 public:
  Histogram();

  void record(uint64_t value_ns);
  void merge(const Histogram& other);

  uint64_t count() const { return count_; }
  uint64_t min() const { return count_ ? min_ : 0; }
  uint64_t max() const { return max_; }
  double mean() const { return count_ ? static_cast<double>(sum_) / count_ : 0; }
  // Value at quantile q in [0, 1] (the midpoint of the bucket that holds it, clamped to max).
  uint64_t quantile(double q) const;

 private:
  static constexpr int kSubBits = 8;  // 256 sub-buckets per power of two (upper half used)
  static constexpr uint64_t kHalf = uint64_t{1} << (kSubBits - 1);
  static size_t index_of(uint64_t value);
  static uint64_t lowest_of(size_t index);
  static uint64_t width_of(size_t index);

  std::vector<uint64_t> buckets_;
  uint64_t count_ = 0;
  uint64_t sum_ = 0;
  uint64_t min_ = UINT64_MAX;
  uint64_t max_ = 0;
};

}  // namespace loadgen
