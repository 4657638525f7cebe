// The web API kinds' pure parts (SPEC §11): HubSpot's and Mailchimp's configuration and the steps
// they have, the stored policy's round trip, HubSpot's paths of both versions, the token file's
// checks, URL encoding, Mailchimp's data centre and subscriber hash.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include <sys/stat.h>

#include "gdpr/config.hpp"
#include "gdpr/connectors/http.hpp"
#include "gdpr/connectors/hubspot.hpp"
#include "gdpr/connectors/mailchimp.hpp"
#include "gdpr/error.hpp"
#include "gdpr/policy.hpp"
#include "../helpers.hpp"

using namespace gdpr;

TEST_SUITE("connectors") {
  TEST_CASE("a HubSpot system: its keys, its steps, the stored policy") {
    const Config c = parse_config(R"(
[[systems]]
name = "hubspot"
kind = "hubspot"
token_file = "/etc/gdpr/secrets/hubspot"
hold_properties = { dsgvo_status = "hold", dsgvo_loeschung_beantragt = "true" }
unsubscribe_all = true
)",
                                  "c.toml");
    REQUIRE(c.systems.size() == 1);
    const SystemConfig& s = c.systems[0];
    CHECK(s.kind == SystemKind::hubspot);
    CHECK(s.base_url.empty());  // HubSpot's own
    CHECK(connectors::k_hubspot_base_url == "https://api.hubapi.com");
    CHECK(s.api_version == "2026-09");
    CHECK(s.record_id_property == "hs_object_id");
    CHECK(s.hold_properties ==
          std::vector<std::pair<std::string, std::string>>{{"dsgvo_loeschung_beantragt", "true"}, {"dsgvo_status", "hold"}});
    // hold and erase steps; no release (it would set nothing)
    CHECK_FALSE(s.hold.empty());
    CHECK(s.release.empty());
    CHECK_FALSE(s.erase.empty());
    // the stored form reads back the same, and its TOML applies again
    Config back;
    policy::load(policy::to_text(c), back, "test.db");
    CHECK(policy::differences(c, back).empty());
    const Config again = parse_config(policy::to_toml(back), "policy.toml");
    CHECK(policy::differences(c, again).empty());
  }

  TEST_CASE("the API paths, both versions") {
    CHECK(connectors::hubspot_paths("2026-09").contacts == "/crm/objects/2026-09/contacts");
    CHECK(connectors::hubspot_paths("2026-09").preferences == "/communication-preferences/2026-09");
    CHECK(connectors::hubspot_paths("v3").contacts == "/crm/v3/objects/contacts");
    CHECK(connectors::hubspot_paths("v3").preferences == "/communication-preferences/v4");
    CHECK(connectors::hubspot_paths("2026-09").properties == "/crm/properties/2026-09/contacts");
    CHECK(connectors::hubspot_paths("v3").properties == "/crm/v3/properties/contacts");
    CHECK(connectors::url_encode("max+1@example.com/x y") == "max%2B1%40example.com%2Fx%20y");
    CHECK(connectors::allowed_url("https://api-eu1.hubapi.com"));
    CHECK(connectors::allowed_url("http://127.0.0.1:8080"));
    CHECK_FALSE(connectors::allowed_url("http://api.hubapi.com"));
    CHECK_FALSE(connectors::allowed_url("http://127.0.0.1.evil.example"));
    CHECK_FALSE(connectors::allowed_url("file:///etc/passwd"));
  }

  TEST_CASE("the token file: owner (and group) only, one token, never in a message") {
    test::TempDir dir;
    const std::string path = dir.file("token");
    {
      std::ofstream(path) << "  pat-eu1-SECRET  \n";
    }
    ::chmod(path.c_str(), 0600);
    CHECK(connectors::read_token_file(path) == "pat-eu1-SECRET");
    ::chmod(path.c_str(), 0640);
    CHECK(connectors::read_token_file(path) == "pat-eu1-SECRET");
    ::chmod(path.c_str(), 0644);
    CHECK_GDPR_ERROR((void)connectors::read_token_file(path), ErrorKind::config,
                     "token_file " + path + " is open to others (mode 0644); a secret is readable by its owner (and "
                     "group) only: chmod 600 " + path);
    ::chmod(path.c_str(), 0660);
    CHECK_GDPR_KIND((void)connectors::read_token_file(path), ErrorKind::config);
    {
      std::ofstream(path) << "pat-eu1-SECRET\nsecond line\n";
    }
    ::chmod(path.c_str(), 0600);
    try {
      (void)connectors::read_token_file(path);
      FAIL("two lines were taken as a token");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find("SECRET") == std::string::npos);
    }
    CHECK_GDPR_KIND((void)connectors::read_token_file(dir.file("missing")), ErrorKind::config);
  }
}

TEST_SUITE("connectors") {
  TEST_CASE("a Mailchimp system: its keys, its steps (no release), the key's data centre, the member's hash") {
    const Config c = parse_config(R"(
[[systems]]
name = "mailchimp"
kind = "mailchimp"
api_key_file = "/etc/gdpr/secrets/mailchimp"
audiences = ["a1b2c3d4e5", "f6g7h8"]
)",
                                  "c.toml");
    REQUIRE(c.systems.size() == 1);
    const SystemConfig& s = c.systems[0];
    CHECK(s.kind == SystemKind::mailchimp);
    CHECK(s.audiences == std::vector<std::string>{"a1b2c3d4e5", "f6g7h8"});
    CHECK_FALSE(s.hold.empty());
    CHECK(s.release.empty());
    CHECK_FALSE(s.erase.empty());
    Config back;
    policy::load(policy::to_text(c), back, "test.db");
    CHECK(policy::differences(c, back).empty());
    CHECK(policy::differences(c, parse_config(policy::to_toml(back), "policy.toml")).empty());

    CHECK(connectors::mailchimp_base_url("", "0123abcd-us21") == "https://us21.api.mailchimp.com/3.0");
    CHECK(connectors::mailchimp_base_url("https://proxy.example/3.0", "0123abcd") == "https://proxy.example/3.0");
    CHECK_GDPR_KIND((void)connectors::mailchimp_base_url("", "0123abcd"), ErrorKind::config);
    CHECK_GDPR_KIND((void)connectors::mailchimp_base_url("", "0123abcd-us21.evil.example/x"), ErrorKind::config);
    // Mailchimp's subscriber hash: MD5 of the lower-case address (md5sum of "erika@example.com")
    CHECK(connectors::subscriber_hash(" Erika@Example.COM ") == "bf03e9f80d74def075de0de153ba8af8");
  }
}
