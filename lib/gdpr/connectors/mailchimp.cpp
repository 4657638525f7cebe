#include "gdpr/connectors/mailchimp.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "gdpr/connectors/http.hpp"
#include "gdpr/connectors/hubspot.hpp"
#include "gdpr/crypto.hpp"
#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/text.hpp"

namespace gdpr::connectors {

namespace {

const std::string& value_of(const std::vector<std::pair<std::string, std::string>>& pairs, std::string_view name) {
  for (const auto& [key, value] : pairs) {
    if (key == name) return value;
  }
  static const std::string none;
  return none;
}

HookOutcome done() {
  HookOutcome out;
  out.ok = true;
  out.exit_code = 0;
  return out;
}

HookOutcome failed(std::string code, std::string message) {
  HookOutcome out;
  out.code = std::move(code);
  out.message = std::move(message);
  return out;
}

// Mailchimp's answer as a failed step: the status and its problem title ("Resource Not Found"),
// never its detail (it may quote the e-mail).
HookOutcome failed_answer(const HttpResponse& r, const std::string& what) {
  if (r.status == 0) return failed("connection", fmt::format("{}: {}", what, r.error));
  std::string title;
  const auto j = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_object() && j.contains("title") && j.at("title").is_string()) title = j.at("title").get<std::string>();
  const std::string tries = r.attempts > 1 ? trf(" after {} attempts", r.attempts) : std::string();
  return failed(fmt::format("HTTP {}", r.status), title.empty() ? what + tries : fmt::format("{} ({}){}", what, title, tries));
}

bool answered(const HttpResponse& r) { return (r.status >= 200 && r.status < 300) || r.status == 404; }

}  // namespace

std::string mailchimp_base_url(const std::string& base_url, std::string_view api_key) {
  if (!base_url.empty()) return base_url;
  const auto dash = api_key.rfind('-');
  const std::string_view dc = dash == std::string_view::npos ? std::string_view() : api_key.substr(dash + 1);
  if (dc.empty() || !std::ranges::all_of(dc, [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); })) {
    throw Error(ErrorKind::config, tr("the Mailchimp API key has no data-centre suffix (such as -us21): set base_url"));
  }
  return fmt::format("https://{}.api.mailchimp.com/3.0", dc);
}

std::string subscriber_hash(std::string_view email) { return crypto::md5_hex(text::ascii_lower(text::trim(email))); }

HookOutcome run_mailchimp_step(const HookInvocation& step) {
  const SystemConfig& system = *step.system;
  const std::string& action = value_of(step.env, "GDPR_ACTION");
  const std::string& email = value_of(step.params, "email");
  if (email.empty()) return done();  // a member is named by its e-mail: without one there is none
  try {
    const std::string key = read_token_file(system.api_key_file);
    const std::string base = mailchimp_base_url(system.base_url, key);
    const std::string member = subscriber_hash(email);
    HttpRequest req;
    req.basic_auth = "gdpr:" + key;
    req.headers = {"Content-Type: application/json", "Accept: application/json"};
    req.timeout_seconds = system.timeout_seconds;
    for (const auto& list : system.audiences) {
      const std::string path = fmt::format("{}/lists/{}/members/{}", base, url_encode(list), member);
      if (action == "hold") {
        req.method = "PATCH";
        req.url = path;
        req.body = R"({"status":"unsubscribed"})";
      } else if (action == "erase") {
        req.method = "POST";
        req.url = path + "/actions/delete-permanent";
        req.body.clear();
      } else {
        return done();  // no release: re-subscribing needs the person's consent
      }
      const HttpResponse r = send(req);
      if (!answered(r)) {
        return failed_answer(r, action == "hold" ? trf("unsubscribing in audience {}", list)
                                                 : trf("the permanent delete in audience {}", list));
      }
    }
    return done();
  } catch (const Error& e) {
    return failed("mailchimp", e.what());
  }
}

}  // namespace gdpr::connectors
