#include "gdpr/policy.hpp"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "gdpr/crypto.hpp"
#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/identity.hpp"

namespace gdpr::policy {

namespace {

std::vector<std::string> sorted_names(std::vector<std::string> names) {
  std::ranges::sort(names);
  // NOLINTNEXTLINE(modernize-use-ranges): clang 14 cannot compile libstdc++ 12 subranges (the fuzz build)
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

// The value of dotted `key` in a to_json() document.
const nlohmann::ordered_json& value_at(const nlohmann::ordered_json& doc, const std::string& key) {
  const auto dot = key.find('.');
  if (dot == std::string::npos) return doc.at(key);
  return doc.at(key.substr(0, dot)).at(key.substr(dot + 1));
}

template <typename T>
void get(const nlohmann::json& doc, const char* section, const char* key, T& out) {
  const nlohmann::json& s = section == nullptr ? doc : doc.at(section);
  if (s.contains(key)) out = s.at(key).get<T>();
}

// Dates as the policy stores them: sorted, each once, YYYY-MM-DD.
std::vector<std::string> date_texts(std::vector<Date> dates) {
  std::ranges::sort(dates);
  // NOLINTNEXTLINE(modernize-use-ranges): clang 14 cannot compile libstdc++ 12 subranges (the fuzz build)
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
  std::vector<std::string> out;
  out.reserve(dates.size());
  for (const auto& d : dates) out.push_back(format_date(d));
  return out;
}

}  // namespace

const std::vector<std::string>& keys() {
  static const std::vector<std::string> k = {
      "organization",        "identity.allow_override", "roles.admins",           "roles.reviewers",
      "roles.requesters",    "roles.approvals_required", "review.assignee",       "review.deadline_months",
      "reason.min_length",   "reason.max_length",       "contacts.email_property", "systems",
      "timezone",            "review.holidays",         "review.extra_holidays", "review.require_sheet",
      "letters.authority",   "letters.sender",          "roles.workers",         "steps.runner",
      "steps.wait_seconds",  "notify",                  "import.id_column",      "import.columns",
      "erasure.require_verification"};
  return k;
}

namespace {

// One linked system as the stored policy keeps it.
nlohmann::ordered_json system_json(const SystemConfig& s) {
  nlohmann::ordered_json system = {{"name", s.name},
                                   {"hold", s.hold},
                                   {"release", s.release},
                                   {"erase", s.erase},
                                   {"timeout_seconds", s.timeout_seconds}};
  // The keys of the proof of erasure only where set: a policy stored before them keeps its form
  // (and its hash). The server's rules read `verify` as they read `erase`.
  if (!s.verify.empty()) system["verify"] = s.verify;
  if (!s.list.empty()) system["list"] = s.list;
  if (s.verify_seconds != SystemConfig{}.verify_seconds) system["verify_seconds"] = s.verify_seconds;
  // A command system keeps the form policies stored before the kinds had (issue 18).
  if (s.kind != SystemKind::command) {
    system["kind"] = to_string(s.kind);
    system["database"] = s.database;
  }
  if (s.kind == SystemKind::hubspot) {
    auto table = [](const std::vector<std::pair<std::string, std::string>>& pairs) {
      nlohmann::ordered_json t = nlohmann::ordered_json::object();
      for (const auto& [k, v] : pairs) t[k] = v;
      return t;
    };
    system["token_file"] = s.token_file;
    system["base_url"] = s.base_url;
    system["api_version"] = s.api_version;
    system["record_id_property"] = s.record_id_property;
    system["hold_properties"] = table(s.hold_properties);
    system["release_properties"] = table(s.release_properties);
    system["unsubscribe_all"] = s.unsubscribe_all;
  }
  if (s.kind == SystemKind::mailchimp) {
    system["api_key_file"] = s.api_key_file;
    system["base_url"] = s.base_url;
    system["audiences"] = s.audiences;
  }
  return system;
}

}  // namespace

nlohmann::ordered_json to_json(const Config& c) {
  nlohmann::ordered_json columns = nlohmann::ordered_json::object();
  for (const auto& [header, property] : c.import_columns) columns[header] = property;
  nlohmann::ordered_json notify = nlohmann::ordered_json::array();
  for (const auto& n : c.notify) {
    notify.push_back({{"on", n.on}, {"command", n.command}, {"timeout_seconds", n.timeout_seconds}});
  }
  nlohmann::ordered_json systems = nlohmann::ordered_json::array();
  for (const auto& s : c.systems) systems.push_back(system_json(s));
  return {{"organization", c.organization},
          {"identity", {{"allow_override", c.allow_override}}},
          {"roles",
           {{"admins", sorted_names(c.admins)},
            {"reviewers", sorted_names(c.reviewers)},
            {"requesters", sorted_names(c.requesters)},
            {"workers", sorted_names(c.workers)},
            {"approvals_required", c.approvals_required}}},
          {"review",
           {{"assignee", c.assignee},
            {"deadline_months", c.deadline_months},
            {"holidays", c.holidays},
            {"extra_holidays", date_texts(c.extra_holidays)},
            {"require_sheet", c.require_sheet}}},
          {"reason", {{"min_length", c.reason_min_length}, {"max_length", c.reason_max_length}}},
          {"contacts", {{"email_property", c.email_property}}},
          {"timezone", c.timezone},
          {"letters", {{"authority", c.letters_authority}, {"sender", c.letters_sender}}},
          {"steps", {{"runner", to_string(c.runner)}, {"wait_seconds", c.wait_seconds}}},
          {"notify", notify},
          {"import", {{"id_column", c.import_id_column}, {"columns", columns}}},
          {"erasure", {{"require_verification", c.require_verification}}},
          {"systems", systems}};
}

std::string to_text(const Config& config) {
  // nlohmann::json keeps its object keys sorted: the stored form does not depend on this
  // program's field order.
  return nlohmann::json(to_json(config)).dump();
}

std::string hash(std::string_view text) { return crypto::sha256_hex(text); }

namespace {

// One linked system of the stored policy (a command system stored before the kinds has no kind).
SystemConfig load_system(const nlohmann::json& s, std::string_view where) {
  SystemConfig system;
  system.name = s.at("name").get<std::string>();
  system.hold = s.at("hold").get<std::string>();
  system.release = s.at("release").get<std::string>();
  system.erase = s.at("erase").get<std::string>();
  system.timeout_seconds = s.at("timeout_seconds").get<int>();
  system.verify = s.value("verify", "");
  system.list = s.value("list", "");
  system.verify_seconds = s.value("verify_seconds", SystemConfig{}.verify_seconds);
  if (s.contains("kind")) {
    const auto kind = s.at("kind").get<std::string>();
    if (kind == to_string(SystemKind::sqlite)) system.kind = SystemKind::sqlite;
    else if (kind == to_string(SystemKind::postgresql)) system.kind = SystemKind::postgresql;
    else if (kind == to_string(SystemKind::hubspot)) system.kind = SystemKind::hubspot;
    else if (kind == to_string(SystemKind::mailchimp)) system.kind = SystemKind::mailchimp;
    else throw Error(ErrorKind::config, trf("the policy stored in {} names a linked system of an unknown kind "
                                            "\"{}\" (written by a newer gdpr?)",
                                            where, kind));
    system.database = s.at("database").get<std::string>();
  }
  if (system.kind == SystemKind::hubspot) {
    system.token_file = s.at("token_file").get<std::string>();
    system.base_url = s.at("base_url").get<std::string>();
    system.api_version = s.at("api_version").get<std::string>();
    system.record_id_property = s.at("record_id_property").get<std::string>();
    for (const auto& [k, v] : s.at("hold_properties").items()) system.hold_properties.emplace_back(k, v.get<std::string>());
    for (const auto& [k, v] : s.at("release_properties").items()) {
      system.release_properties.emplace_back(k, v.get<std::string>());
    }
    system.unsubscribe_all = s.at("unsubscribe_all").get<bool>();
    system.verify = "hubspot: get";  // built in, also for a policy stored before the probes
  }
  if (system.kind == SystemKind::mailchimp) {
    system.verify = "mailchimp: get";
    system.api_key_file = s.at("api_key_file").get<std::string>();
    system.base_url = s.at("base_url").get<std::string>();
    system.audiences = s.at("audiences").get<std::vector<std::string>>();
  }
  return system;
}

}  // namespace

namespace {

// The keys of issues 18 and 19 (the worker, notifications, the import map): their defaults in a
// policy stored before them, never the value of whoever's file is in force.
void load_since_issue_18(const nlohmann::json& doc, Config& into) {
  const Config defaults;
  into.workers = defaults.workers;
  get(doc, "roles", "workers", into.workers);
  into.runner = defaults.runner;
  into.wait_seconds = defaults.wait_seconds;
  if (doc.contains("steps")) {
    into.runner = doc.at("steps").at("runner").get<std::string>() == to_string(StepRunner::worker) ? StepRunner::worker
                                                                                                 : StepRunner::in_command;
    get(doc, "steps", "wait_seconds", into.wait_seconds);
  }
  into.notify.clear();
  if (doc.contains("notify")) {
    for (const auto& n : doc.at("notify")) {
      NotifyConfig notify;
      notify.on = n.at("on").get<std::vector<std::string>>();
      notify.command = n.at("command").get<std::string>();
      notify.timeout_seconds = n.at("timeout_seconds").get<int>();
      into.notify.push_back(std::move(notify));
    }
  }
  into.import_id_column = defaults.import_id_column;
  into.import_columns.clear();
  if (doc.contains("import")) {
    get(doc, "import", "id_column", into.import_id_column);
    for (const auto& [header, property] : doc.at("import").at("columns").items()) {
      into.import_columns.emplace_back(header, property.get<std::string>());
    }
  }
}

}  // namespace

void load(std::string_view text, Config& into, std::string_view where) {
  try {
    const nlohmann::json doc = nlohmann::json::parse(text);
    // A key the stored policy does not have yet (a database older than the key) has its default,
    // never the value of whoever's file is in force.
    const Config defaults;
    into.timezone = defaults.timezone;
    into.holidays = defaults.holidays;
    into.extra_holidays = defaults.extra_holidays;
    into.require_sheet = defaults.require_sheet;
    into.require_verification = doc.contains("erasure") && doc.at("erasure").value("require_verification", false);
    into.letters_authority = defaults.letters_authority;
    into.letters_sender = defaults.letters_sender;
    load_since_issue_18(doc, into);
    get(doc, nullptr, "organization", into.organization);
    get(doc, "identity", "allow_override", into.allow_override);
    get(doc, "roles", "admins", into.admins);
    get(doc, "roles", "reviewers", into.reviewers);
    get(doc, "roles", "requesters", into.requesters);
    get(doc, "roles", "approvals_required", into.approvals_required);
    get(doc, "review", "assignee", into.assignee);
    get(doc, "review", "deadline_months", into.deadline_months);
    get(doc, "review", "holidays", into.holidays);
    get(doc, "review", "require_sheet", into.require_sheet);
    get(doc, nullptr, "timezone", into.timezone);
    if (doc.contains("letters")) {
      get(doc, "letters", "authority", into.letters_authority);
      get(doc, "letters", "sender", into.letters_sender);
    }
    if (doc.at("review").contains("extra_holidays")) {
      into.extra_holidays.clear();
      for (const auto& d : doc.at("review").at("extra_holidays")) {
        into.extra_holidays.push_back(parse_date(d.get<std::string>(), "review.extra_holidays"));
      }
    }
    get(doc, "reason", "min_length", into.reason_min_length);
    get(doc, "reason", "max_length", into.reason_max_length);
    get(doc, "contacts", "email_property", into.email_property);
    into.systems.clear();
    for (const auto& s : doc.at("systems")) into.systems.push_back(load_system(s, where));
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorKind::config, trf("the policy stored in {} cannot be read ({}); restore the database from a "
                                       "backup",
                                       where, e.what()));
  }
}

namespace {

// One linked system as `policy apply` takes it back (a built-in kind's step markers left out).
toml::table system_toml(const SystemConfig& s) {
  toml::table system{{"name", s.name},
                     {"hold", s.hold},
                     {"release", s.release},
                     {"erase", s.erase},
                     {"timeout_seconds", s.timeout_seconds}};
  if (!s.verify.empty()) system.insert("verify", s.verify);
  if (!s.list.empty()) system.insert("list", s.list);
  if (s.verify_seconds != SystemConfig{}.verify_seconds) system.insert("verify_seconds", s.verify_seconds);
  if (s.kind != SystemKind::command) {
    system.insert("kind", to_string(s.kind));
    if (s.kind == SystemKind::sqlite || s.kind == SystemKind::postgresql) system.insert("database", s.database);
  }
  if (s.kind == SystemKind::hubspot) {
    auto table = [](const std::vector<std::pair<std::string, std::string>>& pairs) {
      toml::table t;
      for (const auto& [k, v] : pairs) t.insert(k, v);
      return t;
    };
    system.erase("hold");
    system.erase("release");
    system.erase("erase");
    system.erase("verify");
    system.insert("token_file", s.token_file);
    system.insert("base_url", s.base_url);
    system.insert("api_version", s.api_version);
    system.insert("record_id_property", s.record_id_property);
    system.insert("hold_properties", table(s.hold_properties));
    system.insert("release_properties", table(s.release_properties));
    system.insert("unsubscribe_all", s.unsubscribe_all);
  }
  if (s.kind == SystemKind::mailchimp) {
    toml::array audiences;
    for (const auto& a : s.audiences) audiences.push_back(a);
    system.erase("hold");
    system.erase("release");
    system.erase("erase");
    system.erase("verify");
    system.insert("api_key_file", s.api_key_file);
    system.insert("base_url", s.base_url);
    system.insert("audiences", std::move(audiences));
  }
  return system;
}

}  // namespace

std::string to_toml(const Config& c) {
  auto names = [](const std::vector<std::string>& v) {
    toml::array a;
    for (const auto& n : sorted_names(v)) a.push_back(n);
    return a;
  };
  auto dates = [](const std::vector<Date>& v) {
    toml::array a;
    for (const auto& d : date_texts(v)) a.push_back(d);
    return a;
  };
  toml::table root{{"organization", c.organization},
                   {"identity", toml::table{{"allow_override", c.allow_override}}},
                   {"roles", toml::table{{"admins", names(c.admins)},
                                         {"reviewers", names(c.reviewers)},
                                         {"requesters", names(c.requesters)},
                                         {"workers", names(c.workers)},
                                         {"approvals_required", c.approvals_required}}},
                   {"timezone", c.timezone},
                   {"review", toml::table{{"assignee", c.assignee},
                                          {"deadline_months", c.deadline_months},
                                          {"holidays", c.holidays},
                                          {"extra_holidays", dates(c.extra_holidays)},
                                          {"require_sheet", c.require_sheet}}},
                   {"reason", toml::table{{"min_length", c.reason_min_length}, {"max_length", c.reason_max_length}}},
                   {"contacts", toml::table{{"email_property", c.email_property}}},
                   {"letters", toml::table{{"authority", c.letters_authority}, {"sender", c.letters_sender}}},
                   {"steps", toml::table{{"runner", to_string(c.runner)}, {"wait_seconds", c.wait_seconds}}},
                   {"erasure", toml::table{{"require_verification", c.require_verification}}}};
  toml::array systems;
  for (const auto& s : c.systems) {
    systems.push_back(system_toml(s));
  }
  if (!systems.empty()) root.insert("systems", std::move(systems));
  toml::array notify;
  for (const auto& n : c.notify) {
    toml::array on;
    for (const auto& a : n.on) on.push_back(a);
    notify.push_back(toml::table{{"on", std::move(on)}, {"command", n.command}, {"timeout_seconds", n.timeout_seconds}});
  }
  if (!notify.empty()) root.insert("notify", std::move(notify));
  toml::table columns;
  for (const auto& [header, property] : c.import_columns) columns.insert(header, property);
  root.insert("import", toml::table{{"id_column", c.import_id_column}, {"columns", std::move(columns)}});
  std::ostringstream out;
  out << root << '\n';
  return out.str();
}

std::vector<Difference> differences(const Config& from, const Config& to) {
  const auto a = to_json(from);
  const auto b = to_json(to);
  std::vector<Difference> out;
  for (const auto& key : keys()) {
    const auto& va = value_at(a, key);
    const auto& vb = value_at(b, key);
    if (va != vb) out.push_back({key, va.dump(), vb.dump()});
  }
  return out;
}

std::vector<Difference> conflicts(const Config& file, const Config& database) {
  std::vector<Difference> out;
  for (auto& d : differences(database, file)) {
    if (file.keys_set.contains(d.key)) out.push_back(std::move(d));
  }
  return out;
}

std::string conflict_message(const Config& file, const Difference& d, std::string_view where) {
  return trf("{} sets {} = {}, but the policy of {} has {}: the database's policy is the one in force. "
             "Remove the key from the file, or have an admin run `gdpr policy apply FILE`{}",
             file.source, d.key, d.to, where, d.from,
             d.key == "identity.allow_override" ? tr(" (identity.allow_override can only be chosen when the "
                                                     "database is created)")
                                                : std::string());
}

}  // namespace gdpr::policy
