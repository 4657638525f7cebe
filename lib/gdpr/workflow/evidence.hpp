// The evidence (SPEC §5, §7): the customer master data sheet or the erasure record, the audit
// trail and its verification.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "gdpr/audit.hpp"
#include "gdpr/sheet.hpp"
#include "gdpr/store.hpp"
#include "gdpr/workflow/context.hpp"
#include "gdpr/workflow/letters.hpp"

namespace gdpr {

// Which sheet `print_sheet` prints: a contact's, or the one of a request's contact.
struct SheetTarget {
  std::optional<std::string> contact_id;
  std::optional<std::int64_t> request_id;
};

// Should empty properties appear on the sheet (besides sheet.show_empty)?
enum class ShowEmpty { no, yes };

}  // namespace gdpr

namespace gdpr::workflow {

class Evidence {
 public:
  explicit Evidence(const Context& context) : ctx_(context) {}

  // Builds the customer master data sheet, or the erasure record of an erased contact, and hands
  // it to `deliver` (which prints or writes it); `sheet.printed` is recorded (with `format`, no
  // property value) only if `deliver` returns without throwing.
  void print_sheet(const SheetTarget& target, ShowEmpty show_empty, std::string_view format,
                   const std::function<void(const SheetDocument&)>& deliver) const;
  // The letter for request `id` (rules::check_letter_kind), handed to `deliver`, with
  // `letter.issued` in the same write transaction.
  void write_letter(std::int64_t id, std::optional<LetterKind> kind, const LetterSink& deliver) const;
  // Audit events matching `filter`, oldest first.
  void audit(const AuditFilter& filter, const std::function<void(const AuditEvent&)>& visit) const;
  // Recomputes the whole chain, and checks that the stored policy is the one last recorded.
  [[nodiscard]] audit::VerifyResult verify_audit() const;

 private:
  [[nodiscard]] ErasureRecord erasure_record(const Contact& contact, std::optional<Request> request) const;
  [[nodiscard]] ContactSheet contact_sheet(const Contact& contact, const std::optional<Request>& request,
                                           ShowEmpty show_empty) const;
  // The rejection with a retention date that keeps a restricted contact, the latest one.
  [[nodiscard]] std::optional<Request> restricting_request(const std::string& contact_id) const;

  const Context& ctx_;
};

}  // namespace gdpr::workflow
