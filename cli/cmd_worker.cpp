// `gdpr worker [--once] [--poll SECONDS]` (SPEC §11): runs the linked-system steps that the
// commands recorded, under the service user that alone can read the systems' credentials. Logs
// one line per step to stdout (the journal, under systemd); stops after the step in hand on
// SIGTERM or SIGINT.
#include <csignal>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/i18n.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

struct WorkerOptions {
  bool once = false;
  int poll_seconds = 1;
};

volatile std::sig_atomic_t g_stop = 0;

extern "C" void request_stop(int /*signal*/) { g_stop = 1; }

// SIGTERM (systemd's stop) and SIGINT end the loop after the step in hand; without SA_RESTART,
// so that a wait for work returns at once.
void stop_on_signals() {
  struct sigaction action {};
  action.sa_handler = request_stop;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

void log_pass(const workflow::WorkerPass& pass) {
  for (const auto& r : pass.requests) {
    for (const auto& d : r.done) fmt::print("{}\n", shown(trf("request {}: {} done", r.request_id, d)));
    for (const auto& f : r.failed) {
      fmt::print("{}\n", shown(trf("request {}: {} failed; `gdpr retry {}` queues it again", r.request_id, f, r.request_id)));
    }
    for (const auto& b : r.busy) fmt::print("{}\n", shown(trf("request {}: {}", r.request_id, b)));
  }
  (void)std::fflush(stdout);
}

void run_worker(Context& ctx, const WorkerOptions& o) {
  Service& service = ctx.service();
  service.check_worker();
  stop_on_signals();
  if (!o.once) {
    ctx.note(trf("worker: running the steps of {} as {}", service.config().source, service.actor()));
  }
  while (g_stop == 0) {
    log_pass(service.work_queued());
    if (o.once || g_stop != 0) break;
    service.wait_for_steps(std::chrono::seconds(o.poll_seconds));
  }
}

}  // namespace

void register_worker(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<WorkerOptions>();
  auto* cmd = app.add_subcommand(
      "worker", tr("Run the linked-system steps the commands recorded (policy steps.runner = \"worker\"; a service)"));
  cmd->add_flag("--once", o->once, tr("Run what is queued now, then exit (for tests and cron)"));
  cmd->add_option("--poll", o->poll_seconds,
                  tr("Seconds between looks at the queue (SQLite; PostgreSQL is woken at once)"))
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { run_worker(ctx, *o); }; });
}

}  // namespace gdpr::cli
