#include "gdpr/dynlib.hpp"

#include <dlfcn.h>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"

namespace gdpr {

DynamicLibrary::DynamicLibrary(const char* soname, std::string package, const std::string& purpose)
    : handle_(::dlopen(soname, RTLD_NOW | RTLD_LOCAL)), soname_(soname), package_(std::move(package)) {
  if (handle_ == nullptr) {
    throw Error(ErrorKind::config, trf("{} needs the library {}, which cannot be loaded ({}); install the Debian "
                                       "package {}",
                                       purpose, soname_, ::dlerror(),  // NOLINT(concurrency-mt-unsafe): one thread
                                       package_));
  }
}

void* DynamicLibrary::symbol(const char* name) const {
  void* s = ::dlsym(handle_, name);
  if (s == nullptr) throw Error(ErrorKind::config, trf("{} lacks {}; install a newer {}", soname_, name, package_));
  return s;
}

}  // namespace gdpr
