#include "gdpr/connectors/http.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <thread>

#include <curl/curl.h>
#include <fmt/format.h>

#include "gdpr/dynlib.hpp"
#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/text.hpp"

namespace gdpr::connectors {

namespace {

struct Libcurl {
  decltype(&::curl_global_init) curl_global_init = nullptr;
  decltype(&::curl_easy_init) curl_easy_init = nullptr;
  decltype(&::curl_easy_setopt) curl_easy_setopt = nullptr;
  decltype(&::curl_easy_perform) curl_easy_perform = nullptr;
  decltype(&::curl_easy_getinfo) curl_easy_getinfo = nullptr;
  decltype(&::curl_easy_cleanup) curl_easy_cleanup = nullptr;
  decltype(&::curl_easy_strerror) curl_easy_strerror = nullptr;
  decltype(&::curl_slist_append) curl_slist_append = nullptr;
  decltype(&::curl_slist_free_all) curl_slist_free_all = nullptr;
};

const Libcurl& curl() {
  static const Libcurl lib = [] {
    const DynamicLibrary so("libcurl.so.4", "libcurl4", "HTTP for linked systems");
    Libcurl l;
    so.load(l.curl_global_init, "curl_global_init");
    so.load(l.curl_easy_init, "curl_easy_init");
    so.load(l.curl_easy_setopt, "curl_easy_setopt");
    so.load(l.curl_easy_perform, "curl_easy_perform");
    so.load(l.curl_easy_getinfo, "curl_easy_getinfo");
    so.load(l.curl_easy_cleanup, "curl_easy_cleanup");
    so.load(l.curl_easy_strerror, "curl_easy_strerror");
    so.load(l.curl_slist_append, "curl_slist_append");
    so.load(l.curl_slist_free_all, "curl_slist_free_all");
    l.curl_global_init(CURL_GLOBAL_DEFAULT);
    return l;
  }();
  return lib;
}

struct Received {
  std::string body;
  std::string retry_after;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* r = static_cast<Received*>(user);
  r->body.append(data, size * count);
  return size * count;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* r = static_cast<Received*>(user);
  const std::string_view line(data, size * count);
  constexpr std::string_view k_name = "retry-after:";
  if (line.size() > k_name.size() && text::ascii_lower(line.substr(0, k_name.size())) == k_name) {
    r->retry_after = std::string(text::trim(line.substr(k_name.size())));
  }
  return size * count;
}

struct EasyDeleter {
  void operator()(CURL* c) const { curl().curl_easy_cleanup(c); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl().curl_slist_free_all(l); }
};

// One exchange; the Retry-After header into `retry_after`.
HttpResponse exchange(const HttpRequest& req, long timeout_ms, std::string& retry_after) {
  const Libcurl& lib = curl();
  HttpResponse out;
  const std::unique_ptr<CURL, EasyDeleter> easy(lib.curl_easy_init());
  if (!easy) {
    out.error = "libcurl: out of memory";
    return out;
  }
  std::unique_ptr<curl_slist, ListDeleter> headers;
  for (const auto& h : req.headers) headers.reset(lib.curl_slist_append(headers.release(), h.c_str()));
  Received received;
  CURL* c = easy.get();
  lib.curl_easy_setopt(c, CURLOPT_URL, req.url.c_str());
  lib.curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  lib.curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  if (!req.basic_auth.empty()) {
    lib.curl_easy_setopt(c, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    lib.curl_easy_setopt(c, CURLOPT_USERPWD, req.basic_auth.c_str());
  }
  lib.curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
  lib.curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect would carry the token elsewhere
  lib.curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  lib.curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  lib.curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  lib.curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
  lib.curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  lib.curl_easy_setopt(c, CURLOPT_WRITEDATA, &received);
  lib.curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  lib.curl_easy_setopt(c, CURLOPT_HEADERDATA, &received);
  if (!req.body.empty()) {
    lib.curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.c_str());
    lib.curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(req.body.size()));
  } else if (req.method == "POST") {
    lib.curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
    lib.curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, 0L);
  }
  const CURLcode rc = lib.curl_easy_perform(c);
  if (rc != CURLE_OK) {
    out.error = lib.curl_easy_strerror(rc);
    return out;
  }
  lib.curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.status);
  out.body = std::move(received.body);
  retry_after = received.retry_after;
  return out;
}

}  // namespace

bool allowed_url(const std::string& url) {
  if (url.starts_with("https://")) return true;
  static constexpr std::array<std::string_view, 6> k_loopback = {"http://127.0.0.1:", "http://127.0.0.1/",
                                                                  "http://localhost:", "http://localhost/",
                                                                  "http://[::1]:",     "http://[::1]/"};
  return std::ranges::any_of(k_loopback, [&](std::string_view local) { return url.starts_with(local); });
}

std::string url_encode(std::string_view text) {
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += ch;
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

HttpResponse send(const HttpRequest& request) {
  if (!allowed_url(request.url)) {
    throw Error(ErrorKind::config, tr("only https:// is used (http:// only to the loopback address, for tests)"));
  }
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::seconds(request.timeout_seconds);
  HttpResponse last;
  constexpr int k_attempts = 4;
  for (int attempt = 1; attempt <= k_attempts; ++attempt) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) break;
    std::string retry_after;
    last = exchange(request, static_cast<long>(left), retry_after);
    last.attempts = attempt;
    const bool again = last.status == 0 || last.status == 429 || last.status >= 500;
    if (!again || attempt == k_attempts) break;
    long wait = 1L << (attempt - 1);  // 1, 2, 4 s
    if (!retry_after.empty() && retry_after.size() < 6 &&
        std::ranges::all_of(retry_after, [](char d) { return d >= '0' && d <= '9'; })) {
      wait = std::stol(retry_after);
    }
    if (Clock::now() + std::chrono::seconds(wait) >= deadline) break;
    std::this_thread::sleep_for(std::chrono::seconds(wait));
  }
  return last;
}

}  // namespace gdpr::connectors
