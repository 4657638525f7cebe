// HTTP for the linked systems that are web APIs (SPEC §11), through libcurl, loaded when such a
// step first runs (a command that reaches no system pays nothing at start-up). TLS is always
// verified; plain http:// is accepted for the loopback address only (the tests' stand-ins).
// Answers 429 and 5xx are tried again, a bounded number of times, after the server's
// Retry-After or a back-off.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace gdpr::connectors {

struct HttpRequest {
  std::string method;  // GET, POST, PATCH, PUT, DELETE
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;                  // sent when not empty
  std::string basic_auth;            // "user:password" for HTTP Basic authentication, or empty
  int timeout_seconds = 60;          // for the whole step, retries included
};

struct HttpResponse {
  long status = 0;        // 0: no answer (connection failed, timed out)
  std::string body;       // read by the caller, never stored
  std::string error;      // libcurl's message when there was no answer
  int attempts = 0;
};

// Whether `url` is https://, or http:// to 127.0.0.1, [::1] or localhost.
[[nodiscard]] bool allowed_url(const std::string& url);

// Sends the request; 429 and 5xx (and no answer) are sent again, up to 4 attempts within the
// timeout, waiting Retry-After seconds when the answer has it (else 1, 2, 4 s). Error(config)
// when libcurl cannot be loaded or the URL is not allowed.
[[nodiscard]] HttpResponse send(const HttpRequest& request);

// `text` with every byte but unreserved ones percent-encoded (a path segment or query value).
[[nodiscard]] std::string url_encode(std::string_view text);

}  // namespace gdpr::connectors
