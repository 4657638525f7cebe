// The TOML configuration of SPEC §2: a typed struct with the defaults in its
// member initialisers, a loader that rejects unknown keys and wrong types with
// `file:line: key ...`, and the lookup order of config and database paths.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gdpr/dates.hpp"

namespace gdpr {

// What a linked system is (SPEC §11): shell commands (§5), or a database that gdpr reaches itself
// with one parameterized statement per action.
enum class SystemKind { command, sqlite, postgresql, hubspot, mailchimp };

// "command", "sqlite", "postgresql", "hubspot", "mailchimp".
[[nodiscard]] const char* to_string(SystemKind kind);

// Who runs the linked-system steps (SPEC §11, policy `[steps] runner`): the command that records
// them, or `gdpr worker` alone, the one process that holds the systems' credentials.
enum class StepRunner { in_command, worker };

// "inline", "worker".
[[nodiscard]] const char* to_string(StepRunner runner);

// One linked system (SPEC §2 [[systems]]); an empty command (or statement) means no step for
// that action. For the SQL kinds `database` names the database and hold, release and erase are
// statements with the named parameters :id, :email and :request_id.
struct SystemConfig {
  std::string name;
  SystemKind kind = SystemKind::command;
  std::string database;
  std::string hold;
  std::string release;
  std::string erase;
  // The probe after an erase (SPEC §13): a command (exit 0 gone, 1 still there) or a statement
  // returning one integer (0 gone); the web kinds have theirs built in (a marker, as for erase).
  std::string verify;
  // kind = "sqlite" / "postgresql": the statement `gdpr watch` lists the contacts by, rows of
  // (record id, e-mail).
  std::string list;
  int verify_seconds = 10;  // how long a system that still shows the contact is asked again
  int timeout_seconds = 60;
  // kind = "hubspot" (SPEC §11): the token's file (never the token), the API, and what hold and
  // release set; hold/release/erase are not used.
  std::string token_file;
  std::string base_url;  // empty: the kind's own (https://api.hubapi.com; Mailchimp's from the key)
  std::string api_version = "2026-09";
  std::string record_id_property = "hs_object_id";
  std::vector<std::pair<std::string, std::string>> hold_properties;
  std::vector<std::pair<std::string, std::string>> release_properties;
  bool unsubscribe_all = false;
  // kind = "mailchimp": the API key's file and the audiences (list ids) the contact is in.
  std::string api_key_file;
  std::vector<std::string> audiences;
};

// Error(config) naming `systems.NAME` when the kind's keys do not fit: a database for a command
// system, none (or a relative path, a URI with a password) for a SQL one, a statement with a
// parameter other than :id, :email, :request_id.
void check_system(const SystemConfig& system);


// A notification (SPEC §12, policy `[[notify]]`): the audit actions it is on, and the command run
// for each such event like a hook (`/bin/sh -c`; the event as JSON on stdin: ids, actors, states,
// due date, never a property value; $GDPR_NOTIFY_TO: the login of the person to tell).
struct NotifyConfig {
  std::vector<std::string> on;
  std::string command;
  int timeout_seconds = 30;
};

// The audit actions a notification can be on: the ones that concern a request's people.
[[nodiscard]] const std::vector<std::string>& notify_actions();

// The supervisory authority named in a refusal letter unless the policy says otherwise (Art. 12(4)).
inline constexpr const char* k_default_authority =
    "Österreichische Datenschutzbehörde\nBarichgasse 40-42\n1030 Wien\nE-Mail: dsb@dsb.gv.at";

// Every configuration key with its default.
struct Config {
  std::string source = "built-in defaults";  // where it came from, for messages
  std::string database;
  unsigned file_mode = 0600;
  std::string organization;
  std::string language;
  std::string timezone;                   // IANA name: "today" and local times; empty: the machine's
  int busy_timeout_seconds = 5;
  bool allow_override = false;            // identity.allow_override
  std::vector<std::string> reviewers;     // roles.reviewers, normalized
  std::vector<std::string> requesters;    // roles.requesters, normalized
  std::vector<std::string> admins;        // roles.admins, normalized: may change the policy
  std::vector<std::string> workers;       // roles.workers, normalized: may run `gdpr worker`
  int approvals_required = 1;             // roles.approvals_required
  std::string assignee;                   // review.assignee, normalized
  int deadline_months = 1;                // review.deadline_months
  std::string holidays = "AT";            // review.holidays: the public holidays a deadline skips
  std::vector<Date> extra_holidays;       // review.extra_holidays: further official holidays
  bool require_sheet = false;             // review.require_sheet: approve only after print-sheet
  bool require_verification = false;      // erasure.require_verification: every system has a probe
  int warn_days = 7;                      // review.warn_days
  int reason_min_length = 10;             // reason.min_length
  int reason_max_length = 2000;           // reason.max_length
  bool sheet_show_empty = false;          // sheet.show_empty
  std::string email_property = "email";   // contacts.email_property
  std::string import_id_column = "id";    // import.id_column: the CSV column with the contact id
  // import.columns: a CSV header (matched as property names are) -> the property it fills, so
  // that exports in two languages land in one set of properties (SPEC §12).
  std::vector<std::pair<std::string, std::string>> import_columns;
  std::string letters_authority = k_default_authority;  // letters.authority: where to complain
  std::string letters_sender;             // letters.sender: the controller's postal address
  StepRunner runner = StepRunner::in_command;  // steps.runner
  int wait_seconds = 60;                  // steps.wait_seconds: how long commands wait for the worker
  std::vector<SystemConfig> systems;
  std::vector<NotifyConfig> notify;       // [[notify]]
  // The dotted keys the file set ("roles.reviewers", "systems", ...): only those can disagree
  // with the database's policy (SPEC §2).
  std::set<std::string> keys_set;
};
// Error(config) naming `config.source` and the system when erasure.require_verification is set
// and a system that erases has no probe (SPEC §13).
void check_verification(const Config& config);

// Looks up an environment variable; empty values count as unset.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

// The process environment as an EnvLookup.
[[nodiscard]] EnvLookup process_env();

// The config file to use: `explicit_path` (--config), $GDPR_CONFIG, then the first existing of
// $XDG_CONFIG_HOME/gdpr/config.toml and /etc/gdpr/config.toml; nullopt means built-in defaults.
// A file named by --config or $GDPR_CONFIG must exist (Error config otherwise).
[[nodiscard]] std::optional<std::string> locate_config(const std::optional<std::string>& explicit_path,
                                                       const EnvLookup& env);

// Config files larger than this are refused unread.
inline constexpr std::size_t k_max_config_bytes = std::size_t{1024} * 1024;

// Parses a config file; throws Error(config) with `path:line: ...` on any problem.
[[nodiscard]] Config load_config_file(const std::string& path);

// Parses config text (for tests); `path` is used in messages.
[[nodiscard]] Config parse_config(std::string_view text, const std::string& path);

// The database path: `explicit_path` (--db), $GDPR_DB, `database` in the config, then
// $XDG_DATA_HOME/gdpr/gdpr.db (or ~/.local/share/gdpr/gdpr.db).
[[nodiscard]] std::string resolve_database_path(const std::optional<std::string>& explicit_path, const EnvLookup& env,
                                                const Config& config);

}  // namespace gdpr
