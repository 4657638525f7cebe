# German: with LANG/LC_MESSAGES de_* (the de_DE.UTF-8 locale that scripts/run.sh generates) or
# `language = "de"` in the config, messages, help and the sheet are German; `language = "en"`
# wins over a German locale. JSON and CSV field names and exit codes never change.
source "$(dirname "$0")/common.sh"
locale -a | grep -qi '^de_DE\.utf-\?8$' || fail "the de_DE.UTF-8 locale is not installed (scripts/run.sh installs it)"
with_request c-1

export LANG=de_DE.UTF-8
expect_exit 4 --as alice approve 1 --yes
expect_stderr "gdpr: Fehler: Vier-Augen-Prinzip: 'alice' hat Antrag 1 gestellt und darf ihn nicht freigeben"
expect_exit 2 --as bob approve 1
expect_stderr "mit --yes bestätigen"
expect_exit 2 --as alice request c-1 --reason kurz --clarified
expect_stderr "Begründung ist zu kurz: 4 Zeichen, mindestens 10 nötig (reason.min_length)"
expect_exit 0 review
expect_stdout "FÄLLIG"
expect_stdout "noch "
expect_exit 0 --as bob print-sheet c-1
expect_stdout "Kundendatenstammblatt"
expect_stdout "Begründung:"
expect_stdout "Abgelegt von: ____"
expect_exit 0 --as bob print-sheet c-1 --format html
expect_stdout '<html lang="de">'
expect_exit 0 --help
expect_stdout "Befehle für Antragsteller:"
expect_stdout "Aufruf: gdpr [OPTIONEN] BEFEHL"
expect_exit 0 approve --help
expect_stdout "Einen Antrag als Prüfer freigeben"
LC_MESSAGES=de_AT.UTF-8 LANG=C expect_exit 5 contact show nobody
expect_stderr "Kontakt 'nobody' nicht gefunden"

# language in the config, also under the C locale that cron uses
export LANG=C
write_config 'language = "de"'
expect_exit 5 contact show nobody
expect_stderr "Kontakt 'nobody' nicht gefunden"
LANG=de_DE.UTF-8 write_config 'language = "en"'
LANG=de_DE.UTF-8 expect_exit 5 contact show nobody
expect_stderr "contact 'nobody' not found"

# field names and exit codes are the same in both languages
write_config
for lang in C de_DE.UTF-8; do
  LANG=$lang expect_exit 0 review 1 --format json
  python3 -c 'import json,sys; print(sorted(json.load(open(sys.argv[1]))))' "$T/out" > "$T/keys.$lang"
  LANG=$lang expect_exit 0 contact list --format csv
  head -1 "$T/out" > "$T/csv.$lang"
done
cmp -s "$T/keys.C" "$T/keys.de_DE.UTF-8" || fail "JSON field names differ between languages"
cmp -s "$T/csv.C" "$T/csv.de_DE.UTF-8" || fail "CSV header differs between languages"
pass
