#include "gdpr/config.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "gdpr/connectors/http.hpp"
#include "gdpr/connectors/sql_params.hpp"
#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/holidays.hpp"
#include "gdpr/identity.hpp"
#include "gdpr/local_time.hpp"
#include "gdpr/rules/contacts.hpp"
#include "gdpr/store/pg_store.hpp"

namespace gdpr {

namespace {

namespace fs = std::filesystem;

// Reads one table of the config, checking every key against what the table allows.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string path, std::string prefix, std::set<std::string>* keys_set = nullptr)
      : table_(table), path_(std::move(path)), prefix_(std::move(prefix)), keys_set_(keys_set) {}

  // The table read (its position names a section for an error of no single key).
  [[nodiscard]] const toml::table& table() const { return table_; }

  [[nodiscard]] Error error_at(const toml::node& node, const std::string& key, const std::string& what) const {
    return Error(ErrorKind::config,
                 trf("{}:{}: key '{}' {}", path_, node.source().begin.line, prefix_ + key, what));
  }

  void string(const char* key, std::string& out) {
    if (const auto* node = find(key)) {
      const auto* v = node->as_string();
      if (v == nullptr) throw error_at(*node, key, tr("must be a string"));
      out = v->get();
    }
  }

  void integer(const char* key, int& out, int min, int max) {
    if (const auto* node = find(key)) {
      const auto* v = node->as_integer();
      if (v == nullptr) throw error_at(*node, key, tr("must be an integer"));
      if (v->get() < min || v->get() > max) {
        throw error_at(*node, key, trf("must be between {} and {}, not {}", min, max, v->get()));
      }
      out = static_cast<int>(v->get());
    }
  }

  void boolean(const char* key, bool& out) {
    if (const auto* node = find(key)) {
      const auto* v = node->as_boolean();
      if (v == nullptr) throw error_at(*node, key, tr("must be true or false"));
      out = v->get();
    }
  }

  void dates(const char* key, std::vector<Date>& out) {
    if (const auto* node = find(key)) {
      const auto* arr = node->as_array();
      if (arr == nullptr) throw error_at(*node, key, tr("must be an array of dates, e.g. [\"2026-12-24\"]"));
      out.clear();
      for (const auto& item : *arr) {
        const auto* s = item.as_string();
        if (s == nullptr) throw error_at(item, key, tr("must hold only dates written \"YYYY-MM-DD\""));
        try {
          out.push_back(parse_date(s->get(), prefix_ + key));
        } catch (const Error&) {
          throw error_at(item, key, tr("must hold only dates written \"YYYY-MM-DD\""));
        }
      }
    }
  }

  // An inline table of property = "value" strings, in the file's order.
  void string_table(const char* key, std::vector<std::pair<std::string, std::string>>& out) {
    if (const auto* node = find(key)) {
      const auto* table = node->as_table();
      if (table == nullptr) throw error_at(*node, key, tr("must be a table of strings, e.g. { property = \"value\" }"));
      out.clear();
      for (const auto& [name, value] : *table) {
        const auto* s = value.as_string();
        if (s == nullptr) throw error_at(value, key, tr("must be a table of strings, e.g. { property = \"value\" }"));
        out.emplace_back(std::string(name.str()), s->get());
      }
    }
  }

  // An array of non-empty strings, as written.
  void strings(const char* key, std::vector<std::string>& out) {
    if (const auto* node = find(key)) {
      const auto* arr = node->as_array();
      if (arr == nullptr) throw error_at(*node, key, tr("must be an array of strings, e.g. [\"a1b2c3\"]"));
      out.clear();
      for (const auto& item : *arr) {
        const auto* s = item.as_string();
        if (s == nullptr || s->get().empty()) throw error_at(item, key, tr("must be an array of strings, e.g. [\"a1b2c3\"]"));
        out.push_back(s->get());
      }
    }
  }

