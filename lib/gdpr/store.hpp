// The storage interface the workflow talks to. All SQL lives behind it: the schemas and their
// migrations in store/sql/ (one numbered chain per dialect), the statements in sqlite_store.cpp
// (the embedded default) and pg_store.cpp (a shared server). The store checks nothing of the
// workflow's rules (on PostgreSQL the server does, by the rules in store/sql/postgresql/); it only
// keeps what the service decided, in the transactions the service opens.
#pragma once
#include <chrono>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gdpr/model.hpp"

namespace gdpr {

// What `init` found: no database (created), an older schema (migrated), or the current one.
enum class InitOutcome { created, migrated, existed };

// Whether a role change adds a name to a role or removes it.
enum class Membership { grant, revoke };

// Where a server keeps the roles (PostgreSQL): the direct members of its two group roles.
struct ServerRoles {
  std::vector<std::string> requesters;
  std::vector<std::string> reviewers;
  std::vector<std::string> workers;
};

// Names of the group roles `gdpr init` creates on PostgreSQL.
inline constexpr const char* k_pg_requesters = "gdpr_requesters";
inline constexpr const char* k_pg_reviewers = "gdpr_reviewers";
inline constexpr const char* k_pg_workers = "gdpr_workers";

// The server's group roles (`gdpr role grant requester|reviewer|worker` on PostgreSQL).
enum class ServerGroup { requesters, reviewers, workers };
// The group role's name.
[[nodiscard]] constexpr const char* group_role(ServerGroup group) {
  switch (group) {
    case ServerGroup::reviewers: return k_pg_reviewers;
    case ServerGroup::workers: return k_pg_workers;
    case ServerGroup::requesters: break;
  }
  return k_pg_requesters;
}

// An open transaction; rolled back when destroyed without commit().
class Transaction {
 public:
  virtual ~Transaction() = default;
  // Makes the changes durable.
  virtual void commit() = 0;
};

// Which contacts `for_each_contact` visits.
struct ContactFilter {
  std::optional<ContactStatus> status;
  bool mailable = false;
  bool newsletter = false;
  std::optional<std::int64_t> limit;
};

// Which requests `list_requests` returns, earliest due first.
struct RequestFilter {
  bool open_only = true;                    // pending or approved
  std::optional<RequestState> state;
  std::optional<std::string> assignee;
  std::optional<std::string> requested_by;  // who filed it (normalized)
  std::optional<Date> due_before;           // due_on < this
  std::optional<std::string> contact_id;
  std::optional<Date> retained_before;      // rejected for a retention duty that ran out before this
};

// Which events `for_each_audit` visits, oldest first.
struct AuditFilter {
  std::optional<std::int64_t> request_id;
  std::optional<std::string> contact_id;
  std::optional<std::string> actor;
  std::optional<std::string> action;
  std::optional<std::string> since;  // at >= since (RFC 3339 prefix compare)
  std::optional<std::string> until;  // at < until
  std::optional<std::int64_t> limit;  // the last N matching events
};

// Persistent state of contacts, requests, steps and the audit trail.
class Store {
 public:
  virtual ~Store() = default;

  // A write transaction that holds the write lock from the start (waits up to the busy timeout).
  [[nodiscard]] virtual std::unique_ptr<Transaction> begin_write() = 0;
  // A read transaction: one consistent snapshot.
  [[nodiscard]] virtual std::unique_ptr<Transaction> begin_read() = 0;

  // The per-database secret that keys e-mail fingerprints (for `gdpr migrate`; on PostgreSQL only
  // the owner may read it).
  [[nodiscard]] virtual std::string secret() = 0;
  // HMAC-SHA256 of a normalized e-mail under that secret, hex: the tombstones' fingerprint. On
  // PostgreSQL the server computes it, so that members use the secret without reading it.
  [[nodiscard]] virtual std::string email_fingerprint(std::string_view normalized_email) = 0;

  // The stored policy (policy.hpp's stored form); nullopt for a database from before policies.
  [[nodiscard]] virtual std::optional<std::string> policy_text() = 0;
  // Stores the policy, inside a write transaction that also records its audit event.
  virtual void put_policy(std::string_view text) = 0;

