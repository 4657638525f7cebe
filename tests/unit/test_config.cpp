#include <fstream>
#include <iterator>

#include <doctest/doctest.h>

#include "gdpr/config.hpp"
#include "helpers.hpp"

using namespace gdpr;

namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace

TEST_SUITE("config") {
  TEST_CASE("parse_config defaults") {
    const Config c = parse_config("", "c.toml");
    CHECK(c.file_mode == 0600);
    CHECK(c.approvals_required == 1);
    CHECK(c.deadline_months == 1);
    CHECK(c.warn_days == 7);
    CHECK(c.reason_min_length == 10);
    CHECK(c.reason_max_length == 2000);
    CHECK(c.email_property == "email");
    CHECK(!c.allow_override);
    CHECK(c.reviewers.empty());
    CHECK(c.busy_timeout_seconds == 5);
    CHECK(c.runner == StepRunner::in_command);
    CHECK(c.wait_seconds == 60);
    CHECK(c.workers.empty());
  }

  TEST_CASE("parse_config reads every key") {
    const Config c = parse_config(R"(
database = "/srv/gdpr.db"
file_mode = "0660"
organization = "Muster GmbH"
language = "de"
busy_timeout_seconds = 10
[identity]
allow_override = true
[roles]
reviewers = [" Bob", "CAROL"]
requesters = ["alice"]
workers = ["GDPR-Worker"]
approvals_required = 2
[steps]
runner = "worker"
wait_seconds = 15
[review]
assignee = "Bob"
deadline_months = 2
warn_days = 3
[reason]
min_length = 5
max_length = 50
[sheet]
show_empty = true
[contacts]
email_property = "E-Mail"
[[systems]]
name = "jet-main"
hold = "hold.sh"
release = "release.sh"
erase = "erase.sh"
timeout_seconds = 30
[[systems]]
name = "crm"
erase = "crm-erase"
)",
                                  "c.toml");
    CHECK(c.database == "/srv/gdpr.db");
    CHECK(c.file_mode == 0660);
    CHECK(c.organization == "Muster GmbH");
    CHECK(c.language == "de");
    CHECK(c.busy_timeout_seconds == 10);
    CHECK(c.allow_override);
    CHECK(c.reviewers == std::vector<std::string>{"bob", "carol"});
    CHECK(c.requesters == std::vector<std::string>{"alice"});
    CHECK(c.workers == std::vector<std::string>{"gdpr-worker"});
    CHECK(c.runner == StepRunner::worker);
    CHECK(c.wait_seconds == 15);
    CHECK(c.approvals_required == 2);
    CHECK(c.assignee == "bob");
    CHECK(c.deadline_months == 2);
    CHECK(c.warn_days == 3);
    CHECK(c.reason_min_length == 5);
    CHECK(c.reason_max_length == 50);
    CHECK(c.sheet_show_empty);
    CHECK(c.email_property == "E-Mail");
    REQUIRE(c.systems.size() == 2);
    CHECK(c.systems[0].name == "jet-main");
    CHECK(c.systems[0].erase == "erase.sh");
    CHECK(c.systems[0].timeout_seconds == 30);
    CHECK(c.systems[1].hold.empty());
    CHECK(c.systems[1].timeout_seconds == 60);
  }

  TEST_CASE("parse_config errors name file, line and key") {
    CHECK_GDPR_ERROR(parse_config("\n\nbogus = 1\n", "c.toml"), ErrorKind::config,
                     "c.toml:3: unknown key 'bogus'; see docs/configuration.md");
    CHECK_GDPR_ERROR(parse_config("[roles]\nreviewer = []\n", "c.toml"), ErrorKind::config,
                     "c.toml:2: unknown key 'roles.reviewer'; see docs/configuration.md");
    CHECK_GDPR_ERROR(parse_config("[roles]\napprovals_required = \"2\"\n", "c.toml"), ErrorKind::config,
                     "c.toml:2: key 'roles.approvals_required' must be an integer");
    CHECK_GDPR_ERROR(parse_config("[roles]\napprovals_required = 6\n", "c.toml"), ErrorKind::config,
                     "c.toml:2: key 'roles.approvals_required' must be between 1 and 5, not 6");
    CHECK_GDPR_ERROR(parse_config("[roles]\nreviewers = \"bob\"\n", "c.toml"), ErrorKind::config,
                     "c.toml:2: key 'roles.reviewers' must be an array of names, e.g. [\"alice\", \"bob\"]");
    CHECK_GDPR_ERROR(parse_config("[identity]\nallow_override = \"yes\"\n", "c.toml"), ErrorKind::config,
                     "c.toml:2: key 'identity.allow_override' must be true or false");
    CHECK_GDPR_ERROR(parse_config("file_mode = \"0777\"\n", "c.toml"), ErrorKind::config,
                     "c.toml:1: key 'file_mode' \"0777\" must give the owner read and write and nobody execute "
                     "(e.g. \"0600\")");
    CHECK_GDPR_KIND(parse_config("file_mode = \"rw\"\n", "c.toml"), ErrorKind::config);
    CHECK_GDPR_KIND(parse_config("language = \"fr\"\n", "c.toml"), ErrorKind::config);
    CHECK_GDPR_KIND(parse_config("[reason]\nmin_length = 50\nmax_length = 20\n", "c.toml"), ErrorKind::config);
    CHECK_GDPR_KIND(parse_config("[[systems]]\nhold = \"x\"\n", "c.toml"), ErrorKind::config);
    CHECK_GDPR_KIND(parse_config("[[systems]]\nname = \"a\"\n[[systems]]\nname = \"a\"\n", "c.toml"), ErrorKind::config);
    CHECK_GDPR_KIND(parse_config("[[systems]]\nname = \"a b\"\n", "c.toml"), ErrorKind::config);
    CHECK_GDPR_KIND(parse_config("[[systems]]\nname = \"a\"\nfoo = 1\n", "c.toml"), ErrorKind::config);
    CHECK_GDPR_KIND(parse_config("roles = 3\n", "c.toml"), ErrorKind::config);
    CHECK_GDPR_ERROR(parse_config("[steps]\nrunner = \"cron\"\n", "c.toml"), ErrorKind::config,
                     "c.toml:2: key 'steps.runner' must be \"inline\" or \"worker\", not \"cron\"");
    CHECK_GDPR_ERROR(parse_config("[steps]\nwait_seconds = 3601\n", "c.toml"), ErrorKind::config,
                     "c.toml:2: key 'steps.wait_seconds' must be between 0 and 3600, not 3601");
    CHECK_GDPR_KIND(parse_config("[steps]\nworker = \"x\"\n", "c.toml"), ErrorKind::config);
  }

  TEST_CASE("parse_config syntax error") {
    try {
      (void)parse_config("a = 1\n[roles\n", "c.toml");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::config);
      CHECK(std::string(e.what()).rfind("c.toml:2: ", 0) == 0);
    }
  }

  TEST_CASE("load_config_file") {
    test::TempDir dir;
    CHECK_GDPR_ERROR(load_config_file(dir.file("")), ErrorKind::config,
                     "config file " + dir.file("") + " is a directory; name a TOML file");
    CHECK_GDPR_KIND(load_config_file(dir.file("missing.toml")), ErrorKind::config);
    std::ofstream(dir.file("ok.toml")) << "organization = \"X\"\n";
    CHECK(load_config_file(dir.file("ok.toml")).organization == "X");
  }

  TEST_CASE("locate_config precedence") {
    test::TempDir dir;
    std::ofstream(dir.file("a.toml")) << "";
    std::ofstream(dir.file("b.toml")) << "";
    std::filesystem::create_directories(dir.file("xdg/gdpr"));
    std::ofstream(dir.file("xdg/gdpr/config.toml")) << "";
    CHECK(locate_config(dir.file("a.toml"), env_of({{"GDPR_CONFIG", dir.file("b.toml")}})) == dir.file("a.toml"));
    CHECK(locate_config(std::nullopt, env_of({{"GDPR_CONFIG", dir.file("b.toml")}})) == dir.file("b.toml"));
    CHECK(locate_config(std::nullopt, env_of({{"XDG_CONFIG_HOME", dir.file("xdg")}})) == dir.file("xdg/gdpr/config.toml"));
    CHECK_GDPR_KIND(locate_config(dir.file("nope.toml"), env_of({})), ErrorKind::config);
    CHECK_GDPR_KIND(locate_config(std::nullopt, env_of({{"GDPR_CONFIG", dir.file("nope.toml")}})), ErrorKind::config);
  }

  TEST_CASE("resolve_database_path precedence") {
    Config c;
    c.database = "/cfg.db";
    const auto env = env_of({{"GDPR_DB", "/env.db"}, {"XDG_DATA_HOME", "/xdg"}, {"HOME", "/home/u"}});
    CHECK(resolve_database_path(std::string("/opt.db"), env, c) == "/opt.db");
    CHECK(resolve_database_path(std::nullopt, env, c) == "/env.db");
    CHECK(resolve_database_path(std::nullopt, env_of({{"XDG_DATA_HOME", "/xdg"}}), c) == "/cfg.db");
    CHECK(resolve_database_path(std::nullopt, env_of({{"XDG_DATA_HOME", "/xdg"}}), Config{}) == "/xdg/gdpr/gdpr.db");
    CHECK(resolve_database_path(std::nullopt, env_of({{"HOME", "/home/u"}}), Config{}) ==
          "/home/u/.local/share/gdpr/gdpr.db");
  }
}