  void names(const char* key, std::vector<std::string>& out) {
    if (const auto* node = find(key)) {
      const auto* arr = node->as_array();
      if (arr == nullptr) throw error_at(*node, key, tr("must be an array of names, e.g. [\"alice\", \"bob\"]"));
      out.clear();
      for (const auto& item : *arr) {
        const auto* s = item.as_string();
        if (s == nullptr || !is_valid_actor_name(s->get())) {
          throw error_at(item, key, tr("must hold only non-empty names (strings) without control characters"));
        }
        out.push_back(normalize_actor(s->get()));
      }
    }
  }

  // Throws for the first key that was not read.
  void reject_unknown() const {
    for (const auto& [key, node] : table_) {
      if (!seen_.contains(std::string(key.str()))) {
        throw Error(ErrorKind::config, trf("{}:{}: unknown key '{}{}'; see docs/configuration.md", path_,
                                                   key.source().begin.line, prefix_, key.str()));
      }
    }
  }

  const toml::node* find(const char* key) {
    seen_.insert(key);
    const toml::node* node = table_.get(key);
    if (node != nullptr && keys_set_ != nullptr) keys_set_->insert(prefix_ + key);
    return node;
  }

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::set<std::string>* keys_set() const { return keys_set_; }

 private:
  const toml::table& table_;
  std::string path_;
  std::string prefix_;
  std::set<std::string> seen_;
  std::set<std::string>* keys_set_;
};

void read_section(TableReader& root, const char* name, const std::function<void(TableReader&)>& read) {
  const toml::node* node = root.find(name);
  if (node == nullptr) return;
  const auto* table = node->as_table();
  if (table == nullptr) throw root.error_at(*node, name, trf("must be a table, e.g. [{}]", name));
  TableReader reader(*table, root.path(), std::string(name) + ".", root.keys_set());
  read(reader);
  reader.reject_unknown();
}

unsigned parse_mode(const std::string& text, TableReader& reader, const toml::node& node) {
  if (text.empty() || text.size() > 4 || text.find_first_not_of("01234567") != std::string::npos) {
    throw reader.error_at(node, "file_mode", trf("must be an octal mode such as \"0600\" or \"0660\", not \"{}\"", text));
  }
  const auto mode = static_cast<unsigned>(std::stoul(text, nullptr, 8));
  if ((mode & 0600U) != 0600U || mode > 0666U) {
    throw reader.error_at(node, "file_mode",
                          trf("\"{}\" must give the owner read and write and nobody execute (e.g. \"0600\")", text));
  }
  return mode;
}

// `name` as the kind of the system `system`, or Error(config).
SystemKind parse_system_kind(std::string_view name, const std::string& system) {
  for (const auto kind :
       {SystemKind::command, SystemKind::sqlite, SystemKind::postgresql, SystemKind::hubspot, SystemKind::mailchimp}) {
    if (name == to_string(kind)) return kind;
  }
  throw Error(ErrorKind::config, fmt::format("systems.{}: {}", system,
                                             trf("kind = \"{}\" is not a kind of linked system: \"command\", "
                                                 "\"sqlite\", \"postgresql\", \"hubspot\" or \"mailchimp\"",
                                                 name)));
}

// Which steps a web kind has, in the fields that say so for every kind (the server's rules read them
// from the stored policy): HubSpot's hold and release only when they set something.
void mark_built_in_steps(SystemConfig& system) {
  if (system.kind == SystemKind::mailchimp) {
    system.hold = "mailchimp: unsubscribe";
    system.erase = "mailchimp: delete-permanent";
    system.verify = "mailchimp: get";
  }
  if (system.kind == SystemKind::hubspot) {
    system.hold = system.hold_properties.empty() && !system.unsubscribe_all ? "" : "hubspot: hold";
    system.release = system.release_properties.empty() ? "" : "hubspot: release";
    system.erase = "hubspot: gdpr-delete";
    system.verify = "hubspot: get";
  }
}

void read_systems(TableReader& root, Config& config) {
  const toml::node* node = root.find("systems");
  if (node == nullptr) return;
  const auto* arr = node->as_array();
  if (arr == nullptr) throw root.error_at(*node, "systems", tr("must be an array of tables: write [[systems]]"));
  std::set<std::string> names;
  for (const auto& item : *arr) {
    const auto* table = item.as_table();
    if (table == nullptr) throw root.error_at(item, "systems", tr("must be an array of tables: write [[systems]]"));
    TableReader reader(*table, root.path(), "systems.");
    SystemConfig system;
    reader.string("name", system.name);
    std::string kind = to_string(SystemKind::command);
    reader.string("kind", kind);
    reader.string("database", system.database);
    reader.string("hold", system.hold);
    reader.string("release", system.release);
    reader.string("erase", system.erase);
    reader.string("verify", system.verify);
    reader.string("list", system.list);
    reader.integer("verify_seconds", system.verify_seconds, 0, 3600);
    reader.integer("timeout_seconds", system.timeout_seconds, 1, 86400);
    reader.string("token_file", system.token_file);
    reader.string("base_url", system.base_url);
    reader.string("api_version", system.api_version);
    reader.string("record_id_property", system.record_id_property);
    reader.string_table("hold_properties", system.hold_properties);
    reader.string_table("release_properties", system.release_properties);
    // One order however the file lists them: the stored policy (sorted JSON) compares equal.
    std::ranges::sort(system.hold_properties);
    std::ranges::sort(system.release_properties);
    reader.boolean("unsubscribe_all", system.unsubscribe_all);
    reader.string("api_key_file", system.api_key_file);
    reader.strings("audiences", system.audiences);
    reader.reject_unknown();
    try {
      system.kind = parse_system_kind(kind, system.name);
      check_system(system);
      mark_built_in_steps(system);
    } catch (const Error& e) {
      throw Error(ErrorKind::config, fmt::format("{}:{}: {}", root.path(), item.source().begin.line, e.what()));
    }
    if (system.name.empty() || system.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != std::string::npos) {
      throw reader.error_at(item, "name", tr("must be a non-empty name of letters, digits, '.', '_' or '-'"));
    }
    if (!names.insert(system.name).second) {
      throw reader.error_at(item, "name", trf("'{}' names two systems; system names must be unique", system.name));
    }
    config.systems.push_back(std::move(system));
  }
}

// [[notify]]: on which events whom to tell, by which command.
void read_notify(TableReader& root, Config& config) {
  const toml::node* node = root.find("notify");
  if (node == nullptr) return;
  const auto* arr = node->as_array();
  if (arr == nullptr) throw root.error_at(*node, "notify", tr("must be an array of tables: write [[notify]]"));
  for (const auto& item : *arr) {
    const auto* table = item.as_table();
    if (table == nullptr) throw root.error_at(item, "notify", tr("must be an array of tables: write [[notify]]"));
    TableReader reader(*table, root.path(), "notify.");
    NotifyConfig notify;
    reader.strings("on", notify.on);
    reader.string("command", notify.command);
    reader.integer("timeout_seconds", notify.timeout_seconds, 1, 3600);
    reader.reject_unknown();
    if (notify.command.empty()) throw reader.error_at(item, "command", tr("must name the command to run"));
    if (notify.on.empty()) throw reader.error_at(item, "on", tr("must name at least one event, e.g. [\"request.created\"]"));
    for (const auto& action : notify.on) {
      const auto& known = notify_actions();
      if (std::ranges::find(known, action) == known.end()) {
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        throw reader.error_at(*table->get("on"), "on", trf("names '{}', which is none of: {}", action, list));
      }
    }
    std::ranges::sort(notify.on);  // one order however the file lists them (the stored policy compares)
    config.notify.push_back(std::move(notify));
  }
}

}  // namespace

