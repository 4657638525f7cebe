// Translated messages (GNU gettext catalogs in po/, domain "gdpr"). Every message meant for
// people goes through tr() or trf(); JSON and CSV field names, data values (states, actions)
// and exit codes never do.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace gdpr {

// Chooses the message language: `language` ("de", "en") if not empty, else the first of
// LC_ALL, LC_MESSAGES, LANG (de_* is German); `locale_dir` holds de/LC_MESSAGES/gdpr.mo.
void init_messages(std::string_view language, const std::string& locale_dir);

// "de" or "en": the language chosen by init_messages ("en" before it is called).
[[nodiscard]] std::string_view message_language();

// The translation of `msgid` (itself when there is none).
[[nodiscard]] const char* tr(const char* msgid);

// Marks `msgid` for the catalogue without translating it here: a text translated later, where
// it is shown (what a database was doing when it failed, shown inside an error message).
[[nodiscard]] constexpr const char* tr_noop(const char* msgid) { return msgid; }

// The translation of the fmt format string `msgid`, formatted with `args`.
template <typename... Args>
[[nodiscard]] std::string trf(const char* msgid, Args&&... args) {
  return fmt::format(fmt::runtime(tr(msgid)), std::forward<Args>(args)...);
}

// The singular or plural translation (by `n`) of a fmt format string, formatted with `args`.
[[nodiscard]] const char* tr_plural(const char* singular, const char* plural, long n);
template <typename... Args>
[[nodiscard]] std::string trn(const char* singular, const char* plural, long n, Args&&... args) {
  return fmt::format(fmt::runtime(tr_plural(singular, plural, n)), std::forward<Args>(args)...);
}

}  // namespace gdpr
