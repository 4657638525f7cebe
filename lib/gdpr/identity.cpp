#include "gdpr/identity.hpp"

#include <algorithm>
#include <array>

#include <pwd.h>
#include <unistd.h>

#include <fmt/format.h>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/text.hpp"

namespace gdpr {

std::string normalize_actor(std::string_view name) { return text::fold_case(text::trim(name)); }

bool is_valid_actor_name(std::string_view name) {
  const std::string n = normalize_actor(name);
  return !n.empty() && text::is_valid_utf8(n) && !text::has_control_chars(n, false) && !text::has_c1_or_bidi(n);
}

std::string os_login_name() {
  passwd entry{};
  passwd* pw = nullptr;
  std::array<char, 4096> buffer{};
  if (::getpwuid_r(geteuid(), &entry, buffer.data(), buffer.size(), &pw) != 0) pw = nullptr;
  if (pw == nullptr || pw->pw_name == nullptr) {
    throw Error(ErrorKind::config, trf("the user id {} has no login name in the password database", geteuid()));
  }
  return normalize_actor(pw->pw_name);
}

std::string resolve_actor(const std::string& login, const std::optional<std::string>& override_name,
                          std::string_view source, bool allow_override) {
  if (!override_name) return normalize_actor(login);
  if (!allow_override) {
    throw Error(ErrorKind::forbidden,
                trf("{} may not name another actor: identity.allow_override is false in the database's policy "
                            "(`gdpr policy show`; it is chosen when the database is created); "
                            "you act as '{}'",
                            source, normalize_actor(login)));
  }
  std::string actor = normalize_actor(*override_name);
  if (!is_valid_actor_name(actor)) {
    throw Error(ErrorKind::usage, trf("{} needs a non-empty actor name without control characters", source));
  }
  return actor;
}

bool is_one_of(const std::string& actor, const std::vector<std::string>& names) {
  return std::ranges::find(names, actor) != names.end();
}

}  // namespace gdpr