const char* to_string(SystemKind kind) {
  switch (kind) {
    case SystemKind::command: return "command";
    case SystemKind::sqlite: return "sqlite";
    case SystemKind::postgresql: return "postgresql";
    case SystemKind::hubspot: return "hubspot";
    case SystemKind::mailchimp: return "mailchimp";
  }
  return "command";
}

namespace {

// Whether `system` sets a key of kind "hubspot" (other than base_url, which the web kinds share).
bool has_hubspot_keys(const SystemConfig& system) {
  const SystemConfig defaults;
  return !system.token_file.empty() || system.api_version != defaults.api_version ||
         system.record_id_property != defaults.record_id_property || !system.hold_properties.empty() ||
         !system.release_properties.empty() || system.unsubscribe_all;
}

// Whether `system` sets a key of kind "mailchimp" (other than base_url).
bool has_mailchimp_keys(const SystemConfig& system) { return !system.api_key_file.empty() || !system.audiences.empty(); }

// What every web API kind must not have (statements, a database) and its base URL.
void check_web_system(const SystemConfig& system, const std::string& where) {
  if (!system.base_url.empty() && !connectors::allowed_url(system.base_url)) {
    throw Error(ErrorKind::config, trf("{}: base_url must be https:// (http:// only to the loopback address, for "
                                       "tests)",
                                       where));
  }
  if (!system.hold.empty() || !system.release.empty() || !system.erase.empty() || !system.verify.empty() ||
      !system.list.empty() || !system.database.empty()) {
    throw Error(ErrorKind::config, trf("{}: kind = \"{}\" takes no hold, release, erase, verify, list or database: "
                                       "what it does is built in (docs/linked-systems.md)",
                                       where, to_string(system.kind)));
  }
}

// kind = "mailchimp": an API key file and at least one audience; none of HubSpot's keys.
void check_mailchimp(const SystemConfig& system, const std::string& where) {
  if (system.api_key_file.empty() || !system.api_key_file.starts_with("/")) {
    throw Error(ErrorKind::config, trf("{}: kind = \"mailchimp\" needs api_key_file = the absolute path of the file "
                                       "that holds the API key (never the key itself)",
                                       where));
  }
  if (system.audiences.empty()) {
    throw Error(ErrorKind::config, trf("{}: kind = \"mailchimp\" needs audiences = the list ids the contacts may be "
                                       "in, e.g. [\"a1b2c3d4e5\"]",
                                       where));
  }
  check_web_system(system, where);
  if (has_hubspot_keys(system)) {
    throw Error(ErrorKind::config, trf("{}: token_file, api_version, record_id_property, hold_properties, "
                                       "release_properties and unsubscribe_all belong to kind = \"hubspot\"",
                                       where));
  }
}

// kind = "hubspot": a token file, an allowed base URL, a known API version, no statements.
void check_hubspot(const SystemConfig& system, const std::string& where) {
  if (system.token_file.empty() || !system.token_file.starts_with("/")) {
    throw Error(ErrorKind::config, trf("{}: kind = \"hubspot\" needs token_file = the absolute path of the file "
                                       "that holds the service key or private-app token (never the token itself)",
                                       where));
  }
  check_web_system(system, where);
  if (has_mailchimp_keys(system)) {
    throw Error(ErrorKind::config, trf("{}: api_key_file and audiences belong to kind = \"mailchimp\"", where));
  }
  if (system.api_version != "2026-09" && system.api_version != "v3") {
    throw Error(ErrorKind::config, trf("{}: api_version must be \"2026-09\" or \"v3\"", where));
  }
}

// The statements of an SQL kind: named parameters only, and none in `list`.
void check_statements(const SystemConfig& system, const std::string& where) {
  const auto style =
      system.kind == SystemKind::sqlite ? connectors::Placeholder::question : connectors::Placeholder::dollar;
  for (const auto& [action, statement] : {std::pair{"hold", &system.hold}, std::pair{"release", &system.release},
                                          std::pair{"erase", &system.erase}, std::pair{"verify", &system.verify}}) {
    if (!statement->empty()) (void)connectors::numbered(*statement, style, where + "." + action);
  }
  if (!system.list.empty() && !connectors::numbered(system.list, style, where + ".list").names.empty()) {
    throw Error(ErrorKind::config, trf("{}.list: the statement takes no parameters; it lists every contact as rows of "
                                       "(record id, e-mail)",
                                       where));
  }
}

}  // namespace

