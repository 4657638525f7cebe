// `gdpr contact import --from SYSTEM` (SPEC §11): a linked system's contacts, page by page, into a
// private temporary CSV, then through the same import as a file.
#include <algorithm>
#include <cstdlib>
#include <fstream>

#include <fmt/format.h>

#include <unistd.h>

#include "gdpr/connectors/hubspot.hpp"
#include "gdpr/csv.hpp"
#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/workflow/contacts.hpp"

namespace gdpr::workflow {

namespace {

// A file only this process can reach: created 0600 in $TMPDIR (or /tmp) and unlinked at once, so
// the contacts read from a system leave no named file behind, whatever happens next.
std::fstream private_temporary_file() {
  const char* dir = std::getenv("TMPDIR");  // NOLINT(concurrency-mt-unsafe): read before any thread
  std::string path = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/gdpr-import-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) throw Error(ErrorKind::config, trf("cannot create a temporary file in {} for the import", path));
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary | std::ios::trunc);
  ::unlink(path.c_str());
  ::close(fd);
  if (!file) throw Error(ErrorKind::config, trf("cannot open the temporary file {} for the import", path));
  return file;
}

}  // namespace

ImportResult Contacts::import_from(const SystemImport& from, ImportOptions options) const {
  const auto it = std::ranges::find_if(ctx_.config.systems, [&](const SystemConfig& s) { return s.name == from.system; });
  if (it == ctx_.config.systems.end() || it->kind != SystemKind::hubspot) {
    std::string names;
    for (const auto& s : ctx_.config.systems) {
      if (s.kind == SystemKind::hubspot) names += (names.empty() ? "" : ", ") + s.name;
    }
    throw Error(ErrorKind::usage, trf("--from {}: the policy has no linked system of kind \"hubspot\" named so ({}); "
                                      "`gdpr policy show` lists them",
                                      from.system, names.empty() ? tr("it has none") : names));
  }
  const SystemConfig& system = *it;
  std::vector<std::string> properties = from.properties;
  if (properties.empty()) properties = {"email", "firstname", "lastname"};
  if (properties == std::vector<std::string>{"*"}) properties = connectors::hubspot_property_names(system);
  // The record id as a property too: the system's steps find the contact by it.
  if (!system.record_id_property.empty() && std::ranges::find(properties, system.record_id_property) == properties.end()) {
    properties.push_back(system.record_id_property);
  }
  std::fstream csv = private_temporary_file();
  std::string text;
  std::vector<std::string> row{"id"};
  row.insert(row.end(), properties.begin(), properties.end());
  append_csv_record(text, row, ',');
  std::int64_t listed = 0;
  connectors::list_hubspot_contacts(system, properties, [&](const std::vector<connectors::HubspotContact>& page) {
    for (const auto& c : page) {
      row.assign(1, c.id);
      for (const auto& name : properties) {
        auto value = std::ranges::find_if(c.properties, [&](const auto& p) { return p.first == name; });
        row.push_back(value == c.properties.end() ? std::string() : value->second);
      }
      append_csv_record(text, row, ',');
    }
    csv.write(text.data(), static_cast<std::streamsize>(text.size()));
    text.clear();
    listed += static_cast<std::int64_t>(page.size());
    if (from.listed) from.listed(listed);
  });
  if (!csv.flush()) throw Error(ErrorKind::config, tr("cannot write the temporary file of the import (disk full?)"));
  csv.seekg(0);
  options.id_column = "id";
  options.columns.clear();  // the API's names are HubSpot's own: no export titles to map
  options.delimiter = CsvDelimiter::comma;
  options.from_system = system.name;
  return import(csv, fmt::format("{} (HubSpot)", system.name), options);
}

}  // namespace gdpr::workflow
