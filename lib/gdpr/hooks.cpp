#include "gdpr/hooks.hpp"

#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <optional>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "gdpr/connectors/hubspot.hpp"
#include "gdpr/connectors/mailchimp.hpp"
#include "gdpr/connectors/outcome.hpp"
#include "gdpr/connectors/sql_systems.hpp"
#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"


namespace gdpr {

namespace {

// Environment of the child: ours without the GDPR_* hook variables, plus the invocation's.
std::vector<std::string> build_env(const HookInvocation& inv) {
  std::vector<std::string> out;
  for (char* const* e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view const entry(*e);
    bool replaced = false;
    for (const auto& [k, v] : inv.env) {
      if (entry.substr(0, k.size() + 1) == k + "=") replaced = true;
    }
    if (!replaced) out.emplace_back(entry);
  }
  for (const auto& [k, v] : inv.env) {
    std::string entry = k;
    entry += '=';
    entry += v;
    out.push_back(std::move(entry));
  }
  return out;
}

// Restores SIGPIPE's disposition when the run ends.
class IgnoreSigpipe {
 public:
  IgnoreSigpipe() { old_ = std::signal(SIGPIPE, SIG_IGN); }
  ~IgnoreSigpipe() { (void)std::signal(SIGPIPE, old_); }
  IgnoreSigpipe(const IgnoreSigpipe&) = delete;
  IgnoreSigpipe& operator=(const IgnoreSigpipe&) = delete;

 private:
  void (*old_)(int) = nullptr;
};

}  // namespace

std::string HookOutcome::describe(Language language) const {
  const bool local = language == Language::local;
  if (ok) return local ? tr("succeeded") : "succeeded";
  if (still_there) return local ? tr("the contact is still there after erase") : "the contact is still there after erase";
  if (!code.empty()) {
    if (!local) return fmt::format("failed with {}", code);
    return message.empty() ? trf("failed with {}", code) : trf("failed with {}: {}", code, message);
  }
  if (timed_out) return local ? tr("timed out and was killed") : "timed out and was killed";
  if (exit_code < 0) return local ? tr("was killed by a signal") : "was killed by a signal";
  return local ? trf("exited with status {}", exit_code) : fmt::format("exited with status {}", exit_code);
}

namespace {

using Deadline = std::chrono::steady_clock::time_point;

// The outcome of a command that exited with `status`.
HookOutcome exited(int status) {
  HookOutcome out;
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  out.ok = out.exit_code == 0;
  return out;
}

// Starts `sh -c command` in a process group of its own, reading `stdin_fd`; returns its pid.
pid_t spawn(const HookInvocation& inv, int stdin_fd, std::vector<char*>& envp) {
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw Error(ErrorKind::internal, trf("fork failed: {}", errno_message(errno)));
  if (pid == 0) {
    ::setpgid(0, 0);
    // If gdpr is killed (kill -9), the command's shell dies with it instead of running on
    // unsupervised; `gdpr retry` reruns the interrupted step.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(126);  // gdpr died before the line above took effect
    (void)std::signal(SIGPIPE, SIG_DFL);
    ::dup2(stdin_fd, STDIN_FILENO);
    ::dup2(STDERR_FILENO, STDOUT_FILENO);  // hook output goes to the user's stderr, never stored
    std::array<const char*, 4> argv = {"sh", "-c", inv.command.c_str(), nullptr};
    ::execve("/bin/sh", const_cast<char* const*>(argv.data()), envp.data());
    ::_exit(127);
  }
  ::setpgid(pid, pid);
  return pid;
}

// Feeds `input` to the command's stdin without blocking past the deadline (a command that does
// not read it is fine); the outcome if the command exited meanwhile.
std::optional<HookOutcome> feed(int fd, pid_t pid, const std::string& input, Deadline deadline) {
  ::fcntl(fd, F_SETFL, O_NONBLOCK);
  std::size_t written = 0;
  while (written < input.size()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 100))) < 0 && errno != EINTR) break;
    const ssize_t n = ::write(fd, input.data() + written, input.size() - written);
    if (n > 0) {
      written += static_cast<std::size_t>(n);
    } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
      break;  // EPIPE: the command closed its stdin
    }
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return exited(status);
  }
  return std::nullopt;
}

// Waits for the command until the deadline, then kills its group.
HookOutcome wait_for(pid_t pid, Deadline deadline) {
  for (;;) {
    int status = 0;
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      ::kill(-pid, SIGKILL);  // children the command left behind in its group do not outlive it
      return exited(status);
    }
    if (r < 0 && errno != EINTR) throw Error(ErrorKind::internal, trf("waitpid failed: {}", errno_message(errno)));
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(-pid, SIGTERM);
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      HookOutcome out;
      out.timed_out = true;
      return out;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

HookOutcome SystemRunner::run(const HookInvocation& inv) {
  switch (inv.kind) {
    case SystemKind::command: {
      HookOutcome out = shell_.run(inv);
      // A verify command (SPEC §13): exit 0 is gone, 1 still there, anything else an error.
      if (connectors::value_of(inv.env, "GDPR_ACTION") == "verify" && !out.timed_out && out.exit_code == 1) {
        out.still_there = true;
      }
      return out;
    }
    case SystemKind::sqlite: return connectors::run_sqlite_step(inv);
    case SystemKind::postgresql: return connectors::run_postgresql_step(inv);
    case SystemKind::hubspot: return connectors::run_hubspot_step(inv);
    case SystemKind::mailchimp: return connectors::run_mailchimp_step(inv);
  }
  return shell_.run(inv);
}

HookOutcome ShellHookRunner::run(const HookInvocation& inv) {
  IgnoreSigpipe const sigpipe_guard;
  std::vector<std::string> env = build_env(inv);
  std::vector<char*> envp;
  envp.reserve(env.size() + 1);
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  std::array<int, 2> fds{};
  if (::pipe2(fds.data(), O_CLOEXEC) != 0) throw Error(ErrorKind::internal, trf("pipe failed: {}", errno_message(errno)));
  const pid_t pid = spawn(inv, fds[0], envp);
  ::close(fds[0]);
  const Deadline deadline = std::chrono::steady_clock::now() + std::chrono::seconds(inv.timeout_seconds);
  const std::optional<HookOutcome> early = feed(fds[1], pid, inv.input, deadline);
  ::close(fds[1]);
  if (early) return *early;
  return wait_for(pid, deadline);
}

}  // namespace gdpr