TEST_SUITE("config") {
  TEST_CASE("docs/configuration.md documents every key with its real default") {
    std::ifstream in(std::string(GDPR_SOURCE_DIR) + "/docs/configuration.md");
    REQUIRE(in);
    std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto start = doc.find("```toml\n");
    REQUIRE(start != std::string::npos);
    const auto end = doc.find("```", start + 8);
    const std::string block = doc.substr(start + 8, end - start - 8);
    const Config documented = parse_config(block, "docs/configuration.md");  // unknown keys would throw
    const Config defaults;
    CHECK(documented.database == defaults.database);
    CHECK(documented.file_mode == defaults.file_mode);
    CHECK(documented.organization == defaults.organization);
    CHECK(documented.language == defaults.language);
    CHECK(documented.busy_timeout_seconds == defaults.busy_timeout_seconds);
    CHECK(documented.allow_override == defaults.allow_override);
    CHECK(documented.reviewers == defaults.reviewers);
    CHECK(documented.requesters == defaults.requesters);
    CHECK(documented.approvals_required == defaults.approvals_required);
    CHECK(documented.assignee == defaults.assignee);
    CHECK(documented.deadline_months == defaults.deadline_months);
    CHECK(documented.warn_days == defaults.warn_days);
    CHECK(documented.reason_min_length == defaults.reason_min_length);
    CHECK(documented.reason_max_length == defaults.reason_max_length);
    CHECK(documented.sheet_show_empty == defaults.sheet_show_empty);
    CHECK(documented.email_property == defaults.email_property);
    CHECK(documented.workers == defaults.workers);
    CHECK(documented.import_id_column == defaults.import_id_column);
    CHECK(documented.import_columns == defaults.import_columns);
    CHECK(documented.runner == defaults.runner);
    CHECK(documented.wait_seconds == defaults.wait_seconds);
    REQUIRE(documented.notify.size() == 1);
    CHECK(documented.notify[0].timeout_seconds == NotifyConfig{}.timeout_seconds);
    REQUIRE(documented.systems.size() == 1);
    CHECK(documented.systems[0].timeout_seconds == SystemConfig{}.timeout_seconds);
    CHECK(documented.systems[0].kind == SystemConfig{}.kind);
    CHECK(documented.systems[0].database == SystemConfig{}.database);
    CHECK(documented.systems[0].verify == SystemConfig{}.verify);
    CHECK(documented.systems[0].verify_seconds == SystemConfig{}.verify_seconds);
    CHECK(documented.systems[0].list == SystemConfig{}.list);
    CHECK(documented.require_verification == Config{}.require_verification);
    // Every key the struct has appears in the block.
    for (const char* key : {"database", "file_mode", "organization", "language", "busy_timeout_seconds",
                            "allow_override", "reviewers", "requesters", "approvals_required", "assignee",
                            "deadline_months", "warn_days", "min_length", "max_length", "show_empty",
                            "email_property", "workers", "runner", "wait_seconds", "on", "command", "id_column", "columns", "name", "kind", "database", "hold", "release", "erase", "timeout_seconds",
                            "verify", "verify_seconds", "list", "require_verification"}) {
      CAPTURE(key);
      CHECK(("\n" + block).find(std::string("\n") + key + " = ") != std::string::npos);
    }
  }
}