  [[nodiscard]] virtual std::optional<Contact> find_contact(std::string_view id) = 0;
  // The contacts under `ids`, in their order (nullopt where there is none), with their positions:
  // one statement where the engine takes arrays (an import's batch).
  [[nodiscard]] virtual std::vector<std::optional<Contact>> find_contacts(const std::vector<std::string>& ids) = 0;
  // The id of an erased contact whose tombstone carries `fingerprint`.
  [[nodiscard]] virtual std::optional<std::string> find_erased_by_fingerprint(std::string_view fingerprint) = 0;
  // For each normalized e-mail (empty: none), the id of an erased contact whose tombstone keeps
  // it out: fingerprint and lookup in one statement where the engine takes arrays.
  [[nodiscard]] virtual std::vector<std::optional<std::string>> tombstones_of(const std::vector<std::string>& emails) = 0;
  // Inserts a new contact.
  virtual void insert_contact(const Contact& contact) = 0;
  // Inserts each of `contacts` (new: active, no tombstone fields) whose id is not there yet, without
  // a lookup first, in their order; element i
  // of the result is the position contacts[i] was inserted at, 0 where it was not. One statement
  // for all of them where the engine takes arrays (PostgreSQL: a round trip for a batch of an
  // import instead of a row). `terms`, where not empty, holds each contact's search terms
  // (search::terms_of), worked out beforehand (an import reads and folds on a thread of its own).
  [[nodiscard]] virtual std::vector<std::int64_t> insert_contacts_if_absent(
      const std::vector<Contact>& contacts, const std::vector<std::vector<std::string>>& terms) = 0;
  [[nodiscard]] std::vector<std::int64_t> insert_contacts_if_absent(const std::vector<Contact>& contacts) {
    return insert_contacts_if_absent(contacts, {});
  }
  // True if some tombstone keeps an e-mail fingerprint.
  [[nodiscard]] virtual bool has_fingerprints() = 0;
  // Replaces status, blocks, properties and tombstone fields of an existing contact.
  virtual void update_contact(const Contact& contact) = 0;
  // Ids of contacts that are not erased and start with `prefix`, in id order (for completion).
  [[nodiscard]] virtual std::vector<std::string> contact_ids_with_prefix(std::string_view prefix, std::int64_t limit) = 0;
  // Visits contacts in insertion order. The visitor must not use the store until the last one
  // (PostgreSQL streams the rows while the visitor runs); the same holds for for_each_audit.
  virtual void for_each_contact(const ContactFilter& filter, const std::function<void(const Contact&)>& visit) = 0;
  // The positions (insertion order) of the contacts that have a search term (search.hpp)
  // starting with one of `prefixes`, sorted, at most `cap` of them (an erased contact has none).
  [[nodiscard]] virtual std::vector<std::int64_t> term_matches(const std::vector<std::string>& prefixes,
                                                               std::int64_t cap) = 0;
  // The contact at `position` (as term_matches gives it).
  [[nodiscard]] virtual std::optional<Contact> find_contact_at(std::int64_t position) = 0;
  // A bulk write (an import) collects the search terms of each bucket of contacts in memory and
  // writes them when the import moves on to the next bucket, and at finish_terms(), in the same
  // transaction: one row per word and bucket instead of one statement per word and contact.
  virtual void defer_terms() = 0;
  virtual void finish_terms() = 0;
  // Forgets what defer_terms() collected and not yet wrote (a dry run, a failed import: the
  // transaction rolls back).
  virtual void discard_terms() noexcept = 0;
  // The property names of the contacts `filter` selects, in order of first appearance.
  [[nodiscard]] virtual std::vector<std::string> property_names(const ContactFilter& filter) = 0;

