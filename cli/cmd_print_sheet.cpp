#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/error.hpp"
#include "gdpr/files.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/sheet.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

struct SheetOptions {
  std::string id;
  std::int64_t request = 0;
  bool has_request = false;
  bool show_empty = false;
  std::string output;
};

void run_print_sheet(Context& ctx, const SheetOptions& o) {
  if (o.id.empty() == !o.has_request) {
    throw Error(ErrorKind::usage, tr("name a contact (gdpr print-sheet ID) or a request (gdpr print-sheet --request RID)"));
  }
  ctx.format({Format::text, Format::markdown, Format::html, Format::json});
  const SheetFormat format = parse_sheet_format(ctx.global.format);
  SheetTarget target;
  if (o.has_request) {
    target.request_id = o.request;
  } else {
    target.contact_id = o.id;
  }
  ctx.service().print_sheet(target, o.show_empty ? ShowEmpty::yes : ShowEmpty::no, ctx.global.format,
                            [&](const SheetDocument& doc) {
                              const std::string text = render_sheet(doc, format);
                              if (o.output.empty() || o.output == "-") {
                                write_stdout(text);
                              } else {
                                // A sheet holds personal data: readable by the owner only.
                                files::write_file_exclusively(o.output, text, 0600);
                              }
                            });
  if (!o.output.empty() && o.output != "-") {
    ctx.note(trf("Wrote {} (mode 0600: it may hold personal data)", o.output));
  }
}

}  // namespace

void register_print_sheet(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<SheetOptions>();
  auto* cmd = app.add_subcommand(
      "print-sheet",
      tr("Print the customer master data sheet (Kundendatenstammblatt), or the erasure record of an erased contact"));
  cmd->add_option("ID", o->id, tr("Contact id"));
  auto* request = cmd->add_option("--request", o->request, tr("The sheet of this request's contact"))->option_text("RID");
  cmd->add_flag("--show-empty", o->show_empty, tr("Also list empty properties"));
  cmd->add_option("-o,--output", o->output, tr("Write to FILE (mode 0600) instead of stdout"))->option_text("FILE");
  cmd->footer(tr("Formats (--format): text (80 columns, for lp), markdown, html (one page with print CSS), json.\n"
              "Every print is recorded in the audit trail as sheet.printed."));
  cmd->callback([&ctx, o, request] {
    o->has_request = request->count() > 0;
    ctx.action = [&ctx, o] { run_print_sheet(ctx, *o); };
  });
}

}  // namespace gdpr::cli
