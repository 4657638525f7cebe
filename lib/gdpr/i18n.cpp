#include "gdpr/i18n.hpp"

#include <clocale>
#include <cstdlib>
#include <cstring>

#include <libintl.h>

namespace gdpr {

namespace {

constexpr const char* k_domain = "gdpr";
std::string g_language = "en";  // NOLINT(cert-err58-cpp,bugprone-throwing-static-initialization,cppcoreguidelines-avoid-non-const-global-variables)

// "de" for de, de_AT.UTF-8, de_DE@euro ...; "en" for anything else.
std::string language_of(const char* locale) {
  if (locale != nullptr && std::strncmp(locale, "de", 2) == 0 && (locale[2] == '\0' || locale[2] == '_' ||
                                                                  locale[2] == '.' || locale[2] == '@')) {
    return "de";
  }
  return "en";
}

}  // namespace

// Called once at start-up, before any thread exists: the process-wide locale and environment
// functions below are not thread-safe, and need not be here.
void init_messages(std::string_view language, const std::string& locale_dir) {
  (void)std::setlocale(LC_ALL, "");  // NOLINT(concurrency-mt-unsafe): start-up, single-threaded
  if (!language.empty()) {
    g_language = std::string(language);
  } else {
    const char* chosen = nullptr;
    for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
      const char* v = std::getenv(var);  // NOLINT(concurrency-mt-unsafe): start-up, single-threaded
      if (v != nullptr && *v != '\0') {
        chosen = v;
        break;
      }
    }
    g_language = language_of(chosen);
  }
  // gettext picks the catalog from LANGUAGE, which it honours unless LC_MESSAGES is plain "C";
  // so German works from the config even under cron's C locale, or with de_* not generated.
  ::setenv("LANGUAGE", g_language.c_str(), 1);  // NOLINT(concurrency-mt-unsafe): start-up, single-threaded
  const char* messages = std::setlocale(LC_MESSAGES, nullptr);  // NOLINT(concurrency-mt-unsafe): as above
  if (messages == nullptr || std::strcmp(messages, "C") == 0 || std::strcmp(messages, "POSIX") == 0) {
    (void)std::setlocale(LC_MESSAGES, "C.UTF-8");  // NOLINT(concurrency-mt-unsafe): as above
  }
  ::bindtextdomain(k_domain, locale_dir.c_str());
  ::bind_textdomain_codeset(k_domain, "UTF-8");
}

std::string_view message_language() { return g_language; }

const char* tr(const char* msgid) { return ::dgettext(k_domain, msgid); }

const char* tr_plural(const char* singular, const char* plural, long n) {
  return ::dngettext(k_domain, singular, plural, static_cast<unsigned long>(n < 0 ? -n : n));
}

}  // namespace gdpr
