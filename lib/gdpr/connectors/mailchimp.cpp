#include "gdpr/connectors/mailchimp.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "gdpr/connectors/http.hpp"
#include "gdpr/connectors/hubspot.hpp"
#include "gdpr/connectors/outcome.hpp"
#include "gdpr/crypto.hpp"
#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/text.hpp"

namespace gdpr::connectors {


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
  if (email.empty()) return step_done();  // a member is named by its e-mail: without one there is none
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
      } else if (action == "verify") {
        req.method = "GET";
        req.url = path;
        req.body.clear();
        const HttpResponse r = send(req);
        if (r.status == 200) return step_still_there();
        if (r.status == 404) continue;
        return failed_answer(r, trf("asking audience {} whether the member is gone", list), "title");
      } else {
        return step_done();  // no release: re-subscribing needs the person's consent
      }
      const HttpResponse r = send(req);
      if (!answered(r)) {
        return failed_answer(r,
                             action == "hold" ? trf("unsubscribing in audience {}", list)
                                              : trf("the permanent delete in audience {}", list),
                             "title");
      }
    }
    return step_done();
  } catch (const Error& e) {
    return step_failed("mailchimp", e.what());
  }
}

}  // namespace gdpr::connectors
