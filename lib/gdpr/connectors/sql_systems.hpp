// Linked systems of kind "sqlite" and "postgresql" (SPEC §11): the step's statement run on the
// system's database, the values bound by the engine's own library (SQLite directly, PostgreSQL
// through libpq, loaded only then); an empty value (a contact without e-mail) is bound as NULL,
// which equals nothing. A statement that touches no row succeeds (the contact is not there: held,
// released or erased already). An error is a failed step with the engine's code;
// nothing the database returns is kept.
#pragma once

#include <optional>
#include <string>

#include "gdpr/hooks.hpp"

namespace gdpr::connectors {

// A verify statement's answer (SPEC §13), from the first column of its first row (nullopt: no
// row): 0 is gone, another integer still there, anything else a failed step.
[[nodiscard]] HookOutcome probe_answer(const std::optional<std::string>& first);

// Runs `step.command` on the SQLite file `step.database` (which must exist) within
// `step.timeout_seconds` of waiting for its lock; an erase runs with secure_delete and cuts the
// file's write-ahead log afterwards, so the erased row's bytes do not stay in the file.
[[nodiscard]] HookOutcome run_sqlite_step(const HookInvocation& step);

// A linked PostgreSQL database's URI with libpq's connect timeout and gdpr's application name.
[[nodiscard]] std::string linked_uri(const std::string& uri, int seconds);

// Runs `step.command` on the PostgreSQL database `step.database` (a URI without a password; libpq
// finds it in ~/.pgpass), connecting and running within `step.timeout_seconds`.
[[nodiscard]] HookOutcome run_postgresql_step(const HookInvocation& step);

}  // namespace gdpr::connectors
