// The PostgreSQL store: the same Store on a shared server, for a team on several machines. The
// workflow's statements are store/sql_store.cpp's; this file is libpq's connection under them and
// what only a server has: its roles, its rules, the copy of `gdpr migrate`.
// The schema lives in the schema `gdpr` of the database the URI names. There the server itself
// enforces the workflow's core rules (four-eyes, reason, state transitions, append-only audit
// chain, who may act as whom) with privileges and triggers, so that no client — not this one,
// not psql under a team member's own role — can bypass them. docs/postgresql.md has the model.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gdpr/store/sql_store.hpp"

struct pg_conn;

namespace gdpr {

// True if `location` names a PostgreSQL database (a postgresql:// or postgres:// URI).
[[nodiscard]] bool is_postgresql_uri(std::string_view location);

// The URI without its password, for messages.
[[nodiscard]] std::string redact_uri(std::string_view uri);

// Rules the server keeps in gdpr.meta and enforces; they override the client's config there.
struct ServerRules {
  int approvals_required = 1;
  int reason_min_length = 1;
};

class PgStore final : public store::SqlStore {
 public:
  static constexpr int k_schema_version = 9;

  // Creates the schema, the two group roles and their privileges (the connecting role becomes
  // the owner); `rules` go into gdpr.meta. An older schema is upgraded (by the owner only).
  static std::unique_ptr<PgStore> init(const std::string& uri, int busy_timeout_seconds, const ServerRules& rules,
                                       InitOutcome& outcome);
  // Connects to an initialised database; Error(config) if unreachable or not initialised.
  static std::unique_ptr<PgStore> open(const std::string& uri, int busy_timeout_seconds);

  ~PgStore() override;
  PgStore(const PgStore&) = delete;
  PgStore& operator=(const PgStore&) = delete;

  [[nodiscard]] std::unique_ptr<Transaction> begin_write() override;
  [[nodiscard]] std::unique_ptr<Transaction> begin_read() override;
  [[nodiscard]] std::string secret() override;
  [[nodiscard]] std::string email_fingerprint(std::string_view normalized_email) override;
  // The policy, and the two rules of it that the server's triggers read (gdpr.meta).
  void put_policy(std::string_view text) override;
  // Nothing to do: the server blanks the texts out itself when the contact becomes erased
  // (gdpr.check_contact_update), so that no client can skip it.
  void blank_out_texts(std::string_view contact_id, const std::function<std::string(const std::string&)>& scrub) override;
  [[nodiscard]] std::int64_t runner_id() override;
  [[nodiscard]] bool runner_alive(std::int64_t runner) override;
  // NOTIFY gdpr_steps; the worker LISTENs (on its first wait) and sleeps on the socket.
  void steps_queued() override;
  void wait_for_steps(std::chrono::milliseconds timeout) override;
  // VACUUM FULL of the tables with free texts (their files are rewritten without the dead row
  // versions); only the owner of the tables may, so for anyone else this is false until the
  // owner's `retry`.
  bool scrub() override;
  [[nodiscard]] std::string scrub_note() const override;
  [[nodiscard]] std::string location() const override { return location_; }

  // The authenticated role: the actor on this backend.
  [[nodiscard]] std::string session_user();
  // The rules kept in gdpr.meta.
  [[nodiscard]] ServerRules rules();
  // Who is in the two group roles.
  [[nodiscard]] std::optional<ServerRoles> server_roles() override;
  [[nodiscard]] bool roles_on_server() const override { return true; }
  // Makes `role` (an existing login role) a member of the requesters or reviewers group, or not.
  void set_server_role(const std::string& role, ServerGroup group, Membership membership) override;
  // True if the connecting role owns the gdpr tables.
  [[nodiscard]] bool is_owner();

  // For `gdpr migrate`: true if no contact, request or audit event is stored yet.
  [[nodiscard]] bool is_empty();
  // For `gdpr migrate`, inside one write transaction: copies a request as it is (its id, state,
  // decision, approvals, comments, steps), the secret, and lets the copied history pass the
  // triggers that check the acting role (they are switched off for this transaction only).
  void begin_copy();
  void copy_request(const Request& request);
  void set_secret(const std::string& secret);
  void end_copy();

  // The connection (defined in pg_store.cpp).
  class Conn;

 protected:
  [[nodiscard]] store::Connection& connection() override;

 private:
  PgStore(std::string location, pg_conn* conn, int busy_timeout_seconds);
  // Connects and sets the session (lock timeout, encoding, search path).
  static std::unique_ptr<PgStore> connect_configured(const std::string& uri, int busy_timeout_seconds);
  // Error unless the gdpr schema is there, usable by this role, and not newer than this build.
  void check_schema();
  std::unique_ptr<Conn> conn_;
  std::string location_;
  std::int64_t backend_pid_ = 0;
  bool listening_ = false;
};

}  // namespace gdpr
