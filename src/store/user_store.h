#pragma once

// Web users of the LEFI web interface and their login sessions (issue 9). An operator manages the
// users (`utbyte anvandare …`); a user belongs to one organisation (aktorsId of the actors file)
// and may see a subset of that organisation's information types. Sessions live in the store, not
// in a process, so any instance behind a load balancer can serve any request.

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/information_type.h"

namespace utbyte::store {

struct WebUserRecord {
  std::string aktors_id;      // the organisation (actors file), part of the key
  std::string anvandarnamn;   // unique within the organisation
  std::string namn;           // display name
  std::string losenord_hash;  // self-describing password hash (algorithm, parameters, salt, hash)
  std::set<domain::InformationType> behorighet;  // ⊆ the organisation's agreement
  bool aktiv = true;
  std::chrono::system_clock::time_point skapad{};
};

struct WebSessionRecord {
  std::string id_hash;  // SHA-256 hex of the cookie value; the cookie itself is never stored
  std::string aktors_id;
  std::string anvandarnamn;
  std::string csrf_token;
  std::chrono::system_clock::time_point skapad{};
  std::chrono::system_clock::time_point senast_aktiv{};
};

// Safe from many threads.
class UserStore {
 public:
  virtual ~UserStore() = default;

  // Adds a user. Errors: a conflict code (ANVANDARE_FINNS) when (aktors_id, anvandarnamn)
  // exists; kStoreError.
  virtual Result<WebUserRecord> add_user(const WebUserRecord& user) = 0;
  // Replaces namn, losenord_hash, behorighet and aktiv of an existing user. False when unknown.
  virtual Result<bool> update_user(const WebUserRecord& user) = 0;
  virtual Result<std::optional<WebUserRecord>> find_user(const std::string& aktors_id,
                                                         const std::string& anvandarnamn) = 0;
  // Every user, or those of one organisation when aktors_id is non-empty; ordered by
  // (aktors_id, anvandarnamn).
  virtual Result<std::vector<WebUserRecord>> list_users(const std::string& aktors_id) = 0;
  // Removes the user and its sessions. False when unknown.
  virtual Result<bool> remove_user(const std::string& aktors_id,
                                   const std::string& anvandarnamn) = 0;

  virtual Status create_session(const WebSessionRecord& session) = 0;
  virtual Result<std::optional<WebSessionRecord>> find_session(const std::string& id_hash) = 0;
  // Sets senast_aktiv; false when the session no longer exists.
  virtual Result<bool> touch_session(const std::string& id_hash,
                                     std::chrono::system_clock::time_point at) = 0;
  virtual Status remove_session(const std::string& id_hash) = 0;
  // Removes sessions idle since before `idle_before`; returns how many.
  virtual Result<int> purge_sessions(std::chrono::system_clock::time_point idle_before) = 0;
};

}  // namespace utbyte::store