void check_system(const SystemConfig& system) {
  const std::string where = "systems." + system.name;
  if (system.kind == SystemKind::hubspot) {
    check_hubspot(system, where);
    return;
  }
  if (system.kind == SystemKind::mailchimp) {
    check_mailchimp(system, where);
    return;
  }
  if (!system.base_url.empty() || has_hubspot_keys(system) || has_mailchimp_keys(system)) {
    throw Error(ErrorKind::config, trf("{}: token_file, base_url, api_version, record_id_property, hold_properties, "
                                       "release_properties, unsubscribe_all, api_key_file and audiences belong to "
                                       "kind = \"hubspot\" or \"mailchimp\"",
                                       where));
  }
  if (!system.verify.empty() && system.erase.empty()) {
    throw Error(ErrorKind::config, trf("{}: verify proves an erase, and this system has no erase: give it erase = ..., "
                                       "or leave verify out",
                                       where));
  }
  if (system.kind == SystemKind::command) {
    if (!system.database.empty()) {
      throw Error(ErrorKind::config, trf("{}: database belongs to kind = \"sqlite\" or \"postgresql\"", where));
    }
    if (!system.list.empty()) {
      throw Error(ErrorKind::config, trf("{}: list belongs to kind = \"sqlite\" or \"postgresql\" (`gdpr watch` asks "
                                         "the other kinds through their APIs)",
                                         where));
    }
    return;
  }
  if (system.database.empty()) {
    throw Error(ErrorKind::config, trf("{}: kind = \"{}\" needs database = the {}", where, to_string(system.kind),
                                       system.kind == SystemKind::sqlite ? tr("absolute path of the SQLite file")
                                                                         : tr("postgresql:// URI")));
  }
  if (system.kind == SystemKind::sqlite && !system.database.starts_with("/")) {
    throw Error(ErrorKind::config, trf("{}: database must be an absolute path (it is opened by whoever runs the "
                                       "step, from wherever they are)",
                                       where));
  }
  if (system.kind == SystemKind::postgresql) {
    if (!is_postgresql_uri(system.database)) {
      throw Error(ErrorKind::config, trf("{}: database must be a postgresql:// URI", where));
    }
    if (redact_uri(system.database) != system.database) {
      throw Error(ErrorKind::config,
                  trf("{}: the database URI holds a password, and the policy is no place for secrets: leave it "
                      "out and give it to the OS user who runs the steps in ~/.pgpass (or use peer or "
                      "certificate authentication)",
                      where));
    }
  }
  check_statements(system, where);
}

