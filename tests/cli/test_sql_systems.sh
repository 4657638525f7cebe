# A linked system of kind "sqlite" (SPEC §11): the JET customer table held, released and erased by
# one statement per action with the values bound by SQLite (a contact id that is SQL stays a
# value); a statement that fails is a failed step (exit 7) naming the system and SQLite's code,
# with nothing of the contact in the trail, and `retry` finishes once the policy is fixed;
# policies that do not fit the kind are refused with file, line and key, and change nothing.
source "$(dirname "$0")/common.sh"
jet="$T/jet.db"
python3 - "$jet" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA journal_mode = WAL")
db.execute("CREATE TABLE kunden (kundennr TEXT PRIMARY KEY, aktiv INTEGER, name TEXT, mail TEXT)")
db.executemany("INSERT INTO kunden VALUES (?, 1, ?, ?)", [
    ("K-1", "Max Müller", "max.mueller@example.com"),
    ("K-2'; DROP TABLE kunden; --", "Erika Schön", "erika@example.com"),
    ("K-3", "Anna Weiß", "Anna.Weiss@Example.AT")])
db.commit()
PY
jet_rows() { python3 -c 'import sqlite3,sys; print(";".join(f"{r[0]}={r[1]}" for r in sqlite3.connect(sys.argv[1]).execute("SELECT kundennr, aktiv FROM kunden ORDER BY kundennr")))' "$jet"; }
# sql_system ERASE-STATEMENT: the configuration with the JET system
sql_system() {
  write_config "" "
[[systems]]
name = \"jet\"
kind = \"sqlite\"
database = \"$jet\"
hold = \"UPDATE kunden SET aktiv = 0 WHERE kundennr = :id\"
release = \"UPDATE kunden SET aktiv = 1 WHERE kundennr = :id\"
erase = \"$1\"
timeout_seconds = 10"
}
sql_system "DELETE FROM kunden WHERE kundennr = :id"
gdpr init > /dev/null
gdpr contact add K-1 "name=Max Müller" email=max.mueller@example.com > /dev/null
gdpr contact add "K-2'; DROP TABLE kunden; --" "name=Erika Schön" email=erika@example.com > /dev/null
gdpr contact add K-3 "name=Anna Weiß" email=anna.weiss@example.at > /dev/null
expect_exit 0 policy show --format json
expect_json '[(s["name"], s["kind"]) for s in d["systems"]] == [("jet", "sqlite")]'

# hold, release (a value that is SQL stays a value), erase
expect_exit 0 --as alice request K-1 --reason "Customer asked in writing" --clarified
expect_exit 0 --as alice request "K-2'; DROP TABLE kunden; --" --reason "Customer asked in writing" --clarified
[ "$(jet_rows)" = "K-1=0;K-2'; DROP TABLE kunden; --=0;K-3=1" ] || fail "hold: $(jet_rows)"
expect_exit 0 --as bob reject 2 --reason "Customer withdrew by phone"
[ "$(jet_rows)" = "K-1=0;K-2'; DROP TABLE kunden; --=1;K-3=1" ] || fail "release: $(jet_rows)"
expect_exit 0 --as bob approve 1 --yes
expect_stdout "erased here and in jet"
[ "$(jet_rows)" = "K-2'; DROP TABLE kunden; --=1;K-3=1" ] || fail "erase: $(jet_rows)"
for s in "Max Müller" "max.mueller@example.com"; do
  ! cat "$jet"* | grep -a -q -F -- "$s" || fail "'$s' is still in the JET file"
done

# a contact the system does not have: no row is done
gdpr contact add K-9 "name=Nur bei uns" > /dev/null
expect_exit 0 --as alice request K-9 --reason "Customer asked in writing" --clarified
expect_exit 0 --as bob approve 3 --yes
expect_stdout "erased here and in jet"

# a failing statement: exit 7 naming the system and SQLite's code, nothing of the contact in the
# trail; fixed by the admin, retry finishes
sql_system "DELETE FROM kundschaft WHERE kundennr = :id"
expect_exit 0 policy apply "$GDPR_CONFIG" --yes
expect_exit 0 --as alice request K-3 --reason "Customer asked in writing" --clarified
expect_exit 7 --as bob approve 4 --yes
expect_stderr "jet erase: failed with SQLITE_ERROR: no such table: kundschaft"
expect_exit 0 audit --action step.failed --format json
expect_json 'd[-1]["details"] == {"system": "jet", "action": "erase", "attempt": 1, "outcome": "failed with SQLITE_ERROR"}'
expect_exit 0 contact show K-3 --format json
expect_json 'd["status"] == "on-hold"'
sql_system "DELETE FROM kunden WHERE lower(mail) = :email"
expect_exit 0 policy apply "$GDPR_CONFIG" --yes
expect_exit 0 --as carol retry 4
expect_stdout "Request 4: erased"
[ "$(jet_rows)" = "K-2'; DROP TABLE kunden; --=1" ] || fail "erase by e-mail: $(jet_rows)"

# policies that do not fit the kind: refused with file, line and key; the policy stays
expect_exit 0 policy show --format json
cp "$T/out" "$T/policy.before"
for bad in 'kind = "sqlite"\nerase = "DELETE FROM k"' \
           'kind = "sqlite"\ndatabase = "jet.db"' \
           "kind = \"sqlite\"\ndatabase = \"$jet\"\nerase = \"DELETE FROM kunden WHERE kundennr = :kundennr\"" \
           "kind = \"sqlite\"\ndatabase = \"$jet\"\nerase = \"DELETE FROM kunden WHERE kundennr = ?\"" \
           "kind = \"postgresql\"\ndatabase = \"postgresql://jet:geheim@db/jet\"" \
           'kind = "hubspot"' \
           'database = "/srv/jet.db"\nerase = "true"'; do
  GDPR_CONFIG="$T/bad.toml" write_config "" "
[[systems]]
name = \"jet\"
$(printf '%b' "$bad")"
  expect_exit 9 policy apply "$T/bad.toml" --yes
  expect_stderr "bad.toml:"
  expect_stderr "systems.jet"
  ! grep -q geheim "$T/err" || fail "the password was echoed"
  expect_exit 0 policy show --format json
  cmp -s "$T/out" "$T/policy.before" || fail "a refused policy changed the stored one"
done
expect_exit 0 audit --verify
pass
