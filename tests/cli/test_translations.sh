# po/de.po is complete: every message in the sources (extracted with xgettext, as `cmake --build
# . -t pot` does) has a German translation, none is fuzzy, and each keeps the {} placeholders.
source "$(dirname "$0")/common.sh"
cd "$GDPR_SOURCE_DIR"
xgettext --language=C++ --from-code=UTF-8 --keyword=tr --keyword=trf --keyword=tr_noop --keyword=trn:1,2 --keyword=tr_plural:1,2 \
  --no-wrap -o "$T/gdpr.pot" lib/gdpr/*.cpp lib/gdpr/*/*.cpp cli/*.cpp
msgcmp --use-untranslated "$GDPR_SOURCE_DIR/po/de.po" "$T/gdpr.pot" 2> "$T/err" || fail "po/de.po lacks messages: $(head -5 "$T/err")"
msgfmt --check --statistics -o /dev/null "$GDPR_SOURCE_DIR/po/de.po" 2> "$T/stats" || fail "msgfmt --check failed"
grep -q "untranslated\|fuzzy" "$T/stats" && fail "incomplete translation: $(cat "$T/stats")"
python3 - "$GDPR_SOURCE_DIR/po/de.po" <<'PY' || fail "placeholders differ"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
bad = 0
for block in text.split("\n\n"):
    ids = re.findall(r'^msgid(?:_plural)? ((?:".*"\n?)+)', block, re.M)
    strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
    if not ids or not strs:
        continue
    join = lambda b: "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', b))
    want = sorted(re.findall(r"\{[^}]*\}", join(ids[0])))
    for s in strs:
        got = sorted(re.findall(r"\{[^}]*\}", join(s)))
        if join(s) and got != want:
            print("placeholders differ:", join(ids[0]), "->", join(s)); bad += 1
sys.exit(1 if bad else 0)
PY
pass