void check_verification(const Config& config) {
  if (!config.require_verification) return;
  for (const auto& system : config.systems) {
    if (!system.erase.empty() && system.verify.empty()) {
      throw Error(ErrorKind::config, trf("{}: erasure.require_verification = true, but systems.{} has no probe: give it "
                                         "verify = the command or statement that shows whether the contact is gone "
                                         "(docs/linked-systems.md), or leave require_verification out",
                                         config.source, system.name));
    }
  }
}

EnvLookup process_env() {
  return [](const char* name) -> std::optional<std::string> {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): gdpr never changes its environment while threads run
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
  };
}

std::optional<std::string> locate_config(const std::optional<std::string>& explicit_path, const EnvLookup& env) {
  auto must_exist = [](const std::string& path, const char* from) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      throw Error(ErrorKind::config, trf("config file {} (from {}) does not exist", path, from));
    }
    return path;
  };
  if (explicit_path && !explicit_path->empty()) return must_exist(*explicit_path, "--config");
  if (auto path = env("GDPR_CONFIG")) return must_exist(*path, "$GDPR_CONFIG");
  std::vector<std::string> candidates;
  if (auto xdg = env("XDG_CONFIG_HOME")) {
    candidates.push_back(*xdg + "/gdpr/config.toml");
  } else if (auto home = env("HOME")) {
    candidates.push_back(*home + "/.config/gdpr/config.toml");
  }
  candidates.emplace_back("/etc/gdpr/config.toml");
  for (const auto& path : candidates) {
    std::error_code ec;
    if (fs::exists(path, ec)) return path;
  }
  return std::nullopt;
}