TEST_SUITE("config") {
  TEST_CASE("parse_config: the keys of the proof of erasure") {
    const Config c = parse_config(R"(
[erasure]
require_verification = true
[[systems]]
name = "jet"
kind = "sqlite"
database = "/srv/jet.db"
erase = "DELETE FROM kunden WHERE kundennr = :id"
verify = "SELECT count(*) FROM kunden WHERE kundennr = :id"
list = "SELECT kundennr, mail FROM kunden"
verify_seconds = 0
[[systems]]
name = "crm"
erase = "crm-erase"
verify = "crm-verify"
verify_seconds = 3600
)",
                                  "c.toml");
    CHECK(c.require_verification);
    REQUIRE(c.systems.size() == 2);
    CHECK(c.systems[0].verify == "SELECT count(*) FROM kunden WHERE kundennr = :id");
    CHECK(c.systems[0].list == "SELECT kundennr, mail FROM kunden");
    CHECK(c.systems[0].verify_seconds == 0);
    CHECK(c.systems[1].verify == "crm-verify");
    CHECK(c.systems[1].list.empty());
    CHECK(c.systems[1].verify_seconds == 3600);
    CHECK(parse_config("[[systems]]\nname = \"s\"\nerase = \"e\"\n", "c.toml").systems.at(0).verify_seconds == 10);
    CHECK_FALSE(parse_config("", "c.toml").require_verification);
  }

  TEST_CASE("parse_config refuses verify and list where they do not belong") {
    const std::string hubspot = "[[systems]]\nname = \"hs\"\nkind = \"hubspot\"\ntoken_file = \"/etc/gdpr/hs.token\"\n";
    const std::string mailchimp =
        "[[systems]]\nname = \"mc\"\nkind = \"mailchimp\"\napi_key_file = \"/etc/gdpr/mc.key\"\naudiences = [\"a1\"]\n";
    const std::string built_in = "takes no hold, release, erase, verify, list or database: what it does is built in "
                                 "(docs/linked-systems.md)";
    SUBCASE("verify or list on the web kinds") {
      CHECK_GDPR_ERROR(parse_config(hubspot + "verify = \"probe\"\n", "c.toml"), ErrorKind::config,
                       "c.toml:1: systems.hs: kind = \"hubspot\" " + built_in);
      CHECK_GDPR_ERROR(parse_config(hubspot + "list = \"SELECT 1\"\n", "c.toml"), ErrorKind::config,
                       "c.toml:1: systems.hs: kind = \"hubspot\" " + built_in);
      CHECK_GDPR_ERROR(parse_config(mailchimp + "verify = \"probe\"\n", "c.toml"), ErrorKind::config,
                       "c.toml:1: systems.mc: kind = \"mailchimp\" " + built_in);
      CHECK_GDPR_ERROR(parse_config(mailchimp + "list = \"SELECT 1\"\n", "c.toml"), ErrorKind::config,
                       "c.toml:1: systems.mc: kind = \"mailchimp\" " + built_in);
    }
    SUBCASE("list on a command system") {
      CHECK_GDPR_ERROR(parse_config("[[systems]]\nname = \"crm\"\nerase = \"e\"\nlist = \"crm-list\"\n", "c.toml"),
                       ErrorKind::config,
                       "c.toml:1: systems.crm: list belongs to kind = \"sqlite\" or \"postgresql\" (`gdpr watch` asks "
                       "the other kinds through their APIs)");
    }
    SUBCASE("a list statement with a parameter, a verify statement with an unknown one") {
      const std::string sqlite = "[[systems]]\nname = \"jet\"\nkind = \"sqlite\"\ndatabase = \"/srv/jet.db\"\n";
      CHECK_GDPR_ERROR(parse_config(sqlite + "list = \"SELECT nr, mail FROM k WHERE nr = :id\"\n", "c.toml"),
                       ErrorKind::config,
                       "c.toml:1: systems.jet.list: the statement takes no parameters; it lists every contact as rows "
                       "of (record id, e-mail)");
      CHECK_GDPR_ERROR(parse_config(sqlite + "list = \"SELECT nr, mail FROM k WHERE nr = :nr\"\n", "c.toml"),
                       ErrorKind::config,
                       "c.toml:1: systems.jet.list: unknown parameter :nr; a statement may use :id, :email and "
                       ":request_id");
      CHECK_GDPR_ERROR(parse_config(sqlite + "erase = \"DELETE FROM k WHERE nr = :id\"\n"
                                             "verify = \"SELECT count(*) FROM k WHERE nr = :nr\"\n",
                                    "c.toml"),
                       ErrorKind::config,
                       "c.toml:1: systems.jet.verify: unknown parameter :nr; a statement may use :id, :email and "
                       ":request_id");
    }
    SUBCASE("verify without erase: it would never run") {
      CHECK_GDPR_ERROR(parse_config("[[systems]]\nname = \"crm\"\nhold = \"h\"\nverify = \"probe\"\n", "c.toml"),
                       ErrorKind::config,
                       "c.toml:1: systems.crm: verify proves an erase, and this system has no erase: give it erase = "
                       "..., or leave verify out");
    }
    SUBCASE("verify_seconds out of 0..3600") {
      CHECK_GDPR_ERROR(parse_config("[[systems]]\nname = \"crm\"\nverify_seconds = 3601\n", "c.toml"), ErrorKind::config,
                       "c.toml:3: key 'systems.verify_seconds' must be between 0 and 3600, not 3601");
      CHECK_GDPR_ERROR(parse_config("[[systems]]\nname = \"crm\"\nverify_seconds = -1\n", "c.toml"), ErrorKind::config,
                       "c.toml:3: key 'systems.verify_seconds' must be between 0 and 3600, not -1");
      CHECK_GDPR_KIND(parse_config("[[systems]]\nname = \"crm\"\nverify_seconds = \"10\"\n", "c.toml"),
                      ErrorKind::config);
    }
  }

  TEST_CASE("check_verification: erasure.require_verification needs a probe in every system that erases") {
    const std::string required = "[erasure]\nrequire_verification = true\n";
    SUBCASE("a command system without verify is refused, naming the file and the system") {
      CHECK_GDPR_ERROR(parse_config(required + "[[systems]]\nname = \"crm\"\nerase = \"e\"\nverify = \"v\"\n"
                                               "[[systems]]\nname = \"shop\"\nerase = \"e\"\n",
                                    "c.toml"),
                       ErrorKind::config,
                       "c.toml: erasure.require_verification = true, but systems.shop has no probe: give it verify = "
                       "the command or statement that shows whether the contact is gone (docs/linked-systems.md), or "
                       "leave require_verification out");
      CHECK_GDPR_KIND(parse_config(required + "[[systems]]\nname = \"jet\"\nkind = \"sqlite\"\ndatabase = \"/j.db\"\n"
                                              "erase = \"DELETE FROM k WHERE nr = :id\"\n",
                                   "c.toml"),
                      ErrorKind::config);
    }
    SUBCASE("accepted when every system has a probe; the web kinds have theirs built in") {
      const Config c = parse_config(required +
                                        "[[systems]]\nname = \"crm\"\nerase = \"e\"\nverify = \"v\"\n"
                                        "[[systems]]\nname = \"hs\"\nkind = \"hubspot\"\ntoken_file = \"/t\"\n"
                                        "[[systems]]\nname = \"mc\"\nkind = \"mailchimp\"\napi_key_file = \"/k\"\n"
                                        "audiences = [\"a1\"]\n"
                                        "[[systems]]\nname = \"mailer\"\nhold = \"h\"\n",  // erases nothing
                                    "c.toml");
      REQUIRE(c.systems.size() == 4);
      CHECK(c.systems[1].verify == "hubspot: get");
      CHECK(c.systems[2].verify == "mailchimp: get");
      Config direct;
      direct.source = "direct.toml";
      direct.require_verification = true;
      direct.systems = c.systems;
      CHECK_NOTHROW(check_verification(direct));
      direct.systems[0].verify.clear();
      CHECK_GDPR_KIND(check_verification(direct), ErrorKind::config);
      direct.require_verification = false;
      CHECK_NOTHROW(check_verification(direct));
    }
  }
}
