#include <memory>
#include <optional>

#include <fmt/format.h>

#include "commands.hpp"
#include "gdpr/files.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/letter.hpp"
#include "output.hpp"

namespace gdpr::cli {

namespace {

struct LetterOptions {
  std::int64_t rid = 0;
  std::string kind;
  std::string output;
};

void run_letter(Context& ctx, const LetterOptions& o) {
  ctx.format({Format::text, Format::markdown, Format::html});
  const LetterFormat format = parse_letter_format(ctx.global.format);
  const std::optional<LetterKind> kind =
      o.kind.empty() ? std::nullopt : std::optional<LetterKind>(parse_letter_kind(o.kind));
  const bool to_file = !o.output.empty() && o.output != "-";
  ctx.service().write_letter(o.rid, kind,
                             to_file ? letter_file(o.output, format)
                                     : LetterSink([format](const Letter& l) { write_stdout(render_letter(l, format)); }));
  if (to_file) ctx.note(trf("Wrote {} (mode 0600: it may hold personal data)", o.output));
}

}  // namespace

LetterSink letter_file(const std::string& path, LetterFormat format) {
  // A letter holds the person's name and address: readable by the owner only.
  return [path, format](const Letter& l) { files::write_file_exclusively(path, render_letter(l, format), 0600); };
}

LetterSink letter_file(const std::string& path) {
  return letter_file(path, path.ends_with(".md")                              ? LetterFormat::markdown
                           : path.ends_with(".html") || path.ends_with(".htm") ? LetterFormat::html
                                                                               : LetterFormat::text);
}

void register_letter(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<LetterOptions>();
  auto* cmd = app.add_subcommand("letter", tr("Write the letter the data subject is owed: the confirmation of the "
                                              "erasure, the refusal, or the extension notice"));
  cmd->add_option("RID", o->rid, tr("Request id"))->required();
  cmd->add_option("--kind", o->kind, tr("confirmation, refusal or extension (default: what the request's state calls for)"))
      ->option_text("KIND");
  cmd->add_option("-o,--output", o->output, tr("Write to FILE (mode 0600) instead of stdout"))->option_text("FILE");
  cmd->footer(tr("Formats (--format): text (80 columns, for lp), markdown, html (A4 with print CSS).\n"
                 "The letter is in the configured language; every letter is recorded as letter.issued."));
  cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { run_letter(ctx, *o); }; });
}

}  // namespace gdpr::cli