const std::vector<std::string>& notify_actions() {
  static const std::vector<std::string> k = {"request.created",  "request.commented", "request.assigned",
                                             "request.extended", "request.approved",  "request.rejected",
                                             "request.withdrawn", "request.erased",   "step.failed"};
  return k;
}

const char* to_string(StepRunner runner) { return runner == StepRunner::worker ? "worker" : "inline"; }

namespace {

// The keys at the top of the file, before any section.
void read_top_level(TableReader& root, Config& config) {
  root.string("database", config.database);
  if (const auto* node = root.find("file_mode")) {
    const auto* v = node->as_string();
    if (v == nullptr) throw root.error_at(*node, "file_mode", tr("must be a string such as \"0600\""));
    config.file_mode = parse_mode(v->get(), root, *node);
  }
  root.string("organization", config.organization);
  root.string("language", config.language);
  if (!config.language.empty() && config.language != "de" && config.language != "en") {
    throw root.error_at(*root.find("language"), "language", tr("must be \"de\", \"en\" or \"\" (from the locale)"));
  }
  root.string("timezone", config.timezone);
  if (const auto* node = root.find("timezone")) {
    try {
      check_time_zone(config.timezone, "timezone");
    } catch (const Error&) {
      throw root.error_at(*node, "timezone", tr("must name an IANA time zone such as \"Europe/Vienna\" (empty: the "
                                                "machine's)"));
    }
  }
  root.integer("busy_timeout_seconds", config.busy_timeout_seconds, 0, 3600);
}

// [steps]: who runs the linked systems' steps, and how long a command waits for the worker.
void read_steps(TableReader& t, Config& config) {
  std::string runner = to_string(config.runner);
  t.string("runner", runner);
  if (runner == to_string(StepRunner::worker)) {
    config.runner = StepRunner::worker;
  } else if (runner == to_string(StepRunner::in_command)) {
    config.runner = StepRunner::in_command;
  } else {
    throw t.error_at(*t.find("runner"), "runner", trf("must be \"inline\" or \"worker\", not \"{}\"", runner));
  }
  t.integer("wait_seconds", config.wait_seconds, 0, 3600);
}

// [review]: who gets new requests, the deadline and its calendar (SPEC §10), the sheet rule.
void read_review(TableReader& t, Config& config) {
  t.string("assignee", config.assignee);
  config.assignee = normalize_actor(config.assignee);
  t.integer("deadline_months", config.deadline_months, 1, 12);
  t.string("holidays", config.holidays);
  if (const auto* node = t.find("holidays")) {
    const auto& regions = holiday_regions();
    if (std::ranges::find(regions, config.holidays) == regions.end()) {
      std::string list;
      for (const auto r : regions) list += (list.empty() ? "" : ", ") + std::string(r);
      throw t.error_at(*node, "holidays", trf("must be one of {}, not \"{}\"", list, config.holidays));
    }
  }
  t.dates("extra_holidays", config.extra_holidays);
  t.boolean("require_sheet", config.require_sheet);
  t.integer("warn_days", config.warn_days, 0, 365);
}

}  // namespace

