// A shared library loaded when a command first needs it, not at start-up: every library linked
// normally is mapped and relocated by every command, `gdpr --version` included (libcrypto alone
// was a third of the dynamic loader's work, libpq with its dependencies ~10 ms).
#pragma once

#include <string>

namespace gdpr {

class DynamicLibrary {
 public:
  // Loads `soname` (e.g. "libpq.so.5"); Error(config) naming `purpose` and the Debian `package`
  // to install when it cannot be loaded. It stays loaded for the life of the process (the
  // functions taken from it are kept in statics).
  DynamicLibrary(const char* soname, std::string package, const std::string& purpose);

  // Sets `fn` to the library's function `name` (its type comes from the library's header).
  template <typename F>
  void load(F*& fn, const char* name) const {
    fn = reinterpret_cast<F*>(symbol(name));  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
  }

 private:
  [[nodiscard]] void* symbol(const char* name) const;

  void* handle_;
  const char* soname_;
  std::string package_;
};

}  // namespace gdpr
