#include "gdpr/workflow/watch.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/local_time.hpp"
#include "gdpr/rules.hpp"
#include "gdpr/text.hpp"

namespace gdpr::workflow {

namespace {

// The systems to ask: `only`, or every one that can list its contacts.
std::vector<const SystemConfig*> systems_to_ask(const Config& config, const std::optional<std::string>& only) {
  std::vector<const SystemConfig*> out;
  for (const auto& system : config.systems) {
    if (only && system.name != *only) continue;
    if (only && !connectors::can_list(system)) {
      throw Error(ErrorKind::config, trf("systems.{} cannot list its contacts: `gdpr watch` asks kinds hubspot and "
                                         "mailchimp, and sqlite or postgresql systems with list = the statement that "
                                         "lists (record id, e-mail) (docs/linked-systems.md)",
                                         system.name));
    }
    if (connectors::can_list(system)) out.push_back(&system);
  }
  if (only && out.empty()) {
    std::string names;
    for (const auto& system : config.systems) names += (names.empty() ? "" : ", ") + system.name;
    throw Error(ErrorKind::usage, trf("--system {}: the policy of {} has no such linked system (it has: {})", *only,
                                      config.source, names.empty() ? tr("none") : names));
  }
  if (out.empty()) {
    throw Error(ErrorKind::config, trf("no linked system of the policy of {} can list its contacts: `gdpr watch` asks "
                                       "kinds hubspot and mailchimp, and sqlite or postgresql systems with list = ... "
                                       "(docs/linked-systems.md)",
                                       config.source));
  }
  return out;
}

// A record id as the system gave it when it is short printable text, else a stand-in: what a system
// returns is hostile until it is stored as inert data (the audit) or shown.
std::string inert_record_id(const std::string& id) {
  constexpr std::size_t k_longest = 128;
  if (!id.empty() && id.size() <= k_longest && text::is_valid_utf8(id) && !text::has_control_chars(id, false) &&
      !text::has_c1_or_bidi(id)) {
    return id;
  }
  return fmt::format("(not printable, {} bytes)", id.size());
}

}  // namespace

WatchResult Watch::run(const std::optional<std::string>& only, const Lister& list) const {
  rules::check_may_watch(ctx_.actor, ctx_.config);
  const std::vector<const SystemConfig*> systems = systems_to_ask(ctx_.config, only);
  WatchResult result;
  if (!ctx_.store.has_fingerprints()) {
    result.no_tombstones = true;  // nobody erased can come back by e-mail
    return result;
  }
  for (const SystemConfig* system : systems) {
    try {
      list(*system, [&](const connectors::ListedPage& page) { look_up(*system, page, result); });
      result.checked.push_back(system->name);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::step_failed && e.kind() != ErrorKind::config) throw;
      result.failed.emplace_back(e.what());
    }
  }
  return result;
}

void Watch::look_up(const SystemConfig& system, const connectors::ListedPage& page, WatchResult& result) const {
  result.listed += static_cast<std::int64_t>(page.size());
  std::vector<std::string> emails;
  emails.reserve(page.size());
  for (const auto& c : page) emails.push_back(text::ascii_lower(text::trim(c.email)));
  std::vector<std::optional<std::string>> tombstones;
  {
    // One read for the page's lookups: SQLite asks the index once per e-mail, and a read of its
    // own each time would read the pages again (two thirds of the watch's CPU time).
    auto read = ctx_.store.begin_read();
    tombstones = ctx_.store.tombstones_of(emails);
  }
  if (std::ranges::none_of(tombstones, [](const auto& t) { return t.has_value(); })) return;
  auto tx = ctx_.store.begin_write();
  for (std::size_t i = 0; i < page.size(); ++i) {
    const std::optional<std::string>& tombstone = tombstones[i];
    if (!tombstone) continue;
    const Contact contact = ctx_.load_contact(*tombstone);
    WatchFind find{system.name, inert_record_id(page[i].record_id), contact.id, contact.erased_by_request.value_or(0), ""};
    if (contact.erased_by_request) {
      const Request request = ctx_.load_request(*contact.erased_by_request);
      find.erased_on = format_date(local_date_of(request.erased_at, ctx_.clock.today()));
    }
    ctx_.record("watch.found", contact.erased_by_request, contact.id,
                {{"system", system.name}, {"record_id", find.record_id}});
    result.found.push_back(std::move(find));
  }
  tx->commit();
}

}  // namespace gdpr::workflow
