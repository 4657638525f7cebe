// The words people read for the values of the domain (SPEC §10: "every word in the configured
// language, statuses and states included"). The values themselves (`on-hold`, `pending`,
// `all-mail`) stay as they are in JSON, CSV, the database and the trail; text for people —
// sheets, letters, messages — shows these translations.
#pragma once

#include <string>

#include "gdpr/model.hpp"

namespace gdpr {

// "aktiv", "angehalten (Löschantrag offen)", "eingeschränkt (Art. 18 DSGVO)", "gelöscht".
[[nodiscard]] std::string label(ContactStatus status);
// "offen", "genehmigt", "gelöscht", "abgelehnt", "zurückgezogen".
[[nodiscard]] std::string label(RequestState state);
// "Newsletter", "alle Zusendungen".
[[nodiscard]] std::string label(BlockKind block);
// "sperren", "freigeben", "löschen".
[[nodiscard]] std::string label(StepAction action);
// "ausstehend", "läuft", "erledigt", "fehlgeschlagen".
[[nodiscard]] std::string label(StepState state);

// The contact's blocks as words, joined by ", " (`none` when there is none).
[[nodiscard]] std::string blocks_label(const Contact& contact, const std::string& none);

}  // namespace gdpr