  // Inserts a request with its steps; returns its new id.
  [[nodiscard]] virtual std::int64_t insert_request(const Request& request) = 0;
  [[nodiscard]] virtual std::optional<Request> find_request(std::int64_t id) = 0;
  // The id of the contact's open (pending or approved) request.
  [[nodiscard]] virtual std::optional<std::int64_t> open_request_for(std::string_view contact_id) = 0;
  // Writes the scalar fields of a request (state, assignee, due date, decision).
  virtual void update_request(const Request& request) = 0;
  virtual void add_approval(std::int64_t request_id, const Approval& approval) = 0;
  virtual void add_comment(std::int64_t request_id, const Comment& comment) = 0;
  // Inserts or replaces one step (keyed by request, system, action).
  virtual void put_step(std::int64_t request_id, const Step& step) = 0;
  // The steps of a request as find_request has them (hold, erase, release; planned order): what a
  // claim checks under the write lock without reloading the whole request.
  [[nodiscard]] virtual std::vector<Step> steps_of(std::int64_t request_id) = 0;
  // Full requests (with approvals, steps, comments), earliest due first.
  [[nodiscard]] virtual std::vector<Request> list_requests(const RequestFilter& filter) = 0;
  // Rewrites the free texts of every request of the contact (reason, decision reason, approval
  // comments, comments) through `scrub`, inside the erasure's write transaction. A server that
  // does this itself when the contact becomes erased may ignore the call.
  virtual void blank_out_texts(std::string_view contact_id, const std::function<std::string(const std::string&)>& scrub) = 0;
  // Ids of requests that have a step not yet done.
  [[nodiscard]] virtual std::vector<std::int64_t> requests_with_unfinished_steps() = 0;

  // The newest audit event.
  [[nodiscard]] virtual std::optional<AuditEvent> audit_head() = 0;
  virtual void append_audit(const AuditEvent& event) = 0;
  virtual void for_each_audit(const AuditFilter& filter, const std::function<void(const AuditEvent&)>& visit) = 0;
  // What weakens the trail's protection without breaking the chain (e.g. its append-only triggers
  // dropped), one sentence each; `audit --verify` shows them as warnings.
  [[nodiscard]] virtual std::vector<std::string> audit_protection_warnings() { return {}; }

  // Who runs linked-system steps: the id a claim on a step records (SQLite: the process id; on a
  // shared server: the server session, which ends when the process dies on whatever machine), and
  // whether the runner of a claim is still alive (a step `running` under a dead one was interrupted).
  [[nodiscard]] virtual std::int64_t runner_id() = 0;
  [[nodiscard]] virtual bool runner_alive(std::int64_t runner) = 0;

  // The worker's wake-up (SPEC §11, `[steps] runner = "worker"`): steps_queued() tells a waiting
  // worker that steps were recorded (on a server a notification, delivered when the caller's
  // transaction commits); wait_for_steps() returns when told, or after `timeout` at the latest.
  // A store that cannot notify (SQLite) lets the worker poll: it sleeps for `timeout`.
  virtual void steps_queued() {}
  virtual void wait_for_steps(std::chrono::milliseconds timeout);

  // Makes the bytes of deleted rows unrecoverable from the database files; false if another
  // process kept it from finishing (it is done again by the next erasure or `retry`).
  virtual bool scrub() = 0;
  // What to tell the user when scrub() returned false: why, and what finishes it.
  [[nodiscard]] virtual std::string scrub_note() const = 0;

  // Where the data lives, for messages.
  [[nodiscard]] virtual std::string location() const = 0;
  // A source that `gdpr migrate` read without locks (an SQLite file opened immutable, so that the
  // migrating user needs no write access to its folder) throws Error(conflict) here when it was
  // written meanwhile; every other store has nothing to check.
  virtual void check_unchanged_since_open() {}

  // Where the requester and reviewer roles live: in the policy's lists (nullopt; SQLite), or in
  // the server's group roles, which it enforces (their members; PostgreSQL).
  [[nodiscard]] virtual std::optional<ServerRoles> server_roles() { return std::nullopt; }
  // The same question without reading the members: does the server keep the roles?
  [[nodiscard]] virtual bool roles_on_server() const { return false; }
  // Makes `role` a member of the server's `group`, or not, in the caller's write transaction;
  // Error(usage) where the roles are the policy's lists.
  virtual void set_server_role(const std::string& role, ServerGroup group, Membership membership);
};

}  // namespace gdpr
