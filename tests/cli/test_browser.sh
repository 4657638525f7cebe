# The HTML sheet and letters in a real browser (SPEC §10): headless Chromium prints them to PDF,
# poppler reads the pages back. Checked: the page count, the footer of every page (title, contact
# or request, "page N of M", in English and German), a heading never alone at the foot of a page,
# the signature blocks together, and that a page is not blank.
# With SHEET_SCREENSHOTS=DIR the first page of the sheet and the letter are written there as PNG
# (docs/img/ holds the ones the reviewer guide shows).
source "$(dirname "$0")/common.sh"
for tool in chromium pdfinfo pdftotext pdftoppm; do
  command -v "$tool" > /dev/null || fail "$tool is not installed: bash scripts/run.sh build installs it (Debian: chromium poppler-utils)"
done

# print_pdf HTML PDF: the browser's own print, without its header and footer (the page's @page rules print ours)
print_pdf() {
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --user-data-dir="$T/chromium" \
    --print-to-pdf="$2" "file://$1" > "$T/chromium.log" 2>&1 || { cat "$T/chromium.log" >&2; fail "chromium could not print $1"; }
  [ -s "$2" ] || fail "chromium wrote no PDF for $1"
}
pages() { pdfinfo "$1" | awk '/^Pages:/ { print $2 }'; }
page_text() { pdftotext -layout -f "$2" -l "$2" "$1" -; }
# every page N of M carries the footer "PREFIX N OF M"
expect_footers() {
  local pdf=$1 prefix=$2 page=$3 of=$4 n m
  m=$(pages "$pdf")
  for n in $(seq 1 "$m"); do
    page_text "$pdf" "$n" | grep -qF "$prefix $page $n $of $m" || { page_text "$pdf" "$n" >&2; fail "page $n of $pdf lacks the footer '$prefix $page $n $of $m'"; }
  done
}
# the page on which TEXT stands (the first one)
page_of() {
  local pdf=$1 text=$2 n
  for n in $(seq 1 "$(pages "$pdf")"); do
    page_text "$pdf" "$n" | grep -qF "$text" && { echo "$n"; return 0; }
  done
  fail "$text is on no page of $pdf"
}
# share of dark pixels on page 1, in per mille: 0 is a blank page
ink() {
  pdftoppm -gray -r 30 -f 1 -l 1 "$1" "$T/ink"
  python3 - "$T"/ink*.pgm <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
# binary PGM: P5 WIDTH HEIGHT MAXVAL, then one byte a pixel
head = data.split(maxsplit=4)
pixels = head[4][-int(head[1]) * int(head[2]):]
print(sum(1 for p in pixels if p < 128) * 1000 // len(pixels))
PY
  rm -f "$T"/ink*.pgm
}

gdpr init > /dev/null
props=()
for i in $(seq 1 70); do props+=("Feld $i=Wert $i"); done
gdpr contact add k-1 Vorname=Max "Nachname=Müller" "Straße=Am Markt 5" PLZ=1010 Ort=Wien email=max@example.com "${props[@]}" > /dev/null
gdpr --as alice request k-1 --reason "Kunde hat schriftlich um Löschung aller Daten gebeten" --clarified -q > /dev/null

# the sheet: three pages of properties and the request, each with its footer
expect_exit 0 --as bob print-sheet --request 1 --format html -o "$T/sheet.html"
print_pdf "$T/sheet.html" "$T/sheet.pdf"
[ "$(pages "$T/sheet.pdf")" -ge 2 ] || fail "70 properties fit on one page?"
expect_footers "$T/sheet.pdf" "Customer master data sheet k-1 ·" page of
[ "$(page_of "$T/sheet.pdf" "Deletion request")" = "$(page_of "$T/sheet.pdf" "Requested by")" ] ||
  fail "the heading 'Deletion request' stands alone at the foot of a page"
[ "$(page_of "$T/sheet.pdf" "Reviewed by")" = "$(page_of "$T/sheet.pdf" "Filed by")" ] || fail "the signature blocks are split"
[ "$(ink "$T/sheet.pdf")" -ge 5 ] || fail "page 1 of the sheet is blank"
LANG=de_DE.UTF-8 expect_exit 0 --as bob print-sheet --request 1 --format html -o "$T/blatt.html"
print_pdf "$T/blatt.html" "$T/blatt.pdf"
expect_footers "$T/blatt.pdf" "Kundendatenstammblatt k-1 ·" Seite von
[ "$(page_of "$T/blatt.pdf" "Geprüft von")" = "$(page_of "$T/blatt.pdf" "Abgelegt von")" ] || fail "the German signature blocks are split"

# the refusal letter: one page, addressed, its footer
expect_exit 0 --as bob reject 1 --reason "Offene Rechnung: Aufbewahrungspflicht nach § 132 BAO" --retain-until 2033-12-31
expect_exit 0 --as bob letter 1 --format html -o "$T/letter.html"
print_pdf "$T/letter.html" "$T/letter.pdf"
[ "$(pages "$T/letter.pdf")" = 1 ] || fail "the refusal letter takes $(pages "$T/letter.pdf") pages"
expect_footers "$T/letter.pdf" "Muster GmbH · request 1 ·" page of
page_text "$T/letter.pdf" 1 | grep -qF "Max Müller" || fail "the letter is not addressed"
page_text "$T/letter.pdf" 1 | grep -qF "Art. 77 GDPR" || fail "the letter lacks the right to complain"
[ "$(ink "$T/letter.pdf")" -ge 3 ] || fail "the letter is blank"
LANG=de_DE.UTF-8 expect_exit 0 --as bob letter 1 --format html -o "$T/brief.html"
print_pdf "$T/brief.html" "$T/brief.pdf"
expect_footers "$T/brief.pdf" "Muster GmbH · Antrag 1 ·" Seite von
page_text "$T/brief.pdf" 1 | grep -qF "Art. 77 DSGVO" || fail "the German letter lacks the right to complain"

if [ -n "${SHEET_SCREENSHOTS:-}" ]; then
  mkdir -p "$SHEET_SCREENSHOTS"
  pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$T/blatt.pdf" "$SHEET_SCREENSHOTS/sheet-de"
  pdftoppm -png -r 60 -f "$(pages "$T/blatt.pdf")" -l "$(pages "$T/blatt.pdf")" -singlefile "$T/blatt.pdf" "$SHEET_SCREENSHOTS/sheet-de-last"
  pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$T/brief.pdf" "$SHEET_SCREENSHOTS/letter-de"
fi
pass
