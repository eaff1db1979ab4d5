#include "store/synthetic/register_generator.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <numeric>
#include <optional>
#include <thread>
#include <vector>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "domain/personnummer.h"
#include "store/register_writers.h"
#include "store/synthetic/benefit_rules.h"
#include "store/synthetic/catalogue.h"
#include "store/synthetic/names.h"

namespace utbyte::store::synthetic {
namespace {

using namespace std::chrono;
using domain::add_days;
using IT = domain::InformationType;

// Bulk födelsenummer 980-997; 998 and 999 are kept for the catalogue (see catalogue.cc).
constexpr int kFirstSerial = 980;
constexpr int kSerials = 18;
constexpr domain::Date kFirstBirth{year{1935} / January / 1};
constexpr domain::Date kLastBirth{year{2024} / December / 31};
// Bulk persons have 12 months of history before as_of's month (plus next month's preliminary
// payments), which keeps a million persons within a couple of GB.
constexpr int kBulkMonthsBack = 11;

std::int64_t birth_days() { return domain::days_between(kFirstBirth, kLastBirth) + 1; }
std::int64_t slots_per_kind() { return birth_days() * kSerials; }

// A multiplier coprime with the slot count: rank * multiplier mod slots is then a bijection that
// spreads consecutive ranks over all birth dates and serials.
std::int64_t slot_multiplier() {
  static const std::int64_t multiplier = [] {
    std::int64_t m = 1'000'003;
    while (std::gcd(m, slots_per_kind()) != 1) ++m;
    return m;
  }();
  return multiplier;
}

std::int64_t samordning_count(std::int64_t persons) {
  return std::max(persons / 20, persons - slots_per_kind());
}

int age_at(domain::Date birth, domain::Date when) {
  int age = static_cast<int>(when.year()) - static_cast<int>(birth.year());
  if (when.month() < birth.month() || (when.month() == birth.month() && when.day() < birth.day())) {
    --age;
  }
  return age;
}

// What a bulk person receives, by age (see the brief in benefit-amounts.md and DESIGN.md).
void plan_bulk_person(Rng& rng, const PersonRecord& p, domain::Date as_of, BenefitPlan& plan) {
  plan.types.clear();
  plan.karensersattning = rng.chance(200);
  plan.garantipension = rng.chance(300);
  plan.pension_blocked = false;
  // Skewed income: most between 250 000 and 500 000, some far above the SGI cap.
  plan.yearly_income =
      200000 + rng.uniform(0, 300000) + (rng.chance(150) ? rng.uniform(0, 600000) : 0);
  const int age = age_at(p.fodelsedatum, as_of);
  auto add = [&plan](IT type) { plan.types.push_back(type); };
  if (age < 19) return;  // children receive nothing directly: their parents do
  if (age >= 66) {
    add(IT::kAlderspension);
    if (rng.chance(150)) add(IT::kBostadstillagg);
    if (p.kon == domain::Kon::kKvinna && age >= 75 && rng.chance(80)) add(IT::kEfterlevandepension);
    if (rng.chance(20)) {
      add(IT::kLevnadsintyg);
      plan.pension_blocked = rng.chance(100);
    }
    if (rng.chance(5)) add(IT::kYrkesskadelivranta);
    return;
  }
  if (rng.chance(400)) return;  // about 40 % of working age have no benefit at all
  const bool parent = age >= 22 && age <= 55 && rng.chance(550);
  bool income_based = false;
  if (parent) {
    add(IT::kBarnbidrag);
    if (age <= 45 && rng.chance(250)) {
      if (p.kon == domain::Kon::kKvinna && rng.chance(200)) add(IT::kGraviditetspenning);
      add(IT::kForaldrapenning);
      income_based = true;
    }
    if (rng.chance(300)) {
      add(IT::kTillfalligForaldrapenning);
      income_based = true;
    }
    if (rng.chance(80)) add(IT::kUnderhallsstod);
    if (rng.chance(20)) add(IT::kOmvardnadsbidrag);
    if (rng.chance(120)) add(IT::kBostadsbidrag);
  } else if (age < 29 && rng.chance(100)) {
    add(IT::kBostadsbidrag);
  }
  if (rng.chance(70)) {
    add(IT::kSjukAktivitetsersattning);
    if (rng.chance(250)) add(IT::kMerkostnadsersattning);
  } else if (rng.chance(250)) {
    add(IT::kSjukpenning);
    income_based = true;
  }
  if (rng.chance(60)) add(IT::kAktivitetsstod);
  if (age <= 24 && rng.chance(30)) add(IT::kDagpenningTotalforsvarspliktiga);
  if (rng.chance(10)) {
    add(IT::kNarstaendepenning);
    income_based = true;
  }
  if (rng.chance(3)) {
    add(IT::kSmittbararersattning);
    income_based = true;
  }
  if (rng.chance(15)) {
    add(IT::kRehabiliteringsersattning);
    income_based = true;
  }
  if (rng.chance(10)) add(IT::kArbetsskadelivranta);
  if (p.samordningsnummer && rng.chance(500)) add(IT::kForsakringstillhorighet);
  if (age >= 55 && rng.chance(150)) add(IT::kPensionsprognos);
  if (rng.chance(30)) add(IT::kIntjanande);
  if (rng.chance(10)) add(IT::kEfterlevandepension);  // omställningspension after a death
  if (income_based || rng.chance(300)) add(IT::kSgi);
  if (plan.types.empty()) add(IT::kSjukpenning);
  // One decision per type is enough; drop repeats (SGI may have been added twice).
  std::sort(plan.types.begin(), plan.types.end());
  plan.types.erase(std::unique(plan.types.begin(), plan.types.end()), plan.types.end());
}

constexpr std::size_t kBatchSize = 512;

// A bounded hand-over of person batches from the producer thread to the inserting thread.
class BatchQueue {
 public:
  explicit BatchQueue(std::size_t capacity) : capacity_(capacity) {}

