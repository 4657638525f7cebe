#include "gdpr/connectors/hubspot.hpp"

#include <fstream>
#include <iterator>

#include <sys/stat.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "gdpr/connectors/http.hpp"
#include "gdpr/connectors/outcome.hpp"
#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/text.hpp"

namespace gdpr::connectors {


HubspotPaths hubspot_paths(const std::string& api_version) {
  if (api_version == "v3") return {"/crm/v3/objects/contacts", "/communication-preferences/v4", "/crm/v3/properties/contacts"};
  return {fmt::format("/crm/objects/{}/contacts", api_version), fmt::format("/communication-preferences/{}", api_version),
          fmt::format("/crm/properties/{}/contacts", api_version)};
}

std::string read_token_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    throw Error(ErrorKind::config, trf("token_file {} cannot be read (it must be a file readable by whoever runs the "
                                       "step)",
                                       path));
  }
  if ((st.st_mode & (S_IRWXO | S_IWGRP)) != 0) {
    throw Error(ErrorKind::config, trf("token_file {} is open to others (mode {:04o}); a secret is readable by its "
                                       "owner (and group) only: chmod 600 {}",
                                       path, st.st_mode & 07777U, path));
  }
  std::ifstream in(path, std::ios::binary);
  std::string token((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) throw Error(ErrorKind::config, trf("token_file {} cannot be read", path));
  token = std::string(text::trim(token));
  if (token.empty() || token.find_first_of("\r\n\t ") != std::string::npos || token.size() > 4096) {
    throw Error(ErrorKind::config, trf("token_file {} does not hold one token (one line, no spaces)", path));
  }
  return token;
}

namespace {

// The GDPR delete (erase), or the GET that shows whether it took (verify, SPEC §13: 404 is gone),
// of the contact by its record id or else its e-mail.
HookOutcome erase_or_probe(HttpRequest& req, bool erase, const std::string& contacts, const std::string& record,
                           const std::string& email) {
  if (erase) {
    nlohmann::json body{{"objectId", record.empty() ? email : record}};
    if (record.empty()) body["idProperty"] = "email";
    req.method = "POST";
    req.url = contacts + "/gdpr-delete";
    req.body = body.dump();
    const HttpResponse r = send(req);
    return answered(r) ? step_done() : failed_answer(r, tr("the GDPR delete"), "category");
  }
  req.method = "GET";
  req.url = contacts + "/" + url_encode(record.empty() ? email : record) + (record.empty() ? "?idProperty=email" : "");
  req.body.clear();
  const HttpResponse r = send(req);
  if (r.status == 404) return step_done();
  if (r.status == 200) return step_still_there();
  return failed_answer(r, tr("asking whether the contact is gone"), "category");
}

}  // namespace

HookOutcome run_hubspot_step(const HookInvocation& step) {
  const SystemConfig& system = *step.system;
  const std::string& action = value_of(step.env, "GDPR_ACTION");
  const std::string& record = value_of(step.params, "record_id");
  const std::string& email = value_of(step.params, "email");
  if (record.empty() && email.empty()) return step_done();  // nothing HubSpot could find the contact by
  std::string token;
  try {
    token = read_token_file(system.token_file);
  } catch (const Error& e) {
    return step_failed("token_file", e.what());
  }
  const HubspotPaths paths = hubspot_paths(system.api_version);
  const std::string base = system.base_url.empty() ? std::string(k_hubspot_base_url) : system.base_url;
  const std::string id = url_encode(record.empty() ? email : record);
  const std::string id_query = record.empty() ? "?idProperty=email" : "";
  HttpRequest req;
  req.headers = {"Authorization: Bearer " + token, "Content-Type: application/json", "Accept: application/json"};
  req.timeout_seconds = system.timeout_seconds;
  auto set_properties = [&](const std::vector<std::pair<std::string, std::string>>& properties) -> HookOutcome {
    nlohmann::json props = nlohmann::json::object();
    for (const auto& [k, v] : properties) props[k] = v;
    req.method = "PATCH";
    req.url = base + paths.contacts + "/" + id + id_query;
    req.body = nlohmann::json{{"properties", props}}.dump();
    const HttpResponse r = send(req);
    return answered(r) ? step_done() : failed_answer(r, tr("setting the contact's properties"), "category");
  };
  try {
    if (action == "hold") {
      if (!system.hold_properties.empty()) {
        const HookOutcome set = set_properties(system.hold_properties);
        if (!set.ok) return set;
      }
      if (system.unsubscribe_all && !email.empty()) {
        req.method = "POST";
        req.url = base + paths.preferences + "/statuses/" + url_encode(email) + "/unsubscribe-all?channel=EMAIL";
        req.body.clear();
        const HttpResponse r = send(req);
        if (!answered(r)) return failed_answer(r, tr("unsubscribing from all e-mail"), "category");
      }
      return step_done();
    }
    if (action == "release") return system.release_properties.empty() ? step_done() : set_properties(system.release_properties);
    if (action == "erase" || action == "verify") {
      return erase_or_probe(req, action == "erase", base + paths.contacts, record, email);
    }
    return step_failed("action", action);
  } catch (const Error& e) {
    return step_failed("HTTP", e.what());
  }
}

