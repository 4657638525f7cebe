#include "gdpr/connectors/outcome.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "gdpr/i18n.hpp"

namespace gdpr::connectors {

const std::string& value_of(const std::vector<std::pair<std::string, std::string>>& pairs, std::string_view name) {
  for (const auto& [key, value] : pairs) {
    if (key == name) return value;
  }
  static const std::string none;
  return none;
}

HookOutcome step_done() {
  HookOutcome out;
  out.ok = true;
  out.exit_code = 0;
  return out;
}

HookOutcome step_failed(std::string code, std::string message) {
  HookOutcome out;
  out.code = std::move(code);
  out.message = std::move(message);
  return out;
}

HookOutcome step_still_there() {
  HookOutcome out;
  out.still_there = true;
  out.exit_code = 1;
  return out;
}

bool answered(const HttpResponse& r) { return (r.status >= 200 && r.status < 300) || r.status == 404; }

HookOutcome failed_answer(const HttpResponse& r, const std::string& what, std::string_view field) {
  if (r.status == 0) return step_failed("connection", fmt::format("{}: {}", what, r.error));
  std::string said;
  const auto j = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_object() && j.contains(field) && j.at(field).is_string()) said = j.at(field).get<std::string>();
  const std::string tries = r.attempts > 1 ? trf(" after {} attempts", r.attempts) : std::string();
  return step_failed(fmt::format("HTTP {}", r.status),
                     said.empty() ? what + tries : fmt::format("{} ({}){}", what, said, tries));
}

}  // namespace gdpr::connectors