  // Blocks while full. False when the consumer has cancelled.
  bool push(std::vector<PersonData> batch) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return cancelled_ || queue_.size() < capacity_; });
    if (cancelled_) return false;
    queue_.push_back(std::move(batch));
    changed_.notify_all();
    return true;
  }
  // Blocks until a batch is available; nullopt once the producer has closed and all is taken.
  std::optional<std::vector<PersonData>> pop() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return closed_ || !queue_.empty(); });
    if (queue_.empty()) return std::nullopt;
    auto batch = std::move(queue_.front());
    queue_.pop_front();
    changed_.notify_all();
    return batch;
  }
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    changed_.notify_all();
  }
  void cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    changed_.notify_all();
  }

 private:
  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<PersonData>> queue_;  // guarded by mutex_
  bool closed_ = false;                        // guarded by mutex_
  bool cancelled_ = false;                     // guarded by mutex_
};

void build_bulk_person(const std::string& number, const GenerateOptions& options,
                       const HistoryWindow& window, BenefitPlan& plan, PersonData& data) {
  // The numbers are built Luhn-valid with real dates, so parsing cannot fail.
  auto parsed = domain::parse_personnummer(number);
  assert(parsed.ok());
  Rng rng(mix64(options.seed) ^ mix64(std::stoull(number)));
  PersonRecord& p = data.person;
  p.personnummer = number;
  p.samordningsnummer = parsed->samordningsnummer();
  p.fodelsedatum = parsed->birth_date();
  p.kon = parsed->kon();
  Name name = random_name(rng, p.kon);
  p.fornamn = std::move(name.fornamn);
  p.efternamn = std::move(name.efternamn);
  p.adress = random_address(rng);
  p.skyddad_identitet = rng.chance(2);
  p.avliden.reset();
  data.decisions.clear();
  data.payments.clear();
  plan_bulk_person(rng, p, options.as_of, plan);
  if (age_at(p.fodelsedatum, options.as_of) >= 75 && rng.chance(15)) {
    p.avliden = add_days(options.as_of, -rng.uniform_int(1, 330));
  }
  add_benefits(plan, window, rng, data);
}

Status insert_person(RegisterSink& writer, const PersonData& data, GenerateStats& stats) {
  if (Status s = writer.insert_person(data.person); !s.ok()) return s;
  for (const auto& d : data.decisions) {
    if (Status s = writer.insert_decision(data.person.personnummer, d); !s.ok()) return s;
  }
  for (const auto& p : data.payments) {
    if (Status s = writer.insert_payment(data.person.personnummer, p); !s.ok()) return s;
  }
  ++stats.persons;
  stats.decisions += static_cast<std::int64_t>(data.decisions.size());
  stats.payments += static_cast<std::int64_t>(data.payments.size());
  return Status::ok_status();
}

std::string utc_now() {
  const auto now = floor<milliseconds>(system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", now);
}

}  // namespace

std::int64_t max_bulk_persons() { return 2 * slots_per_kind(); }

