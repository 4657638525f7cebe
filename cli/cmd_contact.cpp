#include <array>
#include <fstream>
#include <iostream>
#include <memory>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/csv.hpp"
#include "gdpr/error.hpp"
#include "gdpr/files.hpp"
#include "gdpr/json.hpp"
#include "gdpr/text.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

struct AddOptions {
  std::string id;
  std::vector<std::string> properties;
  bool readmit = false;
};

struct ImportCliOptions {
  std::string file;
  std::string from;        // --from SYSTEM: a HubSpot system of the policy instead of a file
  std::string properties;  // --properties a,b,c or *
  std::string id_column;  // empty: the preset's, else the policy's import.id_column
  std::string preset;     // --preset hubspot
  std::string delimiter = "auto";
  bool dry_run = false;
  bool readmit = false;
};

// --properties "email, firstname" as names; "*" stays "*" (every property).
std::vector<std::string> property_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string_view item = text::trim(std::string_view(text).substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

struct ListOptions {
  std::string status;
  bool mailable = false;
  bool newsletter = false;
  std::int64_t limit = 0;
};

struct FindOptions {
  std::string text;
  std::int64_t limit = 20;
};

Properties parse_assignments(const std::vector<std::string>& items) {
  Properties out;
  for (const auto& item : items) {
    const auto eq = item.find('=');
    if (eq == std::string::npos) {
      throw Error(ErrorKind::usage, trf("'{}' is not NAME=VALUE (e.g. email=max@example.com)", item));
    }
    out.emplace_back(item.substr(0, eq), item.substr(eq + 1));
  }
  return out;
}

void run_add(Context& ctx, const AddOptions& o) {
  const Format format = ctx.format({Format::text, Format::json});
  const AddResult r = ctx.service().add_contact(o.id, parse_assignments(o.properties),
                                                o.readmit ? Readmit::yes : Readmit::no);
  if (format == Format::json) {
    auto j = json::contact(r.contact);
    static constexpr std::array<const char*, 4> k_names = {"added", "updated", "unchanged", "readmitted"};
    j["outcome"] = k_names.at(static_cast<std::size_t>(r.outcome));
    print_json(j);
    return;
  }
  switch (r.outcome) {
    case AddOutcome::added: fmt::print("{}", trf("Added contact {}\n", shown(o.id))); break;
    case AddOutcome::updated: fmt::print("{}", trf("Updated contact {}\n", shown(o.id))); break;
    case AddOutcome::unchanged: fmt::print("{}", trf("Contact {} unchanged\n", shown(o.id))); break;
    case AddOutcome::readmitted: fmt::print("{}", trf("Readmitted contact {}\n", shown(o.id))); break;
  }
}

// Which columns become which properties, and which is the id: the policy's import.columns first
// (the first match counts, so they may correct the preset), then the preset's; the id column of
// --id-column, the preset or the policy.
void map_columns(const Config& policy, const ImportCliOptions& o, ImportOptions& options) {
  options.columns = policy.import_columns;
  if (o.preset == "hubspot") {
    options.columns.insert(options.columns.end(), hubspot_preset().columns.begin(), hubspot_preset().columns.end());
  }
  options.id_column = !o.id_column.empty()  ? o.id_column
                      : o.preset == "hubspot" ? hubspot_preset().id_column
                                              : policy.import_id_column;
}

// The outcome of an import, in text.
void print_import(const Context& ctx, const ImportResult& r, const std::string& label) {
  if (r.dry_run) {
    for (const auto& [header, property] : r.mapped) ctx.note(trf("column '{}' -> property '{}'", shown(header), shown(property)));
  }
  for (const auto& note : r.skipped_notes) ctx.note(trf("skipped {}", note));
  const std::string counts = trf("{} rows: {} added, {} updated, {} unchanged, {} skipped", r.rows, r.added, r.updated,
                                 r.unchanged, r.skipped) +
                             (r.readmitted > 0 ? trf(", {} readmitted", r.readmitted) : std::string());
  fmt::print("{}\n", r.dry_run ? trf("Dry run, nothing saved: {}: {}", label, counts) : trf("Imported {}: {}", label, counts));
}

void run_import(Context& ctx, const ImportCliOptions& o) {
  const Format format = ctx.format({Format::text, Format::json});
  ImportOptions options;
  options.delimiter = parse_csv_delimiter(o.delimiter);
  options.dry_run = o.dry_run ? DryRun::yes : DryRun::no;
  options.readmit = o.readmit ? Readmit::yes : Readmit::no;
  const bool show_progress = !ctx.global.quiet && Context::stderr_is_terminal();
  const std::string label = !o.from.empty() ? shown(o.from) : o.file == "-" ? std::string("stdin") : shown(o.file);
  if (show_progress) {
    options.progress = [label](std::int64_t rows) {
      fmt::print(stderr, "\r{}", trf("Importing {}: {} rows ...", label, rows));
      (void)std::fflush(stderr);
    };
  }
  if (!o.from.empty() && !o.file.empty()) {
    throw Error(ErrorKind::usage, trf("name a file or --from {}, not both", o.from));
  }
  if (o.from.empty() && o.file.empty()) throw Error(ErrorKind::usage, tr("name a CSV file (- for stdin) or --from SYSTEM"));
  if (o.from.empty() && !o.properties.empty()) throw Error(ErrorKind::usage, tr("--properties goes with --from SYSTEM"));
  Service& service = ctx.service();
  map_columns(service.config(), o, options);
  ImportResult r;
  bool listed_shown = false;
  if (!o.from.empty()) {
    SystemImport from;
    from.system = o.from;
    from.properties = property_list(o.properties);
    if (show_progress) {
      from.listed = [&, label](std::int64_t contacts) {
        fmt::print(stderr, "\r{}", trf("Reading {}: {} contacts ...", label, contacts));
        (void)std::fflush(stderr);
        listed_shown = true;
      };
    }
    r = service.import_from_system(from, options);
  } else if (o.file == "-") {
    r = service.import_contacts(std::cin, "stdin", options);
  } else {
    std::ifstream in(o.file, std::ios::binary);
    // The name goes raw into the message: print_error escapes it once, like every message.
    if (!in) throw Error(ErrorKind::usage, trf("cannot read {}: no such file or no permission", o.file));
    r = service.import_contacts(in, o.file, options);
  }
  if (show_progress && (r.rows >= 10000 || listed_shown)) fmt::print(stderr, "\r\033[K");  // clear the progress line
  if (format == Format::json) {
    print_json(json::import_result(r));
    return;
  }
  print_import(ctx, r, label);
}

void run_show(Context& ctx, const std::string& id) {
  const Format format = ctx.format({Format::text, Format::json});
  const Contact c = ctx.service(Access::read_only).show_contact(id);
  if (format == Format::json) {
    print_json(json::contact(c));
  } else {
    fmt::print("{}", contact_text(c));
  }
}

// A mailing list: id, status, blocks, then every property name in order of first appearance.
void print_contacts_csv(Service& service, const ContactFilter& filter) {
  const std::vector<std::string> names = service.list_property_names(filter);
  std::vector<std::string> header{"id", "status", "blocks"};
  header.insert(header.end(), names.begin(), names.end());
  std::string out;
  append_csv_record(out, header);
  // Column of each name, found by hash instead of a search per name and contact.
  std::unordered_map<std::string_view, std::size_t> column;
  for (std::size_t i = 0; i < names.size(); ++i) column.emplace(names[i], 3 + i);
  // The fields point into the contact the store hands over (valid for this call): no copies.
  std::vector<std::string_view> row(header.size());
  std::string blocks;
  service.list_contacts(filter, [&](const Contact& c) {
    blocks = blocks_list(c);
    row[0] = c.id;
    row[1] = to_string(c.status);
    row[2] = blocks;
    for (std::size_t i = 3; i < row.size(); ++i) row[i] = {};
    for (const auto& [name, value] : c.properties) {
      // A name written after the header was read (another process) has no column: left out.
      if (auto it = column.find(name); it != column.end()) row[it->second] = value;
    }
    append_csv_record(out, row);
    if (out.size() > (1U << 16U)) {
      write_stdout(out);
      out.clear();
    }
  });
  write_stdout(out);
}

// The non-empty properties as `name=value; ...`, cut to 60 bytes for the table.
std::string properties_cell(const Contact& c) {
  std::string props;
  for (const auto& [name, value] : c.properties) {
    if (value.empty()) continue;
    if (!props.empty()) props += "; ";
    props += name;
    props += '=';
    props += value;
  }
  if (props.size() > 60) {
    std::size_t cut = 57;  // on a character boundary, so that no byte of a character is left over
    while (cut > 0 && (static_cast<unsigned char>(props[cut]) & 0xC0U) == 0x80U) --cut;
    props = props.substr(0, cut) + "...";
  }
  return props;
}

void run_list(Context& ctx, const ListOptions& o) {
  const Format format = ctx.format({Format::text, Format::json, Format::csv});
  ContactFilter filter;
  if (!o.status.empty()) filter.status = parse_contact_status(o.status, "--status");
  filter.mailable = o.mailable;
  filter.newsletter = o.newsletter;
  if (o.limit < 0) throw Error(ErrorKind::usage, tr("--limit must not be negative"));
  if (o.limit > 0) filter.limit = o.limit;
  Service& service = ctx.service(Access::read_only);
  if (format == Format::json) {
    JsonArrayStream out;
    service.list_contacts(filter, [&](const Contact& c) { out.add(json::contact(c)); });
    out.finish();
    return;
  }
  if (format == Format::csv) {
    print_contacts_csv(service, filter);
    return;
  }
  std::vector<std::vector<std::string>> rows;
  service.list_contacts(filter, [&](const Contact& c) {
    rows.push_back({c.id, std::string(to_string(c.status)), blocks_text(c), properties_cell(c)});
  });
  if (rows.empty()) {
    ctx.note(tr("No contacts match."));
    return;
  }
  print_table({tr("ID"), tr("STATUS"), tr("BLOCKS"), tr("PROPERTIES")}, rows);
}

void run_find(Context& ctx, const FindOptions& o) {
  const Format format = ctx.format({Format::text, Format::json});
  const FoundContacts found = ctx.service(Access::read_only).find_contacts(o.text, o.limit);
  if (found.too_short) {
    throw Error(ErrorKind::usage,
                trf("'{}' has no word of two letters or five digits and is no contact's id: give more of the "
                    "e-mail, the name or the id",
                    text::escape_for_terminal(o.text)));
  }
  if (found.more) {
    ctx.note(trf("More contacts match; the first {} are shown (--limit, or give more of the text).", o.limit));
  }
  if (found.too_broad) {
    ctx.note(tr("The words of the text begin words of very many contacts; not all were checked: give more of the text."));
  }
  if (format == Format::json) {
    JsonArrayStream out;
    for (const Contact& c : found.contacts) out.add(json::contact(c));
    out.finish();
    return;
  }
  if (found.contacts.empty()) {
    ctx.note(tr("No contacts match."));
    return;
  }
  std::vector<std::vector<std::string>> rows;
  rows.reserve(found.contacts.size());
  for (const Contact& c : found.contacts) {
    rows.push_back({c.id, std::string(to_string(c.status)), blocks_text(c), properties_cell(c)});
  }
  print_table({tr("ID"), tr("STATUS"), tr("BLOCKS"), tr("PROPERTIES")}, rows);
}

}  // namespace