Config parse_config(std::string_view text, const std::string& path) {
  toml::table root_table;
  try {
    root_table = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw Error(ErrorKind::config,
                trf("{}:{}: {}", path, e.source().begin.line, e.description()));
  }
  Config config;
  config.source = path;
  TableReader root(root_table, path, "", &config.keys_set);
  read_top_level(root, config);
  read_section(root, "identity", [&](TableReader& t) { t.boolean("allow_override", config.allow_override); });
  read_section(root, "roles", [&](TableReader& t) {
    t.names("reviewers", config.reviewers);
    t.names("requesters", config.requesters);
    t.names("admins", config.admins);
    t.names("workers", config.workers);
    t.integer("approvals_required", config.approvals_required, 1, 5);
  });
  read_section(root, "review", [&](TableReader& t) { read_review(t, config); });
  read_section(root, "steps", [&](TableReader& t) { read_steps(t, config); });
  read_section(root, "reason", [&](TableReader& t) {
    t.integer("min_length", config.reason_min_length, 1, 100000);
    t.integer("max_length", config.reason_max_length, 1, 100000);
    if (config.reason_min_length > config.reason_max_length) {
      const toml::node* at = t.find("min_length");
      if (at == nullptr) at = t.find("max_length");
      if (at == nullptr) at = &t.table();
      throw t.error_at(*at, "min_length",
                       trf("({}) must not be larger than reason.max_length ({})", config.reason_min_length,
                                   config.reason_max_length));
    }
  });
  read_section(root, "sheet", [&](TableReader& t) { t.boolean("show_empty", config.sheet_show_empty); });
  read_section(root, "contacts", [&](TableReader& t) { t.string("email_property", config.email_property); });
  read_section(root, "import", [&](TableReader& t) {
    t.string("id_column", config.import_id_column);
    if (config.import_id_column.empty()) throw t.error_at(*t.find("id_column"), "id_column", tr("must name a column"));
    t.string_table("columns", config.import_columns);
    std::ranges::sort(config.import_columns);  // one order however the file lists them (the stored policy compares)
    for (const auto& [header, property] : config.import_columns) {
      try {
        (void)rules::check_property_name(property);
      } catch (const Error& e) {
        throw t.error_at(*t.find("columns"), "columns", trf("maps '{}' to a name that is no property name: {}", header, e.what()));
      }
    }
  });
  read_section(root, "letters", [&](TableReader& t) {
    t.string("authority", config.letters_authority);
    t.string("sender", config.letters_sender);
  });
  read_section(root, "erasure", [&](TableReader& t) { t.boolean("require_verification", config.require_verification); });
  read_systems(root, config);
  read_notify(root, config);
  root.reject_unknown();
  check_verification(config);
  return config;
}

Config load_config_file(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    throw Error(ErrorKind::config, trf("config file {} is a directory; name a TOML file", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::config, trf("config file {} cannot be read (check its permissions)", path));
  // A config is a few hundred bytes; reading at most one block past the limit keeps a wrong path
  // (a log file, a disk image, /dev/zero) from filling memory. Read a block at a time: a buffer of
  // the limit's size, zeroed on every start, was a quarter of a short command's instructions.
  std::string text;
  std::array<char, 4096> block{};
  while (in.read(block.data(), block.size()) || in.gcount() > 0) {
    text.append(block.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > k_max_config_bytes) {
      throw Error(ErrorKind::config,
                  trf("config file {} is larger than {} KiB; is it the right file?", path, k_max_config_bytes / 1024));
    }
  }
  if (in.bad()) throw Error(ErrorKind::config, trf("config file {} cannot be read (check its permissions)", path));
  return parse_config(text, path);
}

std::string resolve_database_path(const std::optional<std::string>& explicit_path, const EnvLookup& env,
                                  const Config& config) {
  if (explicit_path && !explicit_path->empty()) return *explicit_path;
  if (auto path = env("GDPR_DB")) return *path;
  if (!config.database.empty()) return config.database;
  if (auto xdg = env("XDG_DATA_HOME")) return *xdg + "/gdpr/gdpr.db";
  if (auto home = env("HOME")) return *home + "/.local/share/gdpr/gdpr.db";
  throw Error(ErrorKind::config, tr("no database path: pass --db PATH or set $GDPR_DB (neither $XDG_DATA_HOME nor $HOME is set)"));
}

}  // namespace gdpr