std::string bulk_personnummer(std::int64_t index, std::int64_t persons) {
  // Spread samordningsnummer evenly: person i is one when the running count of
  // floor(i * s / n) steps up at i.
  const std::int64_t s = samordning_count(persons);
  const std::int64_t before =
      static_cast<std::int64_t>((static_cast<__int128>(index) * s) / persons);
  const std::int64_t upto =
      static_cast<std::int64_t>((static_cast<__int128>(index + 1) * s) / persons);
  const bool samordning = upto > before;
  const std::int64_t rank = samordning ? before : index - before;
  const std::int64_t slots = slots_per_kind();
  const std::int64_t slot = static_cast<std::int64_t>(
      (static_cast<__int128>(rank) * slot_multiplier() + (samordning ? slots / 3 : 0)) % slots);
  const domain::Date birth = add_days(kFirstBirth, static_cast<int>(slot / kSerials));
  const int serial = kFirstSerial + static_cast<int>(slot % kSerials);
  const unsigned day = static_cast<unsigned>(birth.day()) + (samordning ? 60 : 0);
  std::string digits = fmt::format("{:04}{:02}{:02}{:03}", static_cast<int>(birth.year()),
                                   static_cast<unsigned>(birth.month()), day, serial);
  digits.push_back(
      static_cast<char>('0' + domain::luhn_check_digit(std::string_view(digits).substr(2))));
  return digits;
}

Status generate_register(const std::string& db_path, const GenerateOptions& options,
                         const std::function<void(std::int64_t, std::int64_t)>& progress,
                         GenerateStats* stats_out) {
  if (options.persons < 0 || options.persons > max_bulk_persons()) {
    return make_error(ErrorCode::kInvalidRequest,
                      fmt::format("Antal personer måste vara 0-{}", max_bulk_persons()));
  }
  if (!options.as_of.ok()) return make_error(ErrorCode::kInvalidDate, "Ogiltigt as-of-datum");

  GenerateStats stats;
  Status result = [&]() -> Status {
    // One transaction: the register is replaced as a whole or not at all.
    auto opened = open_register_loader(db_path);
    if (!opened.ok()) return opened.status();
    RegisterLoader& writer = **opened;

    for (const auto& entry : catalogue()) {
      if (Status s = insert_person(writer, build_catalogue_person(entry, options.as_of), stats);
          !s.ok()) {
        return s;
      }
    }

    // Persons are inserted in personnummer order: the register tables are clustered on it, so
    // every insert appends to the right-most B-tree page instead of landing at random.
    std::vector<std::string> numbers;
    numbers.reserve(static_cast<std::size_t>(options.persons));
    for (std::int64_t i = 0; i < options.persons; ++i) {
      numbers.push_back(bulk_personnummer(i, options.persons));
    }
    std::sort(numbers.begin(), numbers.end());

    // Two threads: this one inserts while a producer builds the next batches of persons. Each
    // person's content depends only on (seed, personnummer), so the split changes nothing in
    // the result; the queue keeps the personnummer order.
    const HistoryWindow window = make_window(options.as_of, kBulkMonthsBack);
    const std::int64_t total = options.persons;
    const std::int64_t step = std::max<std::int64_t>(1, total / 100);
    BatchQueue queue(4);
    std::thread producer([&] {
      BenefitPlan plan;
      for (std::size_t i = 0; i < numbers.size();) {
        std::vector<PersonData> batch(std::min(kBatchSize, numbers.size() - i));
        for (auto& data : batch) build_bulk_person(numbers[i++], options, window, plan, data);
        if (!queue.push(std::move(batch))) return;  // the inserter gave up
      }
      queue.close();
    });
    Status inserted = [&]() -> Status {
      std::int64_t done = 0;
      std::int64_t next_report = step;
      while (auto batch = queue.pop()) {
        for (const auto& data : *batch) {
          if (Status s = insert_person(writer, data, stats); !s.ok()) return s;
        }
        done += static_cast<std::int64_t>(batch->size());
        if (progress && (done >= next_report || done == total)) {
          progress(done, total);
          next_report = (done / step + 1) * step;
        }
      }
      return Status::ok_status();
    }();
    queue.cancel();
    producer.join();
    if (!inserted.ok()) return inserted;

    const std::pair<const char*, std::string> meta[] = {
        {"synthetic", "1"},
        {"format", "utbyte-register"},
        {"seed", std::to_string(options.seed)},
        {"persons", std::to_string(stats.persons)},
        {"bulk_persons", std::to_string(options.persons)},
        {"catalogue_persons", std::to_string(catalogue().size())},
        {"as_of", domain::format_date(options.as_of)},
        {"generated_at", utc_now()},
    };
    for (const auto& [key, value] : meta) {
      if (Status s = writer.put_meta(key, value); !s.ok()) return s;
    }
    return writer.commit();
  }();
  if (!result.ok()) return result;
  if (progress && options.persons == 0) progress(0, 0);
  if (stats_out) *stats_out = stats;
  return Status::ok_status();
}

}  // namespace utbyte::store::synthetic