void register_contact(CLI::App& app, Context& ctx) {
  auto* contact = app.add_subcommand("contact", tr("Add, import, show, find and list customer contacts"));
  contact->require_subcommand(1);

  auto add = std::make_shared<AddOptions>();
  auto* a = contact->add_subcommand("add", tr("Add a contact, or set properties of an existing one (others are kept)"));
  a->add_option("ID", add->id, tr("Contact id (at most 128 characters)"))->required();
  a->add_option("PROPERTIES", add->properties, tr("NAME=VALUE pairs, e.g. name='Max Müller' email=max@example.com"));
  a->add_flag("--readmit", add->readmit, tr("Allow re-adding an erased contact (same id or e-mail); audited"));
  a->callback([&ctx, add] { ctx.action = [&ctx, add] { run_add(ctx, *add); }; });

  auto imp = std::make_shared<ImportCliOptions>();
  auto* i = contact->add_subcommand(
      "import", tr("Import contacts from CSV or a HubSpot system (atomic: a malformed file imports nothing)"));
  i->add_option("FILE", imp->file, tr("CSV file with a header row, or - for stdin"));
  auto* from = i->add_option("--from", imp->from,
                             tr("A linked system of kind \"hubspot\": its contacts, the record id as contact id"))
                   ->option_text("SYSTEM");
  i->add_option("--properties", imp->properties,
                tr("With --from: the HubSpot properties to read, comma-separated, or * for all (default: "
                   "email,firstname,lastname)"))
      ->option_text("LIST")
      ->needs(from);
  i->add_option("--id-column", imp->id_column, tr("Header of the id column (default: the policy's import.id_column, id)"))
      ->option_text("NAME")
      ->excludes(from);
  i->add_option("--preset", imp->preset,
                tr("A shipped column map: hubspot (HubSpot's German and English exports, one set of properties)"))
      ->option_text("NAME")
      ->transform(CLI::IsMember({"hubspot"}, CLI::ignore_case))
      ->excludes(from);
  i->add_option("--delimiter", imp->delimiter, tr("auto (from the header), ',', ';' or tab"))->option_text("D")->excludes(from);
  i->add_flag("--dry-run", imp->dry_run, tr("Check and count, but save nothing"));
  i->add_flag("--readmit", imp->readmit, tr("Import rows of erased contacts instead of skipping them"));
  i->callback([&ctx, imp] { ctx.action = [&ctx, imp] { run_import(ctx, *imp); }; });

  auto show_id = std::make_shared<std::string>();
  auto* s = contact->add_subcommand("show", tr("Show one contact"));
  s->add_option("ID", *show_id, tr("Contact id"))->required();
  s->callback([&ctx, show_id] { ctx.action = [&ctx, show_id] { run_show(ctx, *show_id); }; });

  auto find = std::make_shared<FindOptions>();
  auto* f = contact->add_subcommand(
      "find", tr("Find contacts by id, e-mail or any property value, ignoring case and accents (where a word starts)"));
  f->add_option("TEXT", find->text, tr("What to look for, e.g. an e-mail address or a name"))->required();
  f->add_option("--limit", find->limit, tr("At most N contacts (default 20)"))->option_text("N");
  f->callback([&ctx, find] { ctx.action = [&ctx, find] { run_find(ctx, *find); }; });

  auto list = std::make_shared<ListOptions>();
  auto* l = contact->add_subcommand("list", tr("List contacts (--format csv gives a mailing list)"));
  l->add_option("--status", list->status, tr("active, on-hold or erased"))->option_text("S");
  auto* mailable = l->add_flag("--mailable", list->mailable, tr("Only contacts that may be mailed (active, no all-mail block)"));
  auto* newsletter = l->add_flag("--newsletter", list->newsletter, tr("Only contacts that may get newsletters"));
  mailable->excludes(newsletter);
  l->add_option("--limit", list->limit, tr("At most N contacts"))->option_text("N");
  l->callback([&ctx, list] { ctx.action = [&ctx, list] { run_list(ctx, *list); }; });
}

}  // namespace gdpr::cli