namespace {

// A GET of `path_and_query` with `token`; the parsed JSON object of a 200, else
// Error(step_failed) saying `what` failed, with the status and HubSpot's error category.
nlohmann::json get_json(const SystemConfig& system, const std::string& token, const std::string& path_and_query,
                        const std::string& what) {
  const std::string base = system.base_url.empty() ? std::string(k_hubspot_base_url) : system.base_url;
  HttpRequest req;
  req.method = "GET";
  req.url = base + path_and_query;
  req.headers = {"Authorization: Bearer " + token, "Accept: application/json"};
  req.timeout_seconds = system.timeout_seconds;
  const HttpResponse r = send(req);
  if (r.status == 200) {
    auto j = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
    if (j.is_object()) return j;
  }
  const HookOutcome failed = r.status == 200 ? step_failed("HTTP 200", trf("{}: the answer is not JSON", what))
                                             : failed_answer(r, what, "category");
  throw Error(ErrorKind::step_failed, trf("{}: {}: {}", system.name, failed.code, failed.message));
}

}  // namespace

std::vector<std::string> hubspot_property_names(const SystemConfig& system) {
  const HubspotPaths paths = hubspot_paths(system.api_version);
  const nlohmann::json j =
      get_json(system, read_token_file(system.token_file), paths.properties, tr("reading the contact properties"));
  std::vector<std::string> names;
  if (j.contains("results") && j.at("results").is_array()) {
    for (const auto& p : j.at("results")) {
      if (p.is_object() && p.contains("name") && p.at("name").is_string()) names.push_back(p.at("name").get<std::string>());
    }
  }
  if (names.empty()) {
    throw Error(ErrorKind::step_failed, trf("{}: HubSpot named no contact property", system.name));
  }
  return names;
}

void list_hubspot_contacts(const SystemConfig& system, const std::vector<std::string>& properties,
                           const std::function<void(const std::vector<HubspotContact>&)>& visit) {
  const HubspotPaths paths = hubspot_paths(system.api_version);
  const std::string token = read_token_file(system.token_file);  // once for all pages
  std::string wanted;
  for (const auto& p : properties) wanted += (wanted.empty() ? "" : ",") + url_encode(p);
  std::string after;
  std::vector<HubspotContact> page;
  for (int number = 1;; ++number) {
    std::string query = "?limit=100&archived=false";
    if (!wanted.empty()) query += "&properties=" + wanted;
    if (!after.empty()) query += "&after=" + url_encode(after);
    const nlohmann::json j =
        get_json(system, token, paths.contacts + query, trf("listing the contacts (page {})", number));
    if (!j.contains("results") || !j.at("results").is_array()) {
      throw Error(ErrorKind::step_failed, trf("{}: page {} of the contacts has no results", system.name, number));
    }
    page.clear();
    for (const auto& c : j.at("results")) {
      if (!c.is_object() || !c.contains("id") || !c.at("id").is_string()) {
        throw Error(ErrorKind::step_failed, trf("{}: page {} has a contact without an id", system.name, number));
      }
      HubspotContact contact;
      contact.id = c.at("id").get<std::string>();
      if (c.contains("properties") && c.at("properties").is_object()) {
        // In the order asked for; a property HubSpot left out or sent as null has no value.
        const auto& props = c.at("properties");
        for (const auto& name : properties) {
          if (props.contains(name) && props.at(name).is_string()) contact.properties.emplace_back(name, props.at(name).get<std::string>());
        }
      }
      page.push_back(std::move(contact));
    }
    visit(page);
    const auto* next = j.contains("paging") && j.at("paging").is_object() && j.at("paging").contains("next")
                           ? &j.at("paging").at("next")
                           : nullptr;
    if (next == nullptr || !next->is_object() || !next->contains("after") || !next->at("after").is_string() ||
        next->at("after").get<std::string>().empty()) {
      return;
    }
    const std::string following = next->at("after").get<std::string>();
    if (following == after) {
      throw Error(ErrorKind::step_failed, trf("{}: page {} points to itself as the next page", system.name, number));
    }
    after = following;
  }
}

}  // namespace gdpr::connectors
